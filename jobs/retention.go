package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/privacy"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// Retention keeps the promise of the privacy page: personal data is kept RETENTION_DAYS
// after an event and then removed. Once a day every instance runs a purge pass (each
// step is idempotent, so instances running it at the same time do no harm):
//
//   - registrations of events that ended before the cutoff are anonymised
//     (registration.Service.Anonymise: names, e-mail, organisation, role, needs, manage
//     link go; what the follow-up statistics count stays);
//   - sent and failed e-mails queued before the cutoff are deleted with their claims;
//   - audit log entries recorded before the cutoff are deleted;
//   - municipality records lose their personal data (municipal/retention.go).

const (
	// retentionDelay is how long after start the first pass waits, so that it does not
	// compete with the start itself.
	retentionDelay = time.Minute
	// retentionInterval is the time between passes.
	retentionInterval = 24 * time.Hour
	// purgePage is how many events one ListEvents call returns.
	purgePage = 200
)

// RetentionCutoff is the moment before which personal data is no longer kept.
func RetentionCutoff(now time.Time, days int) time.Time {
	return now.AddDate(0, 0, -days)
}

// PurgeResult counts what a purge pass removed; it holds no personal data.
type PurgeResult struct {
	Events        int   // events that ended before the cutoff (looked at)
	Registrations int   // registrations anonymised now
	Messages      int64 // outbox messages deleted
	AuditEntries  int64 // audit log entries deleted
	Municipal     municipal.PurgeResult
	Webhooks      int // webhook deliveries deleted (their bodies name participants)
}

// Stores are what a purge pass works on; nil ones are skipped (but Events and
// Registrations are needed).
type Stores struct {
	Events        *events.Store
	Registrations *registration.Service
	Outbox        *outbox.Outbox
	Accounts      *accounts.Service
	Municipal     *municipal.Store
	Webhooks      *webhooks.Service
	Privacy       *privacy.Service
}

// Purge anonymises the registrations of every event (any status) that ended before
// cutoff, deletes outbox messages and audit entries older than cutoff and removes the
// municipality records' personal data older than it (municipal.Store.Purge). It
// carries on past a failing event and returns every error joined.
func Purge(ctx context.Context, st Stores, cutoff time.Time) (PurgeResult, error) {
	evs, regs, ob, audit := st.Events, st.Registrations, st.Outbox, st.Accounts
	var res PurgeResult
	var errs []error
	// An event that ended before the cutoff started before it; ListEvents filters on the
	// start, the end is checked here. Events are not changed here, so offsets are stable.
	for offset := 0; ; offset += purgePage {
		page, err := evs.ListEvents(ctx, events.EventFilter{To: cutoff, Limit: purgePage, Offset: offset})
		if err != nil {
			errs = append(errs, err)
			break
		}
		for _, ev := range page.Events {
			if !ev.End.Before(cutoff) {
				continue
			}
			res.Events++
			n, err := regs.Anonymise(ctx, ev.ID)
			res.Registrations += n
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(page.Events) < purgePage || ctx.Err() != nil {
			break
		}
	}
	if ob != nil {
		n, err := ob.DeleteSentBefore(ctx, cutoff)
		res.Messages = n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if audit != nil {
		n, err := audit.DeleteBefore(ctx, cutoff)
		res.AuditEntries = n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if st.Municipal != nil {
		m, err := st.Municipal.Purge(ctx, cutoff)
		res.Municipal = m
		if err != nil {
			errs = append(errs, err)
		}
	}
	if st.Privacy != nil {
		// Marks of exports expire after a day, whatever RETENTION_DAYS says.
		if _, err := st.Privacy.DeleteExportsBefore(ctx, time.Now().Add(-24*time.Hour)); err != nil {
			errs = append(errs, err)
		}
	}
	if st.Webhooks != nil {
		n, err := st.Webhooks.DeleteBefore(ctx, cutoff)
		res.Webhooks = n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}

// Retention is what a purge pass works on, and how long personal data is kept.
type Retention struct {
	Events        *events.Store
	Registrations *registration.Service
	Outbox        *outbox.Outbox
	Accounts      *accounts.Service
	Municipal     *municipal.Store
	Webhooks      *webhooks.Service
	Privacy       *privacy.Service
	Days          int              // RETENTION_DAYS
	Now           func() time.Time // nil: time.Now
	Logger        *slog.Logger
}

// PurgeNow runs one purge pass with the cutoff Days before now, and logs its counts.
func (r Retention) PurgeNow(ctx context.Context) (PurgeResult, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	logger := r.Logger
	if logger == nil {
		logger = slog.Default()
	}
	cutoff := RetentionCutoff(now(), r.Days)
	res, err := Purge(ctx, Stores{Events: r.Events, Registrations: r.Registrations, Outbox: r.Outbox, Accounts: r.Accounts, Municipal: r.Municipal, Webhooks: r.Webhooks, Privacy: r.Privacy}, cutoff)
	attrs := []any{"cutoff", cutoff.UTC(), "retention_days", r.Days, "events", res.Events,
		"registrations_anonymised", res.Registrations, "messages_deleted", res.Messages, "audit_entries_deleted", res.AuditEntries,
		"requests_anonymised", res.Municipal.Requests, "answers_anonymised", res.Municipal.Answers, "visits_anonymised", res.Municipal.Visits, "contacts_removed", res.Municipal.Contacts, "webhook_deliveries_deleted", res.Webhooks}
	if err != nil {
		logger.Error("retention: purge pass incomplete", append(attrs, "error", err)...)
	} else {
		logger.Info("retention: purge pass", attrs...)
	}
	return res, err
}

// Run runs a purge pass shortly after start and then every 24 hours, until ctx ends.
// main starts it next to the outbox worker and the repair job.
func (r Retention) Run(ctx context.Context) {
	r.run(ctx, retentionDelay, retentionInterval)
}

func (r Retention) run(ctx context.Context, delay, interval time.Duration) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		_, _ = r.PurgeNow(ctx)
		timer.Reset(interval)
	}
}
