package app_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/jobs"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// After the event, two instances run the pass at the same moment: where check-in
// was used, exactly those checked in get one thank-you each, with the evaluation
// link and their own page; where it was not, everyone with a seat does (not the
// waiting, not the cancelled); an event with the thanks switched off sends none, and
// nothing goes before two hours after the end.
func TestThanksAfterTheEventGoOnce(t *testing.T) {
	h := newRegHarness(t)
	second := apptest.NewOn(t, h.s.DB, apptest.WithClock(regNow), apptest.Anonymous())
	checked := h.event(func(in *events.EventInput) { in.FollowUpURL = "https://enkat.example.se/fhk" })
	unchecked := h.event(func(in *events.EventInput) { in.TitleSV, in.CapacityOnSite = "Nätverksträff", 2 })
	quiet := h.event(func(in *events.EventInput) { in.TitleSV, in.ThanksOff = "Utan tack", true })
	for _, email := range []string{"a@umea.se", "b@umea.se", "c@umea.se"} {
		h.register(checked, regPerson(email))
		h.register(unchecked, with(regPerson(email), "waitlist_ok", "true")) // c waits
		h.register(quiet, regPerson(email))
	}
	h.register(unchecked, regPerson("d@umea.se", "waitlist_ok", "true"))
	regs := h.s.Deps.Registrations
	people, err := regs.List(h.ctx, checked.ID, registration.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	link, _, err := h.s.Deps.Badges.CreateLink(h.ctx, checked.ID, badges.LinkInput{Station: "Entrén", ValidFrom: regNow.Add(-time.Hour), ValidUntil: regNow.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range people {
		if r.Email == "b@umea.se" || r.Email == "c@umea.se" {
			if _, err := h.s.Deps.Badges.ManualCheckIn(h.ctx, link, r.ID, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	unPeople, _ := regs.List(h.ctx, unchecked.ID, registration.ListFilter{})
	for _, r := range unPeople {
		if r.Email == "b@umea.se" {
			if _, err := regs.CancelByOrganiser(h.ctx, r.ID); err != nil {
				t.Fatal(err)
			}
		}
	}

	thanks := func() map[string][]outbox.Stored {
		list, err := h.s.Deps.Outbox.Messages(h.ctx, outbox.MessageFilter{Kind: "thanks"})
		if err != nil {
			t.Fatal(err)
		}
		by := map[string][]outbox.Stored{}
		for _, m := range list {
			by[m.Subject+" → "+m.To] = append(by[m.Subject+" → "+m.To], m)
		}
		return by
	}
	early := checked.End.Add(time.Hour)
	if n, err := jobs.ThanksOnce(h.ctx, h.s.Deps.Events, regs, early); err != nil || n != 0 {
		t.Errorf("an hour after the end: %d queued (%v), want none", n, err)
	}
	due := checked.End.Add(registration.ThanksAfter + time.Minute)
	var wg sync.WaitGroup
	for _, s := range []*apptest.Server{h.s, second} {
		wg.Go(func() {
			if _, err := jobs.ParticipantMailOnce(h.ctx, s.Deps.Events, s.Deps.Registrations, due); err != nil {
				t.Errorf("pass: %v", err)
			}
		})
	}
	wg.Wait()
	if n, err := jobs.ThanksOnce(h.ctx, h.s.Deps.Events, regs, due.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("a later pass queued %d (%v), want 0", n, err)
	}
	got := thanks()
	subject := "Tack för att du kom: "
	want := []string{
		subject + checked.Title.SV + " → b@umea.se", subject + checked.Title.SV + " → c@umea.se",
		subject + "Nätverksträff → a@umea.se", subject + "Nätverksträff → c@umea.se", // b cancelled; c had b's seat; d waits
	}
	if len(got) != len(want) {
		t.Errorf("thanks went to %v, want %v", keys(got), want)
	}
	for _, k := range want {
		if len(got[k]) != 1 {
			t.Errorf("%s: %d thanks, want 1 (all: %v)", k, len(got[k]), keys(got))
		}
	}
	m := got[subject+checked.Title.SV+" → b@umea.se"]
	if len(m) == 1 {
		if !strings.Contains(m[0].Text, "https://enkat.example.se/fhk") || !regManageLink.MatchString(m[0].Text) {
			t.Errorf("the thanks lacks the evaluation or the personal link:\n%s", m[0].Text)
		}
		// The personal page, after the event, leads to the evaluation.
		after := apptest.NewOn(t, h.s.DB, apptest.WithClock(due), apptest.Anonymous())
		r := after.Get(t, regManageLink.FindStringSubmatch(m[0].Text)[1], "Accept", "text/html")
		if r.Status != 200 || !strings.Contains(r.Text(), "Efter evenemanget") || !strings.Contains(r.Text(), `href="https://enkat.example.se/fhk"`) {
			t.Errorf("the personal page after the event: %d\n%s", r.Status, mainOf(r.Text()))
		}
	}
}
