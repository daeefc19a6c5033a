package registration

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// ByToken returns the registration a manage link points to. A wrong token and an
// unknown id look the same to the caller.
func (s *Service) ByToken(ctx context.Context, id, token string) (Registration, error) {
	r, err := s.Registration(ctx, id)
	if err != nil {
		return Registration{}, ErrNotFound
	}
	if subtle.ConstantTimeCompare([]byte(hashToken(token)), []byte(r.ManageHash)) != 1 {
		return Registration{}, ErrNotFound
	}
	return r, nil
}

// ManageURL is the participant's secret link.
func (s *Service) ManageURL(r Registration, token string) string {
	return s.baseURL + "/manage/" + r.ID + "/" + token
}

// Update changes a participant's details and workshop choices through the manage link.
// The e-mail address stays (it is the registration's identity for the event); new
// workshops are booked subject to seats, dropped ones are freed for the waiting list.
func (s *Service) Update(ctx context.Context, id, token string, in Input) (Registration, error) {
	r, err := s.ByToken(ctx, id, token)
	if err != nil {
		return Registration{}, err
	}
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
	in.Email, in.PrivacyOK = r.Email, true
	if ev.Mode == events.ModeHybrid {
		in.Mode = string(r.Mode) // changing mode would mean changing seat pools: cancel and register again
	}
	d, err := in.validate(ev, sessions)
	if err != nil {
		return Registration{}, err
	}
	r.FirstName, r.LastName, r.Organisation, r.OrgType = d.first, d.last, d.organisation, d.orgType
	r.Municipality, r.County, r.Role = d.municipality, d.county, d.role
	r.Diet, r.Accessibility, r.Gender, r.ListConsent = d.diet, d.accessibility, d.gender, d.listConsent
	r.WaitlistOK = in.WaitlistOK

	var freed []string
	kept := []WorkshopChoice{}
	for _, w := range r.Workshops {
		if slices.Contains(d.workshops, w.SessionID) {
			kept = append(kept, w)
			continue
		}
		if err := s.lines.leave(ctx, lineWorkshop(r.EventID, w.SessionID), r.ID); err != nil {
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
		if err := s.bookWorkshops(ctx, ev, sessions, &r, !r.WaitlistOK); err != nil {
			// Give back what this attempt booked; the earlier choices stay as they were.
			for _, w := range r.Workshops {
				if !slices.ContainsFunc(before, func(b WorkshopChoice) bool { return b.SessionID == w.SessionID && b.Ticket > 0 }) {
					_ = s.lines.leave(ctx, lineWorkshop(r.EventID, w.SessionID), r.ID)
				}
			}
			return Registration{}, err
		}
	}
	if err := s.save(ctx, r); err != nil {
		return Registration{}, err
	}
	if len(freed) > 0 {
		if err := s.Promote(ctx, r.EventID); err != nil {
			s.log.Error("promote after workshop change", "event", r.EventID, "error", err)
		}
	}
	return r, nil
}

// Cancel cancels through the manage link.
func (s *Service) Cancel(ctx context.Context, id, token string) (Registration, error) {
	r, err := s.ByToken(ctx, id, token)
	if err != nil {
		return Registration{}, err
	}
	return s.cancel(ctx, r, true)
}

// CancelByOrganiser cancels on the organiser's behalf (the participant is told).
func (s *Service) CancelByOrganiser(ctx context.Context, id string) (Registration, error) {
	r, err := s.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	return s.cancel(ctx, r, true)
}

// cancel frees the seats and the e-mail address, then fills freed seats from the waiting list.
func (s *Service) cancel(ctx context.Context, r Registration, notify bool) (Registration, error) {
	if r.Status == StatusCancelled {
		return r, nil
	}
	if err := s.releaseAll(ctx, r); err != nil {
		return Registration{}, err
	}
	r.Status = StatusCancelled
	r.CancelledAt = s.now().UTC()
	if err := s.save(ctx, r); err != nil {
		return Registration{}, err
	}
	if err := s.freeEmail(ctx, r); err != nil {
		return Registration{}, err
	}
	if notify && r.Email != "" { // anonymised registrations have no address left
		if ev, err := s.events.Event(ctx, r.EventID); err == nil {
			s.mailCancelled(ctx, ev, r)
		}
	}
	if err := s.Promote(ctx, r.EventID); err != nil {
		s.log.Error("promote after cancellation", "event", r.EventID, "error", err)
	}
	return r, nil
}

// ResendManageLink mails a fresh manage link to the address if it has an active
// registration for the event. It says nothing about whether it had: callers answer
// the same either way, so the form reveals nothing about who is registered.
func (s *Service) ResendManageLink(ctx context.Context, eventID, email string) error {
	var key keyDoc
	err := s.keys.FindOne(ctx, bson.D{{Key: "_id", Value: emailKey(eventID, NormaliseEmail(email))}}).Decode(&key)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find e-mail key: %w", err)
	}
	r, err := s.Registration(ctx, key.RegistrationID)
	if err != nil {
		return err
	}
	ev, err := s.events.Event(ctx, eventID)
	if err != nil {
		return err
	}
	// Only the hash is stored, so the old link cannot be re-sent: a new one replaces it.
	token := datastore.NewToken()
	r.ManageHash = hashToken(token)
	if err := s.save(ctx, r); err != nil {
		return err
	}
	s.mailManageLink(ctx, ev, r, token)
	return nil
}
