package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
)

// Next year's conference from this year's: a copy onto another day keeps every
// detail and the whole programme at the same clock times (here across the change to
// winter time), as a draft without registrations; and a programme brought into an
// event made from scratch, checked like sessions added by hand.
func TestDuplicateEventAndCopyProgramme(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.RegistrationCloses, in.FollowUpURL = "2026-10-07T23:59", "https://enkat.example.se/fhk"
	})
	h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 20)
	h.workshop(ev, "Psykisk hälsa", "2026-10-14T13:00", "2026-10-14T14:30", "Sal B", 0)
	h.register(ev, regPerson("a@umea.se"))

	r := h.s.PostForm(t, "/organiser/events/"+ev.ID+"/duplicate", url.Values{"start_date": {"2027-01-13"}})
	loc := r.Header.Get("Location")
	if r.Status != 303 || !strings.HasSuffix(loc, "?notice=event-duplicated") {
		t.Fatalf("duplicate: %d %q %s", r.Status, loc, mainOf(r.Text()))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/organiser/events/"), "?notice=event-duplicated")
	cp, err := h.s.Deps.Events.Event(h.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if cp.ID == ev.ID || cp.Status != events.StatusDraft || cp.Title != ev.Title || cp.Venue != ev.Venue || cp.FollowUpURL != ev.FollowUpURL ||
		cp.Start.Format("2006-01-02 15:04 MST") != "2027-01-13 09:00 CET" || cp.End.Format("15:04") != "16:00" ||
		cp.RegistrationCloses.Format("2006-01-02 15:04") != "2027-01-06 23:59" || cp.Sequence != 0 {
		t.Errorf("the copy: %+v", cp)
	}
	sessions, err := h.s.Deps.Events.Sessions(h.ctx, cp.ID)
	if err != nil || len(sessions) != 2 || sessions[0].Start.Format("2006-01-02 15:04") != "2027-01-13 10:00" || sessions[0].SeatLimit != 20 ||
		sessions[1].End.Format("15:04") != "14:30" || sessions[1].Room != "Sal B" {
		t.Errorf("the copy's agenda: %+v %v", sessions, err)
	}
	if len(h.list(cp)) != 0 {
		t.Error("registrations came along with the copy")
	}
	if orig, _ := h.s.Deps.Events.Sessions(h.ctx, ev.ID); len(orig) != 2 || orig[0].Start.Format("2006-01-02") != "2026-10-14" {
		t.Errorf("the original's agenda changed: %+v", orig)
	}

	// An event made from scratch brings in the programme; twice would double-book the rooms.
	fresh := h.event(func(in *events.EventInput) { in.Start, in.End = "2027-10-13T09:00", "2027-10-13T16:00" })
	if r := h.s.PostForm(t, "/organiser/events/"+fresh.ID+"/copy-programme", url.Values{"from": {ev.ID}}); r.Status != 303 {
		t.Fatalf("copy the programme: %d %s", r.Status, mainOf(r.Text()))
	}
	if got, _ := h.s.Deps.Events.Sessions(h.ctx, fresh.ID); len(got) != 2 || got[1].Start.Format("2006-01-02 15:04") != "2027-10-13 13:00" {
		t.Errorf("the programme brought in: %+v", got)
	}
	again := h.s.SendJSON(t, "POST", "/api/v1/events/"+fresh.ID+"/programme/copy", map[string]string{"from": ev.ID})
	if again.Status != 422 || !strings.Contains(string(again.Body), "Sal A") {
		t.Errorf("the programme twice: %d %s", again.Status, again.Body)
	}
	bad := h.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/duplicate", map[string]string{"start_date": "13 oktober"})
	if bad.Status != 422 || !strings.Contains(string(bad.Body), "2027-10-13") {
		t.Errorf("a copy without a day: %d %s", bad.Status, bad.Body)
	}
	ok := h.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/duplicate", map[string]string{"start_date": "2027-10-13"})
	var made events.Event
	ok.JSON(t, &made)
	if ok.Status != 201 || made.Start.In(events.Stockholm).Format("2006-01-02 15:04") != "2027-10-13 09:00" {
		t.Errorf("a copy through the API: %d %s", ok.Status, ok.Body)
	}
}

// A copied event's days-and-meals question names the copy's days: 16–17 March 2027
// copied to 12 October 2027 reads "Dag 1, tisdag 12 oktober 2027", in both languages,
// and the original keeps its own.
func TestCopiedEventNamesItsOwnDays(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.Start, in.End = "2027-03-16T09:00", "2027-03-17T16:00" })
	q, err := h.s.Deps.Events.AddQuestion(h.ctx, ev.ID, events.QuestionInput{Kind: "catering", LabelSV: "Vilka dagar och måltider deltar du i?",
		LabelEN: "Which days and meals?", Options: events.CateringOptions(ev)})
	if err != nil {
		t.Fatal(err)
	}
	r := h.s.PostForm(t, "/organiser/events/"+ev.ID+"/duplicate", url.Values{"start_date": {"2027-10-12"}})
	id := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Location"), "/organiser/events/"), "?notice=event-duplicated")
	cp, err := h.s.Deps.Events.Event(h.ctx, id)
	if err != nil || len(cp.Questions) != 1 {
		t.Fatalf("the copy: %v %+v", err, cp.Questions)
	}
	var sv, en []string
	for _, o := range cp.Questions[0].Options {
		sv, en = append(sv, o.Label.SV), append(en, o.Label.EN)
	}
	if want := []string{"Dag 1, tisdag 12 oktober 2027", "Dag 2, onsdag 13 oktober 2027", "Konferensmiddag"}; strings.Join(sv, "|") != strings.Join(want, "|") {
		t.Errorf("the copy's days: %q, want %q", sv, want)
	}
	if want := []string{"Day 1, Tuesday 12 October 2027", "Day 2, Wednesday 13 October 2027", "Conference dinner"}; strings.Join(en, "|") != strings.Join(want, "|") {
		t.Errorf("the copy's days in English: %q, want %q", en, want)
	}
	if orig, _ := h.s.Deps.Events.Event(h.ctx, ev.ID); orig.Questions[0].Options[0].Label.SV != q.Options[0].Label.SV ||
		!strings.Contains(q.Options[0].Label.SV, "16 mars 2027") {
		t.Errorf("the original's days changed: %+v", orig.Questions[0].Options)
	}
	// The form shows the copy's days.
	if _, err := h.s.Deps.Events.SetStatus(h.ctx, cp.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if form := h.page("/events/"+cp.ID+"/register", 200); !strings.Contains(form, "Dag 1, tisdag 12 oktober 2027") || strings.Contains(form, "16 mars") {
		t.Errorf("the copy's form:\n%s", mainOf(form))
	}
}
