package registration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
)

// Promote fills free seats from the waiting lists, first come first served: event
// seats per participation mode, then workshop seats. It runs after every cancellation
// and can be run at any time (e.g. after an organiser adds seats, or by the repair
// pass). Two runs at once cannot seat anyone twice: seats are held by unique
// documents, and each promotion is a transition recorded once (transitions.go).
func (s *Service) Promote(ctx context.Context, eventID string) error {
	defer s.seats.forget(eventID)
	ev, err := s.events.Event(ctx, eventID)
	if err != nil {
		return err
	}
	if ev.Status != events.StatusPublished {
		return nil
	}
	sessions, err := s.events.Sessions(ctx, eventID)
	if err != nil {
		return err
	}
	for _, mode := range []events.Mode{events.ModeOnSite, events.ModeDigital} {
		if err := s.promoteEvent(ctx, ev, sessions, mode); err != nil {
			return err
		}
	}
	var workshops []events.Session
	for _, se := range sessions {
		if Bookable(se) {
			workshops = append(workshops, se)
		}
	}
	if len(workshops) == 0 {
		return nil
	}
	// One read for every workshop: on the embedded store any filter reads them all.
	confirmed, err := s.find(ctx, ev.ID, bson.D{}, StatusConfirmed)
	if err != nil {
		return err
	}
	for _, se := range workshops {
		if err := s.promoteWorkshop(ctx, ev, se, confirmed); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) promoteEvent(ctx context.Context, ev events.Event, sessions []events.Session, mode events.Mode) error {
	line, limit := eventLine(ev.ID, mode), capacity(ev, mode)
	// The mode is matched after the transitions: a switch (switch.go) may not have
	// reached the document yet.
	all, err := s.find(ctx, ev.ID, bson.D{}, StatusWaiting)
	if err != nil {
		return err
	}
	waiting := slices.DeleteFunc(all, func(r Registration) bool { return r.Mode != mode })
	sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].Ticket < waiting[j].Ticket })
	for _, r := range waiting {
		seated, _, err := s.lines.seated(ctx, line, r.Ticket, limit)
		if err != nil || !seated {
			return err // the line is in ticket order: nobody after this one is seated either
		}
		// Recorded first: from here on the registration is confirmed, whatever a
		// concurrent write of its document says, and finishing is idempotent.
		if _, err := s.record(ctx, transitionDoc{ID: promotionID(r.ID, r.Switches), EventID: ev.ID, RegistrationID: r.ID, Kind: kindPromoted, Seq: r.Switches}); err != nil {
			return err
		}
		if err := s.finishPromotion(ctx, ev, sessions, r); err != nil {
			return err
		}
	}
	return nil
}

// finishPromotion books the workshops of a promoted registration, writes its new
// status and tells the person; every step may be repeated.
func (s *Service) finishPromotion(ctx context.Context, ev events.Event, sessions []events.Session, r Registration) error {
	// Switched to the other mode meanwhile: the promoted ticket has been given up.
	if _, switched, err := s.transition(ctx, switchedID(r.ID, r.Switches+1)); err != nil || switched {
		return err
	}
	r.Status = StatusConfirmed
	if err := s.bookWorkshops(ctx, ev, sessions, &r, false, false); err != nil {
		return err
	}
	if err := s.set(ctx, r.ID, bson.D{{Key: "status", Value: StatusConfirmed}, {Key: "workshops", Value: r.Workshops}}); err != nil {
		return err
	}
	// Cancelled in the meantime: what was just booked goes back.
	if _, cancelled, err := s.transition(ctx, cancelledID(r.ID)); err != nil || cancelled {
		if cancelled {
			return s.finishCancel(ctx, r, false)
		}
		return err
	}
	if err := s.mailPromoted(ctx, ev, sessions, r); err != nil {
		return fmt.Errorf("queue promotion mail: %w", err)
	}
	s.notify(ctx, ev.OrgID, NotifyPromoted, r.ID+"|promoted:"+strconv.Itoa(r.Switches), r)
	return nil
}

func (s *Service) promoteWorkshop(ctx context.Context, ev events.Event, se events.Session, confirmed []Registration) error {
	var err error
	line := lineWorkshop(ev.ID, se.ID)
	for _, r := range confirmed {
		for _, w := range r.Workshops {
			if w.SessionID != se.ID || w.Status != StatusWaiting {
				continue
			}
			ticket := w.Ticket
			if ticket == 0 {
				// A confirmed registration waits for this workshop without a place in
				// its line: the booking of an earlier promotion was lost. Join now
				// (idempotent: an existing place is found again).
				if ticket, err = s.lines.join(ctx, line, r.ID, false); err != nil {
					return err
				}
			}
			seated, _, err := s.lines.seated(ctx, line, ticket, se.SeatLimit)
			if err != nil {
				return err
			}
			if !seated {
				if w.Ticket == 0 {
					if err := s.setChoice(ctx, r.ID, se.ID, StatusWaiting, ticket); err != nil {
						return err
					}
				}
				continue
			}
			id := workshopSeatID(r.ID, se.ID, ticket)
			if _, err := s.record(ctx, transitionDoc{ID: id, EventID: ev.ID, RegistrationID: r.ID, Kind: kindWorkshop, SessionID: se.ID, Ticket: ticket}); err != nil {
				return err
			}
			if err := s.setChoice(ctx, r.ID, se.ID, StatusConfirmed, ticket); err != nil {
				return err
			}
			if err := s.mailWorkshopPromoted(ctx, ev, r, se, id); err != nil {
				return fmt.Errorf("queue workshop mail: %w", err)
			}
		}
	}
	return nil
}

// setChoice writes one workshop choice of a registration, on the document as it is
// now (an edit may have changed the other choices).
func (s *Service) setChoice(ctx context.Context, regID, sessionID string, status Status, ticket int64) error {
	doc, err := s.document(ctx, regID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for i, w := range doc.Workshops {
		if w.SessionID == sessionID {
			doc.Workshops[i].Status, doc.Workshops[i].Ticket = status, ticket
			return s.set(ctx, regID, bson.D{{Key: "workshops", Value: doc.Workshops}})
		}
	}
	return nil // the choice was dropped meanwhile; its line was left by the edit
}
