package registration_test

import (
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// What requests that died half way leave in the store, written the way the
// registration path writes it (lines.go, register.go, transitions.go), and what one
// repair pass makes of it.
type leftovers struct {
	w    *world
	ev   events.Event
	line string
}

func (l leftovers) insert(coll string, doc bson.D) {
	l.w.t.Helper()
	if _, err := l.w.db.Collection(coll).InsertOne(storetest.Ctx(l.w.t), doc); err != nil {
		l.w.t.Fatal(err)
	}
}

// deadRequest: the e-mail key and a ticket with its holder, and no registration.
func (l leftovers) deadRequest(regID, email string, ticket int64, at time.Time) {
	l.insert("registration_keys", bson.D{{Key: "_id", Value: registration.KeyID(l.w.svc, l.ev.ID, email)}, {Key: "registration_id", Value: regID}, {Key: "event_id", Value: l.ev.ID}, {Key: "at", Value: at}})
	l.ticket(regID, ticket, at)
	l.insert("line_holders", bson.D{{Key: "_id", Value: l.line + "@" + regID}, {Key: "line", Value: l.line}, {Key: "ticket", Value: ticket}, {Key: "at", Value: at}})
}

// ticket alone: the request died between taking it and recording its holder.
func (l leftovers) ticket(regID string, n int64, at time.Time) {
	l.insert("line_tickets", bson.D{{Key: "_id", Value: l.line + "^" + strconv.FormatInt(n, 10)}, {Key: "line", Value: l.line}, {Key: "number", Value: n}, {Key: "registration_id", Value: regID}, {Key: "at", Value: at}})
}

// liveTickets is how many places in the line count: tickets minus departures.
func (l leftovers) liveTickets() int64 {
	ctx := storetest.Ctx(l.w.t)
	taken, err := l.w.db.Collection("line_tickets").CountDocuments(ctx, bson.D{{Key: "line", Value: l.line}})
	if err != nil {
		l.w.t.Fatal(err)
	}
	gone, err := l.w.db.Collection("line_departures").CountDocuments(ctx, bson.D{{Key: "line", Value: l.line}})
	if err != nil {
		l.w.t.Fatal(err)
	}
	return taken - gone
}

func TestRepairPassReleasesWhatDeadRequestsLeft(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = 3 })
	ctx := storetest.Ctx(t)
	l := leftovers{w: w, ev: ev, line: ev.ID + "|on_site"}
	var res []registration.Result
	for i := range 3 { // tickets 1, 2, 3: the event is full
		r, err := w.svc.Register(ctx, ev.ID, person(i), "sv")
		if err != nil || r.Registration.Status != registration.StatusConfirmed {
			t.Fatalf("registration %d: %v %v", i, r.Registration.Status, err)
		}
		res = append(res, r)
	}
	old, young := w.now.Add(-10*time.Minute), w.now.Add(-10*time.Second)
	// Ticket 4 was reserved and never inserted (a gap), 5 taken by a request that died
	// before its holder, 6 with key and holder by one that died before its registration;
	// other instances have moved on (the shared hint says 6).
	l.ticket("deadreg5", 5, old)
	l.deadRequest("deadreg6", "kvar@umea.se", 6, old)
	l.insert("line_tickets", bson.D{{Key: "_id", Value: l.line + "^max"}, {Key: "line", Value: l.line + "^hint"}, {Key: "number", Value: 6}})
	second := w.service(w.db)
	waiting, err := second.Register(ctx, ev.ID, person(10), "sv") // ticket 7
	// 8 is a request still under way (younger than the grace period).
	l.deadRequest("deadreg8", "pagar@umea.se", 8, young)
	if err != nil || waiting.Registration.Ticket != 7 || waiting.Position != 4 {
		t.Fatalf("before the repair: ticket %d, position %d (%v); the gap and the dead tickets count as 3 people ahead", waiting.Registration.Ticket, waiting.Position, err)
	}
	// A cancellation recorded by a request that stopped right after (seat and e-mail key still held).
	l.insert("registration_transitions", bson.D{{Key: "_id", Value: res[1].Registration.ID + "|cancelled"}, {Key: "event_id", Value: ev.ID},
		{Key: "registration_id", Value: res[1].Registration.ID}, {Key: "kind", Value: "cancelled"}, {Key: "at", Value: old}})
	if r, _ := w.svc.Registration(ctx, res[1].Registration.ID); r.Status != registration.StatusCancelled {
		t.Fatalf("a recorded cancellation is a cancellation at once, whatever the document says: %s", r.Status)
	}

	// Two instances repair at the same moment.
	reports := make([]registration.RepairReport, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, svc := range []*registration.Service{w.svc, second} {
		wg.Go(func() { reports[i], errs[i] = svc.Repair(ctx, time.Time{}) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	total := registration.RepairReport{}
	for _, r := range reports {
		total.KeysFreed += r.KeysFreed
		total.GapsClosed += r.GapsClosed
	}
	if total.KeysFreed != 1 || total.GapsClosed != 1 {
		t.Errorf("keys freed %d, gaps closed %d; want 1 and 1 (%+v)", total.KeysFreed, total.GapsClosed, reports)
	}

	// The cancelled seat went to the waiting person, whose place now counts only real people.
	if r, _ := w.svc.Registration(ctx, waiting.Registration.ID); r.Status != registration.StatusConfirmed {
		t.Errorf("after the repair the first on the waiting list has %s, want confirmed", r.Status)
	}
	doc := struct {
		Status registration.Status `bson:"status"`
	}{}
	if err := w.db.Collection("registrations").FindOne(ctx, bson.D{{Key: "_id", Value: res[1].Registration.ID}}).Decode(&doc); err != nil || doc.Status != registration.StatusCancelled {
		t.Errorf("the cancelled registration's document says %s (%v)", doc.Status, err)
	}
	if len(w.mail.of("cancellation", res[1].Registration.Email)) != 1 {
		t.Error("the repaired cancellation is mailed once")
	}
	// Live places: the three confirmed (1, 3, 7) and the request still under way (8).
	if n := l.liveTickets(); n != 4 {
		t.Errorf("%d live tickets, want 4", n)
	}
	counts, err := w.svc.Count(ctx, ev)
	if err != nil || counts.Confirmed != 3 || counts.Waiting != 0 {
		t.Errorf("counts after the repair: %+v %v", counts, err)
	}
	// The dead requests can never come back: their registrations are tombstones.
	for _, id := range []string{"deadreg5", "deadreg6"} {
		if found, void, err := datastore.Lookup(ctx, w.db.Collection("registrations"), id); err != nil || !found || !void {
			t.Errorf("%s: found %v void %v (%v), want a tombstone", id, found, void, err)
		}
	}
	if found, _, _ := datastore.Lookup(ctx, w.db.Collection("registrations"), "deadreg8"); found {
		t.Error("a request younger than the grace period is left alone")
	}
	// The locked-out address registers. So does the one whose earlier try is still
	// under way: its retry settles that try as dead (a tombstone), so the two never
	// both appear, and the address ends with one registration.
	in := person(20)
	in.Email = "kvar@umea.se"
	if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); err != nil {
		t.Errorf("the locked-out address: %v", err)
	}
	in.Email = "pagar@umea.se"
	if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); err != nil {
		t.Errorf("a retry while an earlier try is under way: %v", err)
	}
	if found, void, _ := datastore.Lookup(ctx, w.db.Collection("registrations"), "deadreg8"); !found || !void {
		t.Error("the earlier try is settled by a tombstone, so it can never appear beside the retry")
	}
	if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); !errors.Is(err, registration.ErrAlreadyRegistered) {
		t.Errorf("a third try of a registered address: %v, want already registered", err)
	}
	// A second pass finds nothing more to do.
	again, err := w.svc.Repair(ctx, time.Time{})
	if err != nil || again.KeysFreed+again.TicketsReleased+again.GapsClosed+again.Completed != 0 {
		t.Errorf("second pass: %+v %v", again, err)
	}
}

// An address locked out by a request that died more than the grace period ago is let
// in at once, without waiting for the repair pass.
func TestRetryOfALockedOutAddressSucceeds(t *testing.T) {
	w := newWorld(t)
	ev := w.event(nil)
	l := leftovers{w: w, ev: ev, line: ev.ID + "|on_site"}
	l.deadRequest("deadreg1", "asa.oberg1@umea.se", 1, w.now.Add(-time.Hour))
	ctx := storetest.Ctx(t)
	res, err := w.svc.Register(ctx, ev.ID, person(1), "sv")
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if res.Registration.Status != registration.StatusConfirmed {
		t.Fatalf("retry: %s", res.Registration.Status)
	}
	if err := w.svc.ResendManageLink(ctx, ev.ID, "asa.oberg1@umea.se"); err != nil {
		t.Fatal(err)
	}
	if len(w.mail.of("manage_link", "asa.oberg1@umea.se")) != 1 {
		t.Error("the address now has its registration and its link")
	}
}
