package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/events"
)

// A season's network meetings changed together: three drafts published at once;
// two cancelled after a confirmation, whose participants are told; a draft deleted;
// a step that does not apply to one of those chosen leaves it as it was.
func TestSeriesOccurrencesChangedTogether(t *testing.T) {
	h, srv := smtpHarness(t)
	sr, err := h.s.Deps.Events.CreateSeries(h.ctx, h.org.ID, events.SeriesInput{
		DetailsInput: events.DetailsInput{Type: "network_meeting", TitleSV: "Nätverket", Mode: "digital"},
		Freq:         "monthly", Interval: 1, Ordinal: 1, Weekday: 2, StartDate: "2026-10-01", StartTime: "09:00", EndTime: "11:00"})
	if err != nil {
		t.Fatal(err)
	}
	occ, err := h.s.Deps.Events.Generate(h.ctx, sr.ID, time.Date(2027, 1, 31, 0, 0, 0, 0, events.Stockholm))
	if err != nil || len(occ) != 4 {
		t.Fatalf("generate: %d %v", len(occ), err)
	}
	path := "/organiser/series/" + sr.ID + "/occurrences"
	ids := func(evs ...events.Event) url.Values {
		v := url.Values{}
		for _, ev := range evs {
			v.Add("ids", ev.ID)
		}
		return v
	}
	form := ids(occ[0], occ[1], occ[2])
	form.Set("action", "publish")
	r := h.s.PostForm(t, path, form)
	if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "notice=bulk-publish") {
		t.Fatalf("publish: %d %s", r.Status, mainOf(r.Text()))
	}
	if page := h.page(r.Header.Get("Location"), 200); !strings.Contains(page, "3 tillfällen publicerades.") {
		t.Errorf("after publishing:\n%s", mainOf(page))
	}
	h.register(occ[0], regPerson("a@umea.se"))
	h.register(occ[1], regPerson("b@umea.se"))
	before := len(h.deliver(srv, 2))

	// Cancel two published and the last draft: asked first, then done and told.
	form = ids(occ[0], occ[1], occ[3])
	form.Set("action", "cancel")
	r = h.s.PostForm(t, path, form)
	if r.Status != 200 || !strings.Contains(r.Text(), "3 tillfällen ställs in") {
		t.Fatalf("cancel, first step: %d %s", r.Status, mainOf(r.Text()))
	}
	form.Set("confirm", "yes")
	r = h.s.PostForm(t, path, form)
	page := h.page(r.Header.Get("Location"), 200)
	if !strings.Contains(page, "2 tillfällen ställdes in och deltagarna meddelades.") || !strings.Contains(page, "1 av de valda gällde det inte") {
		t.Errorf("after cancelling:\n%s", mainOf(page))
	}
	for i, want := range []events.Status{events.StatusCancelled, events.StatusCancelled, events.StatusPublished, events.StatusDraft} {
		if ev, _ := h.s.Deps.Events.Event(h.ctx, occ[i].ID); ev.Status != want {
			t.Errorf("occurrence %d: %s, want %s", i, ev.Status, want)
		}
	}
	notices := h.deliver(srv, before+2)[before:]
	for _, m := range notices {
		if !strings.HasPrefix(m.Subject, "Inställt: ") {
			t.Errorf("notice: %q to %s", m.Subject, m.To)
		}
	}
	// Delete: only the draft goes.
	form = ids(occ[2], occ[3])
	form.Set("action", "delete")
	form.Set("confirm", "yes")
	if r := h.s.PostForm(t, path, form); r.Status != 303 {
		t.Fatalf("delete: %d", r.Status)
	}
	if _, err := h.s.Deps.Events.Event(h.ctx, occ[3].ID); err == nil {
		t.Error("the draft is still there")
	}
	if ev, err := h.s.Deps.Events.Event(h.ctx, occ[2].ID); err != nil || ev.Status != events.StatusPublished {
		t.Errorf("the published one: %v %v", ev.Status, err)
	}
	if r := h.s.PostForm(t, path, url.Values{"ids": {occ[2].ID}, "action": {"archive"}}); r.Status != 422 {
		t.Errorf("an unknown action: %d", r.Status)
	}
}

