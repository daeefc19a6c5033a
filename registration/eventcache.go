package registration

import (
	"context"
	"sync"
	"time"

	"folkhalsa-events/events"
)

// When a popular conference opens, its event document is read by every registration,
// hundreds of times a second, and on the embedded store that read costs as much as
// an insert. Each instance therefore keeps the event a registration read for one
// second. A registration that arrives within a second of an organiser's change may
// see the event as it was, exactly as one that arrived a second earlier would;
// everything else (the organiser's pages, promotion after a capacity change, the
// manage link) reads the event afresh.
const eventCacheFor = time.Second

type eventCache struct {
	mu      sync.Mutex
	entries map[string]eventEntry
}

type eventEntry struct {
	ev   events.Event
	read time.Time
}

func (s *Service) recentEvent(ctx context.Context, id string) (events.Event, error) {
	now := time.Now()
	s.evs.mu.Lock()
	e, ok := s.evs.entries[id]
	s.evs.mu.Unlock()
	if ok && now.Sub(e.read) < eventCacheFor {
		return e.ev, nil
	}
	ev, err := s.events.Event(ctx, id)
	if err != nil {
		return events.Event{}, err
	}
	s.evs.mu.Lock()
	if s.evs.entries == nil || len(s.evs.entries) > 200 {
		s.evs.entries = map[string]eventEntry{}
	}
	s.evs.entries[id] = eventEntry{ev: ev, read: now}
	s.evs.mu.Unlock()
	return ev, nil
}
