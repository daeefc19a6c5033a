package badges_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

// memPeople stands in for the registration package: registrations in memory, read
// through the People interface exactly as the app's adapter would serve them.
type memPeople struct {
	mu     sync.Mutex
	people map[string]badges.Person
	gate   chan struct{} // when set, People waits for it to close (a slow store)
}

// block makes People wait until the returned release is called.
func (m *memPeople) block() (release func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gate = make(chan struct{})
	return sync.OnceFunc(func() { close(m.gate) })
}

func newMemPeople() *memPeople { return &memPeople{people: map[string]badges.Person{}} }

func (m *memPeople) Person(_ context.Context, id string) (badges.Person, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.people[id]
	if !ok {
		return badges.Person{}, badges.ErrUnknownPerson
	}
	p.Workshops = append([]string(nil), p.Workshops...)
	return p, nil
}

func (m *memPeople) People(_ context.Context, eventID string) ([]badges.Person, error) {
	m.mu.Lock()
	gate := m.gate
	m.mu.Unlock()
	if gate != nil {
		<-gate
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []badges.Person
	for _, p := range m.people {
		if p.EventID == eventID {
			p.Workshops = append([]string(nil), p.Workshops...)
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memPeople) put(p badges.Person) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.people[p.RegistrationID] = p
}

func (m *memPeople) setStatus(id string, st badges.PersonStatus) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.people[id]
	p.Status = st
	m.people[id] = p
}

// door is one test's store, badge service, people and clock.
type door struct {
	t      testing.TB
	db     *mongo.Database
	svc    *badges.Service
	people *memPeople
	secret []byte

	mu  sync.Mutex
	now time.Time
}

var testSecret = []byte("test-secret-0123456789-abcdefghijklmnop")

// eventDay is a conference morning, 08:00 Stockholm time.
var eventDay = time.Date(2026, 10, 14, 8, 0, 0, 0, events.Stockholm)

func newDoor(t testing.TB) *door {
	t.Helper()
	d := &door{t: t, db: storetest.DB(t), people: newMemPeople(), secret: testSecret, now: eventDay}
	d.svc = badges.NewService(d.db, d.people, d.secret, slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.svc.SetClock(d.clock)
	if err := d.svc.EnsureIndexes(storetest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d *door) clock() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.now
}

func (d *door) setClock(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.now = t
}

// person registers a confirmed on-site participant of eventID; edit adjusts it.
func (d *door) person(eventID, first, last string, edit ...func(*badges.Person)) badges.Person {
	p := badges.Person{
		RegistrationID: datastore.NewID(),
		EventID:        eventID,
		FirstName:      first,
		LastName:       last,
		Organisation:   "Region Västerbotten",
		Category:       badges.CategoryParticipant,
		Status:         badges.StatusConfirmed,
		OnSite:         true,
		Diet:           "Vegetarisk",
		RegisteredAt:   eventDay.Add(-30 * 24 * time.Hour),
	}
	for _, e := range edit {
		e(&p)
	}
	d.people.put(p)
	return p
}

func (d *door) code(p badges.Person) string { return d.svc.Coder().Code(p.RegistrationID) }

// link creates and authorises a scanner link valid all day.
func (d *door) link(eventID, station string) badges.Link {
	d.t.Helper()
	ctx := storetest.Ctx(d.t)
	_, token, err := d.svc.CreateLink(ctx, eventID, badges.LinkInput{
		Station: station, ValidFrom: eventDay.Add(-time.Hour), ValidUntil: eventDay.Add(12 * time.Hour),
	})
	if err != nil {
		d.t.Fatal(err)
	}
	l, err := d.svc.Authorize(ctx, token)
	if err != nil {
		d.t.Fatal(err)
	}
	return l
}

func (d *door) scan(l badges.Link, code, sessionID string) badges.ScanResult {
	d.t.Helper()
	res, err := d.svc.Scan(storetest.Ctx(d.t), l, code, sessionID)
	if err != nil {
		d.t.Fatalf("scan: %v", err)
	}
	return res
}

// checkins returns the stored check-in documents matching filter.
func (d *door) checkins(filter bson.D) []bson.M {
	d.t.Helper()
	return d.find("badge_checkins", filter)
}

func (d *door) find(coll string, filter bson.D) []bson.M {
	d.t.Helper()
	ctx := storetest.Ctx(d.t)
	cur, err := d.db.Collection(coll).Find(ctx, filter)
	if err != nil {
		d.t.Fatal(err)
	}
	var out []bson.M
	if err := cur.All(ctx, &out); err != nil {
		d.t.Fatal(err)
	}
	return out
}

func wantOutcome(t testing.TB, what string, res badges.ScanResult, want badges.Outcome) {
	t.Helper()
	if res.Outcome != want {
		t.Fatalf("%s: outcome %q, want %q (%+v)", what, res.Outcome, want, res)
	}
}
