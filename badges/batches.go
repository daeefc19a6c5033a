package badges

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Printed batches: which registrations already had their badge printed in a batch, so
// the organiser can print "only new" badges for late registrations. One document per
// event and registration, "<event>|<registration>", inserted once and never updated
// (the store rule): printing a badge again keeps the first time, and two organisers
// printing at the same moment cannot lose each other's records.

// printedDoc records that a registration's badge was printed in a batch.
type printedDoc struct {
	ID             string    `bson:"_id"` // "<event>|<registration>"
	EventID        string    `bson:"event_id"`
	RegistrationID string    `bson:"registration_id"`
	PrintedAt      time.Time `bson:"printed_at"`
}

func printedID(eventID, registrationID string) string { return eventID + "|" + registrationID }

// printed is the collection badge_printed, beside the service's other collections.
func (s *Service) printed() *mongo.Collection {
	return s.links.Database().Collection("badge_printed")
}

// eventRange selects the _ids "<event>|…" of one event: "|" is followed by "}" in
// byte order, so the range is exactly the event's prefix. On MongoDB the _id index
// serves it, so the collection needs no index of its own.
func eventRange(eventID string) bson.D {
	return bson.D{{Key: "_id", Value: bson.D{
		{Key: "$gt", Value: eventID + "|"},
		{Key: "$lt", Value: eventID + "}"},
	}}}
}

// RecordPrinted records that the badges of these registrations of the event were
// printed now. Registrations printed before keep their first time; recording is safe
// to repeat and to run concurrently.
func (s *Service) RecordPrinted(ctx context.Context, eventID string, registrationIDs []string) error {
	if len(registrationIDs) == 0 {
		return nil
	}
	at := s.stamp()
	docs := make([]any, 0, len(registrationIDs))
	seen := make(map[string]bool, len(registrationIDs))
	for _, id := range registrationIDs {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		docs = append(docs, printedDoc{ID: printedID(eventID, id), EventID: eventID, RegistrationID: id, PrintedAt: at})
	}
	_, err := s.printed().InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil && !onlyDuplicates(err) {
		return fmt.Errorf("record printed badges: %w", err)
	}
	s.log.Info("badges: batch printed", "event_id", eventID, "badges", len(docs))
	return nil
}

// onlyDuplicates reports whether every write error of a bulk insert is a duplicate
// key, i.e. the badge had been recorded before.
func onlyDuplicates(err error) bool {
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return false
	}
	for _, we := range bwe.WriteErrors {
		if we.Code != 11000 && we.Code != 11001 && we.Code != 12582 {
			return false
		}
	}
	return true
}

// Printed returns, for each registration of the event whose badge was printed in a
// batch, when it was first printed.
func (s *Service) Printed(ctx context.Context, eventID string) (map[string]time.Time, error) {
	cur, err := s.printed().Find(ctx, eventRange(eventID),
		options.Find().SetProjection(bson.D{{Key: "registration_id", Value: 1}, {Key: "printed_at", Value: 1}, {Key: "event_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read printed badges: %w", err)
	}
	var docs []printedDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read printed badges: %w", err)
	}
	out := make(map[string]time.Time, len(docs))
	for _, d := range docs {
		if d.EventID == eventID {
			out[d.RegistrationID] = d.PrintedAt
		}
	}
	return out, nil
}
