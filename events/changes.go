package events

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

// A change that matters to participants (the event is cancelled, or its time, place,
// participation mode or online link moved) is recorded as a document, so that the
// organiser can look at the notice before it goes and send it from another request:
// a Change, whose _id "<event>|<sequence>" names the version of the event after it.
// The record is written once (a second save of the same version finds it there).

// ChangesCollection holds the recorded changes.
const ChangesCollection = "event_changes"

// ChangeField is one thing participants are told has changed.
type ChangeField string

const (
	ChangedCancelled ChangeField = "cancelled"
	ChangedTime      ChangeField = "time"
	ChangedPlace     ChangeField = "place"
	ChangedMode      ChangeField = "mode"
	ChangedOnlineURL ChangeField = "online_url"
)

// Change is the event before and after a change participants should hear about.
type Change struct {
	ID        string        `bson:"_id" json:"id"` // "<event>|<sequence after>"
	EventID   string        `bson:"event_id" json:"event_id"`
	Fields    []ChangeField `bson:"fields" json:"fields"`
	Before    Event         `bson:"before" json:"before"`
	After     Event         `bson:"after" json:"after"`
	ChangedAt time.Time     `bson:"changed_at" json:"changed_at"`
	// NotifiedAt is when the participants were first told (MarkNotified); zero until then.
	NotifiedAt time.Time `bson:"notified_at,omitempty" json:"notified_at,omitzero"`
}

// Cancelled tells a cancellation from a change of details.
func (c Change) Cancelled() bool { return slices.Contains(c.Fields, ChangedCancelled) }

// ChangeID names the change that made version sequence of the event.
func ChangeID(eventID string, sequence int) string { return eventID + "|" + strconv.Itoa(sequence) }

// Changes lists what differs between two versions of an event that participants
// should be told: nothing for a draft (nobody could register), nothing for edits of
// texts, seats or target areas.
func Changes(before, after Event) []ChangeField {
	if before.Status == StatusDraft {
		return nil
	}
	if after.Status == StatusCancelled && before.Status != StatusCancelled {
		return []ChangeField{ChangedCancelled}
	}
	var out []ChangeField
	if !before.Start.Equal(after.Start) || !before.End.Equal(after.End) {
		out = append(out, ChangedTime)
	}
	if before.Venue != after.Venue && (before.Mode.HasOnSite() || after.Mode.HasOnSite()) {
		out = append(out, ChangedPlace)
	}
	if before.Mode != after.Mode {
		out = append(out, ChangedMode)
	}
	if before.OnlineURL != after.OnlineURL && (before.Mode.HasDigital() || after.Mode.HasDigital()) {
		out = append(out, ChangedOnlineURL)
	}
	return out
}

// RecordChange stores the change from before to after, if there is one participants
// should hear about; ok is false when there is none.
func (s *Store) RecordChange(ctx context.Context, before, after Event) (Change, bool, error) {
	fields := Changes(before, after)
	if len(fields) == 0 {
		return Change{}, false, nil
	}
	ch := Change{ID: ChangeID(after.ID, after.Sequence), EventID: after.ID, Fields: fields,
		Before: before.stored(), After: after.stored(), ChangedAt: s.now().UTC()}
	if _, err := s.changes.InsertOne(ctx, ch); err != nil && !datastore.IsDuplicate(err) {
		return Change{}, false, fmt.Errorf("record change: %w", err)
	}
	ch.Before, ch.After = ch.Before.local(), ch.After.local()
	return ch, true, nil
}

// Change reads a recorded change of the event.
func (s *Store) Change(ctx context.Context, eventID, id string) (Change, error) {
	var ch Change
	err := s.changes.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&ch)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && ch.EventID != eventID) {
		return Change{}, ErrNotFound
	}
	if err != nil {
		return Change{}, fmt.Errorf("find change %s: %w", id, err)
	}
	ch.Before, ch.After = ch.Before.local(), ch.After.local()
	return ch, nil
}

// MarkNotified records that the participants were told of the change, the first time
// only: the $set names the one field, and only where it is not set yet.
func (s *Store) MarkNotified(ctx context.Context, id string) error {
	_, err := s.changes.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "notified_at", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "notified_at", Value: s.now().UTC()}}}})
	if err != nil {
		return fmt.Errorf("mark change told: %w", err)
	}
	return nil
}

// Untold lists the recorded changes of the events that nobody has been told of yet,
// oldest first, with one read whatever the number of events.
func (s *Store) Untold(ctx context.Context, eventIDs []string) ([]Change, error) {
	if len(eventIDs) == 0 {
		return nil, nil
	}
	cur, err := s.changes.Find(ctx, bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: eventIDs}}},
		{Key: "notified_at", Value: bson.D{{Key: "$exists", Value: false}}}})
	if err != nil {
		return nil, fmt.Errorf("list untold changes: %w", err)
	}
	var out []Change
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list untold changes: %w", err)
	}
	for i := range out {
		out[i].Before, out[i].After = out[i].Before.local(), out[i].After.local()
	}
	slices.SortFunc(out, func(a, b Change) int { return a.ChangedAt.Compare(b.ChangedAt) })
	return out, nil
}
