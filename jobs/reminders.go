package jobs

import (
	"context"
	"log/slog"
	"time"

	"folkhalsa-events/events"
)

// EventLister is what the reminder job needs of the events store.
type EventLister interface {
	ListEvents(ctx context.Context, f events.EventFilter) (events.EventPage, error)
}

// Reminder is what the reminder job needs of the registration service.
type Reminder interface {
	SendReminders(ctx context.Context, ev events.Event, now time.Time) (int, error)
}

// reminderHorizon bounds the events looked at: none reminds earlier than this.
const reminderHorizon = 61 * 24 * time.Hour

// RemindersOnce queues the reminders due at now for every published event starting
// within the horizon, and returns how many it queued.
func RemindersOnce(ctx context.Context, evs EventLister, regs Reminder, now time.Time) (int, error) {
	total := 0
	for offset := 0; ; {
		page, err := evs.ListEvents(ctx, events.EventFilter{Status: events.StatusPublished, From: now, To: now.Add(reminderHorizon), Limit: 200, Offset: offset})
		if err != nil {
			return total, err
		}
		for _, ev := range page.Events {
			n, err := regs.SendReminders(ctx, ev, now)
			total += n
			if err != nil {
				return total, err
			}
		}
		offset += len(page.Events)
		if len(page.Events) == 0 || int64(offset) >= page.Total {
			return total, nil
		}
	}
}

// RunReminders runs RemindersOnce every interval until ctx ends. Several instances
// may run it at once (registration/reminders.go says why that sends nothing twice).
func RunReminders(ctx context.Context, evs EventLister, regs Reminder, interval time.Duration, logger *slog.Logger) {
	if logger == nil {
		logger = slog.Default()
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		n, err := RemindersOnce(ctx, evs, regs, time.Now())
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			logger.Warn("reminders: pass failed; the next one tries again", "queued", n, "error", err)
		case n > 0:
			logger.Info("reminders: queued", "count", n)
		}
	}
}
