package registration

import (
	"context"
	"errors"
	"sync"
	"time"

	"folkhalsa-events/events"
)

// Two documents are read by every registration and change seldom, so each instance
// keeps what it last read for a short while instead of reading them per request.
//
// The event: when a popular conference opens it is read hundreds of times a second,
// and on the embedded store that read costs as much as an insert. A registration
// that arrives within a second of an organiser's change may see the event as it was,
// exactly as one that arrived a second earlier would; everything else (the
// organiser's pages, promotion after a capacity change, the manage link) reads the
// event afresh.
//
// The organisation: its name signs every mail, and a mail signed with a name a
// minute old does no harm.
const (
	eventCacheFor = time.Second
	orgCacheFor   = time.Minute
)

// recentReads are the per-instance caches.
type recentReads struct {
	events recent[events.Event]
	orgs   recent[events.Organisation]
}

// recent keeps values read by id for a while. It is this small on purpose: the
// expiring LRU of hashicorp/golang-lru runs a ticker goroutine per cache that never
// stops (every 10 ms for a one-second lifetime), one per Service for good. When it
// holds more than limit entries it starts afresh, which for the handful of events
// open at a time, and the organisations behind them, never happens in practice.
type recent[T any] struct {
	mu      sync.Mutex
	entries map[string]recentEntry[T]
	ttl     time.Duration
	limit   int
}

type recentEntry[T any] struct {
	v    T
	read time.Time
}

func (r *recent[T]) get(id string, now time.Time) (T, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.entries[id]
	if !ok || now.Sub(e.read) >= r.ttl {
		var zero T
		return zero, false
	}
	return e.v, true
}

func (r *recent[T]) put(id string, v T, read time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil || len(r.entries) >= r.limit {
		r.entries = map[string]recentEntry[T]{}
	}
	r.entries[id] = recentEntry[T]{v: v, read: read}
}

func newRecentReads() recentReads {
	return recentReads{
		events: recent[events.Event]{ttl: eventCacheFor, limit: 200},
		orgs:   recent[events.Organisation]{ttl: orgCacheFor, limit: 1000},
	}
}

// recentEvent is the event as read at most eventCacheFor ago.
func (s *Service) recentEvent(ctx context.Context, id string) (events.Event, error) {
	now := time.Now()
	if ev, ok := s.recent.events.get(id, now); ok {
		return ev, nil
	}
	ev, err := s.events.Event(ctx, id)
	if err != nil {
		return events.Event{}, err
	}
	s.recent.events.put(id, ev, now)
	return ev, nil
}

// organisation is the organisation as read at most orgCacheFor ago; an unknown one
// is the zero organisation (a mail without a signature).
func (s *Service) organisation(ctx context.Context, id string) (events.Organisation, error) {
	now := time.Now()
	if org, ok := s.recent.orgs.get(id, now); ok {
		return org, nil
	}
	org, err := s.events.Organisation(ctx, id)
	if errors.Is(err, events.ErrNotFound) {
		return events.Organisation{}, nil
	}
	if err != nil {
		return events.Organisation{}, err
	}
	s.recent.orgs.put(id, org, now)
	return org, nil
}
