package app_test

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/jobs"
	"folkhalsa-events/platform/outbox"
)

// Two instances run the reminder pass at the same moment, seven days before an
// event: each confirmed participant gets one reminder (with the calendar, and the
// badge on site), nobody waiting gets one, and a second pass queues nothing. The
// one-day pass reaches whoever holds a seat by then (one promoted in between, not
// the one who cancelled, nor one still waiting); an event with reminders off sends
// none.
func TestRemindersGoOnceAcrossInstances(t *testing.T) {
	h := newRegHarness(t)
	second := apptest.NewOn(t, h.s.DB, apptest.WithClock(regNow), apptest.Anonymous())
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = 3 })
	quiet := h.event(func(in *events.EventInput) { in.TitleSV, in.RemindersOff = "Utan påminnelser", true })
	for _, email := range []string{"a@umea.se", "b@umea.se", "c@umea.se", "d@umea.se"} {
		h.register(ev, with(regPerson(email), "waitlist_ok", "true")) // d waits
	}
	h.register(quiet, regPerson("a@umea.se"))

	weekBefore := ev.Start.AddDate(0, 0, -7).Add(time.Minute)
	var wg sync.WaitGroup
	for _, s := range []*apptest.Server{h.s, second} {
		wg.Go(func() {
			if _, err := jobs.RemindersOnce(h.ctx, s.Deps.Events, s.Deps.Registrations, weekBefore); err != nil {
				t.Errorf("reminder pass: %v", err)
			}
		})
	}
	wg.Wait()
	if n, err := jobs.RemindersOnce(h.ctx, h.s.Deps.Events, h.s.Deps.Registrations, weekBefore.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("a second pass queued %d (%v), want 0", n, err)
	}
	reminders := func() map[string][]outbox.Stored {
		list, err := h.s.Deps.Outbox.Messages(h.ctx, outbox.MessageFilter{Kind: "reminder"})
		if err != nil {
			t.Fatal(err)
		}
		by := map[string][]outbox.Stored{}
		for _, m := range list {
			by[m.To] = append(by[m.To], m)
		}
		return by
	}
	got := reminders()
	if len(got) != 3 || len(got["a@umea.se"]) != 1 || len(got["b@umea.se"]) != 1 || len(got["c@umea.se"]) != 1 {
		t.Fatalf("reminders after two simultaneous passes: %v", keys(got))
	}
	m := got["a@umea.se"][0]
	if !strings.Contains(m.Subject, "Påminnelse: "+ev.Title.SV) || !strings.Contains(m.Text, "namnbricka") ||
		!regManageLink.MatchString(m.Text) || strings.Join(m.Attach, ",") != "calendar,badge" {
		t.Errorf("the reminder: %q %v\n%s", m.Subject, m.Attach, m.Text)
	}

	// c cancels, d gets the seat, e registers and waits: the one-day pass (the first
	// run a day early, which sends nothing) reaches a, b and d.
	h.post(h.manageOf(ev, "c@umea.se")+"/cancel", url.Values{"confirm": {"on"}}, 303)
	h.register(ev, with(regPerson("e@umea.se"), "waitlist_ok", "true"))
	dayBefore := ev.Start.AddDate(0, 0, -1).Add(time.Minute)
	if n, err := jobs.RemindersOnce(h.ctx, h.s.Deps.Events, h.s.Deps.Registrations, dayBefore.Add(-24*time.Hour)); err != nil || n != 0 {
		t.Fatalf("two days before: %d queued (%v), want 0", n, err)
	}
	if _, err := jobs.RemindersOnce(h.ctx, second.Deps.Events, second.Deps.Registrations, dayBefore); err != nil {
		t.Fatal(err)
	}
	got = reminders()
	for email, want := range map[string]int{"a@umea.se": 2, "b@umea.se": 2, "c@umea.se": 1, "d@umea.se": 1, "e@umea.se": 0} {
		if len(got[email]) != want {
			t.Errorf("after the one-day pass %s has %d reminders, want %d", email, len(got[email]), want)
		}
	}
	for _, m := range got["a@umea.se"] {
		if strings.Contains(m.Subject, "Utan påminnelser") {
			t.Error("an event with reminders off sent one")
		}
	}
}
