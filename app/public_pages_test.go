package app_test

import (
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// publishedConference creates a published hybrid conference with a parallel-session agenda.
func publishedConference(t *testing.T, s *apptest.Server) (*events.Store, events.Event) {
	t.Helper()
	store := events.NewStore(s.DB)
	ctx := storetest.Ctx(t)
	org, err := store.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen Norrbotten", Kind: "lansstyrelse", County: "25"})
	if err != nil {
		t.Fatal(err)
	}
	in := events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen i Luleå", TitleEN: "Public Health Conference in Luleå",
			DescriptionSV: "Jämlik hälsa i hela länet.", DescriptionEN: "Equal health across the county.",
			VenueName: "Kulturens hus", VenueCity: "Luleå", Mode: "hybrid", Municipality: "Luleå", TargetAreas: []int{1, 7}},
		Start: "2026-11-03T09:00", End: "2026-11-04T15:00", OnlineURL: "https://meet.example.se/hemligt-rum",
	}
	ev, err := store.CreateEvent(ctx, org.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range []events.SessionInput{
		{TitleSV: "Välkommen", TitleEN: "Welcome", Start: "2026-11-03T09:00", End: "2026-11-03T09:30", Room: "Stora salen", Kind: "plenary",
			Speakers: []events.SpeakerInput{{Name: "Áile Ŋuvttet Čorgŋa", Title: "Landshövding", Organisation: "Länsstyrelsen"}}},
		{TitleSV: "Barns uppväxtvillkor", Start: "2026-11-03T10:00", End: "2026-11-03T11:00", Room: "Sal A", Kind: "workshop", SeatLimit: 20},
		{TitleSV: "Psykisk hälsa", Start: "2026-11-03T10:00", End: "2026-11-03T11:00", Room: "Sal B", Kind: "workshop"},
		{TitleSV: "Avslutning", Start: "2026-11-04T14:00", End: "2026-11-04T15:00", Room: "Stora salen", Kind: "plenary"},
	} {
		if _, err := store.AddSession(ctx, ev.ID, se); err != nil {
			t.Fatal(err)
		}
	}
	return store, ev
}

func TestPublicEventPage(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(mustDate(t, "2026-10-01")))
	store, ev := publishedConference(t, s)
	if r := s.Get(t, "/events/"+ev.ID, "Accept", "text/html"); r.Status != 404 {
		t.Fatalf("draft page: %d", r.Status)
	}
	if _, err := store.SetStatus(storetest.Ctx(t), ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	r := s.Get(t, "/events/"+ev.ID, "Accept", "text/html")
	if r.Status != 200 {
		t.Fatalf("page: %d", r.Status)
	}
	page := r.Text()
	for _, want := range []string{"Folkhälsokonferensen i Luleå", "tisdag 3 november 2026", "onsdag 4 november 2026",
		"Áile Ŋuvttet Čorgŋa", "Barns uppväxtvillkor", "Psykisk hälsa", "Länsstyrelsen Norrbotten", "Det tidiga livets villkor", "programme.pdf", "event.ics"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "hemligt-rum") {
		t.Error("the online link must not be on the public page")
	}
	// The two 10:00 workshops share one time slot.
	_, slot, found := strings.Cut(page, "10:00–11:00")
	slot, _, _ = strings.Cut(slot, "</ul>")
	if !found {
		t.Error("the page has no 10:00–11:00 slot")
	} else if !strings.Contains(slot, "Barns uppväxtvillkor") || !strings.Contains(slot, "Psykisk hälsa") {
		t.Error("parallel sessions are not grouped in one slot")
	}
	if strings.Count(page, "<h1") != 1 {
		t.Error("a page has exactly one h1")
	}

	en := s.Get(t, "/events/"+ev.ID+"?lang=en", "Accept", "text/html").Text()
	for _, want := range []string{"Public Health Conference in Luleå", "Tuesday 3 November 2026", "Welcome", "Conditions in early life", `lang="en"`} {
		if !strings.Contains(en, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

func TestUpcomingListFilters(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(mustDate(t, "2026-10-01")))
	store, ev := publishedConference(t, s)
	if _, err := store.SetStatus(storetest.Ctx(t), ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		query string
		found bool
	}{
		{"", true},
		{"?type=conference", true},
		{"?type=seminar", false},
		{"?target_area=7", true},
		{"?target_area=3", false},
		{"?county=Norrbottens+l%C3%A4n", true},
		{"?county=Sk%C3%A5ne+l%C3%A4n", false},
		{"?municipality=Lule%C3%A5", true},
		{"?mode=digital", true},
		{"?from=2026-11-05", false},
		{"?to=2026-11-02", false},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			r := s.Get(t, "/"+tc.query, "Accept", "text/html")
			if r.Status != 200 || strings.Contains(r.Text(), "/events/"+ev.ID) != tc.found {
				t.Errorf("%s: status %d, found %v want %v", tc.query, r.Status, !tc.found, tc.found)
			}
		})
	}
}

