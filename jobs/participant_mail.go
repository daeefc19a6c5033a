package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The participant-mail pass: reminders before events, thanks after them, and
// organisers' messages whose delivery an instance did not finish. Every instance
// runs it; the registration package makes each step once-only (reminders.go,
// thanks.go, messages.go), so passes at the same moment send nothing twice.

// EventLister is what the pass needs of the events store.
type EventLister interface {
	ListEvents(ctx context.Context, f events.EventFilter) (events.EventPage, error)
}

// ParticipantMailer is what the pass needs of the registration service.
type ParticipantMailer interface {
	SendReminders(ctx context.Context, ev events.Event, now time.Time) (int, error)
	SendThanks(ctx context.Context, ev events.Event, now time.Time) (int, error)
	ResumeMessages(ctx context.Context, before time.Time) (int, error)
}

// reminderHorizon bounds the events looked at: none reminds earlier than this.
const reminderHorizon = 61 * 24 * time.Hour

// resumeAfter: a message's delivery runs right after the request that sent it; the
// pass takes over only from those older than this (their instance went away).
const resumeAfter = 5 * time.Minute

// RemindersOnce queues the reminders due at now for every published event starting
// within the horizon, and returns how many it queued.
func RemindersOnce(ctx context.Context, evs EventLister, regs ParticipantMailer, now time.Time) (int, error) {
	f := events.EventFilter{Status: events.StatusPublished, From: now, To: now.Add(reminderHorizon)}
	return eachEvent(ctx, evs, f, func(ev events.Event) (int, error) { return regs.SendReminders(ctx, ev, now) })
}

// ThanksOnce queues the thanks due at now for every published event that ended
// recently enough, and returns how many it queued.
func ThanksOnce(ctx context.Context, evs EventLister, regs ParticipantMailer, now time.Time) (int, error) {
	// Events that ended in the window registration.ThanksDue allows.
	f := events.EventFilter{Status: events.StatusPublished, From: now.Add(-registration.ThanksAfter - registration.ThanksLatest), To: now.Add(-registration.ThanksAfter)}
	return eachEvent(ctx, evs, f, func(ev events.Event) (int, error) { return regs.SendThanks(ctx, ev, now) })
}

// ParticipantMailOnce is one whole pass; it returns how many mails it queued.
func ParticipantMailOnce(ctx context.Context, evs EventLister, regs ParticipantMailer, now time.Time) (int, error) {
	r, rerr := RemindersOnce(ctx, evs, regs, now)
	t, terr := ThanksOnce(ctx, evs, regs, now)
	m, merr := regs.ResumeMessages(ctx, now.Add(-resumeAfter))
	return r + t + m, errors.Join(rerr, terr, merr)
}

// eachEvent calls do for every event f finds, page by page, and adds up what it returns.
func eachEvent(ctx context.Context, evs EventLister, f events.EventFilter, do func(events.Event) (int, error)) (int, error) {
	total := 0
	f.Limit = 200
	for f.Offset = 0; ; {
		page, err := evs.ListEvents(ctx, f)
		if err != nil {
			return total, err
		}
		for _, ev := range page.Events {
			n, err := do(ev)
			total += n
			if err != nil {
				return total, err
			}
		}
		f.Offset += len(page.Events)
		if len(page.Events) == 0 || int64(f.Offset) >= page.Total {
			return total, nil
		}
	}
}

// RunParticipantMail runs ParticipantMailOnce every interval until ctx ends.
func RunParticipantMail(ctx context.Context, evs EventLister, regs ParticipantMailer, interval time.Duration, logger *slog.Logger) {
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
		n, err := ParticipantMailOnce(ctx, evs, regs, time.Now())
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			logger.Warn("participant mail: pass failed; the next one tries again", "queued", n, "error", err)
		case n > 0:
			logger.Info("participant mail: queued", "count", n)
		}
	}
}
