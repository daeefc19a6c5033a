package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// statusOf is each registration's status, by e-mail.
func statusOf(h *regHarness, ev events.Event) map[string]registration.Status {
	out := map[string]registration.Status{}
	for _, r := range h.list(ev) {
		out[r.Email] = r.Status
	}
	return out
}

func mailsOf(h *regHarness, kind, to string) int {
	h.t.Helper()
	list, err := h.s.Deps.Outbox.Messages(h.ctx, outbox.MessageFilter{Kind: kind, To: to})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(list)
}

// An organiser changes the seats: below those already seated is refused with the
// reason (on the page and through the API) and changes nothing; more seats go to
// the waiting at once, with their mail, and the next in line moves up.
func TestSeatLimitsChangedByTheOrganiser(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = 2 })
	for _, email := range []string{"a@umea.se", "b@umea.se", "c@umea.se", "d@umea.se"} {
		h.register(ev, with(regPerson(email), "waitlist_ok", "true")) // c and d wait
	}
	form := url.Values{
		"type": {"conference"}, "title_sv": {ev.Title.SV}, "title_en": {ev.Title.EN}, "mode": {"on_site"},
		"venue_name": {"Folkets hus"}, "venue_city": {"Umeå"}, "municipality": {"Umeå"}, "capacity_on_site": {"1"},
		"capacity_digital": {"0"}, "visibility": {"public"}, "start": {"2026-10-14T09:00"}, "end": {"2026-10-14T16:00"},
	}
	r := h.s.PostForm(t, "/organiser/events/"+ev.ID, form)
	if r.Status != 422 || !strings.Contains(fieldError(t, r.Text(), "capacity_on_site"), "2 personer har redan en plats") {
		t.Fatalf("seats below those seated: %d\n%s", r.Status, mainOf(r.Text()))
	}
	api := h.s.SendJSON(t, "PUT", "/api/v1/events/"+ev.ID, map[string]any{"type": "conference", "title_sv": ev.Title.SV, "mode": "on_site",
		"venue_name": "Folkets hus", "venue_city": "Umeå", "capacity_on_site": 1, "visibility": "public", "start": "2026-10-14T09:00", "end": "2026-10-14T16:00"},
		"Accept-Language", "en")
	if api.Status != 422 || !strings.Contains(string(api.Body), "2 people already have a seat") {
		t.Errorf("through the API: %d %s", api.Status, api.Body)
	}
	if got, _ := h.s.Deps.Events.Event(h.ctx, ev.ID); got.CapacityOnSite != 2 {
		t.Fatalf("a refused change stored %d seats", got.CapacityOnSite)
	}

	// One seat more: c gets it at once and is told; d is now first in line.
	form.Set("capacity_on_site", "3")
	if r := h.s.PostForm(t, "/organiser/events/"+ev.ID, form); r.Status != 303 {
		t.Fatalf("more seats: %d\n%s", r.Status, mainOf(r.Text()))
	}
	st := statusOf(h, ev)
	if st["c@umea.se"] != registration.StatusConfirmed || st["d@umea.se"] != registration.StatusWaiting {
		t.Errorf("after one more seat: %v", st)
	}
	if mailsOf(h, "promoted", "c@umea.se") != 1 {
		t.Error("c was not told of the seat")
	}
	for _, r := range h.list(ev) {
		if r.Email == "d@umea.se" {
			if p, err := h.s.Deps.Registrations.Position(h.ctx, r); err != nil || p != 1 {
				t.Errorf("d's place in line: %d %v, want 1", p, err)
			}
		}
	}
}

// A workshop's seats: lowering below those seated is refused, raising them seats the
// waiting; removing a workshop people chose asks first, naming how many, and then
// tells each of them.
func TestWorkshopSeatsAndRemoval(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	ws := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 1)
	h.register(ev, with(regPerson("a@umea.se"), "workshops", ws.ID))
	h.register(ev, with(regPerson("b@umea.se"), "workshops", ws.ID, "waitlist_ok", "true")) // waits for the workshop
	path := "/organiser/events/" + ev.ID + "/sessions/" + ws.ID
	edit := url.Values{"start": {"2026-10-14T10:00"}, "end": {"2026-10-14T11:00"}, "title_sv": {ws.Title.SV}, "kind": {"workshop"}, "room": {"Sal A"}, "seat_limit": {"2"}}
	if r := h.s.PostForm(t, path, edit); r.Status != 303 {
		t.Fatalf("more workshop seats: %d\n%s", r.Status, mainOf(r.Text()))
	}
	for _, r := range h.list(ev) {
		if r.Email == "b@umea.se" && (len(r.Workshops) != 1 || r.Workshops[0].Status != registration.StatusConfirmed) {
			t.Errorf("b after one more workshop seat: %+v", r.Workshops)
		}
	}
	if mailsOf(h, "workshop_promoted", "b@umea.se") != 1 {
		t.Error("b was not told of the workshop seat")
	}
	edit.Set("seat_limit", "1")
	if r := h.s.PostForm(t, path, edit); r.Status != 422 || !strings.Contains(fieldError(t, r.Text(), "seat_limit"), "2 personer har redan en plats") {
		t.Errorf("workshop seats below those seated: %d\n%s", r.Status, mainOf(r.Text()))
	}

	// Removing it: asked first, then done, and both are told.
	r := h.s.PostForm(t, path+"/delete", url.Values{})
	if r.Status != 200 || !strings.Contains(r.Text(), "Barns uppväxtvillkor har valts av 2 personer") {
		t.Fatalf("removing a booked workshop: %d\n%s", r.Status, mainOf(r.Text()))
	}
	if _, err := h.s.Deps.Events.Session(h.ctx, ev.ID, ws.ID); err != nil {
		t.Fatalf("the workshop went before the organiser confirmed: %v", err)
	}
	if r := h.s.PostForm(t, path+"/delete", url.Values{"confirm": {"yes"}}); r.Status != 303 {
		t.Fatalf("confirmed removal: %d\n%s", r.Status, mainOf(r.Text()))
	}
	if _, err := h.s.Deps.Events.Session(h.ctx, ev.ID, ws.ID); err == nil {
		t.Error("the workshop is still on the agenda")
	}
	for _, to := range []string{"a@umea.se", "b@umea.se"} {
		if mailsOf(h, "workshop_removed", to) != 1 {
			t.Errorf("%s was not told the workshop is gone", to)
		}
	}
}
