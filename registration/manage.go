package registration

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/metrics"
)

// Update changes a participant's details and workshop choices through the manage link.
// The e-mail address stays (it is the registration's identity for the event); new
// workshops are booked subject to seats, dropped ones are freed for the waiting list.
// Only the fields of the form are written, never the status: a cancellation at the
// same moment stays a cancellation (transitions.go).
func (s *Service) Update(ctx context.Context, id, token string, in Input) (Registration, error) {
	r, err := s.ByToken(ctx, id, token)
	if err != nil {
		return Registration{}, err
	}
	return s.edit(ctx, r, in, false)
}

// EditByOrganiser changes a registration on the organiser's behalf: the details,
// workshops (moving someone from one to another: a full one puts them on its waiting
// list) and answers. The person's own choices stay theirs: the gender they gave (or
// did not), whether they are on the participant list, the e-mail address. The
// category is set with SetCategory.
func (s *Service) EditByOrganiser(ctx context.Context, id string, in Input) (Registration, error) {
	r, err := s.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	return s.edit(ctx, r, in, true)
}

func (s *Service) edit(ctx context.Context, r Registration, in Input, byOrganiser bool) (Registration, error) {
	if r.Status == StatusCancelled {
		return Registration{}, ErrCancelled
	}
	ev, err := s.events.Event(ctx, r.EventID)
	if err != nil {
		return Registration{}, err
	}
	sessions, err := s.events.Sessions(ctx, r.EventID)
	if err != nil {
		return Registration{}, err
	}
	in.Email, in.PrivacyOK, in.byOrganiser = r.Email, true, byOrganiser
	if r.Email == "" {
		in.Email = "nobody@example.invalid" // an addition without an address keeps none
	}
	if byOrganiser {
		in.Gender, in.ListConsent, in.WaitlistOK = string(r.Gender), r.ListConsent, r.WaitlistOK
	}
	in.Mode = string(r.Mode) // a change of mode changes seat pools: SwitchMode
	d, err := in.validate(ev, sessions)
	if err != nil {
		return Registration{}, err
	}
	r.FirstName, r.LastName, r.Organisation, r.OrgType = d.first, d.last, d.organisation, d.orgType
	r.Municipality, r.County, r.Role = d.municipality, d.county, d.role
	r.Diet, r.Accessibility, r.Answers = d.diet, d.accessibility, d.answers
	fields := bson.D{
		{Key: "first_name", Value: r.FirstName}, {Key: "last_name", Value: r.LastName},
		{Key: "organisation", Value: r.Organisation}, {Key: "org_type", Value: r.OrgType},
		{Key: "municipality", Value: r.Municipality}, {Key: "county", Value: r.County}, {Key: "role", Value: r.Role},
		{Key: "diet", Value: r.Diet}, {Key: "accessibility", Value: r.Accessibility}, {Key: "answers", Value: r.Answers},
	}
	if !byOrganiser {
		r.Gender, r.ListConsent, r.WaitlistOK = d.gender, d.listConsent, in.WaitlistOK
		fields = append(fields, bson.E{Key: "gender", Value: r.Gender}, bson.E{Key: "list_consent", Value: r.ListConsent},
			bson.E{Key: "waitlist_ok", Value: r.WaitlistOK})
	}

	var freed []string
	kept := []WorkshopChoice{}
	for _, w := range r.Workshops {
		if slices.Contains(d.workshops, w.SessionID) {
			kept = append(kept, w)
			continue
		}
		if err := s.lines.leave(ctx, lineWorkshop(r.EventID, w.SessionID), r.ID, w.Ticket); err != nil {
			return Registration{}, err
		}
		freed = append(freed, w.SessionID)
	}
	for _, id := range d.workshops {
		if !slices.ContainsFunc(kept, func(w WorkshopChoice) bool { return w.SessionID == id }) {
			kept = append(kept, WorkshopChoice{SessionID: id, Status: StatusWaiting})
		}
	}
	r.Workshops = kept
	if r.Status == StatusConfirmed {
		before := slices.Clone(r.Workshops)
		// The participant who did not accept waiting lists is refused a full workshop;
		// the organiser's move puts the person on its waiting list.
		if err := s.bookWorkshops(ctx, ev, sessions, &r, !r.WaitlistOK && !byOrganiser, false); err != nil {
			// Give back what this attempt booked; the earlier choices stay as they were.
			for _, w := range r.Workshops {
				if !slices.ContainsFunc(before, func(b WorkshopChoice) bool { return b.SessionID == w.SessionID && b.Ticket > 0 }) {
					_ = s.lines.leave(ctx, lineWorkshop(r.EventID, w.SessionID), r.ID, w.Ticket)
				}
			}
			return Registration{}, err
		}
	}
	if err := s.set(ctx, r.ID, append(fields, bson.E{Key: "workshops", Value: r.Workshops})); err != nil {
		return Registration{}, err
	}
	// Cancelled while this edit was under way: the workshops it booked go back too.
	if _, cancelled, err := s.transition(ctx, cancelledID(r.ID)); err != nil || cancelled {
		if cancelled {
			err = errors.Join(s.finishCancel(ctx, r, false), ErrCancelled)
		}
		return Registration{}, err
	}
	if len(freed) > 0 {
		if err := s.Promote(ctx, r.EventID); err != nil {
			s.log.Error("promote after workshop change", "event", r.EventID, "error", err)
		}
	}
	s.notify(ctx, ev.OrgID, NotifyChanged, "", r)
	return r, nil
}

