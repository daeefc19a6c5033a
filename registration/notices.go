package registration

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
)

// Change notices: when an organiser cancels an event or moves its time, place,
// participation mode or online link (an events.Change), everyone who holds a seat or
// a waiting place is told, in their own language, with the event's calendar file as
// it now is (same UID, the new SEQUENCE; STATUS:CANCELLED for a cancellation) and
// their manage link. Each mail's id is "<registration>|change|<sequence>", so
// sending a notice again (a second click, a retry after a timeout) queues nothing
// twice.

// ChangeRecipients are the registrations a notice of the event's change goes to:
// confirmed and waiting, not cancelled.
func (s *Service) ChangeRecipients(ctx context.Context, eventID string) ([]Registration, error) {
	all, err := s.List(ctx, eventID, ListFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]Registration, 0, len(all))
	for _, r := range all {
		if r.Status == StatusConfirmed || r.Status == StatusWaiting {
			out = append(out, r)
		}
	}
	return out, nil
}

// NoticeRecipients are those among ChangeRecipients whom ch concerns: a new venue
// is news to those coming on site only, a new online link to those taking part
// online only; a cancellation, a new time or a change of participation to everyone.
func (s *Service) NoticeRecipients(ctx context.Context, ch events.Change) ([]Registration, error) {
	all, err := s.ChangeRecipients(ctx, ch.EventID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(r Registration) bool { return len(ChangesFor(ch, r)) == 0 }), nil
}

// ChangesFor are the fields of ch that concern r (see NoticeRecipients).
func ChangesFor(ch events.Change, r Registration) []events.ChangeField {
	var out []events.ChangeField
	for _, f := range ch.Fields {
		switch {
		case f == events.ChangedPlace && r.Mode == events.ModeDigital:
		case f == events.ChangedOnlineURL && r.Mode == events.ModeOnSite:
		default:
			out = append(out, f)
		}
	}
	return out
}

// ChangeMail is the notice one registration gets about ch, as it will be sent: it
// names only the changes that concern r.
func (s *Service) ChangeMail(ctx context.Context, ch events.Change, r Registration) (Mail, error) {
	kind := mails.EventChanged
	if ch.Cancelled() {
		kind = mails.EventCancelled
	}
	l, err := s.linkedLetter(ctx, kind, ch.After, s.arranger(ctx, ch.After), r)
	if err != nil {
		return Mail{}, err
	}
	l.Before, l.Changed = ch.Before, ChangesFor(ch, r)
	m := addressed(r.ID+"|change|"+strconv.Itoa(ch.After.Sequence), kind, r, l)
	m.Attach = []string{AttachCalendar}
	if ch.Cancelled() {
		m.Attach = []string{AttachCalendarCancel}
	}
	return m, nil
}

// NotifyChange queues the notice of ch to everyone it concerns and returns how many it
// queued for. It can be repeated: a mail already queued is not queued again.
func (s *Service) NotifyChange(ctx context.Context, ch events.Change) (int, error) {
	list, err := s.NoticeRecipients(ctx, ch)
	if err != nil {
		return 0, err
	}
	for i, r := range list {
		m, err := s.ChangeMail(ctx, ch, r)
		if err != nil {
			return i, err
		}
		if err := s.mailer.Send(ctx, m); err != nil {
			return i, fmt.Errorf("queue change notice: %w", err)
		}
	}
	return len(list), nil
}

// NotifyWorkshopChange tells those who chose a workshop (with its seat or waiting
// for it, and still registered) that it moved to another time or room, or, with
// after nil, that it was taken off the agenda. A change of anything else (its title,
// speakers, seats) tells nobody. It returns how many it queued for; each mail is
// queued once per registration and version of the workshop.
func (s *Service) NotifyWorkshopChange(ctx context.Context, ev events.Event, before events.Session, after *events.Session) (int, error) {
	if !Bookable(before) || ev.Status != events.StatusPublished {
		return 0, nil
	}
	kind, version := mails.WorkshopRemoved, "removed"
	if after != nil {
		if after.Start.Equal(before.Start) && after.End.Equal(before.End) && after.Room == before.Room {
			return 0, nil
		}
		kind, version = mails.WorkshopMoved, after.Start.UTC().Format("20060102T1504")+"-"+after.End.UTC().Format("1504")+"-"+after.Room
	}
	list, err := s.ChangeRecipients(ctx, ev.ID)
	if err != nil {
		return 0, err
	}
	org, n := s.arranger(ctx, ev), 0
	for _, r := range list {
		if !slices.ContainsFunc(r.Workshops, func(w WorkshopChoice) bool { return w.SessionID == before.ID }) {
			continue
		}
		l, err := s.linkedLetter(ctx, kind, ev, org, r)
		if err != nil {
			return n, err
		}
		l.Session, l.SessionBefore = before, before
		if after != nil {
			l.Session = *after
		}
		if err := s.mailer.Send(ctx, addressed(r.ID+"|ws|"+before.ID+"|"+version, kind, r, l)); err != nil {
			return n, fmt.Errorf("queue workshop notice: %w", err)
		}
		n++
	}
	return n, nil
}
