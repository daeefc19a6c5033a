package followup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// A year's report would read every registration of the year: on the embedded store,
// any read but by _id decodes the whole collection (12,000 registrations take seconds).
// So an event's figures are written once, when the event is long enough over that
// nothing about it changes any more (settleAfter after its end), as one document
// "<event>|<version>" in followup_event_summaries; later reports read them by _id.
// Inserting a summary twice is harmless (the second insert fails, the figures are
// the same). Events still open, and those without a summary, are counted from their
// registrations, all of them in one read.

// settleAfter is how long after its end an event's figures are kept as they are.
const settleAfter = 7 * 24 * time.Hour

// summaryVersion names the figures' shape; a new shape gets new documents.
const summaryVersion = "v2"

// SummariesCollection holds the summaries of events long over.
const SummariesCollection = "followup_event_summaries"

type summaryDoc struct {
	ID       string       `bson:"_id"`
	EventID  string       `bson:"event_id"`
	Figures  eventFigures `bson:"figures"`
	Computed time.Time    `bson:"computed_at"`
}

func summaryID(eventID string) string { return eventID + "|" + summaryVersion }

// EnsureIndexes creates the summaries' collection with the embedded store's _id lookup index.
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return datastore.EnsureCollection(ctx, s.summaries)
}

// settled reports whether an event's figures no longer change.
func settled(ev events.Event, now time.Time) bool { return ev.End.Add(settleAfter).Before(now) }

// stored reads the summaries of the settled events among held; the others are missing.
func (s *Service) stored(ctx context.Context, held []events.Event, now time.Time) (map[string]eventFigures, error) {
	out := map[string]eventFigures{}
	for _, ev := range held {
		if !settled(ev, now) {
			continue
		}
		var d summaryDoc
		err := s.summaries.FindOne(ctx, bson.D{{Key: "_id", Value: summaryID(ev.ID)}}).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read summary: %w", err)
		}
		d.Figures.Row.Title, d.Figures.Row.Start = ev.Title, ev.Start // as the event reads now
		out[ev.ID] = d.Figures
	}
	return out, nil
}

// keep writes the figures of a settled event; a failure only costs a later report a recount.
func (s *Service) keep(ctx context.Context, ev events.Event, fig eventFigures, now time.Time) {
	_, err := s.summaries.InsertOne(ctx, summaryDoc{ID: summaryID(ev.ID), EventID: ev.ID, Figures: fig, Computed: now.UTC()})
	if err != nil && !datastore.IsDuplicate(err) {
		s.log.Warn("followup: summary not kept (the next report counts again)", "event", ev.ID, "error", err)
	}
}
