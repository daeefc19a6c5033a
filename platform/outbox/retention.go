package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// DeleteSentBefore deletes messages that are done (sent, failed or dropped) and were queued
// before t, and claims made before t; it returns how many messages it deleted.
// Messages keep their bodies, which name participants, so they must not outlive the
// retention period. Pending messages stay: the worker still owns them. A claim older
// than t is long past its lease, so deleting one of a message still pending at most
// lets the next attempt reuse its number.
func (o *Outbox) DeleteSentBefore(ctx context.Context, t time.Time) (int64, error) {
	t = t.UTC()
	res, err := o.messages.DeleteMany(ctx, bson.D{
		{Key: "status", Value: bson.D{{Key: "$in", Value: []Status{StatusSent, StatusFailed, StatusDropped}}}},
		{Key: "created_at", Value: bson.D{{Key: "$lt", Value: t}}},
	})
	if err != nil {
		return 0, fmt.Errorf("outbox: delete old messages: %w", err)
	}
	if _, err := o.claims.DeleteMany(ctx, bson.D{{Key: "claimed_at", Value: bson.D{{Key: "$lt", Value: t}}}}); err != nil {
		return res.DeletedCount, fmt.Errorf("outbox: delete old claims: %w", err)
	}
	return res.DeletedCount, nil
}

// Forget deletes every message to the address about one of refs (a registration,
// an event), sent or not, with its claims: a person's data erased on request must
// not stay in the mail log. It returns how many went.
func (o *Outbox) Forget(ctx context.Context, toAddr string, refs []string) (int, error) {
	addr := strings.ToLower(strings.TrimSpace(toAddr))
	if addr == "" || len(refs) == 0 {
		return 0, nil
	}
	cur, err := o.messages.Find(ctx, bson.D{{Key: "to_addr", Value: addr}, {Key: "ref", Value: bson.D{{Key: "$in", Value: refs}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("outbox: forget: %w", err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return 0, fmt.Errorf("outbox: forget: %w", err)
	}
	for _, d := range ids {
		if _, err := o.messages.DeleteOne(ctx, bson.D{{Key: "_id", Value: d.ID}}); err != nil {
			return 0, fmt.Errorf("outbox: forget %s: %w", d.ID, err)
		}
		if _, err := o.claims.DeleteMany(ctx, bson.D{{Key: "message_id", Value: d.ID}}); err != nil {
			return 0, fmt.Errorf("outbox: forget claims of %s: %w", d.ID, err)
		}
	}
	return len(ids), nil
}
