package registration

import (
	"context"
	"slices"

	"folkhalsa-events/events"
)

// Seat limits that an organiser changes. Raising one seats the waiting at once
// (Promote, with their mails); lowering one below the people who already hold a seat
// is refused, since nobody's seat is taken away silently: the organiser cancels
// registrations first, or keeps the limit.

// CheckSeatLimits refuses new event seat limits (0: no limit) below those confirmed
// now. It reads the registrations only when a limit goes down.
func (s *Service) CheckSeatLimits(ctx context.Context, ev events.Event, onSite, digital int) error {
	lower := func(was, is int) bool { return is > 0 && (was == 0 || is < was) }
	if !lower(ev.CapacityOnSite, onSite) && !lower(ev.CapacityDigital, digital) {
		return nil
	}
	counts, err := s.Count(ctx, ev)
	if err != nil {
		return err
	}
	var v events.ValidationError
	if onSite > 0 && counts.ConfirmedOnSite > onSite {
		v.Add("capacity_on_site", "reg.err.seats.below", counts.ConfirmedOnSite)
	}
	if digital > 0 && counts.ConfirmedDigital > digital {
		v.Add("capacity_digital", "reg.err.seats.below", counts.ConfirmedDigital)
	}
	return v.Err()
}

// CheckWorkshopLimit does the same for a workshop's seats.
func (s *Service) CheckWorkshopLimit(ctx context.Context, ev events.Event, se events.Session, limit int) error {
	if limit <= 0 || (se.SeatLimit > 0 && limit >= se.SeatLimit) {
		return nil
	}
	taken, err := s.WorkshopPeople(ctx, ev.ID, se.ID, true)
	if err != nil {
		return err
	}
	if taken > limit {
		var v events.ValidationError
		v.Add("seat_limit", "reg.err.seats.below", taken)
		return v.Err()
	}
	return nil
}

// WorkshopPeople counts those still registered who chose a workshop: with its seat
// only, or also those waiting for one.
func (s *Service) WorkshopPeople(ctx context.Context, eventID, sessionID string, seatedOnly bool) (int, error) {
	list, err := s.ChangeRecipients(ctx, eventID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range list {
		if slices.ContainsFunc(r.Workshops, func(w WorkshopChoice) bool {
			return w.SessionID == sessionID && (!seatedOnly || (w.Status == StatusConfirmed && r.Status == StatusConfirmed))
		}) {
			n++
		}
	}
	return n, nil
}

// SeatsRaised reports whether a change of limits may seat someone waiting.
func SeatsRaised(was, is int) bool { return was > 0 && (is == 0 || is > was) }