// Cancel cancels through the manage link.
func (s *Service) Cancel(ctx context.Context, id, token string) (Registration, error) {
	r, err := s.ByToken(ctx, id, token)
	if err != nil {
		return Registration{}, err
	}
	return s.cancel(ctx, r, "participant")
}

// CancelByOrganiser cancels on the organiser's behalf (the participant is told).
func (s *Service) CancelByOrganiser(ctx context.Context, id string) (Registration, error) {
	r, err := s.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	return s.cancel(ctx, r, "organiser")
}

// cancel records the cancellation, which can happen once and cannot be undone, then
// completes it: seats and e-mail address freed, the participant told, freed seats
// filled from the waiting list. A cancellation whose completion failed (the store
// went away half way) is completed by the next attempt, or by the repair pass.
func (s *Service) cancel(ctx context.Context, r Registration, by string) (Registration, error) {
	if r.Status == StatusCancelled {
		t, _, err := s.transition(ctx, cancelledID(r.ID))
		if err != nil {
			return Registration{}, err
		}
		// A retry shortly after a cancellation that may not have finished.
		if !t.At.IsZero() && s.now().Sub(t.At) < s.grace {
			if err := s.finishCancel(ctx, r, true); err != nil {
				return Registration{}, err
			}
		}
		return r, nil
	}
	if _, err := s.record(ctx, transitionDoc{ID: cancelledID(r.ID), EventID: r.EventID, RegistrationID: r.ID, Kind: kindCancelled, By: by}); err != nil {
		return Registration{}, err
	}
	metricsCancelled()
	r.Status, r.CancelledAt = StatusCancelled, s.now().UTC()
	if err := s.finishCancel(ctx, r, true); err != nil {
		return Registration{}, err
	}
	s.notify(ctx, "", NotifyCancelled, r.ID+"|cancelled", r)
	if err := s.Promote(ctx, r.EventID); err != nil {
		s.log.Error("promote after cancellation", "event", r.EventID, "error", err)
	}
	return r, nil
}

func metricsCancelled() { metrics.Registrations.WithLabelValues("cancelled").Inc() }

// finishCancel completes a recorded cancellation; every step may be repeated. The
// registration is read again, so that workshops an edit booked at the same moment
// are released too.
func (s *Service) finishCancel(ctx context.Context, r Registration, mail bool) error {
	defer s.seats.forget(r.EventID)
	doc, err := s.document(ctx, r.ID)
	if err != nil {
		return err
	}
	if doc.Status != StatusCancelled {
		at := r.CancelledAt
		if at.IsZero() {
			at = s.now().UTC()
		}
		if err := s.set(ctx, r.ID, bson.D{{Key: "status", Value: StatusCancelled}, {Key: "cancelled_at", Value: at}}); err != nil {
			return err
		}
	}
	if err := errors.Join(s.releaseAll(ctx, doc), s.releaseAll(ctx, r)); err != nil {
		return err
	}
	if mail && doc.Email != "" { // anonymised registrations have no address left
		ev, err := s.events.Event(ctx, r.EventID)
		if err != nil {
			return err
		}
		if err := s.mailCancelled(ctx, ev, doc); err != nil {
			return fmt.Errorf("queue cancellation mail: %w", err)
		}
	}
	return nil
}

// ResendManageLink mails a fresh manage link to the address if it has an active
// registration for the event. It says nothing about whether it had: callers answer
// the same either way, so the form reveals nothing about who is registered.
func (s *Service) ResendManageLink(ctx context.Context, eventID, email string) error {
	id, err := s.holder(ctx, eventID, NormaliseEmail(email))
	if err != nil || id == "" {
		return err
	}
	r, err := s.Registration(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && r.Status == StatusCancelled) {
		return nil // a key whose registration never came to be, or a cancellation under way
	}
	if err != nil {
		return err
	}
	ev, err := s.events.Event(ctx, eventID)
	if err != nil {
		return err
	}
	token, err := s.newLink(ctx, r.ID)
	if err != nil {
		return err
	}
	return s.mailManageLink(ctx, ev, r, token)
}
