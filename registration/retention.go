package registration

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Retention. RETENTION_DAYS after an event has ended, its registrations lose everything
// that names or describes a person: names, e-mail address (and the e-mail keys
// in registration_keys, emailkeys.go), organisation name, role, dietary and
// accessibility needs, invitation code and the manage link (its hash is cleared, so
// the link stops working). What the organiser's follow-up counts stays: municipality,
// county, kind of organisation, the gender answer, participation mode, status,
// category, workshop choices and the times of registration and cancellation.
// Count therefore gives the same numbers before and after.

// Anonymise removes the personal data from every registration of the event that still
// has it and returns how many it changed. It is idempotent: anonymised registrations
// are skipped. Each registration is changed by _id alone (the embedded store finds
// documents quickly only by _id). The event's e-mail keys go last, found by event_id,
// so a run that fails half way leaves them for the next run to find again.
func (s *Service) Anonymise(ctx context.Context, eventID string) (int, error) {
	q := bson.D{
		{Key: "event_id", Value: eventID},
		{Key: "anonymised_at", Value: bson.D{{Key: "$exists", Value: false}}},
	}
	cur, err := s.regs.Find(ctx, q, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("anonymise: list registrations: %w", err)
	}
	var todo []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &todo); err != nil {
		return 0, fmt.Errorf("anonymise: list registrations: %w", err)
	}
	now := s.now().UTC()
	done := 0
	for _, r := range todo {
		if err := s.anonymiseOne(ctx, r.ID, now); err != nil {
			return done, err
		}
		done++
	}
	// Every key of the event, also of tries that never became registrations (refused
	// when full, settled retries). The event has ended, so no try is under way and
	// the order of the generations no longer matters.
	return done, s.dropEventKeys(ctx, eventID)
}

// anonymiseOne removes the personal data of one registration and its manage links.
func (s *Service) anonymiseOne(ctx context.Context, id string, now time.Time) error {
	update := bson.D{
		{Key: "$set", Value: bson.D{
			{Key: "first_name", Value: ""},
			{Key: "last_name", Value: ""},
			{Key: "email", Value: ""},
			{Key: "organisation", Value: ""},
			{Key: "manage_hash", Value: ""},
			{Key: "anonymised_at", Value: now},
			{Key: "updated_at", Value: now},
		}},
		{Key: "$unset", Value: bson.D{
			{Key: "role", Value: ""},
			{Key: "diet", Value: ""},
			{Key: "accessibility", Value: ""},
			{Key: "invitation", Value: ""},
			{Key: "answers", Value: ""}, // free text may say anything about the person
		}},
	}
	if _, err := s.regs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update); err != nil {
		return fmt.Errorf("anonymise %s: %w", id, err)
	}
	if err := s.deleteLinks(ctx, id); err != nil {
		return fmt.Errorf("anonymise %s: manage links: %w", id, err)
	}
	return nil
}

// dropEventKeys deletes every e-mail key left for an event, each by _id.
func (s *Service) dropEventKeys(ctx context.Context, eventID string) error {
	cur, err := s.keys.Find(ctx, bson.D{{Key: "event_id", Value: eventID}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("anonymise: list e-mail keys: %w", err)
	}
	var keys []keyDoc
	if err := cur.All(ctx, &keys); err != nil {
		return fmt.Errorf("anonymise: list e-mail keys: %w", err)
	}
	for _, k := range keys {
		if _, err := s.keys.DeleteOne(ctx, bson.D{{Key: "_id", Value: k.ID}}); err != nil {
			return fmt.Errorf("anonymise: delete e-mail key: %w", err)
		}
	}
	return nil
}
