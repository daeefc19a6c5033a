package outbox

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

// Who sends a message, and when a message may be taken over.
//
// Attempt k of message M belongs to the worker that inserts the claim document
// {_id: "M#k"} in outbox_claims. The store lets that _id exist once, so exactly one
// worker wins attempt k; losers get a duplicate-key error and skip the message.
// Nothing else decides ownership: the message document carries no lock, because
// FerretDB 1.x cannot make a conditional update atomic (see README.md).
//
// Normal operation. A worker reads M as pending with attempts = k-1 and due, and
// claims M#k. When it is done it records the result on M: sent, or attempts = k with
// a later next_attempt_at (or failed). Only then can a worker see M due with
// attempts = k and claim M#(k+1), so attempts of one message never overlap and only
// the claim holder ever writes M. A worker whose read of M was stale tries to claim
// M#k too, hits the existing claim, finds it younger than the lease and skips. After
// winning a claim the worker reads M again (confirm) and backs off if M changed since
// the batch read, which covers stale reads in the takeover case below as well.
//
// The crash case. A worker that claims M#k and then dies (or loses the store) before
// recording a result leaves M pending with attempts = k-1 and the claim in place. Once
// the claim is older than the lease, the next worker that finds M due claims M#(k+1)
// instead and carries on; attempt k counts as used. The lease (10 minutes) is many
// times longer than one SMTP transaction may take (sendTimeout), so a worker that is
// alive always finishes first and two live workers never send the same message. If the
// dead worker had already handed the message to the SMTP server but not recorded it,
// the message goes out a second time: delivery is at least once, never "exactly once".
// The Message-ID header is the same on every attempt, so mail clients can tell it is
// one message. Clocks of instances are assumed to agree to well within the lease.

// candidate is what a pass needs to know of a due message before claiming it.
type candidate struct {
	ID       string `bson:"_id"`
	Attempts int    `bson:"attempts"`
}

// maxTakeovers bounds the walk over expired claims of one message in one pass.
const maxTakeovers = MaxAttempts + 2

func claimID(messageID string, attempt int) string {
	return messageID + "#" + strconv.Itoa(attempt)
}

// claim tries to win the next attempt of the message seen as c. On success it returns
// the attempt number and the message as it is now. ok is false when another worker
// holds the message or the message changed since it was seen; the pass moves on.
func (o *Outbox) claim(ctx context.Context, c candidate) (attempt int, doc document, ok bool, err error) {
	now := o.now()
	for k := c.Attempts + 1; k <= c.Attempts+1+maxTakeovers; k++ {
		_, err := o.claims.InsertOne(ctx, claimDoc{
			ID: claimID(c.ID, k), MessageID: c.ID, Attempt: k, ClaimedAt: now, Worker: o.worker,
		})
		if err == nil {
			doc, ok, err := o.confirm(ctx, c, now)
			if err != nil || !ok {
				o.release(ctx, c.ID, k)
				return 0, document{}, false, err
			}
			return k, doc, true, nil
		}
		if !datastore.IsDuplicate(err) {
			return 0, document{}, false, fmt.Errorf("outbox: claim %s: %w", claimID(c.ID, k), err)
		}
		held, found, err := o.readClaim(ctx, c.ID, k)
		if err != nil || !found || now.Sub(held.ClaimedAt) < lease {
			// Someone is working on attempt k (or has just given it back): not ours.
			return 0, document{}, false, err
		}
		o.logger.Warn("outbox: taking over a claim older than the lease (worker stopped mid-send?)",
			"id", c.ID, "attempt", k, "claimed_at", held.ClaimedAt, "claimed_by", held.Worker)
	}
	return 0, document{}, false, nil
}

// confirm reads the whole message after a won claim and checks it is still the one
// that was claimed: pending, with the attempts seen, and due.
func (o *Outbox) confirm(ctx context.Context, c candidate, now time.Time) (document, bool, error) {
	var doc document
	err := o.messages.FindOne(ctx, bson.D{{Key: "_id", Value: c.ID}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return document{}, false, nil
	}
	if err != nil {
		return document{}, false, fmt.Errorf("outbox: read message %s: %w", c.ID, err)
	}
	ok := doc.Status == StatusPending && doc.Attempts == c.Attempts && !doc.NextAttemptAt.After(now)
	return doc, ok, nil
}

func (o *Outbox) readClaim(ctx context.Context, messageID string, attempt int) (claimDoc, bool, error) {
	var held claimDoc
	err := o.claims.FindOne(ctx, bson.D{{Key: "_id", Value: claimID(messageID, attempt)}}).Decode(&held)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return claimDoc{}, false, nil
	}
	if err != nil {
		return claimDoc{}, false, fmt.Errorf("outbox: read claim %s: %w", claimID(messageID, attempt), err)
	}
	return held, true, nil
}

// release gives attempt k back when it was won but nothing was sent, so the message
// need not wait for the lease. Deleting by _id is a single write, safe to race with
// anything: at worst another worker claims the attempt again, which is the point.
func (o *Outbox) release(ctx context.Context, messageID string, attempt int) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if _, err := o.claims.DeleteOne(ctx, bson.D{{Key: "_id", Value: claimID(messageID, attempt)}}); err != nil {
		o.logger.Warn("outbox: could not release claim; the message waits for the lease",
			"id", messageID, "attempt", attempt, "error", err)
	}
}

// detached gives bookkeeping that must happen after a send (recording the result,
// releasing a claim) its own deadline, so a shutdown in the middle of a pass does not
// leave a sent message looking unsent.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
}
