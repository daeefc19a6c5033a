package outbox

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/logctx"
)

var (
	// ErrInvalidAddress is returned (wrapped) by Enqueue for a recipient that is not
	// one valid e-mail address.
	ErrInvalidAddress = errors.New("outbox: invalid recipient address")
	// ErrInvalidMessage is returned (wrapped) by Enqueue for any other unsendable message.
	ErrInvalidMessage = errors.New("outbox: invalid message")
)

// Enqueue stores m for delivery and returns its id at once; it never talks to SMTP.
// Invalid messages are refused here, before anything is stored, so a request can
// tell its user instead of the worker failing later. A message with an ID that is
// queued already is not queued again: Enqueue returns the id and no error.
func (o *Outbox) Enqueue(ctx context.Context, m Message) (string, error) {
	doc, err := newDocument(m)
	if err != nil {
		return "", err
	}
	doc.ID = m.ID
	if doc.ID == "" {
		doc.ID = datastore.NewID()
	}
	doc.Status = StatusPending
	doc.RequestID = logctx.RequestID(ctx)
	doc.CreatedAt = o.now()
	doc.NextAttemptAt = doc.CreatedAt
	if _, err := o.messages.InsertOne(ctx, doc); err != nil {
		if m.ID != "" && datastore.IsDuplicate(err) {
			return doc.ID, nil
		}
		return "", fmt.Errorf("outbox: store message: %w", err)
	}
	o.logger.Info("outbox: queued", doc.logged()...)
	if m.Guard == nil {
		// A guarded message waits for its document, which its sender inserts next;
		// the worker's next poll finds both.
		o.poke()
	}
	return doc.ID, nil
}

// Withdraw deletes a message that is still pending, e.g. the confirmation of a
// registration that failed after its mail was queued. Deleting one that has gone out
// (or does not exist) does nothing.
func (o *Outbox) Withdraw(ctx context.Context, id string) error {
	_, err := o.messages.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: StatusPending}})
	if err != nil {
		return fmt.Errorf("outbox: withdraw %s: %w", id, err)
	}
	return nil
}

// newDocument validates m and turns it into a document without id, status or times.
func newDocument(m Message) (document, error) {
	to := strings.TrimSpace(m.To)
	addr, err := parseRecipient(to)
	if err != nil {
		return document{}, err
	}
	replyTo := strings.TrimSpace(m.ReplyTo)
	if replyTo != "" {
		if _, err := parseRecipient(replyTo); err != nil {
			return document{}, fmt.Errorf("reply-to: %w", err)
		}
	}
	if strings.TrimSpace(m.Subject) == "" {
		return document{}, fmt.Errorf("%w: empty subject", ErrInvalidMessage)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		// A header value must be one line; go-mail would otherwise pass the break on.
		return document{}, fmt.Errorf("%w: line break in subject", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return document{}, fmt.Errorf("%w: empty text body (the text part is always sent)", ErrInvalidMessage)
	}
	size := len(m.Subject) + len(m.Text) + len(m.HTML)
	doc := document{
		To: to, ToAddr: strings.ToLower(addr.Address), ReplyTo: replyTo,
		Subject: m.Subject, Text: m.Text, HTML: m.HTML, Attach: m.Attach,
		Lang: m.Lang, Kind: m.Kind, Ref: m.Ref,
	}
	if m.Guard != nil {
		if m.Guard.Collection == "" || m.Guard.ID == "" {
			return document{}, fmt.Errorf("%w: guard without collection or id", ErrInvalidMessage)
		}
		doc.GuardColl, doc.GuardID = m.Guard.Collection, m.Guard.ID
	}
	for i, a := range m.Attachments {
		ad, err := validAttachment(a)
		if err != nil {
			return document{}, fmt.Errorf("%w: attachment %d: %v", ErrInvalidMessage, i+1, err)
		}
		size += len(a.Data)
		doc.Attachments = append(doc.Attachments, ad)
	}
	if size > maxMessageBytes {
		return document{}, fmt.Errorf("%w: %d bytes, at most %d", ErrInvalidMessage, size, maxMessageBytes)
	}
	return doc, nil
}

// parseRecipient accepts exactly one address in RFC 5322 form ("a@b.se" or
// "Name <a@b.se>"), as net/mail understands it.
func parseRecipient(to string) (*mail.Address, error) {
	if to == "" {
		return nil, fmt.Errorf("%w: empty", ErrInvalidAddress)
	}
	addr, err := mail.ParseAddress(to)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrInvalidAddress, to, err)
	}
	return addr, nil
}

func validAttachment(a Attachment) (attachmentDoc, error) {
	if strings.TrimSpace(a.Filename) == "" {
		return attachmentDoc{}, errors.New("empty filename")
	}
	if strings.ContainsAny(a.Filename, "\r\n") {
		return attachmentDoc{}, errors.New("line break in filename")
	}
	ct := strings.TrimSpace(a.ContentType)
	if ct == "" {
		ct = "application/octet-stream"
	}
	if strings.ContainsAny(ct, "\r\n") {
		return attachmentDoc{}, errors.New("line break in content type")
	}
	if _, _, err := mime.ParseMediaType(ct); err != nil {
		return attachmentDoc{}, fmt.Errorf("content type %q: %v", ct, err)
	}
	return attachmentDoc{Filename: a.Filename, ContentType: ct, Data: a.Data}, nil
}
