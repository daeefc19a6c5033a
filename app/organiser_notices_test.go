package app_test

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox/smtptest"
)

// An organiser moves an event's times: the save leads to "Meddela deltagarna" with
// the mail for one participant and how many it goes to; sending it reaches exactly
// the confirmed and waiting participants, once however often it is sent, with the
// event's calendar at its new SEQUENCE. Then the event is cancelled through the API
// with "notify": true: the same people get a cancellation with STATUS:CANCELLED.
func TestChangeNoticesReachConfirmedAndWaiting(t *testing.T) {
	h, srv := smtpHarness(t)
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = 2 })
	for _, email := range []string{"a@umea.se", "b@umea.se", "c@umea.se", "d@umea.se"} {
		h.register(ev, with(regPerson(email), "waitlist_ok", "true")) // a, b seated; c, d wait
	}
	d := h.manageOf(ev, "d@umea.se")
	h.post(d+"/cancel", url.Values{"confirm": {"on"}}, 303)
	registrationMails := len(h.deliver(srv, 5)) // four registrations, one cancellation

	// The edit: an hour later, in another building.
	form := url.Values{
		"type": {"conference"}, "title_sv": {ev.Title.SV}, "title_en": {ev.Title.EN}, "mode": {"on_site"},
		"venue_name": {"Väven"}, "venue_city": {"Umeå"}, "municipality": {"Umeå"}, "capacity_on_site": {"2"},
		"capacity_digital": {"0"}, "visibility": {"public"},
		"start": {"2026-10-14T10:00"}, "end": {"2026-10-14T17:00"},
	}
	r := h.s.PostForm(t, "/organiser/events/"+ev.ID, form)
	loc := r.Header.Get("Location")
	if r.Status != 303 || !strings.HasPrefix(loc, "/organiser/events/"+ev.ID+"/notify?change=") {
		t.Fatalf("saving a change that concerns participants: %d %q\n%s", r.Status, loc, r.Body)
	}
	page := h.s.Get(t, loc, "Accept", "text/html")
	for _, want := range []string{"Meddela deltagarna", "Ändringen berör 3 deltagare", "Ändrat: " + ev.Title.SV,
		"Tid: onsdag 14 oktober 2026, 09:00–16:00 → onsdag 14 oktober 2026, 10:00–17:00", "Plats: Folkets hus, Umeå → Väven, Umeå"} {
		if !strings.Contains(page.Text(), want) {
			t.Errorf("the notice page lacks %q:\n%s", want, mainOf(page.Text()))
		}
	}
	change, _ := url.ParseQuery(strings.SplitN(loc, "?", 2)[1])
	for range 2 { // a second click sends nothing twice
		if r := h.s.PostForm(t, "/organiser/events/"+ev.ID+"/notify", url.Values{"change": {change.Get("change")}}); r.Status != 303 {
			t.Fatalf("send the notice: %d %s", r.Status, r.Body)
		}
	}
	notices := h.deliver(srv, registrationMails+3)[registrationMails:]
	checkNotices(t, notices, "Ändrat: "+ev.Title.SV, "CONFIRMED", "Väven")

	// Cancelled through the API, told at once.
	r = h.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/status", map[string]any{"status": "cancelled", "notify": true})
	var out struct {
		Event    events.Event `json:"event"`
		Notified int          `json:"notified"`
	}
	r.JSON(t, &out)
	if r.Status != 200 || out.Notified != 3 || out.Event.Status != events.StatusCancelled {
		t.Fatalf("cancel with notify: %d %+v %s", r.Status, out, r.Body)
	}
	all := h.deliver(srv, registrationMails+6)
	checkNotices(t, all[registrationMails+3:], "Inställt: "+ev.Title.SV, "CANCELLED", "ställt in")
	// Nobody is left to tell about a later change, and nothing more was sent.
	if got := len(srv.Messages()); got != registrationMails+6 {
		t.Errorf("%d mails in all, want %d", got, registrationMails+6)
	}
}

