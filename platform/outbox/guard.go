package outbox

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
)

// Guards. A request that creates something and must tell someone about it queues the
// message before it inserts the thing (a registration's confirmation before the
// registration), so that once the thing exists its message is certainly queued. If
// the request then fails, the message must not go out: a guarded message is sent
// only once its document exists. A document that has not appeared after the grace
// period never will be: the worker puts a tombstone in its place (datastore.Tombstone,
// which also makes a late insert fail) and drops the message.

// Guard names the document a message waits for: _id ID in Collection.
type Guard struct {
	Collection, ID string
}

// DefaultGuardGrace is how long a guarded message waits for its document.
const DefaultGuardGrace = 2 * time.Minute

// guardRetry is how soon a message whose document is not there yet is looked at again.
const guardRetry = 2 * time.Second

// SetGuardGrace sets how long a guarded message waits for its document before it is
// dropped; it must be longer than any request that queues one may take.
func (o *Outbox) SetGuardGrace(d time.Duration) { o.guardGrace = d }

type guardVerdict int

const (
	guardSend guardVerdict = iota
	guardWait
	guardDrop
)

// checkGuard decides what to do with a claimed message.
func (o *Outbox) checkGuard(ctx context.Context, doc document) (guardVerdict, error) {
	if doc.GuardColl == "" {
		return guardSend, nil
	}
	coll := o.messages.Database().Collection(doc.GuardColl)
	found, void, err := datastore.Lookup(ctx, coll, doc.GuardID)
	switch {
	case err != nil:
		return guardWait, err
	case found && void:
		return guardDrop, nil
	case found:
		return guardSend, nil
	case o.now().Sub(doc.CreatedAt) < o.guardGrace:
		return guardWait, nil
	}
	if _, err := datastore.Tombstone(ctx, coll, doc.GuardID, o.now()); err != nil {
		return guardWait, err
	}
	// The tombstone, or the document that beat it to the _id.
	if ok, err := datastore.Exists(ctx, coll, doc.GuardID); err != nil || ok {
		return guardSend, err
	}
	return guardDrop, nil
}

// recordWait gives a message whose document is not there yet another look soon,
// without counting an attempt.
func (o *Outbox) recordWait(ctx context.Context, doc document, attempt int) {
	o.update(ctx, doc.ID, bson.D{{Key: "next_attempt_at", Value: o.now().Add(guardRetry)}})
	o.release(ctx, doc.ID, attempt)
}

func (o *Outbox) recordDropped(ctx context.Context, doc document, attempt int) {
	o.update(ctx, doc.ID, bson.D{
		{Key: "status", Value: StatusDropped},
		{Key: "attempts", Value: attempt - 1},
		{Key: "last_error", Value: "not sent: " + doc.GuardColl + " " + doc.GuardID + " never came to be"},
	})
	o.logger.Info("outbox: dropped", doc.logged()...)
}
