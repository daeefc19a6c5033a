package registration_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// burst registers n people at once, spread over the given services (app instances).
func burst(t *testing.T, svcs []*registration.Service, ev events.Event, n int, change func(int, *registration.Input)) []registration.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	results := make([]registration.Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := person(i)
			if change != nil {
				change(i, &in)
			}
			<-start
			results[i], errs[i] = svcs[i%len(svcs)].Register(ctx, ev.ID, in, "sv")
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("registration %d: %v", i, err)
		}
	}
	return results
}

// checkBurst asserts the outcome of a burst for `seats` on-site seats and a workshop.
func checkBurst(t *testing.T, w *world, ev events.Event, ws events.Session, results []registration.Result, seats, wsSeats int) {
	t.Helper()
	ctx := storetest.Ctx(t)
	list, err := w.svc.List(ctx, ev.ID, registration.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(results) {
		t.Fatalf("%d registrations stored, want %d: something was lost", len(list), len(results))
	}
	var confirmed, waiting, wsConfirmed int
	var waitingList []registration.Result
	for _, r := range results {
		switch r.Registration.Status {
		case registration.StatusConfirmed:
			confirmed++
			if r.Position != 0 {
				t.Errorf("confirmed with position %d", r.Position)
			}
			for _, c := range r.Registration.Workshops {
				if c.SessionID == ws.ID && c.Status == registration.StatusConfirmed {
					wsConfirmed++
				}
			}
		case registration.StatusWaiting:
			waiting++
			waitingList = append(waitingList, r)
		default:
			t.Errorf("unexpected status %s", r.Registration.Status)
		}
	}
	if confirmed != seats || waiting != len(results)-seats || wsConfirmed != wsSeats {
		t.Fatalf("confirmed %d (want %d), waiting %d (want %d), workshop %d (want %d)",
			confirmed, seats, waiting, len(results)-seats, wsConfirmed, wsSeats)
	}
	// The stored state agrees with what people were told.
	counts, err := w.svc.Count(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Confirmed != seats || counts.Waiting != len(results)-seats || counts.SeatsLeftOnSite != 0 || counts.Workshops[0].Confirmed != wsSeats || counts.Workshops[0].SeatsLeft != 0 {
		t.Fatalf("counts: %+v", counts)
	}
	// Nobody left the line, so the tickets are exactly 1..n: no number was lost or given twice.
	tickets := map[int64]bool{}
	for _, r := range list {
		tickets[r.Ticket] = true
	}
	for n := int64(1); n <= int64(len(results)); n++ {
		if !tickets[n] {
			t.Fatalf("ticket %d is missing: the line has a gap", n)
		}
	}
	if gone, _ := w.db.Collection("line_departures").CountDocuments(ctx, bson.D{}); gone != 0 {
		t.Fatalf("%d departures after a burst without cancellations", gone)
	}
	// Waiting-list positions are 1..n in arrival order.
	positions := make([]int, 0, len(waitingList))
	for _, r := range waitingList {
		p, err := w.svc.Position(ctx, r.Registration)
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, p)
	}
	// The waiting list is served in the order people joined it, which is also the
	// order of their positions, and each was told their position when they registered.
	sort.Slice(waitingList, func(i, j int) bool { return waitingList[i].Registration.Ticket < waitingList[j].Registration.Ticket })
	for i, r := range waitingList {
		p, _ := w.svc.Position(ctx, r.Registration)
		if p != i+1 || r.Position != p {
			t.Fatalf("the %d. to join the waiting list has position %d (was told %d)", i+1, p, r.Position)
		}
	}
	// The positions of a whole list from one read agree with each person's own.
	all, err := w.svc.Positions(ctx, ev, list)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range waitingList {
		if p, _ := w.svc.Position(ctx, r.Registration); all[r.Registration.ID] != p {
			t.Fatalf("Positions says %d for %s, Position %d", all[r.Registration.ID], r.Registration.ID, p)
		}
	}
	if len(all) != len(waitingList) {
		t.Fatalf("Positions has %d entries for %d waiting", len(all), len(waitingList))
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("positions are not 1..%d: %v...", len(positions), positions[:min(10, len(positions))])
		}
	}
}

func TestBurstOfConcurrentRegistrationsNeverOverbooks(t *testing.T) {
	w := newWorld(t)
	n, seats, wsSeats := burstSize(), burstSize()/10, burstSize()/50
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = seats })
	ws := w.workshop(ev, "Workshop om psykisk hälsa", "2026-10-14T13:00", "2026-10-14T14:00", wsSeats)
	results := burst(t, []*registration.Service{w.svc}, ev, n, func(_ int, in *registration.Input) { in.Workshops = []string{ws.ID} })
	checkBurst(t, w, ev, ws, results, seats, wsSeats)
	if got := len(w.mail.of("confirmation", "")); got != seats {
		t.Errorf("%d confirmations queued, want %d", got, seats)
	}
	if got := len(w.mail.of("waiting_list", "")); got != n-seats {
		t.Errorf("%d waiting-list mails queued, want %d", got, n-seats)
	}
}

// Two app instances (two clients, two services) share one store.
func TestBurstOnTwoInstancesSharingTheSeats(t *testing.T) {
	w := newWorld(t)
	n, seats, wsSeats := burstSize(), burstSize()/10, burstSize()/50
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = seats })
	ws := w.workshop(ev, "Workshop om levnadsvanor", "2026-10-14T13:00", "2026-10-14T14:00", wsSeats)
	client, err := datastore.Connect(storetest.Ctx(t), storetest.URI())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(storetest.Ctx(t))
	second := w.service(client.Database(w.db.Name()))
	results := burst(t, []*registration.Service{w.svc, second}, ev, n, func(_ int, in *registration.Input) { in.Workshops = []string{ws.ID} })
	checkBurst(t, w, ev, ws, results, seats, wsSeats)
}

