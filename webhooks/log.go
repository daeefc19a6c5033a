package webhooks

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Delivery is one notification to an endpoint with its attempts, for the log.
type Delivery struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	Status      Status     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	NextAttempt time.Time  `json:"next_attempt_at,omitzero"`
	Attempts    []Attempt  `json:"attempts"`
}

// Attempt is one try and what the endpoint answered.
type Attempt struct {
	N          int       `json:"n"`
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code,omitempty"`
	Error      string    `json:"error,omitempty"`
	Millis     int64     `json:"ms"`
}

// Log lists the endpoint's newest deliveries (at most limit) with their attempts.
func (s *Service) Log(ctx context.Context, endpointID string, limit int) ([]Delivery, error) {
	cur, err := s.deliveries.Find(ctx, bson.D{{Key: "endpoint_id", Value: endpointID}},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("webhooks: log: %w", err)
	}
	var docs []delivery
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("webhooks: log: %w", err)
	}
	out := []Delivery{}
	for _, d := range docs {
		item := Delivery{ID: d.ID, Kind: d.Kind, Status: d.Status, CreatedAt: d.CreatedAt, DeliveredAt: d.DeliveredAt, Attempts: []Attempt{}}
		if d.Status == StatusPending {
			item.NextAttempt = d.NextAttemptAt
		}
		for n := 1; n <= d.Attempts+1 && n <= MaxAttempts; n++ {
			var a attempt
			if err := s.attempts.FindOne(ctx, bson.D{{Key: "_id", Value: attemptID(d.ID, n)}}).Decode(&a); err != nil {
				break
			}
			if a.Done {
				item.Attempts = append(item.Attempts, Attempt{N: a.N, At: a.StartedAt, StatusCode: a.StatusCode, Error: a.Error, Millis: a.Millis})
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// DeleteBefore removes deliveries and attempts older than t (retention: bodies name
// participants).
func (s *Service) DeleteBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := s.deliveries.DeleteMany(ctx, bson.D{{Key: "created_at", Value: bson.D{{Key: "$lt", Value: t}}}})
	if err != nil {
		return 0, fmt.Errorf("webhooks: purge deliveries: %w", err)
	}
	if _, err := s.attempts.DeleteMany(ctx, bson.D{{Key: "started_at", Value: bson.D{{Key: "$lt", Value: t}}}}); err != nil {
		return 0, fmt.Errorf("webhooks: purge attempts: %w", err)
	}
	return int(res.DeletedCount), nil
}