func TestProgrammePDFIsCachedAndRevalidated(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(mustDate(t, "2026-10-01")))
	store, ev := publishedConference(t, s)
	ctx := storetest.Ctx(t)
	if _, err := store.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	path := "/events/" + ev.ID + "/programme.pdf"
	r := s.Get(t, path)
	etag := r.Header.Get("ETag")
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Text(), "%PDF") || etag == "" || r.Header.Get("Last-Modified") == "" {
		t.Fatalf("programme: %d %s etag %q", r.Status, r.Header.Get("Content-Type"), etag)
	}
	if r := s.Get(t, path, "If-None-Match", etag); r.Status != http.StatusNotModified || len(r.Body) != 0 {
		t.Fatalf("unchanged programme: %d", r.Status)
	}
	if r := s.Get(t, path, "If-Modified-Since", r.Header.Get("Last-Modified")); r.Status != http.StatusNotModified {
		t.Fatalf("If-Modified-Since: %d", r.Status)
	}
	if r := s.Get(t, path+"?lang=en"); r.Header.Get("ETag") == etag {
		t.Error("the English programme needs its own ETag")
	}
	if _, err := store.AddSession(ctx, ev.ID, events.SessionInput{TitleSV: "Ny punkt", Start: "2026-11-04T10:00", End: "2026-11-04T11:00", Room: "Sal A"}); err != nil {
		t.Fatal(err)
	}
	r2 := s.Get(t, path, "If-None-Match", etag)
	if r2.Status != 200 || r2.Header.Get("ETag") == etag {
		t.Fatalf("after an agenda change: %d, etag %q", r2.Status, r2.Header.Get("ETag"))
	}
}

func TestEventCalendarAndSeriesFeed(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(mustDate(t, "2026-10-01")))
	store, ev := publishedConference(t, s)
	ctx := storetest.Ctx(t)
	if _, err := store.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	r := s.Get(t, "/events/"+ev.ID+"/event.ics")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("ics: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(r.Text()))
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events()) != 1 || cal.Events()[0].Id() != ev.ID+"@folkhalsa-events" || strings.Contains(r.Text(), "hemligt-rum") {
		t.Fatalf("ics content: %s", r.Body)
	}

	org, _ := store.Organisations(ctx)
	sr, err := store.CreateSeries(ctx, org[0].ID, events.SeriesInput{
		DetailsInput: events.DetailsInput{Type: "network_meeting", TitleSV: "Nätverksträff", Mode: "digital"},
		Freq:         "monthly", Ordinal: 1, Weekday: 2, StartDate: "2026-01-01", StartTime: "09:00", EndTime: "10:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	created, err := store.Generate(ctx, sr.ID, mustDate(t, "2026-04-30"))
	if err != nil || len(created) != 4 {
		t.Fatalf("generate: %d %v", len(created), err)
	}
	store.SetStatus(ctx, created[0].ID, events.StatusPublished)
	store.SetStatus(ctx, created[1].ID, events.StatusCancelled)
	r = s.Get(t, "/series/"+sr.ID+"/feed.ics")
	cal, err = ics.ParseCalendar(strings.NewReader(r.Text()))
	if err != nil || r.Status != 200 {
		t.Fatalf("feed: %d %v", r.Status, err)
	}
	if n := len(cal.Events()); n != 2 {
		t.Fatalf("feed has %d events, want the published and the cancelled one (no drafts)", n)
	}
	if !strings.Contains(r.Text(), "STATUS:CANCELLED") {
		t.Error("the cancelled occurrence must be marked CANCELLED")
	}
}
