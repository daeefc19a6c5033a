package registration

import (
	"context"
	"errors"
	"sync"
	"time"

	"folkhalsa-events/events"
)

// An organisation's name signs every mail. It changes seldom, and a mail signed with
// a name a minute old does no harm, so each instance keeps the organisations it has
// read for a minute instead of reading one per registration.

const orgCacheFor = time.Minute

type orgCache struct {
	mu      sync.Mutex
	entries map[string]orgEntry
}

type orgEntry struct {
	org  events.Organisation
	read time.Time
}

// organisation returns the organisation, from the cache when it is fresh; an unknown
// one is the zero organisation (a mail without a signature).
func (s *Service) organisation(ctx context.Context, id string) (events.Organisation, error) {
	now := time.Now()
	s.orgs.mu.Lock()
	e, ok := s.orgs.entries[id]
	s.orgs.mu.Unlock()
	if ok && now.Sub(e.read) < orgCacheFor {
		return e.org, nil
	}
	org, err := s.events.Organisation(ctx, id)
	if errors.Is(err, events.ErrNotFound) {
		return events.Organisation{}, nil
	}
	if err != nil {
		return events.Organisation{}, err
	}
	s.orgs.mu.Lock()
	if s.orgs.entries == nil || len(s.orgs.entries) > 1000 {
		s.orgs.entries = map[string]orgEntry{}
	}
	s.orgs.entries[id] = orgEntry{org: org, read: now}
	s.orgs.mu.Unlock()
	return org, nil
}