func TestFullEventWithoutWaitingListStoresNothing(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = 1 })
	ctx := storetest.Ctx(t)
	if _, err := w.svc.Register(ctx, ev.ID, person(1), "sv"); err != nil {
		t.Fatal(err)
	}
	in := person(2)
	in.WaitlistOK = false
	if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); !errors.Is(err, registration.ErrFull) {
		t.Fatalf("want ErrFull, got %v", err)
	}
	list, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{})
	if len(list) != 1 {
		t.Fatalf("%d registrations stored, want 1", len(list))
	}
	// The refused address is free to try again later.
	in.WaitlistOK = true
	if res, err := w.svc.Register(ctx, ev.ID, in, "sv"); err != nil || res.Position != 1 {
		t.Fatalf("second try: %+v %v", res.Position, err)
	}
}

func TestCancellationPromotesTheFirstOnTheWaitingList(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = 2 })
	ws := w.workshop(ev, "Workshop A", "2026-10-14T13:00", "2026-10-14T14:00", 1)
	ctx := storetest.Ctx(t)
	var res []registration.Result
	for i := range 5 {
		in := person(i)
		in.Workshops = []string{ws.ID}
		r, err := w.svc.Register(ctx, ev.ID, in, "sv")
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, r)
	}
	if res[2].Position != 1 || res[3].Position != 2 || res[4].Position != 3 {
		t.Fatalf("positions %d %d %d", res[2].Position, res[3].Position, res[4].Position)
	}
	// The first participant held the workshop seat; cancelling frees both seats.
	if _, err := w.svc.Cancel(ctx, res[0].Registration.ID, res[0].ManageToken); err != nil {
		t.Fatal(err)
	}
	promoted, _ := w.svc.Registration(ctx, res[2].Registration.ID)
	if promoted.Status != registration.StatusConfirmed {
		t.Fatalf("first in line is %s", promoted.Status)
	}
	second, _ := w.svc.Registration(ctx, res[1].Registration.ID)
	if second.Workshops[0].Status != registration.StatusConfirmed {
		t.Errorf("the freed workshop seat goes to the first waiting for it (participant 2), got %s", second.Workshops[0].Status)
	}
	if len(w.mail.of("promoted", promoted.Email)) != 1 || len(w.mail.of("cancellation", res[0].Registration.Email)) != 1 {
		t.Error("promotion and cancellation e-mails must be queued once")
	}
	next, _ := w.svc.Registration(ctx, res[3].Registration.ID)
	if p, _ := w.svc.Position(ctx, next); p != 1 {
		t.Errorf("the next in line is now position %d, want 1", p)
	}
	// A new registration does not jump the queue.
	late, err := w.svc.Register(ctx, ev.ID, person(99), "sv")
	if err != nil || late.Registration.Status != registration.StatusWaiting || late.Position != 3 {
		t.Fatalf("late arrival: %s position %d %v", late.Registration.Status, late.Position, err)
	}
	// The cancelled address may register again, and again after a second
	// cancellation; never twice at once. A new link goes to the registration it has now.
	again, err := w.svc.Register(ctx, ev.ID, person(0), "sv")
	if err != nil {
		t.Fatalf("re-registering after cancellation: %v", err)
	}
	if _, err := w.svc.Register(ctx, ev.ID, person(0), "sv"); !errors.Is(err, registration.ErrAlreadyRegistered) {
		t.Fatalf("a second registration beside the new one: %v", err)
	}
	if _, err := w.svc.Cancel(ctx, again.Registration.ID, again.ManageToken); err != nil {
		t.Fatal(err)
	}
	third, err := w.svc.Register(ctx, ev.ID, person(0), "sv")
	if err != nil {
		t.Fatalf("re-registering after a second cancellation: %v", err)
	}
	if err := w.svc.ResendManageLink(ctx, ev.ID, strings.ToUpper(person(0).Email)); err != nil {
		t.Fatal(err)
	}
	if links := w.mail.of("manage_link", person(0).Email); len(links) != 1 || links[0].Ref != third.Registration.ID {
		t.Errorf("new link: %+v, want one for %s", links, third.Registration.ID)
	}
	if keys, err := w.svc.AuditKeys(ctx, ev.ID); err != nil || len(keys.Doubled) != 0 || keys.Spent != 2 {
		t.Errorf("e-mail keys %+v (%v): want the two cancelled ones spent, none doubled", keys, err)
	}
}

func TestHybridEventsHaveSeparatePools(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 1, 2, "https://meet.example.se/x"
	})
	ctx := storetest.Ctx(t)
	modes := []string{"on_site", "on_site", "digital", "digital", "digital"}
	var statuses []registration.Status
	for i, m := range modes {
		in := person(i)
		in.Mode = m
		r, err := w.svc.Register(ctx, ev.ID, in, "sv")
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, r.Registration.Status)
	}
	want := []registration.Status{"confirmed", "waiting", "confirmed", "confirmed", "waiting"}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses %v, want %v", statuses, want)
		}
	}
	digital := w.mail.of("confirmation", "asa.oberg2@umea.se")
	if len(digital) != 1 || !contains(digital[0].Text, "https://meet.example.se/x") {
		t.Error("digital participants get the online link in their confirmation")
	}
	if onsite := w.mail.of("confirmation", "asa.oberg0@umea.se"); len(onsite) != 1 || contains(onsite[0].Text, "meet.example.se") {
		t.Error("on-site participants do not get the online link")
	}
}
