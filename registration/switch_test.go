package registration_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// hybridWorld is a hybrid event with one seat on site and one online.
func hybridWorld(t *testing.T) (*world, events.Event) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 1, 1, "https://meet.example.se/x"
	})
	return w, ev
}

func (w *world) register(ev events.Event, i int, mode string) registration.Result {
	w.t.Helper()
	in := person(i)
	in.Mode = mode
	r, err := w.svc.Register(storetest.Ctx(w.t), ev.ID, in, "sv")
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *world) reg(id string) registration.Registration {
	w.t.Helper()
	r, err := w.svc.Registration(storetest.Ctx(w.t), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func wantReg(t *testing.T, r registration.Registration, mode events.Mode, status registration.Status) {
	t.Helper()
	if r.Mode != mode || r.Status != status {
		t.Fatalf("%s is %s %s, want %s %s", r.LastName, r.Mode, r.Status, mode, status)
	}
}

func TestSwitchingModeKeepsThePlaceUntilItSucceeds(t *testing.T) {
	w, ev := hybridWorld(t)
	ctx := storetest.Ctx(t)
	a := w.register(ev, 0, "on_site") // the on-site seat
	b := w.register(ev, 1, "digital") // the online place
	c := w.register(ev, 2, "on_site") // waits on site
	if c.Position != 1 {
		t.Fatalf("c waits as %d", c.Position)
	}

	// Online is full and a will not wait: nothing changes, c still waits first.
	if _, err := w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, false, nil); !errors.Is(err, registration.ErrFull) {
		t.Fatalf("switch into a full mode without waiting: %v", err)
	}
	wantReg(t, w.reg(a.Registration.ID), events.ModeOnSite, registration.StatusConfirmed)
	wantReg(t, w.reg(c.Registration.ID), events.ModeOnSite, registration.StatusWaiting)
	if late := w.register(ev, 3, "digital"); late.Position != 1 {
		t.Fatalf("the refused switch must leave no place in the online line: a newcomer waits as %d", late.Position)
	}

	// a accepts the online waiting list: the on-site seat goes to c at once.
	res, err := w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, true, nil)
	if err != nil || res.Position != 2 {
		t.Fatalf("switch onto the waiting list: position %d, %v (the newcomer is ahead)", res.Position, err)
	}
	wantReg(t, w.reg(a.Registration.ID), events.ModeDigital, registration.StatusWaiting)
	wantReg(t, w.reg(c.Registration.ID), events.ModeOnSite, registration.StatusConfirmed)
	if len(w.mail.of("promoted", c.Registration.Email)) != 1 {
		t.Error("c is told of the seat a gave up")
	}
	if m := w.mail.of("mode_changed", a.Registration.Email); len(m) != 1 || contains(m[0].Text, "meet.example.se") || !contains(m[0].Text, "nummer 2") {
		t.Errorf("mode change mail to a waiting person: %+v", m)
	}

	// b and the newcomer leave: a gets the online place, by the promotion of this switch.
	if _, err := w.svc.Cancel(ctx, b.Registration.ID, b.ManageToken); err != nil {
		t.Fatal(err)
	}
	if late := w.reg(w.listed(ev, 3).ID); late.Status == registration.StatusConfirmed {
		if _, err := w.svc.CancelByOrganiser(ctx, late.ID); err != nil {
			t.Fatal(err)
		}
	}
	wantReg(t, w.reg(a.Registration.ID), events.ModeDigital, registration.StatusConfirmed)
	if len(w.mail.of("promoted", a.Registration.Email)) != 1 {
		t.Error("a is told of the online place")
	}

	// Back on site, where c has the seat: a waits, and the earlier promotion (of the
	// online ticket) does not confirm a on the new one.
	res, err = w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeOnSite, true, nil)
	if err != nil || res.Position != 1 {
		t.Fatalf("switch back: %d %v", res.Position, err)
	}
	got := w.reg(a.Registration.ID)
	wantReg(t, got, events.ModeOnSite, registration.StatusWaiting)
	if got.Switches != 2 {
		t.Errorf("switches %d, want 2", got.Switches)
	}
	list, err := w.svc.List(ctx, ev.ID, registration.ListFilter{Mode: events.ModeOnSite, Status: registration.StatusWaiting})
	if err != nil || len(list) != 1 || list[0].ID != a.Registration.ID {
		t.Fatalf("waiting on site: %+v %v", list, err)
	}
	if pos, _ := w.svc.Position(ctx, got); pos != 1 {
		t.Errorf("position %d, want 1", pos)
	}
	if _, err := w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeOnSite, true, nil); !errors.Is(err, registration.ErrSameMode) {
		t.Errorf("switch to the mode it has: %v", err)
	}
}

