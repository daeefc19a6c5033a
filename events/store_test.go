package events_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestCreateEventValidatesAndNormalises(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	ev, err := s.CreateEvent(ctx, org.ID, conferenceInput())
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != events.StatusDraft || ev.Visibility != events.VisibilityPublic {
		t.Errorf("new events are public drafts, got %s %s", ev.Status, ev.Visibility)
	}
	if got := ev.TargetAreas; len(got) != 2 || got[0] != 1 || got[1] != 6 {
		t.Errorf("target areas deduplicated and sorted: %v", got)
	}
	if len(ev.PriorityAreas) != 2 || ev.County != "Västerbottens län" {
		t.Errorf("priority areas %v county %q", ev.PriorityAreas, ev.County)
	}
	stored, err := s.Event(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 10, 14, 7, 0, 0, 0, time.UTC) // 09:00 CEST
	if !stored.Start.Equal(want) || stored.Start.Location() != events.Stockholm {
		t.Errorf("start %v (%v), want %v in Stockholm", stored.Start, stored.Start.Location(), want)
	}
}

func TestInvalidEventIsRefusedWithFieldMessages(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	cases := []struct {
		name   string
		change func(*events.EventInput)
		field  string
	}{
		{"no title", func(in *events.EventInput) { in.TitleSV = "  " }, "title_sv"},
		{"unknown type", func(in *events.EventInput) { in.Type = "party" }, "type"},
		{"end before start", func(in *events.EventInput) { in.End = "2026-10-13T09:00" }, "end"},
		{"bad time", func(in *events.EventInput) { in.Start = "tomorrow" }, "start"},
		{"target area 9", func(in *events.EventInput) { in.TargetAreas = []int{9} }, "target_areas"},
		{"on-site without venue", func(in *events.EventInput) { in.VenueName, in.VenueAddress = "", "" }, "venue_name"},
		{"unknown municipality", func(in *events.EventInput) { in.Municipality = "Atlantis" }, "municipality"},
		{"dialogue visit without municipality", func(in *events.EventInput) { in.Type, in.Municipality = "dialogue_visit", "" }, "municipality"},
		{"invalid utf-8", func(in *events.EventInput) { in.TitleSV = "Hej \xff" }, "title_sv"},
		{"title too long", func(in *events.EventInput) { in.TitleSV = strings.Repeat("å", 201) }, "title_sv"},
		{"online link not a url", func(in *events.EventInput) { in.OnlineURL = "meet me" }, "online_url"},
		{"negative capacity", func(in *events.EventInput) { in.CapacityOnSite = -1 }, "capacity_on_site"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := conferenceInput()
			tc.change(&in)
			_, err := s.CreateEvent(storetest.Ctx(t), org.ID, in)
			var ve *events.ValidationError
			if !errors.As(err, &ve) || !ve.Has(tc.field) {
				t.Fatalf("want a validation error on %s, got %v", tc.field, err)
			}
			if sv, en := ve.FieldMessages("sv")[tc.field], ve.FieldMessages("en")[tc.field]; sv == "" || en == "" || sv == en {
				t.Errorf("messages must exist in Swedish and English: %q / %q", sv, en)
			}
		})
	}
	page, err := s.ListEvents(storetest.Ctx(t), events.EventFilter{})
	if err != nil || page.Total != 0 {
		t.Fatalf("nothing may be stored from invalid input: %d %v", page.Total, err)
	}
}

