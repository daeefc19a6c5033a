package app_test

import (
	"fmt"
	"strings"
	"testing"

	"folkhalsa-events/events"
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
		for _, a := range findAll(parse(t, r.Text()), tag("a")) {
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
