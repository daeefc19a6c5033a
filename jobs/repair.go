// Package jobs is the work every instance does in the background, beside serving
// requests, and that belongs to no one domain: the repair pass of registrations and,
// on the embedded store, the _id lookup indexes. Every job is safe to run on several
// instances at the same moment (each step is an idempotent insert or delete).
package jobs

import (
	"context"
	"log/slog"
	"time"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/registration"
)

// Repairer is what the repair job needs of the registration service.
type Repairer interface {
	Repair(ctx context.Context, since time.Time) (registration.RepairReport, error)
}

// RepairConfig says how often the pass runs and how long documents are left alone
// (REPAIR_INTERVAL, REPAIR_GRACE).
type RepairConfig struct {
	Interval, Grace time.Duration
	// FirstAfter is how long after start the first pass runs.
	FirstAfter time.Duration
}

// slack widens each pass's window past the previous one, for clocks of instances
// that disagree a little and passes that take a while.
const slack = time.Minute

// RunRepair runs the repair pass until ctx ends: the first one over everything (a
// crash may have left work before this instance started), then each over what was
// written since the previous pass's window. On the embedded store, emb (else nil)
// also gets its _id lookup indexes on collections made since the start.
func RunRepair(ctx context.Context, regs Repairer, emb *datastore.Embedded, cfg RepairConfig, logger *slog.Logger) {
	if logger == nil {
		logger = slog.Default()
	}
	timer := time.NewTimer(cfg.FirstAfter)
	defer timer.Stop()
	var since time.Time // zero: everything
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		started := time.Now()
		if emb != nil {
			if err := emb.IndexAllIDs(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("embedded store: _id lookup indexes", "error", err)
			}
		}
		report, err := regs.Repair(ctx, since)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			// The next pass covers this window again.
			logger.Warn("repair pass incomplete", "error", err, "report", report)
		default:
			since = started.Add(-cfg.Grace - slack)
			if report != (registration.RepairReport{}) {
				logger.Info("repair pass", "keys_freed", report.KeysFreed, "tickets_released", report.TicketsReleased,
					"gaps_closed", report.GapsClosed, "completed", report.Completed, "events_filled", report.EventsFilled,
					"took", time.Since(started))
			}
		}
		timer.Reset(cfg.Interval)
	}
}
