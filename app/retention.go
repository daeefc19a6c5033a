package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"folkhalsa-events/app/auth"
	"folkhalsa-events/config"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// Retention keeps the promise of the privacy page: personal data is kept RETENTION_DAYS
// after an event and then removed. Once a day every instance runs a purge pass (each
// step is idempotent, so instances running it at the same time do no harm):
//
//   - registrations of events that ended before the cutoff are anonymised
//     (registration.Service.Anonymise: names, e-mail, organisation, role, needs, manage
//     link go; what the follow-up statistics count stays);
//   - sent and failed e-mails queued before the cutoff are deleted with their claims;
//   - audit log entries recorded before the cutoff are deleted.

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
}

// Purge anonymises the registrations of every event (any status) that ended before
// cutoff and deletes outbox messages and audit entries older than cutoff. It carries
// on past a failing event and returns every error joined.
func Purge(ctx context.Context, evs *events.Store, regs *registration.Service, ob *outbox.Outbox, audit *auth.Service, cutoff time.Time) (PurgeResult, error) {
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
	return res, errors.Join(errs...)
}

// PurgeNow runs one purge pass with the cutoff RETENTION_DAYS before deps' now, and
// logs its counts.
func PurgeNow(ctx context.Context, deps Deps, cfg config.Config, logger *slog.Logger) (PurgeResult, error) {
	now := time.Now
	if deps.Now != nil {
		now = deps.Now
	}
	cutoff := RetentionCutoff(now(), cfg.RetentionDays)
	res, err := Purge(ctx, deps.Events, deps.Registrations, deps.Outbox, deps.Auth, cutoff)
	attrs := []any{"cutoff", cutoff.UTC(), "retention_days", cfg.RetentionDays, "events", res.Events,
		"registrations_anonymised", res.Registrations, "messages_deleted", res.Messages, "audit_entries_deleted", res.AuditEntries}
	if err != nil {
		logger.Error("retention: purge pass incomplete", append(attrs, "error", err)...)
	} else {
		logger.Info("retention: purge pass", attrs...)
	}
	return res, err
}

// RunRetention runs a purge pass shortly after start and then every 24 hours, until
// ctx ends. main starts it next to the outbox worker.
func RunRetention(ctx context.Context, deps Deps, cfg config.Config, logger *slog.Logger) {
	runRetention(ctx, deps, cfg, logger, retentionDelay, retentionInterval)
}

func runRetention(ctx context.Context, deps Deps, cfg config.Config, logger *slog.Logger, delay, interval time.Duration) {
	if logger == nil {
		logger = slog.Default()
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		_, _ = PurgeNow(ctx, deps, cfg, logger)
		timer.Reset(interval)
	}
}
