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
