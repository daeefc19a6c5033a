package badges

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Arrived returns the registrations checked in at the event itself (not only at a
// workshop), for messages to those who came or did not, and the thank-you mail. An
// empty set means check-in was not used.
func (s *Service) Arrived(ctx context.Context, eventID string) (map[string]bool, error) {
	cur, err := s.checkins.Find(ctx, checkinFilter(eventID, ""), options.Find().SetProjection(bson.D{{Key: "registration_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read check-ins: %w", err)
	}
	var docs []checkinDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read check-ins: %w", err)
	}
	out := make(map[string]bool, len(docs))
	for _, d := range docs {
		out[d.RegistrationID] = true
	}
	return out, nil
}