func TestDialogueVisitDefaultsToInviteOnly(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	in := conferenceInput()
	in.Type, in.Municipality = "dialogue_visit", "Skellefteå"
	ev, err := s.CreateEvent(storetest.Ctx(t), org.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Visibility != events.VisibilityInviteOnly || ev.Municipality != "Skellefteå" {
		t.Errorf("dialogue visit: visibility %s municipality %q", ev.Visibility, ev.Municipality)
	}
}

func TestDraftsAreInvisibleToThePublic(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	draft, _ := s.CreateEvent(ctx, org.ID, conferenceInput())
	published, _ := s.CreateEvent(ctx, org.ID, conferenceInput())
	if _, err := s.SetStatus(ctx, published.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	invite := conferenceInput()
	invite.Visibility = "invite_only"
	hidden, _ := s.CreateEvent(ctx, org.ID, invite)
	if _, err := s.SetStatus(ctx, hidden.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}

	page, err := s.ListEvents(ctx, events.EventFilter{Public: true})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Events[0].ID != published.ID {
		t.Fatalf("public list: %d events, want only %s (not draft %s or invite-only %s)", page.Total, published.ID, draft.ID, hidden.ID)
	}
	all, _ := s.ListEvents(ctx, events.EventFilter{OrgIDs: []string{org.ID}})
	if all.Total != 3 {
		t.Errorf("organiser list: %d, want 3", all.Total)
	}
}

func TestListFilters(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	mk := func(typ, mode, municipality, start string, areas ...int) string {
		in := conferenceInput()
		in.Type, in.Mode, in.Municipality, in.TargetAreas = typ, mode, municipality, areas
		in.Start, in.End = start+"T09:00", start+"T12:00"
		ev, err := s.CreateEvent(ctx, org.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	seminar := mk("seminar", "digital", "Luleå", "2026-03-10", 6)
	conf := mk("conference", "on_site", "Umeå", "2026-04-10", 1, 2)
	hybrid := mk("training", "hybrid", "Umeå", "2026-05-10", 2)

	cases := []struct {
		name string
		f    events.EventFilter
		want []string
	}{
		{"type", events.EventFilter{Type: events.TypeSeminar}, []string{seminar}},
		{"target area", events.EventFilter{TargetArea: 2}, []string{conf, hybrid}},
		{"digital includes hybrid", events.EventFilter{Mode: events.ModeDigital}, []string{seminar, hybrid}},
		{"on site includes hybrid", events.EventFilter{Mode: events.ModeOnSite}, []string{conf, hybrid}},
		{"municipality", events.EventFilter{Municipality: "Luleå"}, []string{seminar}},
		{"county", events.EventFilter{County: "Norrbottens län"}, []string{seminar}},
		{"date range", events.EventFilter{From: time.Date(2026, 4, 1, 0, 0, 0, 0, events.Stockholm), To: time.Date(2026, 5, 1, 0, 0, 0, 0, events.Stockholm)}, []string{conf}},
		{"paging", events.EventFilter{Limit: 1, Offset: 1}, []string{conf}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.Public = true
			page, err := s.ListEvents(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range page.Events {
				got = append(got, ev.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAgendaRules(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	ev, err := s.CreateEvent(ctx, org.ID, conferenceInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSession(ctx, ev.ID, session("Hälsans bestämningsfaktorer", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", "Anna Berg")); err != nil {
		t.Fatal(err)
	}
	// Parallel sessions in other rooms are normal.
	if _, err := s.AddSession(ctx, ev.ID, session("Psykisk hälsa hos unga", "2026-10-14T10:00", "2026-10-14T11:00", "Sal B", "Per Lind")); err != nil {
		t.Fatalf("parallel session refused: %v", err)
	}

	cases := []struct {
		name  string
		in    events.SessionInput
		field string
		want  []string
	}{
		{"before the event", session("Tidig", "2026-10-14T08:00", "2026-10-14T09:30", "Sal C"), "start", nil},
		{"after the event", session("Sen", "2026-10-15T15:30", "2026-10-15T17:00", "Sal C"), "start", nil},
		{"room taken", session("Krock", "2026-10-14T10:30", "2026-10-14T11:30", "sal a"), "room", []string{"Hälsans bestämningsfaktorer", "Krock"}},
		{"speaker in two places", session("Dubbelbokad", "2026-10-14T10:45", "2026-10-14T11:15", "Sal C", "Anna Berg"), "speakers", []string{"Anna Berg", "Hälsans bestämningsfaktorer", "Dubbelbokad"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddSession(ctx, ev.ID, tc.in)
			var ve *events.ValidationError
			if !errors.As(err, &ve) || !ve.Has(tc.field) {
				t.Fatalf("want validation error on %s, got %v", tc.field, err)
			}
			for _, lang := range []string{"sv", "en"} {
				for _, w := range tc.want {
					if msg := ve.FieldMessages(lang)[tc.field]; !strings.Contains(msg, w) {
						t.Errorf("%s message %q does not name %q", lang, msg, w)
					}
				}
			}
		})
	}
	// Back-to-back in the same room and with the same speaker is fine.
	if _, err := s.AddSession(ctx, ev.ID, session("Direkt efter", "2026-10-14T11:00", "2026-10-14T12:00", "Sal A", "Anna Berg")); err != nil {
		t.Fatalf("adjacent session refused: %v", err)
	}
	list, err := s.Sessions(ctx, ev.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("sessions stored: %d (%v), want 3", len(list), err)
	}
	// Moving the event so that a session falls outside is refused, naming the session.
	in := conferenceInput()
	in.Start = "2026-10-14T10:30"
	_, err = s.UpdateEvent(ctx, ev.ID, in)
	var ve *events.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.FieldMessages("sv")["start"], "Hälsans bestämningsfaktorer") {
		t.Fatalf("want the session named, got %v", err)
	}
}

func TestUpdateSessionIsCheckedAgainstTheOthersOnly(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	ev, _ := s.CreateEvent(ctx, org.ID, conferenceInput())
	a, err := s.AddSession(ctx, ev.ID, session("A", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", "Eva"))
	if err != nil {
		t.Fatal(err)
	}
	// Extending a session over its own old time does not clash with itself.
	moved, err := s.UpdateSession(ctx, ev.ID, a.ID, session("A", "2026-10-14T10:00", "2026-10-14T11:30", "Sal A", "Eva"))
	if err != nil || !moved.End.Equal(time.Date(2026, 10, 14, 11, 30, 0, 0, events.Stockholm)) {
		t.Fatalf("update: %v %v", moved.End, err)
	}
	if err := s.DeleteSession(ctx, ev.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, ev.ID, a.ID); !errors.Is(err, events.ErrNotFound) {
		t.Fatalf("deleted session: %v", err)
	}
}

func TestStatusRules(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	ev, _ := s.CreateEvent(ctx, org.ID, conferenceInput())
	pub, err := s.SetStatus(ctx, ev.ID, events.StatusPublished)
	if err != nil || pub.Sequence != 1 {
		t.Fatalf("publish: seq %d %v", pub.Sequence, err)
	}
	if err := s.DeleteEvent(ctx, ev.ID); !errors.Is(err, events.ErrNotDraft) {
		t.Fatalf("deleting a published event: %v", err)
	}
	if _, err := s.SetStatus(ctx, ev.ID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateEvent(ctx, ev.ID, conferenceInput()); !errors.Is(err, events.ErrCancelled) {
		t.Fatalf("editing a cancelled event: %v", err)
	}
	if _, err := s.SetStatus(ctx, ev.ID, events.StatusPublished); !errors.Is(err, events.ErrCancelled) {
		t.Fatalf("re-publishing a cancelled event: %v", err)
	}
	draft, _ := s.CreateEvent(ctx, org.ID, conferenceInput())
	if _, err := s.AddSession(ctx, draft.ID, session("X", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A")); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEvent(ctx, draft.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Event(ctx, draft.ID); !errors.Is(err, events.ErrNotFound) {
		t.Fatal("draft not deleted")
	}
	if list, _ := s.Sessions(ctx, draft.ID); len(list) != 0 {
		t.Fatal("sessions of a deleted draft remain")
	}
}

func TestUpdateBumpsSequenceAndKeepsID(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	ev, _ := s.CreateEvent(ctx, org.ID, conferenceInput())
	in := conferenceInput()
	in.TitleSV = "Folkhälsokonferensen 2026 – ny titel"
	up, err := s.UpdateEvent(ctx, ev.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Event(ctx, ev.ID)
	if got.ID != ev.ID || got.Sequence != ev.Sequence+1 || got.Title.SV != in.TitleSV || up.Sequence != got.Sequence {
		t.Errorf("after update: %+v", got)
	}
}

func monthlyNetwork() events.SeriesInput {
	return events.SeriesInput{
		DetailsInput: events.DetailsInput{
			Type:         "network_meeting",
			TitleSV:      "Nätverket för folkhälsostrateger",
			VenueName:    "Länsstyrelsen",
			Mode:         "hybrid",
			TargetAreas:  []int{7},
			Municipality: "Umeå",
		},
		Freq: "monthly", Weekday: 2, Ordinal: 1, // first Tuesday
		StartDate: "2026-01-01", StartTime: "09:00", EndTime: "11:30",
	}
}

// The first Tuesday of March is in winter time, of April in summer time: both at 09:00 local.
func TestRecurrenceAcrossDaylightSavingChange(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	sr, err := s.CreateSeries(ctx, org.ID, monthlyNetwork())
	if err != nil {
		t.Fatal(err)
	}
	created, err := s.Generate(ctx, sr.ID, time.Date(2026, 12, 31, 0, 0, 0, 0, events.Stockholm))
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 12 {
		t.Fatalf("%d occurrences, want 12", len(created))
	}
	wantDates := []string{"2026-01-06", "2026-02-03", "2026-03-03", "2026-04-07", "2026-05-05", "2026-06-02",
		"2026-07-07", "2026-08-04", "2026-09-01", "2026-10-06", "2026-11-03", "2026-12-01"}
	for i, ev := range created {
		if ev.Occurrence != wantDates[i] || ev.Start.Weekday() != time.Tuesday {
			t.Errorf("occurrence %d: %s (%s)", i, ev.Occurrence, ev.Start.Weekday())
		}
		if h, m := ev.Start.Hour(), ev.Start.Minute(); h != 9 || m != 0 {
			t.Errorf("%s starts %02d:%02d local, want 09:00", ev.Occurrence, h, m)
		}
		if ev.Status != events.StatusDraft || ev.SeriesID != sr.ID {
			t.Errorf("%s: status %s series %q", ev.Occurrence, ev.Status, ev.SeriesID)
		}
	}
	march, _ := s.Event(ctx, created[2].ID)
	april, _ := s.Event(ctx, created[3].ID)
	if !march.Start.Equal(time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)) || !april.Start.Equal(time.Date(2026, 4, 7, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("stored instants: March %v April %v (want 08:00Z and 07:00Z)", march.Start.UTC(), april.Start.UTC())
	}
	if !april.End.Equal(time.Date(2026, 4, 7, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("April end %v, want 09:30Z", april.End.UTC())
	}
}

func TestRecurrenceRules(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	cases := []struct {
		name  string
		rule  func(*events.SeriesInput)
		until string
		want  []string
	}{
		{"last Thursday", func(in *events.SeriesInput) { in.Weekday, in.Ordinal = 4, -1 }, "2026-03-31", []string{"2026-01-29", "2026-02-26", "2026-03-26"}},
		{"yearly conference", func(in *events.SeriesInput) {
			in.Freq, in.StartDate, in.Ordinal = "yearly", "2026-10-14", 0
		}, "2028-12-31", []string{"2026-10-14", "2027-10-14", "2028-10-14"}},
		{"the third Tuesday of March", func(in *events.SeriesInput) {
			in.Freq, in.StartDate, in.Ordinal, in.Weekday = "yearly", "2026-03-01", 3, 2
		}, "2028-12-31", []string{"2026-03-17", "2027-03-16", "2028-03-21"}},
		{"monthly without July and a given date", func(in *events.SeriesInput) {
			in.StartDate, in.SkipMonths, in.SkipDates = "2026-05-01", []int{7}, "2026-08-04"
		}, "2026-10-31", []string{"2026-05-05", "2026-06-02", "2026-09-01", "2026-10-06"}},
		{"weekly without holidays and eves", func(in *events.SeriesInput) {
			in.Freq, in.StartDate, in.Ordinal, in.SkipHolidays = "weekly", "2026-12-17", 0, true
		}, "2027-01-14", []string{"2026-12-17", "2027-01-07", "2027-01-14"}},
		{"every other week", func(in *events.SeriesInput) {
			in.Freq, in.Interval, in.StartDate = "weekly", 2, "2026-03-16"
		}, "2026-04-20", []string{"2026-03-16", "2026-03-30", "2026-04-13"}},
		{"same day of month skips short months", func(in *events.SeriesInput) {
			in.Ordinal, in.StartDate = 0, "2026-01-31"
		}, "2026-05-31", []string{"2026-01-31", "2026-03-31", "2026-05-31"}},
		{"rule's own end date", func(in *events.SeriesInput) { in.Until = "2026-02-10" }, "2026-12-31", []string{"2026-01-06", "2026-02-03"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := monthlyNetwork()
			tc.rule(&in)
			sr, err := s.CreateSeries(ctx, org.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			until, _ := time.ParseInLocation("2006-01-02", tc.until, events.Stockholm)
			created, err := s.Generate(ctx, sr.ID, until)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range created {
				got = append(got, ev.Occurrence)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Generating is idempotent and safe when several organisers (or instances) press the
// button at once; edits made to an occurrence survive a later generation.
func TestGenerateIsIdempotentAndConcurrentSafe(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	sr, err := s.CreateSeries(ctx, org.ID, monthlyNetwork())
	if err != nil {
		t.Fatal(err)
	}
	june := time.Date(2026, 6, 30, 0, 0, 0, 0, events.Stockholm)
	first, err := s.Generate(ctx, sr.ID, june)
	if err != nil || len(first) != 6 {
		t.Fatalf("first generation: %d %v", len(first), err)
	}
	edit := conferenceInput()
	edit.Type, edit.TitleSV = "network_meeting", "Extrainsatt: nätverket i Skellefteå"
	edit.Start, edit.End = "2026-03-03T13:00", "2026-03-03T15:00"
	if _, err := s.UpdateEvent(ctx, first[2].ID, edit); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	total := make([]int, 5)
	for i := range total {
		wg.Add(1)
		go func() {
			defer wg.Done()
			created, err := s.Generate(ctx, sr.ID, time.Date(2026, 12, 31, 0, 0, 0, 0, events.Stockholm))
			if err != nil {
				t.Error(err)
			}
			total[i] = len(created)
		}()
	}
	wg.Wait()
	sum := 0
	for _, n := range total {
		sum += n
	}
	if sum != 6 {
		t.Errorf("concurrent generations created %d events in all, want the 6 missing ones", sum)
	}
	page, _ := s.ListEvents(ctx, events.EventFilter{SeriesID: sr.ID})
	if page.Total != 12 {
		t.Errorf("series has %d events, want 12", page.Total)
	}
	kept, _ := s.Event(ctx, first[2].ID)
	if kept.Title.SV != edit.TitleSV || kept.Start.Hour() != 13 {
		t.Errorf("edited occurrence overwritten: %q at %v", kept.Title.SV, kept.Start)
	}
}

func TestInvalidSeries(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	cases := []struct {
		name   string
		change func(*events.SeriesInput)
		field  string
	}{
		{"frequency", func(in *events.SeriesInput) { in.Freq = "daily" }, "freq"},
		{"ordinal", func(in *events.SeriesInput) { in.Ordinal = 5 }, "ordinal"},
		{"start date", func(in *events.SeriesInput) { in.StartDate = "2026-13-01" }, "start_date"},
		{"end time", func(in *events.SeriesInput) { in.EndTime = "08:00" }, "end_time"},
		{"time format", func(in *events.SeriesInput) { in.StartTime = "9" }, "start_time"},
		{"until before start", func(in *events.SeriesInput) { in.Until = "2025-01-01" }, "until"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := monthlyNetwork()
			tc.change(&in)
			_, err := s.CreateSeries(storetest.Ctx(t), org.ID, in)
			var ve *events.ValidationError
			if !errors.As(err, &ve) || !ve.Has(tc.field) {
				t.Fatalf("want validation error on %s, got %v", tc.field, err)
			}
		})
	}
}

// A speaker is the same person whether the name arrives composed or decomposed
// (NFC "Á" or "A" with a combining accent), and parallel sessions are listed by time,
// then title in Swedish order, not by room.
func TestAgendaNamesAndOrder(t *testing.T) {
	s := newStore(t)
	org := newOrg(t, s)
	ctx := storetest.Ctx(t)
	ev, err := s.CreateEvent(ctx, org.ID, conferenceInput())
	if err != nil {
		t.Fatal(err)
	}
	composed, decomposed := "Áile Ŋuvttet Čorgŋa", "A\u0301ile Ŋuvttet C\u030corgŋa"
	if _, err := s.AddSession(ctx, ev.ID, session("Öppning", "2026-10-14T10:00", "2026-10-14T11:00", "Sal Ö", composed)); err != nil {
		t.Fatal(err)
	}
	var ve *events.ValidationError
	if _, err := s.AddSession(ctx, ev.ID, session("Samtal", "2026-10-14T10:30", "2026-10-14T11:30", "Sal B", decomposed)); !errors.As(err, &ve) || !ve.Has("speakers") {
		t.Fatalf("the same speaker, decomposed: %v", err)
	}
	for _, in := range []events.SessionInput{
		session("Ärenden", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A"),
		session("Alkohol", "2026-10-14T10:00", "2026-10-14T11:00", "Sal C"),
		session("Barn", "2026-10-14T09:00", "2026-10-14T10:00", "Sal Z"),
	} {
		if _, err := s.AddSession(ctx, ev.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.Sessions(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, se := range list {
		titles = append(titles, se.Title.SV)
	}
	if want := []string{"Barn", "Alkohol", "Ärenden", "Öppning"}; !slices.Equal(titles, want) {
		t.Errorf("agenda order %v, want %v", titles, want)
	}
}

func TestPriorityAreasInEnglish(t *testing.T) {
	if got := events.PriorityAreaIn("God psykisk hälsa", "en"); got != "Good mental health" {
		t.Errorf("a suggestion in English: %q", got)
	}
	if got := events.PriorityAreaIn("God psykisk hälsa", "sv"); got != "God psykisk hälsa" {
		t.Errorf("in Swedish: %q", got)
	}
	if got := events.PriorityAreaIn("Trygghet i Umeå", "en"); got != "Trygghet i Umeå" {
		t.Errorf("an organiser's own area is shown as written: %q", got)
	}
}
