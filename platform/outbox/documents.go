package outbox

import (
	"context"
	"errors"
	"time"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/logctx"
)

// document is a message as stored in the outbox collection. Only the worker holding
// the claim for an attempt writes to it after Enqueue (see claim.go), so no two
// writers ever update one document at the same time.
type document struct {
	ID            string          `bson:"_id"`
	To            string          `bson:"to"`      // as given to Enqueue, trimmed
	ToAddr        string          `bson:"to_addr"` // bare address, lower case: what lookups match
	ReplyTo       string          `bson:"reply_to,omitempty"`
	Subject       string          `bson:"subject"`
	Text          string          `bson:"text"`
	HTML          string          `bson:"html,omitempty"`
	Attachments   []attachmentDoc `bson:"attachments,omitempty"`
	Attach        []string        `bson:"attach,omitempty"`
	GuardColl     string          `bson:"guard_coll,omitempty"`
	GuardID       string          `bson:"guard_id,omitempty"`
	Lang          string          `bson:"lang,omitempty"`
	Kind          string          `bson:"kind,omitempty"`
	Ref           string          `bson:"ref,omitempty"`
	Status        Status          `bson:"status"`
	Attempts      int             `bson:"attempts"` // attempts finished (failed, or the one that sent it)
	LastError     string          `bson:"last_error,omitempty"`
	CreatedAt     time.Time       `bson:"created_at"`
	NextAttemptAt time.Time       `bson:"next_attempt_at"`
	SentAt        *time.Time      `bson:"sent_at,omitempty"`
	// RequestID is the id of the request that queued the message, so the worker's
	// log lines about it can be found with the request's.
	RequestID string `bson:"request_id,omitempty"`
}

// logged are the attributes every log line about the message carries, then extra.
func (d document) logged(extra ...any) []any {
	out := []any{"id", d.ID, "kind", d.Kind, "ref", d.Ref}
	if d.RequestID != "" {
		out = append(out, logctx.Key, d.RequestID)
	}
	return append(out, extra...)
}

type attachmentDoc struct {
	Filename    string `bson:"filename"`
	ContentType string `bson:"content_type"`
	Data        []byte `bson:"data"`
}

// claimDoc says "attempt Attempt of message MessageID is mine". Its _id makes it
// exist once; see claim.go.
type claimDoc struct {
	ID        string    `bson:"_id"` // claimID(MessageID, Attempt)
	MessageID string    `bson:"message_id"`
	Attempt   int       `bson:"attempt"`
	ClaimedAt time.Time `bson:"claimed_at"`
	Worker    string    `bson:"worker"`
}

// EnsureIndexes creates the indexes the worker and the lookups use; idempotent.
func (o *Outbox) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, o.messages,
			datastore.Index("due", "status", "next_attempt_at"),
			datastore.Index("by_to", "to_addr"),
			datastore.Index("by_ref", "ref"),
			datastore.Index("by_created", "created_at")),
		datastore.EnsureCollection(ctx, o.claims),
	)
}

func (d document) message() Message {
	m := Message{ID: d.ID, To: d.To, ReplyTo: d.ReplyTo, Subject: d.Subject, Text: d.Text, HTML: d.HTML, Attach: d.Attach, Lang: d.Lang, Kind: d.Kind, Ref: d.Ref}
	if d.GuardColl != "" {
		m.Guard = &Guard{Collection: d.GuardColl, ID: d.GuardID}
	}
	for _, a := range d.Attachments {
		m.Attachments = append(m.Attachments, Attachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	return m
}
