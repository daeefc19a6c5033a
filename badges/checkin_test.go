package badges_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/badges"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

// Five stations scan one badge at the same moment, twenty times over with fresh
// registrations: each time exactly one scan checks the person in, the other four say
// "already checked in" naming the winner's station and time, and exactly one check-in
// document exists.
func TestConcurrentScansOfOneBadgeFromFiveStations(t *testing.T) {
	d := newDoor(t)
	const stations, rounds = 5, 20
	links := make([]badges.Link, stations)
	for i := range links {
		links[i] = d.link("ev1", fmt.Sprintf("Entré %c", 'A'+i))
	}
	for round := range rounds {
		p := d.person("ev1", "Runda", fmt.Sprint(round))
		code := d.code(p)
		results := make([]badges.ScanResult, stations)
		errs := make([]error, stations)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range stations {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				results[i], errs[i] = d.svc.Scan(storetest.Ctx(t), links[i], code, "")
			}()
		}
		close(start)
		wg.Wait()

		winner := -1
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, station %d: %v", round, i, err)
			}
			if results[i].Outcome == badges.OutcomeOK {
				if winner >= 0 {
					t.Fatalf("round %d: stations %d and %d both checked the badge in", round, winner, i)
				}
				winner = i
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: nobody checked the badge in: %+v", round, results)
		}
		won := results[winner]
		if won.Station != links[winner].Station || won.Name != "Runda "+fmt.Sprint(round) {
			t.Fatalf("round %d: winner's result %+v", round, won)
		}
		for i, r := range results {
			if i == winner {
				continue
			}
			wantOutcome(t, fmt.Sprintf("round %d station %d", round, i), r, badges.OutcomeAlreadyCheckedIn)
			if r.Station != links[winner].Station || !r.CheckedInAt.Equal(won.CheckedInAt) || r.RegistrationID != p.RegistrationID {
				t.Fatalf("round %d station %d: %+v does not name the first check-in (%s at %v)", round, i, r, links[winner].Station, won.CheckedInAt)
			}
		}
		docs := d.checkins(bson.D{{Key: "registration_id", Value: p.RegistrationID}})
		if len(docs) != 1 {
			t.Fatalf("round %d: %d check-in documents, want 1", round, len(docs))
		}
		if docs[0]["_id"] != p.RegistrationID+"|event" || docs[0]["station"] != links[winner].Station || docs[0]["link_id"] != links[winner].ID {
			t.Fatalf("round %d: stored %v", round, docs[0])
		}
	}
	if n := len(d.checkins(bson.D{{Key: "event_id", Value: "ev1"}})); n != rounds {
		t.Fatalf("%d check-ins stored, want %d", n, rounds)
	}
}

func TestScanChecksInOnceAndShowsWhatTheDoorNeeds(t *testing.T) {
	d := newDoor(t)
	a := d.link("ev1", "Entré A")
	b := d.link("ev1", "Entré B")
	p := d.person("ev1", "Åsa", "Öberg", func(p *badges.Person) {
		p.Organisation, p.Category, p.Diet, p.Accessibility = "Umeå kommun", badges.CategorySpeaker, "Glutenfri", "Rullstol"
	})
	d.person("ev1", "Bo", "Ek")

	d.setClock(eventDay.Add(5 * time.Minute))
	res := d.scan(a, strings.ToLower(d.code(p))+"\r\n", "") // a keyboard-wedge scanner
	wantOutcome(t, "first scan", res, badges.OutcomeOK)
	first := eventDay.Add(5 * time.Minute)
	if res.Name != "Åsa Öberg" || res.Organisation != "Umeå kommun" || res.Category != badges.CategorySpeaker ||
		res.Diet != "Glutenfri" || res.Accessibility != "Rullstol" || res.RegistrationID != p.RegistrationID ||
		res.Station != "Entré A" || !res.CheckedInAt.Equal(first) {
		t.Fatalf("ok result %+v", res)
	}
	if res.CheckedIn != 1 || res.Expected != 2 {
		t.Fatalf("figures %d/%d, want 1/2", res.CheckedIn, res.Expected)
	}

	d.setClock(eventDay.Add(9 * time.Minute))
	res = d.scan(b, d.code(p), "")
	wantOutcome(t, "second scan", res, badges.OutcomeAlreadyCheckedIn)
	if res.Station != "Entré A" || !res.CheckedInAt.Equal(first) || res.Name != "Åsa Öberg" || res.CheckedIn != 1 {
		t.Fatalf("already result %+v, want the first check-in at Entré A %v", res, first)
	}

	docs := d.checkins(bson.D{{Key: "_id", Value: p.RegistrationID + "|event"}})
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	at, _ := docs[0]["at"].(bson.DateTime)
	if docs[0]["event_id"] != "ev1" || docs[0]["scope"] != "event" || docs[0]["method"] != "scan" || !at.Time().Equal(first) {
		t.Fatalf("stored %v", docs[0])
	}
}

