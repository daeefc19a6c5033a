package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/app"
	"folkhalsa-events/config"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/registration"
)

const faultSecret = "fault-test-secret-fault-test-secret-0123"

// Two instances share the embedded store of the first (A, with its port pinned; B
// through MONGODB_URI). A burst of registrations goes to both and B is killed with
// SIGKILL in the middle. Afterwards nothing acknowledged is lost, nobody is
// overbooked, and after one repair pass no seat is held by nobody and every address
// that did not get in can register. Then A (and its store) is killed and restarted:
// B answers 503 meanwhile, never 500, and serves again by itself.
func TestRegistrationsSurviveAKilledInstance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service as processes")
	}
	n, seats, concurrency := 600, 300, 40
	if raceEnabled {
		n, seats, concurrency = 200, 100, 20
	}
	storeAddr := freeAddr(t)
	env := func(name string, extra ...string) map[string]string {
		e := map[string]string{
			"SECRET_KEY": faultSecret, "BASE_URL": "http://events.test", "LISTEN_ADDR": freeAddr(t),
			"DATA_DIR": t.TempDir(), "LOG_FORMAT": "json", "LOG_LEVEL": "info", "SHUTDOWN_TIMEOUT": "5s",
			"REQUEST_TIMEOUT": "5s", "REPAIR_GRACE": "10s", "REPAIR_INTERVAL": "1h", "TRUSTED_PROXIES": "127.0.0.1",
		}
		for i := 0; i+1 < len(extra); i += 2 {
			e[extra[i]] = extra[i+1]
		}
		return e
	}
	a := startProc(t, "A", env("A", "EMBEDDED_DB_ADDR", storeAddr))
	b := startProc(t, "B", env("B", "MONGODB_URI", "mongodb://"+storeAddr+"/"))
	dump := func() {
		t.Helper()
		t.Logf("%s\n%s", a.tail(60), b.tail(60))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	deps, db := connectDeps(t, ctx, storeAddr)
	org, err := deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen i Jönköpings län", Kind: "lansstyrelse", County: "06"})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	ev, err := deps.Events.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen", VenueName: "Elmia", VenueCity: "Jönköping", Mode: "on_site", CapacityOnSite: seats},
		Start:        day + "T09:00", End: day + "T16:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/public/events/" + ev.ID + "/registrations"
	person := func(i int) map[string]any {
		return map[string]any{
			"first_name": "Ebba", "last_name": fmt.Sprintf("Lind %04d", i), "email": fmt.Sprintf("ebba%04d@jonkoping.se", i),
			"organisation": "Jönköpings kommun", "org_type": "kommun", "municipality": "Jönköping",
			"privacy_accepted": true, "waitlist_ok": true,
		}
	}
	ip := func(i, try int) string { return fmt.Sprintf("10.%d.%d.%d", try, i/250, i%250) }

	// The burst; B dies when half of it has been sent.
	answers := make([]answer, n)
	var sent atomic.Int64
	var killOnce sync.Once
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			target := []*proc{a, b}[i%2]
			if sent.Add(1) == int64(n/2) {
				killOnce.Do(func() { go b.kill() })
			}
			answers[i] = postJSON(target.addr, path, person(i), "X-Forwarded-For", ip(i, 0))
		})
	}
	wg.Wait()
	b.kill()

	stored := map[string]bool{} // e-mail → has a registration
	created := 0
	for i, ans := range answers {
		switch {
		case ans.err != nil: // B was killed with the request in flight: stored or not, nobody was told
		case ans.status == 201:
			created++
			var out struct {
				Registration struct{ ID, Email string } `json:"registration"`
			}
			if err := json.Unmarshal([]byte(ans.body), &out); err != nil {
				t.Fatalf("registration %d: %v %s", i, err, ans.body)
			}
			r, err := deps.Registrations.Registration(ctx, out.Registration.ID)
			if err != nil || r.Email != out.Registration.Email || r.Status == registration.StatusCancelled {
				t.Errorf("registration %d was acknowledged and is lost: %+v %v", i, r, err)
			}
			if ok, err := datastore.Exists(ctx, db.Collection("outbox"), r.ID+"|registered"); err != nil || !ok {
				t.Errorf("registration %d (%s) has no confirmation queued (%v)", i, r.ID, err)
			}
		case ans.status == 503:
		default:
			t.Errorf("registration %d: %d %s", i, ans.status, ans.body)
		}
	}
	t.Logf("%d of %d acknowledged before and around the kill", created, n)
	if created < n/4 {
		dump()
		t.Fatalf("only %d registrations acknowledged", created)
	}

	// One repair pass, once the requests B left half made are older than the grace period.
	time.Sleep(11 * time.Second)
	report, err := deps.Registrations.Repair(ctx, time.Time{})
	if err != nil {
		dump()
		t.Fatalf("repair: %v", err)
	}
	t.Logf("repair pass: %+v", report)
	list, err := deps.Registrations.List(ctx, ev.ID, registration.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	confirmed := 0
	for _, r := range list {
		stored[r.Email] = true
		if r.Status == registration.StatusConfirmed {
			confirmed++
		}
	}
	live := liveTickets(t, ctx, db, ev.ID+"|on_site")
	keys, err := deps.Registrations.AuditKeys(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if confirmed > seats || (len(list) >= seats && confirmed != seats) || live != int64(len(list)) || keys.Held != len(list) || keys.Unsettled != 0 || len(keys.Doubled) != 0 {
		dump()
		t.Fatalf("after the repair: %d confirmed on %d seats, %d registrations, %d live tickets, e-mail keys %+v", confirmed, seats, len(list), live, keys)
	}
	// Everyone who did not get in registers now.
	for i := range n {
		if stored[fmt.Sprintf("ebba%04d@jonkoping.se", i)] {
			continue
		}
		if ans := postJSON(a.addr, path, person(i), "X-Forwarded-For", ip(i, 1)); ans.status != 201 {
			dump()
			t.Fatalf("address %d, locked out? %d %s %v", i, ans.status, ans.body, ans.err)
		}
	}

	// A and its store go away; B answers 503 meanwhile and comes back by itself.
	b.start()
	a.kill()
	for _, p := range []string{"/", "/api/v1/public/events"} {
		if ans := getURL(b.addr, p); ans.status != 503 {
			dump()
			t.Fatalf("GET %s on B with the store away: %d %v %s", p, ans.status, ans.err, ans.body)
		}
	}
	if ans := postJSON(b.addr, path, person(n+1), "X-Forwarded-For", ip(n+1, 2)); ans.status != 503 {
		t.Errorf("registration on B with the store away: %d %s", ans.status, ans.body)
	}
	a.start()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ans := postJSON(b.addr, path, person(n+2), "X-Forwarded-For", ip(n+2, 3))
		if ans.status == 201 {
			break
		}
		if (ans.status != 503 && ans.err == nil) || time.Now().After(deadline) {
			dump()
			t.Fatalf("B after the store came back: %d %v %s", ans.status, ans.err, ans.body)
		}
		time.Sleep(500 * time.Millisecond)
	}
	if n := a.count500() + b.count500(); n > 0 {
		dump()
		t.Fatalf("%d requests answered with a 5xx other than 503", n)
	}
}

// connectDeps wires the service's stores on the store at addr, as an instance would.
func connectDeps(t *testing.T, ctx context.Context, addr string) (app.Deps, *mongo.Database) {
	t.Helper()
	getenv := func(k string) string {
		return map[string]string{"MONGODB_URI": "mongodb://" + addr + "/", "SECRET_KEY": faultSecret, "BASE_URL": "http://events.test", "REPAIR_GRACE": "10s", "REQUEST_TIMEOUT": "5s"}[k]
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	store, err := datastore.ConnectStore(ctx, cfg.MongoURI, cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Client.Disconnect(context.Background()) })
	deps, err := app.BuildDeps(ctx, cfg, store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return deps, store.DB
}

// liveTickets is how many places in a line count: tickets minus departures.
func liveTickets(t *testing.T, ctx context.Context, db *mongo.Database, line string) int64 {
	t.Helper()
	taken, err := db.Collection("line_tickets").CountDocuments(ctx, bson.D{{Key: "line", Value: line}})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := db.Collection("line_departures").CountDocuments(ctx, bson.D{{Key: "line", Value: line}})
	if err != nil {
		t.Fatal(err)
	}
	return taken - gone
}
