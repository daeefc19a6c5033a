package badges_test

import (
	"testing"
	"time"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestStatsAfterScansAtKnownTimes(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	entrance := d.link("ev1", "Entré")
	hall := d.link("ev1", "Sal 2")

	ws := func(p *badges.Person) { p.Workshops = []string{"ws1"} }
	p1 := d.person("ev1", "Per", "Ett", ws)
	p2 := d.person("ev1", "Pia", "Två")
	p3 := d.person("ev1", "Pål", "Tre", ws)
	sp := d.person("ev1", "Stina", "Talare", func(p *badges.Person) { p.Category = badges.CategorySpeaker; ws(p) })
	st := d.person("ev1", "Sven", "Stab", func(p *badges.Person) { p.Category = badges.CategoryStaff })
	d.person("ev1", "Vera", "Väntar", func(p *badges.Person) { p.Status = badges.StatusWaiting; ws(p) })
	d.person("ev1", "Carl", "Avbokad", func(p *badges.Person) { p.Status = badges.StatusCancelled })
	d.person("ev1", "Dora", "Digital", func(p *badges.Person) { p.OnSite = false })
	d.person("ev2", "Ulf", "Annat")

	// Arrivals at 08:05 and 08:14 (quarter 08:00), 08:20 (08:15), 08:50 (08:45).
	at := func(min int) time.Time { return eventDay.Add(time.Duration(min) * time.Minute) }
	for _, s := range []struct {
		min int
		p   badges.Person
	}{{5, p1}, {14, sp}, {20, st}, {50, p2}} {
		d.setClock(at(s.min))
		wantOutcome(t, s.p.FullName(), d.scan(entrance, d.code(s.p), ""), badges.OutcomeOK)
	}
	d.setClock(at(55))
	wantOutcome(t, "again", d.scan(entrance, d.code(p1), ""), badges.OutcomeAlreadyCheckedIn) // counts once
	d.setClock(at(61))
	res := d.scan(hall, d.code(p1), "ws1")
	wantOutcome(t, "workshop", res, badges.OutcomeOK)

	d.setClock(at(70))
	got, err := d.svc.Stats(ctx, "ev1", "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Expected != 5 || got.CheckedIn != 4 || got.StillExpected != 1 {
		t.Fatalf("expected/checked in/still expected = %d/%d/%d, want 5/4/1", got.Expected, got.CheckedIn, got.StillExpected)
	}
	wantCats := []badges.CategoryStats{
		{Category: badges.CategoryParticipant, Expected: 3, CheckedIn: 2},
		{Category: badges.CategorySpeaker, Expected: 1, CheckedIn: 1},
		{Category: badges.CategoryOrganiser, Expected: 0, CheckedIn: 0},
		{Category: badges.CategoryStaff, Expected: 1, CheckedIn: 1},
		{Category: badges.CategoryGuest, Expected: 0, CheckedIn: 0},
	}
	if len(got.ByCategory) != len(wantCats) {
		t.Fatalf("by category %+v", got.ByCategory)
	}
	for i, c := range wantCats {
		if got.ByCategory[i] != c {
			t.Errorf("category %d: %+v, want %+v", i, got.ByCategory[i], c)
		}
	}
	wantBuckets := []struct {
		clock string
		n     int
	}{{"08:00", 2}, {"08:15", 1}, {"08:30", 0}, {"08:45", 1}}
	if len(got.Arrivals) != len(wantBuckets) {
		t.Fatalf("arrivals %+v", got.Arrivals)
	}
	for i, b := range wantBuckets {
		a := got.Arrivals[i]
		if a.Start.Location() != events.Stockholm || a.Start.Format("15:04") != b.clock || a.Count != b.n ||
			!a.Start.Equal(eventDay.Add(time.Duration(i)*badges.BucketSize)) {
			t.Errorf("bucket %d: %s %d, want %s %d", i, a.Start.Format(time.RFC3339), a.Count, b.clock, b.n)
		}
	}

	// The workshop: seats for Per, Pål and Stina (Vera waits), Per arrived at 09:01.
	wsStats, err := d.svc.Stats(ctx, "ev1", "ws1")
	if err != nil {
		t.Fatal(err)
	}
	if wsStats.Expected != 3 || wsStats.CheckedIn != 1 || wsStats.StillExpected != 2 || wsStats.SessionID != "ws1" {
		t.Fatalf("workshop stats %+v", wsStats)
	}
	if len(wsStats.Arrivals) != 1 || wsStats.Arrivals[0].Start.Format("15:04") != "09:00" || wsStats.Arrivals[0].Count != 1 {
		t.Fatalf("workshop arrivals %+v", wsStats.Arrivals)
	}
	if wsStats.ByCategory[1] != (badges.CategoryStats{Category: badges.CategorySpeaker, Expected: 1, CheckedIn: 0}) {
		t.Fatalf("workshop speakers %+v", wsStats.ByCategory[1])
	}

	// Undoing a check-in and someone still expected arriving change the figures.
	if err := d.svc.Undo(ctx, badges.ByLink(entrance), st.RegistrationID, ""); err != nil {
		t.Fatal(err)
	}
	d.setClock(at(75))
	res = d.scan(entrance, d.code(p3), "")
	wantOutcome(t, "Pål", res, badges.OutcomeOK)
	if res.CheckedIn != 4 || res.Expected != 5 {
		t.Fatalf("station figures %d/%d, want 4/5", res.CheckedIn, res.Expected)
	}
	got, err = d.svc.Stats(ctx, "ev1", "")
	if err != nil {
		t.Fatal(err)
	}
	if got.CheckedIn != 4 || got.StillExpected != 1 || got.ByCategory[3].CheckedIn != 0 || got.ByCategory[0].CheckedIn != 3 {
		t.Fatalf("after undo and a new arrival: %+v", got)
	}
	if n := len(got.Arrivals); n != 6 || got.Arrivals[2].Count != 0 || got.Arrivals[5].Count != 1 || got.Arrivals[5].Start.Format("15:04") != "09:15" {
		t.Fatalf("arrivals after undo %+v", got.Arrivals)
	}

	// An event nobody has arrived at yet.
	empty, err := d.svc.Stats(ctx, "ev2", "")
	if err != nil {
		t.Fatal(err)
	}
	if empty.Expected != 1 || empty.CheckedIn != 0 || empty.StillExpected != 1 || len(empty.Arrivals) != 0 {
		t.Fatalf("ev2 stats %+v", empty)
	}
}