func TestScanRefusesWhatMustNotEnter(t *testing.T) {
	d := newDoor(t)
	link := d.link("ev1", "Entré")
	ok := d.person("ev1", "Anna", "Svensson")
	otherEvent := d.person("ev2", "Karl", "Berg")
	cancelled := d.person("ev1", "Cecilia", "Lind", func(p *badges.Person) { p.Status = badges.StatusCancelled })
	waiting := d.person("ev1", "Wilma", "Väntesson", func(p *badges.Person) { p.Status = badges.StatusWaiting })
	digital := d.person("ev1", "Dag", "Digital", func(p *badges.Person) { p.OnSite = false })

	code := d.code(ok)
	forged := code[:len(code)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(code, "A")]
	otherSecret := badges.NewCoder([]byte("someone-elses-secret-0123456789-xyz")).Code(ok.RegistrationID)
	unknown := d.svc.Coder().Code(datastore.NewID()) // a valid code of no registration

	for _, c := range []struct {
		name string
		code string
		want badges.Outcome
	}{
		{"forged MAC", forged, badges.OutcomeInvalid},
		{"forged id", code[:3] + strings.ToUpper(otherEvent.RegistrationID) + code[19:], badges.OutcomeInvalid},
		{"truncated", code[:30], badges.OutcomeInvalid},
		{"other secret", otherSecret, badges.OutcomeInvalid},
		{"junk", "https://evil.example/", badges.OutcomeInvalid},
		{"unknown registration", unknown, badges.OutcomeInvalid},
		{"other event", d.code(otherEvent), badges.OutcomeWrongEvent},
		{"cancelled", d.code(cancelled), badges.OutcomeCancelled},
		{"waiting list", d.code(waiting), badges.OutcomeWaitingList},
		{"digital", d.code(digital), badges.OutcomeNotOnSite},
	} {
		res := d.scan(link, c.code, "")
		wantOutcome(t, c.name, res, c.want)
		if res.Name != "" || res.Organisation != "" || res.Diet != "" || res.RegistrationID != "" {
			t.Errorf("%s: a refused badge shows personal details: %+v", c.name, res)
		}
		if res.Expected != 1 {
			t.Errorf("%s: expected figure %d, want 1", c.name, res.Expected)
		}
	}
	if docs := d.checkins(bson.D{}); len(docs) != 0 {
		t.Fatalf("refused scans stored check-ins: %v", docs)
	}

	// A badge stops working when its registration is cancelled, even after arriving.
	wantOutcome(t, "before cancelling", d.scan(link, code, ""), badges.OutcomeOK)
	d.people.setStatus(ok.RegistrationID, badges.StatusCancelled)
	wantOutcome(t, "after cancelling", d.scan(link, code, ""), badges.OutcomeCancelled)
}

