package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"folkhalsa-events/events"
)

// Seats left are in sight before anyone fills in the form: on the list, the event
// page and the form, per participation mode and per workshop; a full event or
// workshop says "Fullbokat – väntelista" there, and the form says what is left to do.
func TestSeatsLeftShownBeforeTheForm(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 2, 10, "https://meet.example.se/x"
	})
	ws := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 1)
	check := func(when, path string, wants ...string) {
		t.Helper()
		r := h.s.Get(t, path, "Accept", "text/html")
		page := mainOf(r.Text())
		if r.Status != 200 {
			t.Fatalf("%s: %d", path, r.Status)
		}
		for _, want := range wants {
			if !strings.Contains(page, want) {
				t.Errorf("%s, %s lacks %q:\n%s", when, path, want, page)
			}
		}
	}
	eventPath, formPath := "/events/"+ev.ID, "/events/"+ev.ID+"/register"
	check("at first", "/", "På plats: 2 platser kvar · Digitalt: 10 platser kvar")
	check("at first", eventPath, "På plats: 2 platser kvar", "Digitalt: 10 platser kvar", "1 plats kvar")
	check("at first", formPath, "På plats (2 platser kvar)", "Digitalt (10 platser kvar)", "Barns uppväxtvillkor (rum Sal A, 1 plats kvar)")

	h.register(ev, with(regPerson("a@umea.se", "mode", "on_site"), "workshops", ws.ID))
	check("one on site, in the workshop", eventPath, "På plats: 1 plats kvar", "Fullbokat – väntelista")
	check("one on site, in the workshop", formPath, "På plats (1 plats kvar)", "Barns uppväxtvillkor (rum Sal A, fullbokat – väntelista)")

	h.register(ev, regPerson("b@umea.se", "mode", "on_site"))
	check("on site full", "/", "På plats: Fullbokat – väntelista · Digitalt: 10 platser kvar")
	// The public JSON gives the same figures, and no zero dates for what is not set
	// (the event has no registration opening or closing time).
	var one struct {
		Event map[string]json.RawMessage `json:"event"`
	}
	r := h.s.Get(t, "/api/v1/public/events/"+ev.ID)
	r.JSON(t, &one)
	if got := string(one.Event["seats_left"]); got != `{"on_site":0,"digital":10,"full":false,"workshops":{"`+ws.ID+`":0}}` {
		t.Errorf("seats left in the JSON: %s", got)
	}
	for _, absent := range []string{"registration_opens", "registration_closes"} {
		if v, ok := one.Event[absent]; ok {
			t.Errorf("%s: %s, want it left out", absent, v)
		}
	}
	var list struct {
		Events []map[string]json.RawMessage `json:"events"`
	}
	r = h.s.Get(t, "/api/v1/public/events")
	r.JSON(t, &list)
	if len(list.Events) == 0 || string(list.Events[0]["seats_left"]) != `{"on_site":0,"digital":10,"full":false}` || strings.Contains(r.Text(), "0001-01-01") {
		t.Errorf("the public list's JSON: %s", r.Body)
	}
	check("on site full", formPath, "På plats (fullbokat – väntelista)")
	if strings.Contains(h.page(formPath, 200), "Evenemanget är fullbokat") {
		t.Error("the form says the event is full while online seats are left")
	}
	// A one-mode event that is full says so above the form.
	small := h.event(func(in *events.EventInput) { in.TitleSV, in.CapacityOnSite = "Nätverksträff", 1 })
	h.register(small, regPerson("a@umea.se"))
	check("full", "/events/"+small.ID+"/register", "Evenemanget är fullbokat", "Fullbokat – väntelista")
}
