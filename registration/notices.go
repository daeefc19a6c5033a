package registration

import (
	"context"
	"fmt"
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

// ChangeMail is the notice one registration gets about ch, as it will be sent.
func (s *Service) ChangeMail(ctx context.Context, ch events.Change, r Registration) (Mail, error) {
	token, err := s.currentToken(ctx, r)
	if err != nil {
		return Mail{}, err
	}
	kind := mails.EventChanged
	if ch.Cancelled() {
		kind = mails.EventCancelled
	}
	l := letter(kind, ch.After, s.arranger(ctx, ch.After), r)
	l.Before, l.Changed, l.ManageURL = ch.Before, ch.Fields, s.ManageURL(r, token)
	m := addressed(r.ID+"|change|"+strconv.Itoa(ch.After.Sequence), kind, r, l)
	m.Attach = []string{AttachCalendar}
	return m, nil
}

// NotifyChange queues the notice of ch to every recipient and returns how many it
// queued for. It can be repeated: a mail already queued is not queued again.
func (s *Service) NotifyChange(ctx context.Context, ch events.Change) (int, error) {
	list, err := s.ChangeRecipients(ctx, ch.EventID)
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
