package outbox

import (
	"context"
	"time"
)

// errorLogInterval keeps an outage from writing the same error every poll.
const errorLogInterval = 5 * time.Minute

// Run delivers due messages every poll (and right after a local Enqueue) until ctx
// ends. Start one per instance; instances share the work safely (claim.go). A pass
// that is cut short by ctx records what it already sent.
//
// With no SMTP host configured Run only warns, once, and waits for ctx: messages are
// queued and stay pending until an instance with SMTP_HOST delivers them.
func (o *Outbox) Run(ctx context.Context, poll time.Duration) {
	if poll <= 0 {
		poll = 10 * time.Second
	}
	if o.cfg.Host == "" {
		o.warnNoHost.Do(func() {
			o.logger.Warn("outbox: mail is queued but not sent (SMTP_HOST unset)")
		})
		<-ctx.Done()
		return
	}
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	var problems passLog
	for {
		sent, full, err := o.deliverDue(ctx)
		if ctx.Err() != nil {
			return
		}
		problems.note(o, err)
		if sent > 0 {
			o.logger.Debug("outbox: pass done", "sent", sent)
		}
		if full && sent > 0 && err == nil {
			// More may be due already: go on without waiting for the ticker. Only after
			// progress, so a batch held entirely by other workers does not spin.
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-o.wake:
		}
	}
}

// passLog reports failing passes at most every errorLogInterval (or when the error
// changes), and once when passes succeed again.
type passLog struct {
	last     string
	loggedAt time.Time
}

func (p *passLog) note(o *Outbox, err error) {
	if err == nil {
		if p.last != "" {
			o.logger.Info("outbox: delivery works again")
			p.last = ""
		}
		return
	}
	msg := err.Error()
	if msg != p.last || time.Since(p.loggedAt) >= errorLogInterval {
		o.logger.Error("outbox: delivery pass failed; messages stay pending", "error", msg)
		p.last, p.loggedAt = msg, time.Now()
	}
}
