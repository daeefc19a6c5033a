package outbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/metrics"
)

// The record functions write the outcome of an attempt onto the message. Only the
// holder of the attempt's claim calls them, so they are the only writer of that
// document at that time (claim.go). Logs carry id, kind, ref, attempt and the error,
// never the body or the SMTP password.

func (o *Outbox) recordSent(ctx context.Context, doc document, attempt int) {
	now := o.now()
	o.update(ctx, doc.ID, bson.D{
		{Key: "status", Value: StatusSent},
		{Key: "attempts", Value: attempt},
		{Key: "sent_at", Value: now},
	})
	o.logger.Info("outbox: sent", doc.logged("attempt", attempt)...)
	metrics.OutboxDeliveries.WithLabelValues("sent").Inc()
}

func (o *Outbox) recordFailure(ctx context.Context, doc document, attempt int, sendErr error) {
	reason := o.describe(sendErr, doc)
	if attempt >= MaxAttempts {
		o.update(ctx, doc.ID, bson.D{
			{Key: "status", Value: StatusFailed},
			{Key: "attempts", Value: attempt},
			{Key: "last_error", Value: reason},
		})
		o.logger.Error("outbox: giving up", doc.logged("attempt", attempt, "error", reason)...)
		metrics.OutboxDeliveries.WithLabelValues("failed").Inc()
		return
	}
	next := o.now().Add(backoff(attempt))
	o.update(ctx, doc.ID, bson.D{
		{Key: "attempts", Value: attempt},
		{Key: "last_error", Value: reason},
		{Key: "next_attempt_at", Value: next},
	})
	o.logger.Warn("outbox: attempt failed, will retry", doc.logged("attempt", attempt, "next_attempt_at", next, "error", reason)...)
	metrics.OutboxDeliveries.WithLabelValues("retry").Inc()
}

// recordUnreachable notes why the server could not be reached (for the organiser UI)
// without counting the attempt, then gives the claim back.
func (o *Outbox) recordUnreachable(ctx context.Context, doc document, attempt int, err error) {
	reason := o.describe(err, doc)
	o.update(ctx, doc.ID, bson.D{{Key: "last_error", Value: reason}})
	o.release(ctx, doc.ID, attempt)
	o.logger.Debug("outbox: server unreachable; attempt not counted", doc.logged("attempt", attempt, "error", reason)...)
}

// giveUpAfterTakeovers ends a message whose last allowed attempt was claimed by a
// worker that never reported back (claim.go, the crash case).
func (o *Outbox) giveUpAfterTakeovers(ctx context.Context, doc document, attempt int) {
	reason := fmt.Sprintf("attempt %d did not finish within %s (worker stopped?); giving up", attempt-1, lease)
	o.update(ctx, doc.ID, bson.D{
		{Key: "status", Value: StatusFailed},
		{Key: "attempts", Value: MaxAttempts},
		{Key: "last_error", Value: reason},
	})
	o.logger.Error("outbox: giving up", doc.logged("attempt", attempt-1, "error", reason)...)
	metrics.OutboxDeliveries.WithLabelValues("failed").Inc()
}

// update sets fields on one message, retrying briefly: losing the record of a sent
// message would let it be sent again after the lease.
func (o *Outbox) update(ctx context.Context, id string, set bson.D) {
	ctx, cancel := detached(ctx)
	defer cancel()
	var err error
	for try := range 3 {
		if try > 0 {
			time.Sleep(time.Duration(try) * 200 * time.Millisecond)
		}
		if _, err = o.messages.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err == nil {
			return
		}
	}
	o.logger.Error("outbox: could not record the outcome of an attempt", "id", id, "error", err)
}

// backoff is the wait after failed attempt k: 30s doubled per attempt, at most an
// hour, plus up to 10% jitter so messages that failed together spread out.
func backoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	return d + rand.N(d/10+1)
}

const maxErrorLen = 500

// describe turns a send error into text fit for the store and the log: without the
// password (should a server ever echo it), without the recipient's address, and short.
func (o *Outbox) describe(err error, doc document) string {
	s := err.Error()
	if o.cfg.Password != "" {
		s = strings.ReplaceAll(s, o.cfg.Password, "[password]")
	}
	if doc.ToAddr != "" {
		s = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(doc.ToAddr)).ReplaceAllString(s, "[recipient]")
	}
	if len(s) > maxErrorLen {
		s = strings.ToValidUTF8(s[:maxErrorLen], "") + "…"
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return s
}
