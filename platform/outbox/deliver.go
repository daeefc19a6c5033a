package outbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// DeliverDue makes one delivery pass: it looks at up to batchSize due messages, claims
// each (claim.go), sends the ones it won and records the outcome. It returns how many
// it sent. Run calls it in a loop; tests call it directly.
//
// With no SMTP host configured it does nothing and messages stay pending. When the
// server cannot be reached the pass stops with that error, leaving the remaining
// messages untouched and the attempt that hit the outage uncounted.
func (o *Outbox) DeliverDue(ctx context.Context) (int, error) {
	sent, _, err := o.deliverDue(ctx)
	return sent, err
}

// deliverDue is DeliverDue that also says whether the batch was full, i.e. whether
// more may be due right now.
func (o *Outbox) deliverDue(ctx context.Context) (sent int, full bool, err error) {
	if o.cfg.Host == "" {
		return 0, false, nil
	}
	if o.fromErr != nil {
		return 0, false, fmt.Errorf("outbox: %w", o.fromErr)
	}
	due, err := o.findDue(ctx)
	if err != nil || len(due) == 0 {
		return 0, false, err
	}
	// Workers that read the same batch start at different places, so they mostly
	// claim different messages instead of queueing behind one another.
	rand.Shuffle(len(due), func(i, j int) { due[i], due[j] = due[j], due[i] })

	conn := &connection{cfg: o.cfg}
	defer conn.close()
	for _, c := range due {
		if err := ctx.Err(); err != nil {
			return sent, false, err
		}
		attempt, doc, ok, err := o.claim(ctx, c)
		if err != nil {
			return sent, false, err
		}
		if !ok {
			continue
		}
		if attempt > MaxAttempts {
			o.giveUpAfterTakeovers(ctx, doc, attempt)
			continue
		}
		switch verdict, err := o.checkGuard(ctx, doc); {
		case err != nil:
			o.release(ctx, doc.ID, attempt)
			return sent, false, fmt.Errorf("outbox: guard of %s: %w", doc.ID, err)
		case verdict == guardWait:
			o.recordWait(ctx, doc, attempt)
			continue
		case verdict == guardDrop:
			o.recordDropped(ctx, doc, attempt)
			continue
		}
		err = o.attach(ctx, &doc)
		if err == nil {
			err = o.sendOne(ctx, conn, doc)
		}
		var unreachable unreachableError
		switch {
		case err == nil:
			o.recordSent(ctx, doc, attempt)
			sent++
		case errors.As(err, &unreachable):
			o.recordUnreachable(ctx, doc, attempt, err)
			return sent, false, fmt.Errorf("outbox: %s", o.describe(err, doc))
		default:
			o.recordFailure(ctx, doc, attempt, err)
		}
	}
	return sent, len(due) == batchSize, nil
}

func (o *Outbox) sendOne(ctx context.Context, conn *connection, doc document) error {
	msg, err := buildMail(doc, o.from, o.now())
	if err != nil {
		return err
	}
	return conn.send(ctx, msg)
}

// findDue reads the candidates of one pass: only ids and attempts, since most of a
// batch may be claimed by other workers; the winner reads the whole message.
func (o *Outbox) findDue(ctx context.Context) ([]candidate, error) {
	filter := bson.D{
		{Key: "status", Value: StatusPending},
		{Key: "next_attempt_at", Value: bson.D{{Key: "$lte", Value: o.now()}}},
	}
	opts := options.Find().
		SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}).
		SetLimit(batchSize).
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "attempts", Value: 1}})
	cur, err := o.messages.Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("outbox: find due messages: %w", err)
	}
	var due []candidate
	if err := cur.All(ctx, &due); err != nil {
		return nil, fmt.Errorf("outbox: read due messages: %w", err)
	}
	return due, nil
}
