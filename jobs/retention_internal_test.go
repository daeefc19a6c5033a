package jobs

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/config"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// The retention loop runs a pass after the delay, again after each interval, and
// returns when its context ends.
func TestRetentionLoopRunsAndStops(t *testing.T) {
	db := storetest.DB(t)
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"SECRET_KEY": "test-secret-test-secret-test-secret-0123", "DATA_DIR": t.TempDir()}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	evs := events.NewStore(db)
	regs := registration.NewService(db, evs, nil, cfg.BaseURL.String(), cfg.SecretKey, logger)
	if err := errors.Join(evs.EnsureIndexes(storetest.Ctx(t)), regs.EnsureIndexes(storetest.Ctx(t))); err != nil {
		t.Fatal(err)
	}
	r := Retention{Events: evs, Registrations: regs, Days: cfg.RetentionDays, Logger: logger}
	ctx, cancel := context.WithCancel(storetest.Ctx(t))
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.run(ctx, 10*time.Millisecond, 50*time.Millisecond)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(logs.String(), "retention: purge pass") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than two passes ran: %s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not stop when its context ended")
	}
	if strings.Contains(logs.String(), "incomplete") {
		t.Errorf("a pass failed: %s", logs.String())
	}
}
