package app_test

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// Two app instances (two Fiber apps on one store) take a burst of registrations through
// the public JSON API: the seats and the workshop are never overbooked. The clients
// come from many addresses (through a trusted proxy) so the per-address limit does
// not stop the burst.
func TestRegistrationBurstAcrossTwoInstances(t *testing.T) {
	clock := apptest.WithClock(time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm))
	proxy := apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0/0")
	first := apptest.New(t, clock, proxy)
	second := apptest.NewOn(t, first.DB, clock, proxy, apptest.Anonymous())
	n, seats, wsSeats := 400, 40, 8
	if raceEnabled {
		n, seats, wsSeats = 100, 10, 2
	}
	ctx := storetest.Ctx(t)
	store := first.Deps.Events
	org, err := store.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Jämtland Härjedalen", Kind: "region", County: "23"})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := store.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsodagen", VenueName: "Storsjöteatern", Mode: "on_site", CapacityOnSite: seats},
		Start:        "2026-10-20T09:00", End: "2026-10-20T16:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := store.AddSession(ctx, ev.ID, events.SessionInput{TitleSV: "Workshop", Kind: "workshop", Room: "Sal 1", Start: "2026-10-20T13:00", End: "2026-10-20T14:00", SeatLimit: wsSeats})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}

	statuses, bodies := make([]int, n), make([]string, n)
	var retried atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			server := []*apptest.Server{first, second}[i%2]
			body := map[string]any{
				"first_name": "Östen", "last_name": fmt.Sprintf("Åkerlund %03d", i), "email": fmt.Sprintf("osten%d@ostersund.se", i),
				"organisation": "Östersunds kommun", "org_type": "kommun", "municipality": "Östersund",
				"workshops": []string{ws.ID}, "privacy_accepted": true, "waitlist_ok": true,
			}
			// A busy machine may make the store too slow for some requests: they get 503
			// and try again, as a browser's user would (a 409 then means an earlier try
			// was stored after all).
			for try := 0; ; try++ {
				r := server.SendJSON(t, "POST", "/api/v1/public/events/"+ev.ID+"/registrations", body,
					"X-Forwarded-For", fmt.Sprintf("10.1.%d.%d", i/250, i%250))
				statuses[i], bodies[i] = r.Status, r.Text()
				if r.Status == http.StatusConflict && try > 0 && r.ErrorCode() == "already_registered" {
					statuses[i] = http.StatusCreated
				}
				if r.Status != http.StatusServiceUnavailable || try == 5 {
					break
				}
				retried.Add(1)
				time.Sleep(time.Duration(200*(try+1)) * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusCreated {
			t.Fatalf("registration %d: status %d, body %s\nlog of the first instance:\n%s\nlog of the second:\n%s",
				i, st, bodies[i], first.Logs(), second.Logs())
		}
	}
	if retried.Load() > 0 {
		// A request that timed out inside the store may leave a ticket number unused,
		// which counts as a seat until the repair pass closes it.
		t.Logf("%d tries got 503 and were repeated; repairing before counting", retried.Load())
		first.Deps.Registrations.SetClock(func() time.Time { return time.Date(2026, 9, 1, 12, 10, 0, 0, events.Stockholm) })
		if err := repairPass(ctx, first.Deps.Registrations); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := first.Deps.Registrations.Count(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Confirmed != seats || counts.Waiting != n-seats || counts.Workshops[0].Confirmed != wsSeats {
		t.Fatalf("confirmed %d (want %d), waiting %d (want %d), workshop %d (want %d)",
			counts.Confirmed, seats, counts.Waiting, n-seats, counts.Workshops[0].Confirmed, wsSeats)
	}
	list, _ := first.Deps.Registrations.List(ctx, ev.ID, registration.ListFilter{Status: registration.StatusWaiting})
	seen := map[int]bool{}
	for _, r := range list {
		p, err := first.Deps.Registrations.Position(ctx, r)
		if err != nil || p < 1 || p > n-seats || seen[p] {
			t.Fatalf("waiting-list position %d (%v) repeats or is out of range", p, err)
		}
		seen[p] = true
	}
}
