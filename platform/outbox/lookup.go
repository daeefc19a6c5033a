package outbox

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// maxLookup bounds one lookup; the organiser UI shows the newest messages first.
const maxLookup = 500

// MessageFilter selects messages; empty fields match everything.
type MessageFilter struct {
	To   string // the recipient's address, compared without case and display name
	Ref  string
	Kind string
}

// Stored is a queued message with its delivery state.
type Stored struct {
	ID string
	Message
	Status        Status
	Attempts      int    // attempts made so far (including the one that sent it)
	LastError     string // the latest failure, kept after a later success
	CreatedAt     time.Time
	NextAttemptAt time.Time // when a pending message is tried next
	SentAt        time.Time // zero until sent
}

// Messages returns the messages matching f, newest first, at most 500.
func (o *Outbox) Messages(ctx context.Context, f MessageFilter) ([]Stored, error) {
	filter := bson.D{}
	if to := strings.TrimSpace(f.To); to != "" {
		if addr, err := parseRecipient(to); err == nil {
			to = addr.Address
		}
		filter = append(filter, bson.E{Key: "to_addr", Value: strings.ToLower(to)})
	}
	if f.Ref != "" {
		filter = append(filter, bson.E{Key: "ref", Value: f.Ref})
	}
	if f.Kind != "" {
		filter = append(filter, bson.E{Key: "kind", Value: f.Kind})
	}
	opts := options.Find().
		SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}).
		SetLimit(maxLookup)
	cur, err := o.messages.Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("outbox: find messages: %w", err)
	}
	var docs []document
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("outbox: read messages: %w", err)
	}
	out := make([]Stored, 0, len(docs))
	for _, d := range docs {
		s := Stored{
			ID: d.ID, Message: d.message(), Status: d.Status, Attempts: d.Attempts, LastError: d.LastError,
			CreatedAt: d.CreatedAt, NextAttemptAt: d.NextAttemptAt,
		}
		if d.SentAt != nil {
			s.SentAt = *d.SentAt
		}
		out = append(out, s)
	}
	return out, nil
}

// States returns the delivery state of each message in ids that is in the outbox
// (one read, however many; for records of what was sent to many).
func (o *Outbox) States(ctx context.Context, ids []string) (map[string]Status, error) {
	out := make(map[string]Status, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cur, err := o.messages.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetProjection(bson.D{{Key: "status", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("outbox: find states: %w", err)
	}
	var docs []struct {
		ID     string `bson:"_id"`
		Status Status `bson:"status"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("outbox: read states: %w", err)
	}
	for _, d := range docs {
		out[d.ID] = d.Status
	}
	return out, nil
}

// queueCache keeps the queue length a short while: a scrape every few seconds must
// not count the collection each time.
type queueCache struct {
	mu   sync.Mutex
	at   time.Time
	n    float64
	okay bool
}

// QueueLength is the number of pending messages (for the metrics), read at most
// every 15 seconds; ok is false when the store did not answer.
func (o *Outbox) QueueLength() (n float64, ok bool) {
	o.queue.mu.Lock()
	defer o.queue.mu.Unlock()
	if time.Since(o.queue.at) < 15*time.Second {
		return o.queue.n, o.queue.okay
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	count, err := o.messages.CountDocuments(ctx, bson.D{{Key: "status", Value: StatusPending}})
	o.queue.at, o.queue.n, o.queue.okay = time.Now(), float64(count), err == nil
	return o.queue.n, o.queue.okay
}
