package registration_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const testSecret = "test-secret-test-secret-test-secret-0123"

// mailbox records what the service queued; the outbox and SMTP are tested in platform/outbox
// and end to end in app.
type mailbox struct {
	mu   sync.Mutex
	mail []registration.Mail
}

// Send records mail as the outbox queues it: a mail with an ID once.
func (m *mailbox) Send(_ context.Context, mail registration.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.mail {
		if mail.ID != "" && x.ID == mail.ID {
			return nil
		}
	}
	m.mail = append(m.mail, mail)
	return nil
}

func (m *mailbox) Withdraw(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.mail {
		if x.ID == id {
			m.mail = append(m.mail[:i], m.mail[i+1:]...)
			return nil
		}
	}
	return nil
}

func (m *mailbox) of(kind, to string) []registration.Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []registration.Mail
	for _, x := range m.mail {
		if (kind == "" || x.Kind == kind) && (to == "" || x.To == to) {
			out = append(out, x)
		}
	}
	return out
}

// world is one test's store with an organisation and helpers to build events.
type world struct {
	t      testing.TB
	db     *mongo.Database
	events *events.Store
	svc    *registration.Service
	mail   *mailbox
	org    events.Organisation
	now    time.Time
}

func newWorld(t testing.TB) *world {
	t.Helper()
	db := storetest.DB(t)
	w := &world{t: t, db: db, events: events.NewStore(db), mail: &mailbox{}, now: time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)}
	w.svc = w.service(db)
	ctx := storetest.Ctx(t)
	if err := w.events.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	org, err := w.events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	w.org = org
	return w
}

// service builds a registration service on db, as another app instance would.
func (w *world) service(db *mongo.Database) *registration.Service {
	svc := registration.NewService(db, events.NewStore(db), w.mail, "http://events.test", []byte(testSecret), slog.New(slog.NewTextHandler(io.Discard, nil)))
	svc.SetClock(func() time.Time { return w.now })
	if err := svc.EnsureIndexes(storetest.Ctx(w.t)); err != nil {
		w.t.Fatal(err)
	}
	return svc
}

// event creates and publishes an event; change adjusts the input first.
func (w *world) event(change func(*events.EventInput)) events.Event {
	w.t.Helper()
	in := events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen", TitleEN: "Public Health Conference",
			VenueName: "Folkets hus", VenueCity: "Umeå", Mode: "on_site", CapacityOnSite: 100},
		Start: "2026-10-14T09:00", End: "2026-10-14T16:00",
	}
	if change != nil {
		change(&in)
	}
	ctx := storetest.Ctx(w.t)
	ev, err := w.events.CreateEvent(ctx, w.org.ID, in)
	if err != nil {
		w.t.Fatal(err)
	}
	if ev, err = w.events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		w.t.Fatal(err)
	}
	return ev
}

func (w *world) workshop(ev events.Event, title, start, end string, seats int) events.Session {
	w.t.Helper()
	se, err := w.events.AddSession(storetest.Ctx(w.t), ev.ID, events.SessionInput{TitleSV: title, Start: start, End: end, Kind: "workshop", Room: title, SeatLimit: seats})
	if err != nil {
		w.t.Fatal(err)
	}
	return se
}

func person(i int) registration.Input {
	return registration.Input{
		FirstName: "Åsa", LastName: fmt.Sprintf("Öberg %04d", i), Email: fmt.Sprintf("asa.oberg%d@umea.se", i),
		Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", Role: "Folkhälsostrateg",
		PrivacyOK: true, WaitlistOK: true, Gender: "kvinna",
	}
}