// listed finds the registration of person i in the event.
func (w *world) listed(ev events.Event, i int) registration.Registration {
	w.t.Helper()
	list, err := w.svc.List(storetest.Ctx(w.t), ev.ID, registration.ListFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, r := range list {
		if r.Email == person(i).Email {
			return r
		}
	}
	w.t.Fatalf("person %d not registered", i)
	return registration.Registration{}
}

func TestSwitchingWithWorkshopsGivesThemUp(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 10, 10, "https://meet.example.se/x"
	})
	ws := w.workshop(ev, "Sal A", "2026-10-14T13:00", "2026-10-14T14:00", 1)
	ctx := storetest.Ctx(t)
	in := person(0)
	in.Mode, in.Workshops = "on_site", []string{ws.ID}
	a, err := w.svc.Register(ctx, ev.ID, in, "sv")
	if err != nil {
		t.Fatal(err)
	}
	in = person(1)
	in.Mode, in.Workshops = "on_site", []string{ws.ID}
	b, err := w.svc.Register(ctx, ev.ID, in, "sv")
	if err != nil || b.Registration.Workshops[0].Status != registration.StatusWaiting {
		t.Fatalf("b waits for the workshop: %+v %v", b.Registration.Workshops, err)
	}
	if _, err := w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, false, nil); err != nil {
		t.Fatal(err)
	}
	if got := w.reg(a.Registration.ID); len(got.Workshops) != 0 {
		t.Errorf("workshops are held on site: %+v", got.Workshops)
	}
	if got := w.reg(b.Registration.ID); got.Workshops[0].Status != registration.StatusConfirmed {
		t.Errorf("the workshop seat goes to b: %+v", got.Workshops)
	}
	if m := w.mail.of("mode_changed", a.Registration.Email); len(m) != 1 || !contains(m[0].Text, "meet.example.se/x") {
		t.Errorf("the digital participant gets the link: %+v", m)
	}
}

// Ten simultaneous switches of one registration: one happens, the place in the
// other line is held once, and the old seat is free.
func TestSimultaneousSwitchesOfOneRegistration(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 1, 2, "https://meet.example.se/x"
	})
	ctx := storetest.Ctx(t)
	a := w.register(ev, 0, "on_site")
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, false, nil)
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		// A loser may also see the line crowded by the others' passing tickets.
		case errors.Is(err, registration.ErrSwitchConflict), errors.Is(err, registration.ErrSameMode), errors.Is(err, registration.ErrFull):
		default:
			t.Errorf("switch: %v", err)
		}
	}
	if ok > 1 {
		t.Fatalf("%d switches happened, want 1", ok)
	}
	if ok == 0 { // every one of them gave way: nothing changed, and a switch alone succeeds
		wantReg(t, w.reg(a.Registration.ID), events.ModeOnSite, registration.StatusConfirmed)
		if _, err := w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, false, nil); err != nil {
			t.Fatal(err)
		}
	}
	wantReg(t, w.reg(a.Registration.ID), events.ModeDigital, registration.StatusConfirmed)
	// Exactly one online place is held: the next gets the last one, the one after waits.
	if r := w.register(ev, 1, "digital"); r.Registration.Status != registration.StatusConfirmed {
		t.Fatalf("second online place: %s", r.Registration.Status)
	}
	if r := w.register(ev, 2, "digital"); r.Position != 1 {
		t.Fatalf("third online: position %d, want 1", r.Position)
	}
	if r := w.register(ev, 3, "on_site"); r.Registration.Status != registration.StatusConfirmed {
		t.Fatalf("the on-site seat a left: %s", r.Registration.Status)
	}
}

// A cancellation at the moment of a switch stays a cancellation and leaves no seat held.
func TestSwitchAndCancelAtOnce(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 1, 1, "https://meet.example.se/x"
	})
	ctx := storetest.Ctx(t)
	for i := range 5 {
		a := w.register(ev, 10+i, "on_site")
		var wg sync.WaitGroup
		wg.Go(func() { _, _ = w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, false, nil) })
		wg.Go(func() {
			if _, err := w.svc.Cancel(ctx, a.Registration.ID, a.ManageToken); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		if got := w.reg(a.Registration.ID); got.Status != registration.StatusCancelled {
			t.Fatalf("round %d: %s after cancel", i, got.Status)
		}
	}
	if _, err := w.svc.Repair(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if r := w.register(ev, 1, "digital"); r.Registration.Status != registration.StatusConfirmed {
		t.Errorf("online place left held: %s", r.Registration.Status)
	}
	if r := w.register(ev, 2, "on_site"); r.Registration.Status != registration.StatusConfirmed {
		t.Errorf("on-site seat left held: %s", r.Registration.Status)
	}
}

// A write that undid a switch on the document (the embedded store's lost updates) is
// put right by the repair pass, which keeps the new place and frees the old one.
func TestRepairRestoresASwitchTheDocumentLost(t *testing.T) {
	w, ev := hybridWorld(t)
	ctx := storetest.Ctx(t)
	w.svc.SetRepairGrace(0)
	a := w.register(ev, 0, "on_site")
	if _, err := w.svc.SwitchMode(ctx, a.Registration.ID, a.ManageToken, events.ModeDigital, false, nil); err != nil {
		t.Fatal(err)
	}
	// A concurrent write of the whole document, read before the switch.
	old := a.Registration
	if _, err := w.db.Collection("registrations").ReplaceOne(ctx, bson.D{{Key: "_id", Value: old.ID}}, old); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(time.Minute)
	rep, err := w.svc.Repair(context.WithoutCancel(ctx), time.Time{})
	if err != nil || rep.Completed == 0 {
		t.Fatalf("repair: %+v %v", rep, err)
	}
	got := w.reg(a.Registration.ID)
	wantReg(t, got, events.ModeDigital, registration.StatusConfirmed)
	if got.Switches != 1 {
		t.Errorf("switches %d", got.Switches)
	}
	if r := w.register(ev, 1, "digital"); r.Position != 1 {
		t.Errorf("a's online place must still count: newcomer %s %d", r.Registration.Status, r.Position)
	}
	if r := w.register(ev, 2, "on_site"); r.Registration.Status != registration.StatusConfirmed {
		t.Errorf("the old on-site seat is free: %s", r.Registration.Status)
	}
}
