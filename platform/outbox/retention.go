package outbox

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
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