// checkNotices: one to each of a, b and c (not the cancelled d), each with the
// calendar in the given STATUS.
func checkNotices(t *testing.T, got []smtptest.Parsed, subject, status, says string) {
	t.Helper()
	to := map[string]bool{}
	for _, m := range got {
		to[strings.Trim(m.To, "<>")] = true
		if m.Subject != subject || !strings.Contains(m.Text, says) || !strings.Contains(m.HTML, says) {
			t.Errorf("notice to %s: %q\n%s", m.To, m.Subject, m.Text)
		}
		if !regManageLink.MatchString(m.Text) {
			t.Errorf("notice to %s has no manage link", m.To)
		}
		var cal []byte
		for _, a := range m.Attachments {
			if a.ContentType == "text/calendar" {
				cal = a.Data
			}
		}
		parsed, err := ics.ParseCalendar(bytes.NewReader(cal))
		if err != nil || len(parsed.Events()) != 1 {
			t.Errorf("notice to %s: calendar %v", m.To, err)
			continue
		}
		ve := parsed.Events()[0]
		if p := ve.GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != status {
			t.Errorf("notice to %s: STATUS %v, want %s", m.To, p, status)
		}
		if p := ve.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value == "0" {
			t.Errorf("notice to %s: SEQUENCE %v, want it raised", m.To, p)
		}
		// A cancelled event is taken out of the calendar: METHOD:CANCEL (RFC 5546),
		// as Python's icalendar reads it; a change is published again.
		want := map[bool]string{true: "CANCEL", false: "PUBLISH"}[status == "CANCELLED"]
		if c := icalendarOf(t, cal); c.Method != want || c.Status != status {
			t.Errorf("notice to %s: METHOD %q STATUS %q, want %s", m.To, c.Method, c.Status, want)
		}
	}
	if len(got) != 3 || !to["a@umea.se"] || !to["b@umea.se"] || !to["c@umea.se"] {
		t.Errorf("notices went to %v, want a, b and c", to)
	}
}

// Moving a workshop tells exactly those who chose it (not those of other workshops,
// not those who cancelled); renaming it tells nobody; taking it off the agenda tells
// its people again, with the manage link to choose another.
func TestWorkshopChangesTellThoseWhoChoseIt(t *testing.T) {
	h, srv := smtpHarness(t)
	ev := h.event(nil)
	ws1 := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 0)
	ws2 := h.workshop(ev, "Psykisk hälsa", "2026-10-14T10:00", "2026-10-14T11:00", "Sal B", 0)
	h.register(ev, with(regPerson("a@umea.se"), "workshops", ws1.ID))
	h.register(ev, with(regPerson("b@umea.se"), "workshops", ws2.ID))
	c := h.register(ev, with(regPerson("c@umea.se"), "workshops", ws1.ID))
	h.post(c+"/cancel", url.Values{"confirm": {"on"}}, 303)
	before := len(h.deliver(srv, 4))

	path := "/api/v1/events/" + ev.ID + "/sessions/"
	move := map[string]any{"title_sv": "Barns uppväxtvillkor", "kind": "workshop", "room": "Aulan",
		"start": "2026-10-14T13:00", "end": "2026-10-14T14:00"}
	if r := h.s.SendJSON(t, "PUT", path+ws1.ID, move); r.Status != 200 {
		t.Fatalf("move: %d %s", r.Status, r.Body)
	}
	h.s.SendJSON(t, "PUT", path+ws1.ID, move) // saved again unchanged: nobody is told twice
	rename := map[string]any{"title_sv": "Psykisk hälsa bland unga", "kind": "workshop", "room": "Sal B",
		"start": "2026-10-14T10:00", "end": "2026-10-14T11:00"}
	if r := h.s.SendJSON(t, "PUT", path+ws2.ID, rename); r.Status != 200 {
		t.Fatalf("rename: %d %s", r.Status, r.Body)
	}
	if r := h.s.SendJSON(t, "DELETE", path+ws1.ID, nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	got := h.deliver(srv, before+2)[before:]
	if len(srv.Messages()) != before+2 {
		t.Fatalf("%d mails after the changes, want 2", len(srv.Messages())-before)
	}
	moved, removed := got[0], got[1]
	if moved.Subject != "Workshop flyttad: "+ev.Title.SV {
		moved, removed = removed, moved
	}
	for _, m := range got {
		if strings.Trim(m.To, "<>") != "a@umea.se" || !regManageLink.MatchString(m.Text) {
			t.Errorf("a workshop notice went to %s (want only a@umea.se), link %v", m.To, regManageLink.MatchString(m.Text))
		}
	}
	for _, want := range []string{"Barns uppväxtvillkor", "onsdag 14 oktober 2026, 10:00–11:00 → onsdag 14 oktober 2026, 13:00–14:00", "Lokal: Sal A → Aulan"} {
		if !strings.Contains(moved.Text, want) {
			t.Errorf("the move notice lacks %q:\n%s", want, moved.Text)
		}
	}
	if removed.Subject != "Workshop inställd: "+ev.Title.SV || !strings.Contains(removed.Text, "struken ur programmet") {
		t.Errorf("the removal notice: %q\n%s", removed.Subject, removed.Text)
	}
}

