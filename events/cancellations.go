package events

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
)

// Cancelling an event is final, and participants are told about it, so it must not be
// undone by an edit that read the event a moment before and writes it back (the
// embedded store loses one of two concurrent updates of a document, whatever fields
// they set). A cancellation is therefore a document in event_cancellations whose _id
// is the event's: inserting it can happen once, and an event is cancelled when it
// exists, whatever its own status field says. Reads lay it over the event; the status
// field is set too, and set again wherever a read finds it stale.

// CancellationsCollection holds one document per cancelled event.
const CancellationsCollection = "event_cancellations"

type cancellationDoc struct {
	ID          string    `bson:"_id"` // the event's id
	CancelledAt time.Time `bson:"cancelled_at"`
}

// recordCancellation inserts the event's cancellation; false when it existed already.
func (s *Store) recordCancellation(ctx context.Context, id string) (bool, error) {
	_, err := s.cancellations.InsertOne(ctx, cancellationDoc{ID: id, CancelledAt: s.now().UTC()})
	if datastore.IsDuplicate(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cancel event %s: %w", id, err)
	}
	return true, nil
}

// withCancellations lays the cancellations over evs (in place), healing any event
// document whose status a concurrent edit wrote back.
func (s *Store) withCancellations(ctx context.Context, evs []Event) error {
	var ids []string
	for _, ev := range evs {
		if ev.Status != StatusCancelled {
			ids = append(ids, ev.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	q := bson.D{{Key: "_id", Value: ids[0]}}
	if len(ids) > 1 {
		q = bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}
	}
	cur, err := s.cancellations.Find(ctx, q)
	if err != nil {
		return fmt.Errorf("read cancellations: %w", err)
	}
	var found []cancellationDoc
	if err := cur.All(ctx, &found); err != nil {
		return fmt.Errorf("read cancellations: %w", err)
	}
	cancelled := map[string]bool{}
	for _, c := range found {
		cancelled[c.ID] = true
	}
	for i := range evs {
		if cancelled[evs[i].ID] {
			evs[i].Status = StatusCancelled
			s.healCancelled(ctx, evs[i].ID)
		}
	}
	return nil
}

// healCancelled sets the status field of a cancelled event again. It is best effort:
// the cancellation document decides, and the next read tries again.
func (s *Store) healCancelled(ctx context.Context, id string) {
	_, _ = s.events.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: StatusCancelled}}}})
}