// A link only checks people in to its own event: a badge of event B shown at event
// A's door is "wrong event", and an event-A link cannot undo event-B check-ins.
func TestLinkOfOneEventWithBadgeOfAnother(t *testing.T) {
	d := newDoor(t)
	linkA := d.link("evA", "Entré A")
	linkB := d.link("evB", "Entré B")
	pb := d.person("evB", "Britt", "Berg")

	wantOutcome(t, "A's link, B's badge", d.scan(linkA, d.code(pb), ""), badges.OutcomeWrongEvent)
	res, err := d.svc.ManualCheckIn(storetest.Ctx(t), linkA, pb.RegistrationID, "")
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, "A's link, manual B", res, badges.OutcomeWrongEvent)
	wantOutcome(t, "B's link, B's badge", d.scan(linkB, d.code(pb), ""), badges.OutcomeOK)
	if err := d.svc.Undo(storetest.Ctx(t), badges.ByLink(linkA), pb.RegistrationID, ""); !errors.Is(err, badges.ErrNotFound) {
		t.Fatalf("undo through another event's link: %v, want ErrNotFound", err)
	}
	if n := len(d.checkins(bson.D{{Key: "registration_id", Value: pb.RegistrationID}})); n != 1 {
		t.Fatalf("%d check-ins after a refused undo, want 1", n)
	}
}

func TestUndoThenScanAgain(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	a := d.link("ev1", "Entré A")
	b := d.link("ev1", "Entré B")
	p := d.person("ev1", "Elsa", "Nord")

	d.setClock(eventDay.Add(2 * time.Minute))
	wantOutcome(t, "scan", d.scan(a, d.code(p), ""), badges.OutcomeOK)

	d.setClock(eventDay.Add(3 * time.Minute))
	if err := d.svc.Undo(ctx, badges.ByLink(b), p.RegistrationID, ""); err != nil {
		t.Fatal(err)
	}
	if docs := d.checkins(bson.D{{Key: "registration_id", Value: p.RegistrationID}}); len(docs) != 0 {
		t.Fatalf("check-in still stored after undo: %v", docs)
	}
	audit := d.find("badge_checkin_undos", bson.D{{Key: "registration_id", Value: p.RegistrationID}})
	if len(audit) != 1 {
		t.Fatalf("%d audit records, want 1", len(audit))
	}
	undone, _ := audit[0]["undone_at"].(bson.DateTime)
	checked, _ := audit[0]["checked_in_at"].(bson.DateTime)
	if audit[0]["event_id"] != "ev1" || audit[0]["scope"] != "event" || audit[0]["station"] != "Entré B" || audit[0]["link_id"] != b.ID ||
		audit[0]["checked_in_station"] != "Entré A" || !undone.Time().Equal(eventDay.Add(3*time.Minute)) || !checked.Time().Equal(eventDay.Add(2*time.Minute)) {
		t.Fatalf("audit record %v", audit[0])
	}

	if err := d.svc.Undo(ctx, badges.ByLink(b), p.RegistrationID, ""); !errors.Is(err, badges.ErrNotFound) {
		t.Fatalf("second undo: %v, want ErrNotFound", err)
	}
	if n := len(d.find("badge_checkin_undos", bson.D{})); n != 1 {
		t.Fatalf("a failed undo left an audit record: %d records", n)
	}

	d.setClock(eventDay.Add(4 * time.Minute))
	res := d.scan(b, d.code(p), "")
	wantOutcome(t, "scan after undo", res, badges.OutcomeOK)
	if res.Station != "Entré B" || !res.CheckedInAt.Equal(eventDay.Add(4*time.Minute)) {
		t.Fatalf("new check-in %+v", res)
	}

	// Organisers can undo too; the record names them.
	d.setClock(eventDay.Add(5 * time.Minute))
	if err := d.svc.Undo(ctx, badges.ByOrganiser("ev1", "org@lansstyrelsen.se"), p.RegistrationID, ""); err != nil {
		t.Fatal(err)
	}
	undos, err := d.svc.Undos(ctx, "ev1")
	if err != nil || len(undos) != 2 {
		t.Fatalf("Undos: %+v, %v", undos, err)
	}
	if undos[0].Station != "Entré B" || undos[1].Organiser != "org@lansstyrelsen.se" || undos[1].CheckedInStation != "Entré B" ||
		!undos[1].CheckedInAt.Equal(eventDay.Add(4*time.Minute)) {
		t.Fatalf("Undos %+v", undos)
	}
}

