package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// The organiser's list of events: upcoming first by default, soonest first; past ones
// latest first; drafts; one type or series; 25 a page with links to the others.
func TestDashboardListsTheSeason(t *testing.T) {
	h := newRegHarness(t)
	past := h.event(func(in *events.EventInput) {
		in.TitleSV, in.Start, in.End = "Vårens nätverksträff", "2026-05-12T09:00", "2026-05-12T12:00"
	})
	older := h.event(func(in *events.EventInput) {
		in.TitleSV, in.Start, in.End = "Vinterns seminarium", "2026-02-03T09:00", "2026-02-03T12:00"
	})
	draft, err := h.s.Deps.Events.CreateEvent(h.ctx, h.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: "Utkastet", Mode: "digital"}, Start: "2026-11-20T09:00", End: "2026-11-20T10:00"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 26 {
		h.event(func(in *events.EventInput) {
			in.Type, in.TitleSV = "network_meeting", fmt.Sprintf("Träff %02d", i+1)
			in.Start, in.End = fmt.Sprintf("2026-10-%02dT09:00", i+1), fmt.Sprintf("2026-10-%02dT10:00", i+1)
		})
	}
	titles := func(path string) []string {
		t.Helper()
		r := h.s.Get(t, path, "Accept", "text/html")
		if r.Status != 200 {
			t.Fatalf("%s: %d", path, r.Status)
		}
		var out []string
		// The events list, not the coming events that need attention above it.
		list := find(parse(t, r.Text()), func(n *html.Node) bool { return n.Data == "section" && attr(n, "aria-labelledby") == "events-heading" })
		for _, a := range findAll(list, tag("a")) {
			if strings.HasPrefix(attr(a, "href"), "/organiser/events/") && !strings.Contains(attr(a, "href"), "?") && !strings.HasSuffix(attr(a, "href"), "/new") {
				out = append(out, text(a))
			}
		}
		return out
	}
	page1 := titles("/organiser/")
	if len(page1) != 25 || page1[0] != "Träff 01" || page1[24] != "Träff 25" {
		t.Errorf("upcoming, page 1: %d %v", len(page1), page1)
	}
	body := h.s.Get(t, "/organiser/", "Accept", "text/html").Text()
	if !strings.Contains(body, "27 evenemang") || !strings.Contains(body, `href="/organiser/?offset=25&amp;show=upcoming"`) {
		t.Errorf("count or next page missing:\n%s", mainOf(body))
	}
	if page2 := titles("/organiser/?show=upcoming&offset=25"); len(page2) != 2 || page2[0] != "Träff 26" || page2[1] != draft.Title.SV {
		t.Errorf("upcoming, page 2: %v", page2)
	}
	if got := titles("/organiser/?show=past"); len(got) != 2 || got[0] != past.Title.SV || got[1] != older.Title.SV {
		t.Errorf("past, latest first: %v", got)
	}
	if got := titles("/organiser/?show=drafts"); len(got) != 1 || got[0] != "Utkastet" {
		t.Errorf("drafts: %v", got)
	}
	if got := titles("/organiser/?show=all&type=seminar"); len(got) != 1 || got[0] != "Utkastet" {
		t.Errorf("seminars: %v", got)
	}
}

// The start page leads with what needs attention, each figure counted here from what
// the test made: a coming event's registered and waiting, a just-held event's
// registered and attended, one new visit request, one overdue agreed action, and a
// change participants have not been told of, until they are.
func TestStartPageLeadsWithWhatNeedsAttention(t *testing.T) {
	h := newRegHarness(t)
	coming := h.event(func(in *events.EventInput) { in.TitleSV, in.CapacityOnSite = "Kommande träff", 3 })
	for i := range 4 {
		h.register(coming, regPerson(fmt.Sprintf("k%d@umea.se", i), "waitlist_ok", "true")) // three seats, one waits
	}
	// An event held a week ago: three came to register, two checked in.
	held := h.event(func(in *events.EventInput) {
		in.TitleSV, in.Start, in.End = "Hållen träff", "2026-08-25T09:00", "2026-08-25T12:00"
	})
	regs := h.s.Deps.Registrations
	regs.SetClock(func() time.Time { return time.Date(2026, 8, 1, 12, 0, 0, 0, events.Stockholm) })
	var ids []string
	for i := range 3 {
		res, err := regs.Register(h.ctx, held.ID, registration.Input{FirstName: "H", LastName: fmt.Sprint(i), Email: fmt.Sprintf("h%d@umea.se", i),
			Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true}, "sv")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Registration.ID)
	}
	regs.SetClock(func() time.Time { return regNow })
	h.s.Deps.Badges.SetClock(func() time.Time { return held.Start.Add(time.Hour) })
	for _, id := range ids[:2] {
		if _, err := h.s.Deps.Badges.ManualCheckIn(h.ctx, badges.Link{EventID: held.ID, Station: "Entré"}, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	h.s.Deps.Badges.SetClock(func() time.Time { return regNow })
	if _, err := h.s.Deps.Municipal.SubmitRequest(h.ctx, h.org, municipal.RequestInput{Kind: "visit", Municipality: "Umeå", Name: "Kim Lind",
		Email: "kim.lind@umea.se", Topics: []string{"ta:1"}}, "sv"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Municipal.AddAction(h.ctx, h.org.ID, "2480", "", municipal.ActionInput{What: "Lägesbild", Who: "Kommunen", Due: "2026-08-15"}, "a@example.se"); err != nil {
		t.Fatal(err)
	}
	// The coming event moves an hour: three seated and one waiting are to be told.
	form := url.Values{"type": {"conference"}, "title_sv": {"Kommande träff"}, "mode": {"on_site"}, "venue_name": {"Folkets hus"},
		"venue_city": {"Umeå"}, "municipality": {"Umeå"}, "capacity_on_site": {"3"}, "visibility": {"public"},
		"start": {"2026-10-14T10:00"}, "end": {"2026-10-14T17:00"}}
	loc := h.s.PostForm(t, "/organiser/events/"+coming.ID, form).Header.Get("Location")

	doc := parse(t, h.page("/organiser/", 200))
	attention := byID(doc, "attention")
	if attention == nil {
		t.Fatal("no attention section")
	}
	if first := find(find(doc, tag("main")), tag("section")); first != attention {
		t.Error("the attention section is not first")
	}
	if c := cells(t, doc, "att-upcoming", coming.ID); len(c) != 4 || c[2] != "3" || c[3] != "1" {
		t.Errorf("coming event: %q, want 3 registered and 1 waiting", c)
	}
	if c := cells(t, doc, "att-recent", held.ID); len(c) != 4 || c[2] != "3" || c[3] != "2" {
		t.Errorf("held event: %q, want 3 registered and 2 attended", c)
	}
	for id, want := range map[string]string{"att-requests": "1 ny", "att-overdue": "1 åtgärd är försenad", "att-untold": "berör 4 deltagare"} {
		if got := text(byID(doc, id)); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	checkPage(t, "start page", h.page("/organiser/", 200))
	// Told: the change leaves the list.
	change, _ := url.ParseQuery(strings.SplitN(loc, "?", 2)[1])
	if r := h.s.PostForm(t, "/organiser/events/"+coming.ID+"/notify", url.Values{"change": {change.Get("change")}}); r.Status != 303 {
		t.Fatalf("send the notice: %d", r.Status)
	}
	if byID(parse(t, h.page("/organiser/", 200)), "att-untold") != nil {
		t.Error("a change told is still listed as untold")
	}
}
