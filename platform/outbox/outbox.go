// Package outbox queues e-mail in the store and delivers it over SMTP in the background.
//
// Requests call Enqueue, which only inserts a document and returns; Run (one per
// instance) delivers due messages with retries and exponential backoff. Any number of
// instances may run workers against the same database: who sends a message is decided
// by inserting a claim document whose _id ("<message id>#<attempt>") can exist only
// once, following the store rule in README.md. See claim.go for the details and for
// the one case (a worker that dies mid-send) in which a message can go out twice.
package outbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/config"
)

// Collection names; documented because tests and operators look into them.
const (
	MessagesCollection = "outbox"
	ClaimsCollection   = "outbox_claims"
)

const (
	// MaxAttempts is how many times a message is tried before it is marked failed.
	MaxAttempts = 8
	// batchSize bounds how many due messages one pass looks at.
	batchSize = 50
	// lease is how long a claim protects a message. It must be far longer than one
	// SMTP transaction can take (sendTimeout plus recording the result), so that a
	// live worker always finishes before anyone else may take the message over.
	lease = 10 * time.Minute
	// sendTimeout bounds dialling and each SMTP transaction (go-mail's deadline).
	sendTimeout = 60 * time.Second
	// maxMessageBytes keeps a message well below the 16 MiB document limit.
	maxMessageBytes = 10 << 20
)

// Status is where a message is in its life.
type Status string

const (
	StatusPending Status = "pending" // waiting for its next attempt
	StatusSent    Status = "sent"    // accepted by the SMTP server
	StatusFailed  Status = "failed"  // given up after MaxAttempts
	StatusDropped Status = "dropped" // not sent: what it was about never came to be (guard.go)
)

// Attachment is a file sent with a message.
type Attachment struct {
	Filename    string
	ContentType string // e.g. "text/calendar; charset=utf-8; method=REQUEST"; empty: application/octet-stream
	Data        []byte
}

// Message is one e-mail to one recipient.
type Message struct {
	// ID, when set, is the message's id: a message that must go out once (a
	// confirmation, "<registration>|registered") is queued once however often it is
	// enqueued. Empty: a new random id.
	ID          string
	To          string // one address, optionally with a display name
	ReplyTo     string // optional: where replies go (a bare address), instead of From
	Subject     string
	Text        string // the plain-text body; always sent
	HTML        string // optional HTML alternative of Text
	Attachments []Attachment
	// Attach names files an Attacher makes when the message is sent (attach.go), so
	// that a request that queues mail does not render them.
	Attach []string
	// Guard, when set, holds the message back until a document exists (guard.go).
	Guard *Guard
	Lang  string // "sv" or "en"; sent as Content-Language, otherwise informational
	Kind  string // what the message is, e.g. "confirmation"; for logs and lookups
	Ref   string // what it is about, e.g. a registration id; for logs and lookups
}

// Outbox queues messages and delivers them. It is safe for concurrent use, and
// several Outboxes (in one process or many) may deliver from the same database.
type Outbox struct {
	messages *mongo.Collection
	claims   *mongo.Collection
	cfg      config.SMTP
	logger   *slog.Logger
	worker   string // names this Outbox in claim documents, for diagnosis

	from    *mail.Address // parsed cfg.From
	fromErr error         // why cfg.From is unusable; delivery stops while set

	clock      atomic.Pointer[func() time.Time]
	wake       chan struct{} // Enqueue pokes the local Run loop so mail leaves at once
	warnNoHost sync.Once

	attachers  map[string]Attacher // set up before Run; read-only afterwards
	guardGrace time.Duration
	queue      queueCache
}

// New prepares an outbox on db. Nothing is sent until Run or DeliverDue is called.
func New(db *mongo.Database, cfg config.SMTP, logger *slog.Logger) *Outbox {
	if logger == nil {
		logger = slog.Default()
	}
	o := &Outbox{
		messages: db.Collection(MessagesCollection),
		claims:   db.Collection(ClaimsCollection),
		cfg:      cfg,
		logger:   logger,
		worker:   workerName(),
		wake:     make(chan struct{}, 1),

		attachers:  map[string]Attacher{},
		guardGrace: DefaultGuardGrace,
	}
	o.from, o.fromErr = mail.ParseAddress(cfg.From)
	if o.fromErr != nil {
		o.fromErr = fmt.Errorf("SMTP_FROM %q is not a valid address: %w", cfg.From, o.fromErr)
		if cfg.Host != "" {
			logger.Error("outbox: nothing can be sent", "error", o.fromErr)
		}
	}
	o.SetClock(time.Now)
	return o
}

// SetClock replaces the clock used for due times, backoff and leases; tests use it
// to move past backoffs without waiting. nil restores time.Now.
func (o *Outbox) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	o.clock.Store(&now)
}

// now is the current time in UTC at the store's millisecond precision, so a time
// read back from the store compares equal to the one written.
func (o *Outbox) now() time.Time {
	return (*o.clock.Load())().UTC().Truncate(time.Millisecond)
}

// poke wakes the local Run loop without blocking.
func (o *Outbox) poke() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func workerName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", strings.TrimSpace(host), os.Getpid(), hex.EncodeToString(b))
}