// A workshop has its own check-in, independent of the entrance's; only people with a
// confirmed seat in that workshop get in.
func TestSessionCheckInIsIndependent(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	link := d.link("ev1", "Sal 3")
	seated := d.person("ev1", "Sara", "Plats", func(p *badges.Person) { p.Workshops = []string{"ws1", "ws2"} })
	other := d.person("ev1", "Olle", "Annan", func(p *badges.Person) { p.Workshops = []string{"ws2"} })
	d.person("ev1", "Tove", "Tredje", func(p *badges.Person) { p.Workshops = []string{"ws1"} })

	res := d.scan(link, d.code(seated), "ws1")
	wantOutcome(t, "workshop", res, badges.OutcomeOK)
	if res.SessionID != "ws1" || res.CheckedIn != 1 || res.Expected != 2 {
		t.Fatalf("workshop result %+v, want figures 1/2", res)
	}
	wantOutcome(t, "workshop again", d.scan(link, d.code(seated), "ws1"), badges.OutcomeAlreadyCheckedIn)
	wantOutcome(t, "no seat", d.scan(link, d.code(other), "ws1"), badges.OutcomeNoWorkshopSeat)
	res = d.scan(link, d.code(seated), "")
	wantOutcome(t, "entrance after workshop", res, badges.OutcomeOK)
	if res.Expected != 3 || res.CheckedIn != 1 {
		t.Fatalf("entrance figures %d/%d, want 1/3", res.CheckedIn, res.Expected)
	}
	wantOutcome(t, "other workshop", d.scan(link, d.code(seated), "ws2"), badges.OutcomeOK)

	ids := map[string]bool{}
	for _, doc := range d.checkins(bson.D{{Key: "registration_id", Value: seated.RegistrationID}}) {
		ids[doc["_id"].(string)] = true
	}
	want := []string{seated.RegistrationID + "|event", seated.RegistrationID + "|session:ws1", seated.RegistrationID + "|session:ws2"}
	if len(ids) != len(want) {
		t.Fatalf("check-ins %v, want %v", ids, want)
	}
	for _, id := range want {
		if !ids[id] {
			t.Fatalf("check-ins %v, want %v", ids, want)
		}
	}

	if err := d.svc.Undo(ctx, badges.ByLink(link), seated.RegistrationID, "ws1"); err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, "entrance after undoing the workshop", d.scan(link, d.code(seated), ""), badges.OutcomeAlreadyCheckedIn)
	wantOutcome(t, "workshop after undo", d.scan(link, d.code(seated), "ws1"), badges.OutcomeOK)
}

