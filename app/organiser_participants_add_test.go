package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// An organiser adds a speaker without an e-mail address and without a public seat
// (the event stays open for participants, the speaker gets a badge), a staff member
// with the confirmation mailed, and a late participant who takes the last seat after
// registration has closed; a bad category or a mail without an address is refused.
func TestOrganiserAddsPeople(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite, in.RegistrationCloses = 2, "2026-08-31T23:59" })
	path := "/organiser/events/" + ev.ID + "/participants/add"
	form := h.page(path, 200)
	if !strings.Contains(form, "Använder en av de allmänna platserna") {
		t.Fatalf("the form:\n%s", mainOf(form))
	}
	speaker := url.Values{"first_name": {"Áile"}, "last_name": {"Ŋuvttet Čorgŋa"}, "organisation": {"Sametinget"}, "category": {"speaker"}, "role": {"Talare"}}
	if r := h.s.PostForm(t, path, speaker); r.Status != 303 || !strings.HasSuffix(r.Header.Get("Location"), "/participants?notice=added") {
		t.Fatalf("add the speaker: %d\n%s", r.Status, mainOf(r.Text()))
	}
	staff := url.Values{"first_name": {"Bo"}, "last_name": {"Ek"}, "email": {"bo.ek@regionvasterbotten.se"}, "category": {"staff"}, "notify": {"true"}}
	if r := h.s.PostForm(t, path, staff); r.Status != 303 {
		t.Fatalf("add staff: %d\n%s", r.Status, mainOf(r.Text()))
	}
	// Refused: a mail without an address, a category that does not exist.
	if r := h.s.PostForm(t, path, with(speaker, "notify", "true")); r.Status != 422 || !strings.Contains(fieldError(t, r.Text(), "email"), "e-postadress") {
		t.Errorf("mail without an address: %d", r.Status)
	}
	if r := h.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/registrations", map[string]any{"first_name": "X", "last_name": "Y", "category": "vip"}); r.Status != 422 {
		t.Errorf("a bad category: %d %s", r.Status, r.Body)
	}
	counts, err := h.s.Deps.Registrations.Count(h.ctx, ev)
	if err != nil || counts.Confirmed != 2 || counts.SeatsLeftOnSite != 2 {
		t.Errorf("after two seatless additions: %+v %v", counts, err)
	}
	// A late participant through the API, after registration closed: takes a seat.
	r := h.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/registrations", map[string]any{"first_name": "Cecilia", "last_name": "Lund",
		"email": "cecilia@umea.se", "organisation": "Umeå kommun", "org_type": "kommun", "municipality": "Umeå", "uses_seat": true, "category": "guest"})
	var out struct {
		Registration registration.Registration `json:"registration"`
		ManageURL    string                    `json:"manage_url"`
	}
	r.JSON(t, &out)
	if r.Status != 201 || out.Registration.Status != registration.StatusConfirmed || out.Registration.Category != registration.CategoryGuest || out.ManageURL == "" {
		t.Fatalf("late participant: %d %s", r.Status, r.Body)
	}
	if counts, _ := h.s.Deps.Registrations.Count(h.ctx, ev); counts.SeatsLeftOnSite != 1 || counts.Confirmed != 3 {
		t.Errorf("after the late participant: %+v", counts)
	}
	// Who got mail: the staff member and nobody else (the late one was not asked to be told).
	if mailsOf(h, "confirmation", "bo.ek@regionvasterbotten.se") != 1 || mailsOf(h, "confirmation", "cecilia@umea.se") != 0 {
		t.Error("confirmations: want one to the staff member only")
	}
	// All three are on the list, and the speaker's badge prints.
	list := h.page("/organiser/events/"+ev.ID+"/participants", 200)
	for _, want := range []string{"Ŋuvttet Čorgŋa", "Ek", "Lund"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	for _, reg := range h.list(ev) {
		if reg.FirstName == "Áile" {
			if !reg.Seatless || reg.Category != registration.CategorySpeaker || reg.Email != "" {
				t.Errorf("the speaker as stored: %+v", reg)
			}
			if b := h.s.Get(t, "/organiser/events/"+ev.ID+"/registrations/"+reg.ID+"/badge.pdf"); b.Status != 200 || !strings.HasPrefix(string(b.Body), "%PDF-") {
				t.Errorf("the speaker's badge: %d", b.Status)
			}
		}
	}
}
