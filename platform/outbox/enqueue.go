package outbox

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"

	"folkhalsa-events/platform/datastore"
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
// tell its user instead of the worker failing later.
func (o *Outbox) Enqueue(ctx context.Context, m Message) (string, error) {
	doc, err := newDocument(m)
	if err != nil {
		return "", err
	}
	doc.ID = datastore.NewID()
	doc.Status = StatusPending
	doc.CreatedAt = o.now()
	doc.NextAttemptAt = doc.CreatedAt
	if _, err := o.messages.InsertOne(ctx, doc); err != nil {
		return "", fmt.Errorf("outbox: store message: %w", err)
	}
	o.logger.Debug("outbox: queued", "id", doc.ID, "kind", doc.Kind, "ref", doc.Ref)
	o.poke()
	return doc.ID, nil
}

// newDocument validates m and turns it into a document without id, status or times.
func newDocument(m Message) (document, error) {
	to := strings.TrimSpace(m.To)
	addr, err := parseRecipient(to)
	if err != nil {
		return document{}, err
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
		To: to, ToAddr: strings.ToLower(addr.Address),
		Subject: m.Subject, Text: m.Text, HTML: m.HTML,
		Lang: m.Lang, Kind: m.Kind, Ref: m.Ref,
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