// A series is edited from its page, told that existing occurrences keep theirs, and
// deleted after a confirmation that says what happens: drafts go, published
// occurrences stay as events of their own with their registrations.
func TestSeriesEditedAndDeleted(t *testing.T) {
	h := newRegHarness(t)
	sr, err := h.s.Deps.Events.CreateSeries(h.ctx, h.org.ID, events.SeriesInput{
		DetailsInput: events.DetailsInput{Type: "network_meeting", TitleSV: "Nätverket", Mode: "digital"},
		Freq:         "monthly", Interval: 1, Ordinal: 1, Weekday: 2, StartDate: "2026-10-01", StartTime: "09:00", EndTime: "11:00"})
	if err != nil {
		t.Fatal(err)
	}
	occ, err := h.s.Deps.Events.Generate(h.ctx, sr.ID, time.Date(2026, 12, 31, 0, 0, 0, 0, events.Stockholm))
	if err != nil || len(occ) != 3 {
		t.Fatalf("generate: %d %v", len(occ), err)
	}
	if _, err := h.s.Deps.Events.SetStatus(h.ctx, occ[0].ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	h.register(occ[0], regPerson("a@umea.se"))
	base := "/organiser/series/" + sr.ID
	edit := h.page(base+"/edit", 200)
	if !strings.Contains(edit, "De 3 tillfällen som redan finns ändras inte") || inputValue(t, edit, "title_sv") != "Nätverket" || inputValue(t, edit, "start_time") != "09:00" {
		t.Fatalf("the edit form:\n%s", mainOf(edit))
	}
	form := url.Values{"type": {"network_meeting"}, "title_sv": {"Folkhälsonätverket"}, "mode": {"digital"}, "freq": {"monthly"},
		"interval": {"1"}, "ordinal": {"1"}, "weekday": {"2"}, "start_date": {"2026-10-01"}, "start_time": {"13:00"}, "end_time": {"15:00"}, "visibility": {"public"}}
	if r := h.s.PostForm(t, base, form); r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "series-saved") {
		t.Fatalf("save: %d %s", r.Status, mainOf(r.Text()))
	}
	if got, _ := h.s.Deps.Events.Series(h.ctx, sr.ID); got.Title.SV != "Folkhälsonätverket" || got.Rule.StartTime != "13:00" {
		t.Errorf("the series after saving: %+v", got)
	}
	if ev, _ := h.s.Deps.Events.Event(h.ctx, occ[1].ID); ev.Title.SV != "Nätverket" || ev.Start.Format("15:04") != "09:00" {
		t.Errorf("an existing occurrence changed: %+v", ev)
	}

	r := h.s.PostForm(t, base+"/delete", url.Values{})
	if r.Status != 200 || !strings.Contains(r.Text(), "med den 2 tillfällen som är utkast. 1 publicerade") {
		t.Fatalf("delete, first step: %d %s", r.Status, mainOf(r.Text()))
	}
	if r := h.s.PostForm(t, base+"/delete", url.Values{"confirm": {"yes"}}); r.Status != 303 {
		t.Fatalf("delete: %d", r.Status)
	}
	if _, err := h.s.Deps.Events.Series(h.ctx, sr.ID); err == nil {
		t.Error("the series is still there")
	}
	for i, ev := range occ {
		got, err := h.s.Deps.Events.Event(h.ctx, ev.ID)
		switch {
		case i == 0 && (err != nil || got.SeriesID != "" || got.Status != events.StatusPublished || len(h.list(got)) != 1):
			t.Errorf("the published occurrence: %+v %v", got, err)
		case i > 0 && err == nil:
			t.Errorf("draft %d is still there", i)
		}
	}
}

// The series form takes the yearly "third Tuesday of March", months and dates to
// leave out, holidays, and the online link every occurrence gets; the series page
// says the rule in words.
func TestSeriesRuleWithExceptions(t *testing.T) {
	h := newRegHarness(t)
	form := url.Values{"org": {h.org.ID}, "type": {"conference"}, "title_sv": {"Folkhälsodagen"}, "mode": {"digital"}, "freq": {"yearly"},
		"interval": {"1"}, "ordinal": {"3"}, "weekday": {"2"}, "start_date": {"2027-03-01"}, "start_time": {"09:00"}, "end_time": {"16:00"},
		"skip_months": {"7"}, "skip_dates": {"2029-03-20"}, "skip_holidays": {"true"}, "online_url": {"https://meet.example.se/fhd"}, "visibility": {"public"},
		"reminder_days": {"3"}, "thanks_off": {"true"}, "followup_url": {"https://enkat.example.se/fhd"}}
	r := h.s.PostForm(t, "/organiser/series", form)
	if r.Status != 303 {
		t.Fatalf("create: %d %s", r.Status, mainOf(r.Text()))
	}
	page := h.page(strings.Split(r.Header.Get("Location"), "?")[0], 200)
	if !strings.Contains(page, "tredje tisdagen i mars, 09:00–16:00, utom juli, 2029-03-20, helgdagar") {
		t.Errorf("the rule in words:\n%s", mainOf(page))
	}
	list, err := h.s.Deps.Events.ListSeries(h.ctx, nil)
	if err != nil || len(list) != 1 {
		t.Fatal(err)
	}
	occ, err := h.s.Deps.Events.Generate(h.ctx, list[0].ID, time.Date(2029, 12, 31, 0, 0, 0, 0, events.Stockholm))
	if err != nil || len(occ) != 2 || occ[0].Occurrence != "2027-03-16" || occ[1].Occurrence != "2028-03-21" || occ[0].OnlineURL != "https://meet.example.se/fhd" ||
		!slices.Equal(occ[0].ReminderDays, []int{3}) || !occ[0].ThanksOff || occ[1].FollowUpURL != "https://enkat.example.se/fhd" {
		t.Errorf("occurrences: %+v %v", occ, err)
	}
	if edit := h.page("/organiser/series/"+list[0].ID+"/edit", 200); inputValue(t, edit, "reminder_days") != "3" || inputValue(t, edit, "followup_url") != "https://enkat.example.se/fhd" {
		t.Errorf("the edit form does not show the mail settings:\n%s", mainOf(edit))
	}
	bad := with(form, "skip_dates", "julafton")
	if r := h.s.PostForm(t, "/organiser/series", bad); r.Status != 422 || !strings.Contains(fieldError(t, r.Text(), "skip_dates"), "julafton är inget datum") {
		t.Errorf("a date that is not one: %d", r.Status)
	}
}