func TestManualCheckInAndSearch(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	link := d.link("ev1", "Infodisken")
	asa := d.person("ev1", "Åsa", "Öberg", func(p *badges.Person) { p.Organisation = "Region Jämtland Härjedalen" })
	anna := d.person("ev1", "Anna", "Svensson", func(p *badges.Person) { p.Organisation = "Umeå kommun" })
	d.person("ev1", "Erik", "Åberg", func(p *badges.Person) { p.Organisation = "Länsstyrelsen Västerbotten" })
	gone := d.person("ev1", "Asad", "Khan", func(p *badges.Person) { p.Status = badges.StatusCancelled; p.Organisation = "Skellefteå kommun" })
	d.person("ev2", "Åsa", "Annan")

	names := func(hits []badges.SearchHit) string {
		var out []string
		for _, h := range hits {
			out = append(out, h.FullName())
		}
		return strings.Join(out, ", ")
	}
	for _, c := range []struct {
		query string
		limit int
		want  string
	}{
		{"asa", 0, "Asad Khan, Åsa Öberg"},
		{"ÅSA öberg", 0, "Åsa Öberg"},
		{"oberg", 0, "Åsa Öberg"},
		{"  umea ", 0, "Anna Svensson"},
		{"kommun", 0, "Asad Khan, Anna Svensson"},
		{"berg", 0, "Erik Åberg, Åsa Öberg"},
		{"berg", 1, "Erik Åberg"},
		{"jamtland asa", 0, "Åsa Öberg"},
		{"zzz", 0, ""},
		{"   ", 0, ""},
	} {
		hits, err := d.svc.Search(ctx, "ev1", c.query, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(hits); got != c.want {
			t.Errorf("Search(%q, %d) = %q, want %q", c.query, c.limit, got, c.want)
		}
	}

	d.setClock(eventDay.Add(20 * time.Minute))
	res, err := d.svc.ManualCheckIn(ctx, link, asa.RegistrationID, "")
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, "manual", res, badges.OutcomeOK)
	if res.Name != "Åsa Öberg" || res.Station != "Infodisken" {
		t.Fatalf("manual result %+v", res)
	}
	docs := d.checkins(bson.D{{Key: "_id", Value: asa.RegistrationID + "|event"}})
	if len(docs) != 1 || docs[0]["method"] != "manual" {
		t.Fatalf("stored %v", docs)
	}
	// The badge then says "already", and so does a second manual check-in.
	wantOutcome(t, "badge after manual", d.scan(link, d.code(asa), ""), badges.OutcomeAlreadyCheckedIn)
	res, err = d.svc.ManualCheckIn(ctx, link, asa.RegistrationID, "")
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, "manual again", res, badges.OutcomeAlreadyCheckedIn)

	hits, err := d.svc.Search(ctx, "ev1", "a", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		want := h.RegistrationID == asa.RegistrationID
		if h.CheckedIn != want {
			t.Errorf("%s: checked in %v, want %v", h.FullName(), h.CheckedIn, want)
		}
		if want && (h.Station != "Infodisken" || !h.CheckedInAt.Equal(eventDay.Add(20*time.Minute))) {
			t.Errorf("%s: %+v", h.FullName(), h)
		}
	}
	if len(hits) != 4 {
		t.Errorf("Search(a) found %d, want 4 (the event's registrations in any status)", len(hits))
	}

	for _, c := range []struct {
		name, id string
		want     badges.Outcome
	}{
		{"cancelled", gone.RegistrationID, badges.OutcomeCancelled},
		{"unknown", "abcdefghijkmnpqr", badges.OutcomeInvalid},
		{"empty", "", badges.OutcomeInvalid},
	} {
		res, err := d.svc.ManualCheckIn(ctx, link, c.id, "")
		if err != nil {
			t.Fatal(err)
		}
		wantOutcome(t, "manual "+c.name, res, c.want)
	}
	res, err = d.svc.ManualCheckIn(ctx, link, anna.RegistrationID, "ws9")
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, "manual without a seat", res, badges.OutcomeNoWorkshopSeat)
}

// A scan never waits for the station figures to be read again: when they are stale
// and the store is slow to list the event's people, the scan answers with the last
// figures (its own check-in counted) while one refresh runs behind it, and the
// figures are fresh once it is done.
func TestScansDoNotWaitForTheFiguresRefresh(t *testing.T) {
	d := newDoor(t)
	l := d.link("ev1", "Entré")
	var ps []badges.Person
	for _, name := range []string{"Anna", "Bo", "Cecilia"} {
		ps = append(ps, d.person("ev1", name, "Lund"))
	}
	if res := d.scan(l, d.code(ps[0]), ""); res.CheckedIn != 1 || res.Expected != 3 {
		t.Fatalf("first scan: %d of %d", res.CheckedIn, res.Expected)
	}
	// Another instance checks Cecilia in; the figures here go stale.
	other := badges.NewService(d.db, d.people, d.secret, nil)
	other.SetClock(d.clock)
	if _, err := other.Scan(storetest.Ctx(t), l, d.code(ps[2]), ""); err != nil {
		t.Fatal(err)
	}
	d.setClock(eventDay.Add(time.Minute))
	release := d.people.block()
	defer release()
	done := make(chan badges.ScanResult, 1)
	go func() {
		res, err := d.svc.Scan(storetest.Ctx(t), l, d.code(ps[1]), "")
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res.Outcome != badges.OutcomeOK || res.CheckedIn != 2 || res.Expected != 3 {
			t.Errorf("scan during the refresh: %s, %d of %d (the last figures and its own check-in)", res.Outcome, res.CheckedIn, res.Expected)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the scan waited for the slow store to list the event's people")
	}
	release()
	// The refresh reads the store's truth: three checked in.
	for deadline := time.Now().Add(30 * time.Second); ; {
		res := d.scan(l, d.code(ps[0]), "") // already checked in: only the figures
		if res.CheckedIn == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the figures were not refreshed: %d", res.CheckedIn)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
