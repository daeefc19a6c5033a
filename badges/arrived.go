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

// ArrivedIn is Arrived for several events in one read: event → registrations checked in.
// An event without an entry did not use check-in.
func (s *Service) ArrivedIn(ctx context.Context, eventIDs []string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	if len(eventIDs) == 0 {
		return out, nil
	}
	q := bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: eventIDs}}}, {Key: "scope", Value: ScopeEvent}}
	cur, err := s.checkins.Find(ctx, q, options.Find().SetProjection(bson.D{{Key: "event_id", Value: 1}, {Key: "registration_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read check-ins: %w", err)
	}
	var docs []checkinDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read check-ins: %w", err)
	}
	for _, d := range docs {
		if out[d.EventID] == nil {
			out[d.EventID] = map[string]bool{}
		}
		out[d.EventID][d.RegistrationID] = true
	}
	return out, nil
}
