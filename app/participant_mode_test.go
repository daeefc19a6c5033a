package app_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The manage page of a hybrid event offers the other mode, with its seats; a switch
// into a full mode keeps the person's seat unless they choose the waiting list.
func TestManagePageSwitchesMode(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 5, 1, "https://meet.example.se/fhk"
	})
	a := h.register(ev, regPerson("a@umea.se", "mode", "on_site"))
	b := h.register(ev, regPerson("b@umea.se", "mode", "on_site"))

	if r := h.s.Get(t, a, "Accept", "text/html"); r.Status != 200 {
		t.Fatalf("%d\n%s", r.Status, h.s.Logs())
	}
	page := h.page(a, 200)
	form := find(parse(t, page), func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == a+"/mode" })
	if form == nil {
		t.Fatalf("no mode switch on the manage page:\n%s", mainOf(page))
	}
	if got := text(form); !strings.Contains(got, "Byt till att delta digitalt") {
		t.Errorf("switch form: %q", got)
	}
	if !strings.Contains(text(find(parse(t, page), tag("main"))), "Just nu: 1 plats kvar.") {
		t.Errorf("the online seats are named:\n%s", mainOf(page))
	}

	// a takes the online place.
	loc := h.post(a+"/mode", url.Values{"mode": {"digital"}}, 303).Header.Get("Location")
	if loc != a+"?notice=mode" {
		t.Fatalf("redirect %q", loc)
	}
	page = h.page(loc, 200)
	if !strings.Contains(notice(page), "Ditt deltagande är ändrat") || !strings.Contains(page, "https://meet.example.se/fhk") {
		t.Errorf("after the switch:\n%s", mainOf(page))
	}
	if strings.Contains(page, a+"/badge.pdf") {
		t.Error("no badge for an online participant")
	}

	// b finds online full: the seat stays, and the page says so in words.
	full := h.page(b, 200)
	if !strings.Contains(full, "Fullbokat") || !strings.Contains(full, `name="accept_waiting"`) {
		t.Errorf("a full mode offers its waiting list:\n%s", mainOf(full))
	}
	bad := h.post(b+"/mode", url.Values{"mode": {"digital"}}, 409).Text()
	if msg := fieldError(t, bad, "accept_waiting-1"); !strings.Contains(msg, "Du har kvar din nuvarande plats") {
		t.Errorf("full: %q", msg)
	}
	en := h.post(b+"/mode?lang=en", url.Values{"mode": {"digital"}}, 409).Text()
	if msg := fieldError(t, en, "accept_waiting-1"); !strings.Contains(msg, "You keep your current place") {
		t.Errorf("full, in English: %q", msg)
	}
	for _, r := range h.list(ev) {
		want := map[string]events.Mode{"a@umea.se": events.ModeDigital, "b@umea.se": events.ModeOnSite}[r.Email]
		if r.Mode != want || r.Status != registration.StatusConfirmed {
			t.Errorf("%s stored as %s %s, want %s confirmed", r.Email, r.Mode, r.Status, want)
		}
	}

	// JSON: the same switch, onto the waiting list.
	res := h.postJSON(b+"/mode", map[string]any{"mode": "digital", "accept_waiting": true}, 200)
	if !strings.Contains(string(res.Body), `"position":1`) || !strings.Contains(string(res.Body), `"status":"waiting"`) {
		t.Errorf("JSON switch: %s", res.Body)
	}
	res = h.postJSON(b+"/mode", map[string]any{"mode": "digital"}, 409)
	if !strings.Contains(string(res.Body), "same_mode") {
		t.Errorf("same mode: %s", res.Body)
	}
	h.postJSON(b+"/mode", map[string]any{"mode": "orbit"}, 422)

	// An on-site event has no switch.
	onsite := h.event(nil)
	c := h.register(onsite, regPerson("c@umea.se"))
	if strings.Contains(h.page(c, 200), c+"/mode") {
		t.Error("an on-site event offers no mode switch")
	}
	h.postJSON(c+"/mode", map[string]any{"mode": "digital"}, 422)
}

// Switching to online gives up the workshops: the page names them before the switch,
// the mail after it; switching back offers them again, ticked, and books a free seat
// at once and a full workshop's waiting list.
func TestSwitchingModeSaysWhichWorkshopsAreGivenUpAndOffersThemAgain(t *testing.T) {
	h, srv := smtpHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.Mode, in.CapacityDigital, in.OnlineURL = "hybrid", 50, "https://meet.example.se/fhk"
	})
	free := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 10)
	small := h.workshop(ev, "Psykisk hälsa bland unga", "2026-10-14T13:00", "2026-10-14T14:00", "Sal B", 1)
	form := regPerson("a@umea.se", "mode", "on_site")
	form["workshops"] = []string{free.ID, small.ID}
	a := h.register(ev, form)
	sent := len(h.deliver(srv, 1))

	page := h.page(a, 200)
	warning := text(byID(parse(t, page), "mode-gives-up"))
	if !strings.Contains(warning, "Barns uppväxtvillkor") || !strings.Contains(warning, "Psykisk hälsa bland unga") {
		t.Errorf("before switching, the page names the workshops given up: %q", warning)
	}
	h.post(a+"/mode", url.Values{"mode": {"digital"}}, 303)
	mail := h.deliver(srv, sent+1)[sent]
	sent++
	if !strings.Contains(mail.Text, "du har lämnat din plats i: Barns uppväxtvillkor, Psykisk hälsa bland unga") {
		t.Errorf("the mail does not name the workshops given up:\n%s", mail.Text)
	}
	// Meanwhile someone takes the small workshop's one seat.
	h.register(ev, with(regPerson("b@umea.se", "mode", "on_site"), "workshops", small.ID))
	sent = len(h.deliver(srv, sent+1))

	back := parse(t, h.page(a, 200))
	for _, id := range []string{free.ID, small.ID} {
		box := find(back, func(n *html.Node) bool {
			return n.Data == "input" && attr(n, "name") == "workshops" && attr(n, "value") == id
		})
		if box == nil || !hasAttr(box, "checked") {
			t.Errorf("switching back does not offer %s again, ticked", id)
		}
	}
	h.post(a+"/mode", url.Values{"mode": {"on_site"}, "workshops": {free.ID, small.ID}}, 303)
	var got registration.Registration
	for _, r := range h.list(ev) {
		if r.Email == "a@umea.se" {
			got = r
		}
	}
	states := map[string]registration.Status{}
	for _, w := range got.Workshops {
		states[w.SessionID] = w.Status
	}
	if got.Mode != events.ModeOnSite || states[free.ID] != registration.StatusConfirmed || states[small.ID] != registration.StatusWaiting {
		t.Errorf("after switching back: %s %v", got.Mode, states)
	}
	mail = h.deliver(srv, sent+1)[sent]
	if !strings.Contains(mail.Text, "Barns uppväxtvillkor") || !strings.Contains(mail.Text, "Psykisk hälsa bland unga") {
		t.Errorf("the mail lists the workshops booked again:\n%s", mail.Text)
	}
}
