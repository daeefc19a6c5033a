package outbox_test

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/config"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// logBuffer collects the outbox log so tests can check what it does (not) contain.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// fakeClock is a settable clock for SetClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newOutbox builds an outbox on db with indexes in place and its log in a buffer.
func newOutbox(t *testing.T, db *mongo.Database, cfg config.SMTP) (*outbox.Outbox, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	ob := outbox.New(db, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err := ob.EnsureIndexes(storetest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	return ob, logs
}

func enqueue(t *testing.T, ob *outbox.Outbox, m outbox.Message) string {
	t.Helper()
	id, err := ob.Enqueue(storetest.Ctx(t), m)
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

// stored returns the one message with this id.
func stored(t *testing.T, ob *outbox.Outbox, id string) outbox.Stored {
	t.Helper()
	all, err := ob.Messages(storetest.Ctx(t), outbox.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("message %s not stored", id)
	return outbox.Stored{}
}

func deliver(t *testing.T, ob *outbox.Outbox) int {
	t.Helper()
	n, err := ob.DeliverDue(storetest.Ctx(t))
	if err != nil {
		t.Fatalf("DeliverDue: %v", err)
	}
	return n
}

func simpleMessage(to, subject string) outbox.Message {
	return outbox.Message{To: to, Subject: subject, Text: "Hej!\nVälkommen.", Lang: "sv", Kind: "test", Ref: "r1"}
}
