package outbox

import (
	"context"
	"fmt"

	"folkhalsa-events/platform/datastore"
)

// Attachers make files when a message is sent rather than when it is queued: a badge
// PDF costs milliseconds and megabytes that a registration request should not spend,
// and a file made at sending time shows the state of things then.

// Attacher makes the named file for a message about ref (Message.Ref), in lang.
type Attacher func(ctx context.Context, ref, lang string) (Attachment, error)

// SetAttacher registers the maker of the files called name in Message.Attach. Call it
// while wiring, before Run.
func (o *Outbox) SetAttacher(name string, a Attacher) { o.attachers[name] = a }

// attach makes the message's named files. When the store does not answer, the
// attempt is put off; a file that cannot be made for another reason is left out
// (a confirmation without its badge is better than none) and logged.
func (o *Outbox) attach(ctx context.Context, doc *document) error {
	for _, name := range doc.Attach {
		maker, ok := o.attachers[name]
		if !ok {
			o.logger.Error("outbox: no maker for attachment; sent without it", doc.logged("attachment", name)...)
			continue
		}
		a, err := maker(ctx, doc.Ref, doc.Lang)
		if datastore.IsUnavailable(err) {
			return unreachableError{fmt.Errorf("attachment %s: %w", name, err)}
		}
		if err != nil {
			o.logger.Error("outbox: attachment could not be made; sent without it", doc.logged("attachment", name, "error", err)...)
			continue
		}
		ad, err := validAttachment(a)
		if err != nil {
			o.logger.Error("outbox: attachment is invalid; sent without it", doc.logged("attachment", name, "error", err)...)
			continue
		}
		doc.Attachments = append(doc.Attachments, ad)
	}
	return nil
}
