package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// proxiedStore opens a second connection to the test database through a Proxy.
func proxiedStore(t *testing.T, db string) (*apptest.Proxy, *datastore.Store) {
	t.Helper()
	u, err := url.Parse(storetest.URI())
	if err != nil || strings.Contains(u.Host, ",") {
		t.Skipf("the store at %q is not one host to put a proxy in front of", storetest.URI())
	}
	p := apptest.StartProxy(t, u.Host)
	store, err := datastore.ConnectStore(storetest.Ctx(t), "mongodb://"+p.Addr()+"/?maxPoolSize=16", db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Client.Disconnect(context.Background()) })
	return p, store
}

// A burst at concurrency 200 on a store made slow: requests wait within their
// deadline and past it get 503 with Retry-After and a message, never a 500; every
// acknowledged registration is stored with its confirmation queued; nobody is
// overbooked; and after a repair pass no seat is held by nobody.
func TestRegistrationBurstOnASlowStore(t *testing.T) {
	// The deadline is short enough that a good part of the burst misses it, and long
	// enough that the first admitted requests finish on a busy machine, or under the
	// race detector (which slows everything about tenfold).
	n, concurrency, seats, timeout := 400, 200, 100, "4s"
	if raceEnabled {
		n, concurrency, seats, timeout = 100, 50, 25, "20s"
	}
	env := []apptest.Option{apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0"), apptest.WithEnv("REQUEST_TIMEOUT", timeout), apptest.WithEnv("REPAIR_GRACE", "40s")}
	fast := apptest.New(t, env...)
	proxy, store := proxiedStore(t, fast.DB.Name())
	slow := apptest.NewOnStore(t, store, append(env, apptest.Anonymous())...)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	org, err := fast.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Gävleborg", Kind: "region", County: "21"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	ev, err := fast.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsodagen", VenueName: "Gävle konserthus", Mode: "on_site", CapacityOnSite: seats},
		Start:        start + "T09:00", End: start + "T16:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fast.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	proxy.SetDelay(15 * time.Millisecond) // each way, for every exchange with the store

	type answer struct {
		status int
		id     string
		body   string
		retry  string
	}
	answers := make([]answer, n)
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			body := regJSONPerson(fmt.Sprintf("person%04d@gavle.se", i))
			body["waitlist_ok"] = true
			r := slow.SendJSON(t, "POST", "/api/v1/public/events/"+ev.ID+"/registrations", body, "X-Forwarded-For", fmt.Sprintf("10.2.%d.%d", i/250, i%250))
			a := answer{status: r.Status, body: r.Text(), retry: r.Header.Get("Retry-After")}
			if r.Status == 201 {
				var out struct {
					Registration struct{ ID string } `json:"registration"`
				}
				r.JSON(t, &out)
				a.id = out.Registration.ID
			}
			answers[i] = a
		})
	}
	wg.Wait()
	proxy.SetDelay(0)

	counts := map[int]int{}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf(format, args...)
	}
	for i, a := range answers {
		counts[a.status]++
		switch a.status {
		case 201, 409:
		case 503:
			if a.retry == "" || !strings.Contains(a.body, `"unavailable"`) || !strings.Contains(a.body, "Försök igen") {
				fail("registration %d: 503 without Retry-After or message: %q %s", i, a.retry, a.body)
			}
		default:
			fail("registration %d: status %d, body %s", i, a.status, a.body)
		}
	}
	t.Logf("answers: %v", counts)
	if counts[201] == 0 {
		fail("no registration got through the slow store")
	}
	// Every acknowledged registration is stored, with its confirmation queued.
	for i, a := range answers {
		if a.status != 201 {
			continue
		}
		if _, err := fast.Deps.Registrations.Registration(ctx, a.id); err != nil {
			fail("registration %d was acknowledged (%s) and is not stored: %v", i, a.id, err)
		}
		if ok, err := datastore.Exists(ctx, fast.DB.Collection("outbox"), a.id+"|registered"); err != nil || !ok {
			fail("registration %d (%s) has no confirmation queued (%v)", i, a.id, err)
		}
	}
	// Nobody overbooked; once the repair pass has run, no seat is held by nobody.
	fast.Deps.Registrations.SetClock(func() time.Time { return time.Now().Add(time.Minute) }) // past REPAIR_GRACE
	if err := repairPass(ctx, fast.Deps.Registrations); err != nil {
		fail("repair: %v", err)
	}
	list, err := fast.Deps.Registrations.List(ctx, ev.ID, registration.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	confirmed, active := 0, 0
	for _, r := range list {
		if r.Status == registration.StatusConfirmed {
			confirmed++
		}
		if r.Status != registration.StatusCancelled {
			active++
		}
	}
	if confirmed > seats || (active >= seats && confirmed != seats) {
		fail("%d confirmed of %d active registrations on %d seats", confirmed, active, seats)
	}
	if live := liveTickets(t, fast, ev.ID+"|on_site"); live != int64(active) {
		fail("%d live tickets for %d active registrations: seats held by nobody", live, active)
	}
	keys, err := fast.Deps.Registrations.AuditKeys(ctx, ev.ID)
	if err != nil || keys.Held != active || keys.Unsettled != 0 || len(keys.Doubled) != 0 {
		fail("e-mail keys %+v for %d active registrations (%v): addresses held by nobody, or twice", keys, active, err)
	}
	if t.Failed() {
		t.Logf("log of the instance on the slow store:\n%s", slow.Logs())
	}
}

// liveTickets is how many places in a line count: tickets minus departures (the
// shared hint document "<line>^max" is not a ticket).
func liveTickets(t *testing.T, s *apptest.Server, line string) int64 {
	t.Helper()
	ctx := storetest.Ctx(t)
	taken, err := s.DB.Collection("line_tickets").CountDocuments(ctx, bson.D{{Key: "line", Value: line}})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.DB.Collection("line_departures").CountDocuments(ctx, bson.D{{Key: "line", Value: line}})
	if err != nil {
		t.Fatal(err)
	}
	return taken - gone
}

// While the store is away every route that needs it answers 503 with Retry-After (the
// health routes stay up), and the instance serves again by itself once it is back.
func TestStoreAwayAnswers503AndRecovers(t *testing.T) {
	fast := apptest.New(t)
	proxy, store := proxiedStore(t, fast.DB.Name())
	s := apptest.NewOnStore(t, store, apptest.Anonymous())
	if r := s.Get(t, "/", "Accept", "text/html"); r.Status != 200 {
		t.Fatalf("before: %d", r.Status)
	}
	proxy.Down()
	for _, path := range []string{"/", "/api/v1/public/events", "/events/x/register"} {
		r := s.Get(t, path)
		if r.Status != 503 || r.Header.Get("Retry-After") == "" || r.ErrorCode() != "unavailable" {
			t.Errorf("GET %s with the store away: %d Retry-After %q %s", path, r.Status, r.Header.Get("Retry-After"), r.Body)
		}
	}
	if r := s.Get(t, "/healthz"); r.Status != 200 {
		t.Errorf("healthz with the store away: %d", r.Status)
	}
	if r := s.Get(t, "/readyz"); r.Status != 503 {
		t.Errorf("readyz with the store away: %d", r.Status)
	}
	proxy.Up()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := s.Get(t, "/api/v1/public/events")
		if r.Status == 200 {
			break
		}
		if r.Status != 503 || time.Now().After(deadline) {
			t.Fatalf("after the store came back: %d %s\n%s", r.Status, r.Body, s.Logs())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if strings.Contains(s.Logs(), `"status":500`) {
		t.Errorf("a request answered 500:\n%s", s.Logs())
	}
}