// At a hybrid event a notice goes to those it concerns: a new venue to those coming
// on site (not to those online), a new online link to those online (not to those on
// site), a new time to both; each mail names only what concerns its reader.
func TestChangeNoticesReachThoseTheyConcern(t *testing.T) {
	h, srv := smtpHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.Mode, in.CapacityDigital, in.OnlineURL = "hybrid", 50, "https://meet.example.se/gammal"
	})
	h.register(ev, regPerson("plats@umea.se", "mode", "on_site"))
	h.register(ev, regPerson("distans@umea.se", "mode", "digital"))
	sent := len(h.deliver(srv, 2))
	form := func(changes ...string) url.Values {
		return with(url.Values{
			"type": {"conference"}, "title_sv": {ev.Title.SV}, "title_en": {ev.Title.EN}, "mode": {"hybrid"},
			"venue_name": {"Folkets hus"}, "venue_city": {"Umeå"}, "municipality": {"Umeå"}, "capacity_on_site": {"100"},
			"capacity_digital": {"50"}, "visibility": {"public"}, "online_url": {"https://meet.example.se/gammal"},
			"start": {"2026-10-14T09:00"}, "end": {"2026-10-14T16:00"},
		}, changes...)
	}
	for _, tc := range []struct {
		name     string
		changes  []string
		to       []string
		says     string
		notSaid  string
		recorded string
	}{
		{"a new venue", []string{"venue_name", "Väven"}, []string{"plats@umea.se"}, "Väven", "meet.example.se", "Ändringen berör 1 deltagare"},
		{"a new online link", []string{"venue_name", "Väven", "online_url", "https://meet.example.se/ny"}, []string{"distans@umea.se"}, "meet.example.se/ny", "Folkets hus", "Ändringen berör 1 deltagare"},
		{"a new time", []string{"venue_name", "Väven", "online_url", "https://meet.example.se/ny", "start", "2026-10-14T10:00"}, []string{"distans@umea.se", "plats@umea.se"}, "10:00", "", "Ändringen berör 2 deltagare"},
	} {
		r := h.s.PostForm(t, "/organiser/events/"+ev.ID, form(tc.changes...))
		loc := r.Header.Get("Location")
		if r.Status != 303 || !strings.HasPrefix(loc, "/organiser/events/"+ev.ID+"/notify?change=") {
			t.Fatalf("%s: %d %q", tc.name, r.Status, loc)
		}
		if page := h.s.Get(t, loc, "Accept", "text/html").Text(); !strings.Contains(page, tc.recorded) {
			t.Errorf("%s: the notice page:\n%s", tc.name, mainOf(page))
		}
		change, _ := url.ParseQuery(strings.SplitN(loc, "?", 2)[1])
		if r := h.s.PostForm(t, "/organiser/events/"+ev.ID+"/notify", url.Values{"change": {change.Get("change")}}); r.Status != 303 {
			t.Fatalf("%s: send: %d", tc.name, r.Status)
		}
		got := h.deliver(srv, sent+len(tc.to))[sent:]
		sent += len(tc.to)
		var to []string
		for _, m := range got {
			to = append(to, strings.Trim(m.To, "<>"))
			if !strings.Contains(m.Text, tc.says) || (tc.notSaid != "" && strings.Contains(m.Text, tc.notSaid)) {
				t.Errorf("%s: the mail to %s:\n%s", tc.name, m.To, m.Text)
			}
		}
		slices.Sort(to)
		if strings.Join(to, ",") != strings.Join(tc.to, ",") {
			t.Errorf("%s went to %v, want %v", tc.name, to, tc.to)
		}
	}
}
