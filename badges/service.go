package badges

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

// Service holds the door's collections and rules: scanner links, check-ins (one
// document per badge and scope, whose _id can exist only once) and the audit of
// undone check-ins. It reads registrations only through People.
type Service struct {
	links, checkins, undos *mongo.Collection
	people                 People
	coder                  Coder
	log                    *slog.Logger
	clock                  atomic.Pointer[func() time.Time] // see now

	counts   countCache
	days     dayCache
	notifier Notifier
}

// Notifier hears of each check-in, for the organisation's webhooks.
type Notifier func(ctx context.Context, eventID string, c CheckIn, registrationID string)

// SetNotifier sets who hears of check-ins (none by default).
func (s *Service) SetNotifier(n Notifier) { s.notifier = n }

// EventDays tells the local dates an event takes place on (events.Days); the app
// wires it to the events store.
type EventDays func(ctx context.Context, eventID string) ([]string, error)

// SetEventDays makes check-ins at multi-day events count per day. Without it every
// event is checked in once.
func (s *Service) SetEventDays(f EventDays) { s.days.read = f }

// dayCache keeps events' days for a minute per instance: the door must not read the
// event on every scan. A moved event's new days apply within the minute.
type dayCache struct {
	read    EventDays
	mu      sync.Mutex
	entries map[string]dayEntry
}

type dayEntry struct {
	days []string
	at   time.Time
}

const daysMaxAge = time.Minute

func (s *Service) eventDays(ctx context.Context, eventID string) ([]string, error) {
	c := &s.days
	if c.read == nil {
		return nil, nil
	}
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[eventID]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < daysMaxAge {
		return e.days, nil
	}
	days, err := c.read(ctx, eventID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) > 1000 {
		c.entries = map[string]dayEntry{}
	}
	c.entries[eventID] = dayEntry{days: days, at: now}
	c.mu.Unlock()
	return days, nil
}

// NewService uses the collections badge_scanner_links, badge_checkins and
// badge_checkin_undos of db. secret is the server secret (SECRET_KEY); badge codes
// are signed with a key derived from it.
func NewService(db *mongo.Database, people People, secret []byte, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{
		links:    db.Collection("badge_scanner_links"),
		checkins: db.Collection("badge_checkins"),
		undos:    db.Collection("badge_checkin_undos"),
		people:   people,
		coder:    NewCoder(secret),
		log:      logger,
		counts:   countCache{entries: map[string]*countEntry{}},
	}
}

// SetClock replaces the clock (link windows, check-in times), for tests.
func (s *Service) SetClock(now func() time.Time) {
	s.clock.Store(&now)
}

// now is the service's clock. It is read from the door figures' background refresh
// too, so a test may move it while a refresh runs.
func (s *Service) now() time.Time {
	if f := s.clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// Coder makes and checks badge codes; the badge PDF prints Coder().Code(id).
func (s *Service) Coder() Coder { return s.coder }

// EnsureIndexes creates this package's indexes; safe at every start. Only the
// dashboard and the organiser's link list use them: the door itself works by _id.
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, s.links, datastore.Index("by_event", "event_id")),
		datastore.EnsureIndexes(ctx, s.checkins, datastore.Index("by_event_scope", "event_id", "scope")),
		datastore.EnsureIndexes(ctx, s.undos, datastore.Index("by_event", "event_id")),
		datastore.EnsureCollection(ctx, s.printed()),
	)
}

// stamp is the service clock in UTC at the store's precision (milliseconds), so a
// time returned now equals the same time read back later.
func (s *Service) stamp() time.Time {
	return s.now().UTC().Truncate(time.Millisecond)
}

// countCache keeps the station screen's figures (expected, checked in) per event and
// scope. Computing them reads every registration and check-in of the event, which
// the embedded store can only do by scanning; the door must stay on _id lookups, so
// scans reuse figures at most countsMaxAge old and adjust them for this instance's
// own check-ins and undos in between. The figures are a display, never a decision:
// a check-in made by another instance shows up at the next refresh.
type countCache struct {
	mu      sync.Mutex
	entries map[string]*countEntry
}

type countEntry struct {
	mu         sync.Mutex // guards the fields below
	asOf       time.Time
	loaded     bool
	refreshing bool // a refresh runs in the background
	expected   int
	checkedIn  int
	first      sync.Mutex // held while the first figures are read, so concurrent scans read them once
}

const countsMaxAge = 10 * time.Second

func (c *countCache) entry(key string) *countEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		e = &countEntry{}
		c.entries[key] = e
	}
	return e
}

// adjust adds delta to the checked-in figure, if the figures are loaded.
func (c *countCache) adjust(key string, delta int) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.loaded {
		e.checkedIn = max(0, e.checkedIn+delta)
	}
}

// figures returns (checked in, expected) for a scope. Stale figures are served as
// they are while one refresh runs in the background: a scan never waits for the
// event's registrations to be read, except the very first scan of a scope.
func (s *Service) figures(ctx context.Context, eventID, sessionID string) (checkedIn, expected int, err error) {
	scope, err := s.scopeFor(ctx, eventID, sessionID)
	if err != nil {
		return 0, 0, err
	}
	e := s.counts.entry(eventID + "|" + scope)
	if in, exp, ok := s.servedFigures(ctx, e, eventID, scope, sessionID); ok {
		return in, exp, nil
	}
	e.first.Lock()
	defer e.first.Unlock()
	if in, exp, ok := s.servedFigures(ctx, e, eventID, scope, sessionID); ok {
		return in, exp, nil // another scan read them meanwhile
	}
	in, exp, err := s.readFigures(ctx, eventID, scope, sessionID)
	if err != nil {
		return 0, 0, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.checkedIn, e.expected, e.asOf, e.loaded = in, exp, s.now(), true
	return in, exp, nil
}

// servedFigures are the loaded figures, with a background refresh started when they
// are stale; ok is false before the first figures are read.
func (s *Service) servedFigures(ctx context.Context, e *countEntry, eventID, scope, sessionID string) (checkedIn, expected int, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.loaded {
		return 0, 0, false
	}
	now := s.now()
	if (now.Before(e.asOf) || now.Sub(e.asOf) >= countsMaxAge) && !e.refreshing {
		e.refreshing = true
		// The request's deadline must not cut the refresh short, nor its end cancel it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		go func() {
			defer cancel()
			in, exp, err := s.readFigures(rctx, eventID, scope, sessionID)
			e.mu.Lock()
			defer e.mu.Unlock()
			e.refreshing = false
			if err != nil {
				s.log.Warn("door figures not refreshed (the last ones stay shown)", "event", eventID, "error", err)
				return
			}
			e.checkedIn, e.expected, e.asOf = in, exp, s.now()
		}()
	}
	return e.checkedIn, e.expected, true
}

// readFigures counts a scope's expected people and check-ins from the store.
func (s *Service) readFigures(ctx context.Context, eventID, scope, sessionID string) (checkedIn, expected int, err error) {
	people, err := s.people.People(ctx, eventID)
	if err != nil {
		return 0, 0, err
	}
	n, err := s.checkins.CountDocuments(ctx, checkinFilter(eventID, scope))
	if err != nil {
		return 0, 0, err
	}
	return int(n), countExpected(people, sessionID), nil
}
