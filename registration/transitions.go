package registration

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// Status changes that must happen once and stay done are documents that can exist
// only once, in registration_transitions (the store rule, README):
//
//   - "<registration>|cancelled": the registration is cancelled, for good;
//   - "<registration>|promoted": a waiting registration got its event seat
//     ("...|promoted:<n>" after its n-th mode switch);
//   - "<registration>|mode:<n>": its n-th switch of participation mode (switch.go);
//   - "<registration>|ws:<session>:<ticket>": the workshop choice holding that
//     ticket got its workshop seat.
//
// The registration document also carries its status, written with $set of only the
// fields that change, so lists read well and MongoDB queries can filter on it. But on
// the embedded store two updates of one document can lose each other (each writes the
// whole document back), so the document is not the truth: whatever a registration
// document says, it is read with its transitions laid over it (overlay), and a
// transition that was recorded is completed again by whoever finds it unfinished
// (finishCancel, finishPromotion, and the repair pass).

type transitionDoc struct {
	ID             string `bson:"_id"`
	EventID        string `bson:"event_id"`
	RegistrationID string `bson:"registration_id"`
	Kind           string `bson:"kind"` // cancelled, promoted or workshop
	SessionID      string `bson:"session_id,omitempty"`
	Ticket         int64  `bson:"ticket,omitempty"`
	By             string `bson:"by,omitempty"` // participant or organiser, for cancellations
	// Seq numbers a registration's mode switches (switch.go): a switch's own number,
	// or the switch whose ticket a promotion seated (0: the first ticket).
	Seq    int         `bson:"seq,omitempty"`
	Mode   events.Mode `bson:"mode,omitempty"`   // a switch's new mode
	Status Status      `bson:"status,omitempty"` // a switch's status in the new mode
	At     time.Time   `bson:"at"`
}

const (
	kindCancelled = "cancelled"
	kindPromoted  = "promoted"
	kindWorkshop  = "workshop"
)

func cancelledID(regID string) string { return regID + "|" + kindCancelled }
func promotedID(regID string) string  { return regID + "|" + kindPromoted }
func workshopSeatID(regID, sessionID string, ticket int64) string {
	return regID + "|ws:" + sessionID + ":" + strconv.FormatInt(ticket, 10)
}

// record inserts a transition and reports whether this call made it (false: it had
// happened already).
func (s *Service) record(ctx context.Context, t transitionDoc) (bool, error) {
	t.At = s.now().UTC()
	_, err := s.transitions.InsertOne(ctx, t)
	if datastore.IsDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("record %s: %w", t.Kind, err)
	}
	return true, nil
}

func (s *Service) transition(ctx context.Context, id string) (transitionDoc, bool, error) {
	var t transitionDoc
	err := s.transitions.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return transitionDoc{}, false, nil
	}
	if err != nil {
		return transitionDoc{}, false, fmt.Errorf("read transition: %w", err)
	}
	return t, true, nil
}

// marks are the recorded transitions of one registration.
type marks struct {
	cancelled *transitionDoc
	switched  *transitionDoc   // the latest mode switch
	promoted  map[int]bool     // switch number whose ticket was promoted (0: the first)
	seats     map[string]int64 // workshop session → the ticket that got its seat
}

func (m *marks) add(t transitionDoc) {
	switch t.Kind {
	case kindCancelled:
		m.cancelled = &t
	case kindPromoted:
		if m.promoted == nil {
			m.promoted = map[int]bool{}
		}
		m.promoted[t.Seq] = true
	case kindSwitched:
		if m.switched == nil || t.Seq > m.switched.Seq {
			m.switched = &t
		}
	case kindWorkshop:
		if m.seats == nil {
			m.seats = map[string]int64{}
		}
		m.seats[t.SessionID] = t.Ticket
	}
}

// apply lays the transitions over what the document says. It only moves forward:
// a cancellation beats everything, a promotion lifts a waiting registration.
func (m marks) apply(r *Registration) {
	if m.cancelled != nil {
		r.Status = StatusCancelled
		if r.CancelledAt.IsZero() {
			r.CancelledAt = m.cancelled.At
		}
		return
	}
	if sw := m.switched; sw != nil {
		// After a switch the status follows the transitions alone: a promotion's
		// write for an earlier ticket may have reached the document after the switch.
		if sw.Seq > r.Switches {
			r.Workshops = []WorkshopChoice{} // the document has not caught up: it held the old choices
		}
		r.Mode, r.Ticket, r.Switches, r.Status = sw.Mode, sw.Ticket, sw.Seq, sw.Status
	}
	if m.promoted[r.Switches] && r.Status == StatusWaiting {
		r.Status = StatusConfirmed
	}
	for i, w := range r.Workshops {
		if t, ok := m.seats[w.SessionID]; ok && w.Status != StatusConfirmed && (w.Ticket == t || w.Ticket == 0) {
			r.Workshops[i].Status, r.Workshops[i].Ticket = StatusConfirmed, t
		}
	}
}

// marksOf reads the transitions of one registration, by _id only (the embedded store
// finds documents quickly only by _id): the cancellation always, the promotion and
// workshop seats only where the document still says waiting.
func (s *Service) marksOf(ctx context.Context, r Registration) (marks, error) {
	var m marks
	ids := []string{cancelledID(r.ID)}
	if r.Switches > 0 {
		// The document's count may lag (a lost write); later switches are looked for
		// by the next numbers, and the promotion of the latest one.
		for seq := r.Switches; ; seq++ {
			t, ok, err := s.transition(ctx, switchedID(r.ID, seq))
			if err != nil {
				return marks{}, err
			}
			if !ok {
				break
			}
			m.add(t)
		}
		if m.switched != nil {
			ids = append(ids, promotionID(r.ID, m.switched.Seq))
		}
	} else if r.Status == StatusWaiting {
		ids = append(ids, promotedID(r.ID))
	}
	for _, w := range r.Workshops {
		if w.Status == StatusWaiting && w.Ticket > 0 {
			ids = append(ids, workshopSeatID(r.ID, w.SessionID, w.Ticket))
		}
	}
	for _, id := range ids {
		t, ok, err := s.transition(ctx, id)
		if err != nil {
			return marks{}, err
		}
		if ok {
			m.add(t)
		}
		if ok && t.Kind == kindCancelled {
			break // nothing else matters
		}
	}
	return m, nil
}

// eventMarks reads every transition of an event at once, for lists.
func (s *Service) eventMarks(ctx context.Context, eventID string) (map[string]*marks, error) {
	cur, err := s.transitions.Find(ctx, bson.D{{Key: "event_id", Value: eventID}})
	if err != nil {
		return nil, fmt.Errorf("list transitions: %w", err)
	}
	var all []transitionDoc
	if err := cur.All(ctx, &all); err != nil {
		return nil, fmt.Errorf("list transitions: %w", err)
	}
	return marksByRegistration(all), nil
}

// marksByRegistration groups transitions by their registration.
func marksByRegistration(all []transitionDoc) map[string]*marks {
	out := map[string]*marks{}
	for _, t := range all {
		m := out[t.RegistrationID]
		if m == nil {
			m = &marks{}
			out[t.RegistrationID] = m
		}
		m.add(t)
	}
	return out
}

// overlay applies an event's transitions to a list of its registrations.
func overlay(list []Registration, all map[string]*marks) {
	for i := range list {
		if m := all[list[i].ID]; m != nil {
			m.apply(&list[i])
		}
	}
}
