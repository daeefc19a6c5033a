package events_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/testtools"
)

var icsOrg = events.Organisation{ID: "org-1", Name: "Region Västerbotten", Kind: events.OrgRegion}

func icsOpts() events.ICSOptions {
	return events.ICSOptions{
		BaseURL:  "https://events.example.se",
		Lang:     "sv",
		EventURL: func(ev events.Event) string { return "https://events.example.se/evenemang/" + ev.ID },
		Now:      time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC),
	}
}

// icsEvent is a published on-site event; times are given in UTC on purpose, so the
// tests prove the output is converted to Stockholm rather than copied.
func icsEvent(id string, startUTC time.Time) events.Event {
	return events.Event{
		ID:          id,
		OrgID:       icsOrg.ID,
		Title:       events.Text{SV: "Nätverksträff folkhälsa", EN: "Public health network meeting"},
		Description: events.Text{SV: "Vi träffas och pratar.", EN: "We meet and talk."},
		Start:       startUTC,
		End:         startUTC.Add(2 * time.Hour),
		Venue:       events.Venue{Name: "Folkets hus", Address: "Storgatan 1", City: "Umeå"},
		Mode:        events.ModeOnSite,
		OnlineURL:   "https://meet.example.se/secret-room",
		Status:      events.StatusPublished,
		CreatedAt:   time.Date(2025, 12, 1, 8, 30, 0, 0, time.UTC),
		UpdatedAt:   time.Date(2026, 1, 10, 14, 0, 0, 0, time.UTC),
	}
}

func parseICS(t *testing.T, data []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	return cal
}

func eventICS(t *testing.T, ev events.Event, opts events.ICSOptions) (*ics.VEvent, []byte) {
	t.Helper()
	data, err := events.EventICS(ev, icsOrg, opts)
	if err != nil {
		t.Fatalf("EventICS: %v", err)
	}
	evs := parseICS(t, data).Events()
	if len(evs) != 1 {
		t.Fatalf("want 1 VEVENT, got %d\n%s", len(evs), data)
	}
	return evs[0], data
}

func propValue(t *testing.T, c *ics.ComponentBase, name string) string {
	t.Helper()
	p := c.GetProperty(ics.ComponentProperty(name))
	if p == nil {
		t.Fatalf("no %s property", name)
	}
	return p.Value
}

func calProp(cal *ics.Calendar, name string) *ics.CalendarProperty {
	for i := range cal.CalendarProperties {
		if cal.CalendarProperties[i].IANAToken == name {
			return &cal.CalendarProperties[i]
		}
	}
	return nil
}

// stockholmInstant reads a DTSTART/DTEND the way a client does: TZID plus local wall-clock value.
func stockholmInstant(t *testing.T, ve *ics.VEvent, name string) (time.Time, string) {
	t.Helper()
	p := ve.GetProperty(ics.ComponentProperty(name))
	if p == nil {
		t.Fatalf("no %s", name)
	}
	if tzid := p.ICalParameters["TZID"]; len(tzid) != 1 || tzid[0] != "Europe/Stockholm" {
		t.Fatalf("%s TZID = %v, want Europe/Stockholm", name, tzid)
	}
	at, err := time.ParseInLocation("20060102T150405", p.Value, events.Stockholm)
	if err != nil {
		t.Fatalf("%s %q is not a local date-time: %v", name, p.Value, err)
	}
	return at, p.Value
}

// unfold undoes RFC 5545 line folding on the raw output.
func unfold(data []byte) string {
	return strings.ReplaceAll(string(data), "\r\n ", "")
}

func TestEventICSKeepsStockholmTimeAcrossDST(t *testing.T) {
	cases := []struct {
		name      string
		startUTC  time.Time
		wantLocal string
	}{
		{"before spring change", time.Date(2026, 3, 28, 9, 0, 0, 0, time.UTC), "20260328T100000"},
		{"after spring change", time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC), "20260330T100000"},
		{"before autumn change", time.Date(2026, 10, 24, 8, 0, 0, 0, time.UTC), "20261024T100000"},
		{"after autumn change", time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC), "20261026T100000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := icsEvent("ev-dst", c.startUTC)
			ve, _ := eventICS(t, ev, icsOpts())

			start, local := stockholmInstant(t, ve, "DTSTART")
			if local != c.wantLocal {
				t.Errorf("DTSTART = %s, want %s", local, c.wantLocal)
			}
			if !start.Equal(c.startUTC) {
				t.Errorf("DTSTART is %v, want %v", start.UTC(), c.startUTC)
			}
			end, _ := stockholmInstant(t, ve, "DTEND")
			if !end.Equal(ev.End) {
				t.Errorf("DTEND is %v, want %v", end.UTC(), ev.End)
			}
		})
	}
}

func TestEventICSCalendarHeaderAndTimezone(t *testing.T) {
	_, data := eventICS(t, icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC)), icsOpts())
	cal := parseICS(t, data)

	for name, want := range map[string]string{
		"PRODID": "-//folkhalsa-events//SV", "VERSION": "2.0", "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
	} {
		if p := calProp(cal, name); p == nil || p.Value != want {
			t.Errorf("%s = %v, want %q", name, p, want)
		}
	}

	tzs := cal.Timezones()
	if len(tzs) != 1 {
		t.Fatalf("want 1 VTIMEZONE, got %d", len(tzs))
	}
	if got := propValue(t, &tzs[0].ComponentBase, "TZID"); got != "Europe/Stockholm" {
		t.Errorf("VTIMEZONE TZID = %q", got)
	}
	rules := map[string]map[string]string{}
	for _, sub := range tzs[0].SubComponents() {
		var kind string
		var c *ics.ComponentBase
		switch s := sub.(type) {
		case *ics.Standard:
			kind, c = "STANDARD", &s.ComponentBase
		case *ics.Daylight:
			kind, c = "DAYLIGHT", &s.ComponentBase
		default:
			t.Fatalf("unexpected VTIMEZONE part %T", sub)
		}
		rules[kind] = map[string]string{}
		for _, p := range c.Properties {
			rules[kind][p.IANAToken] = p.Value
		}
	}
	want := map[string]map[string]string{
		"STANDARD": {"DTSTART": "19701025T030000", "TZOFFSETFROM": "+0200", "TZOFFSETTO": "+0100",
			"RRULE": "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZNAME": "CET"},
		"DAYLIGHT": {"DTSTART": "19700329T020000", "TZOFFSETFROM": "+0100", "TZOFFSETTO": "+0200",
			"RRULE": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZNAME": "CEST"},
	}
	if fmt.Sprint(rules) != fmt.Sprint(want) {
		t.Errorf("VTIMEZONE rules\n got %v\nwant %v", rules, want)
	}
}

func TestEventICSProperties(t *testing.T) {
	ev := icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC))
	ev.Sequence = 3
	ve, data := eventICS(t, ev, icsOpts())

	for name, want := range map[string]string{
		"UID":           "ev-1@folkhalsa-events",
		"DTSTAMP":       "20260115T120000Z",
		"CREATED":       "20251201T083000Z",
		"LAST-MODIFIED": "20260110T140000Z",
		"SEQUENCE":      "3",
		"SUMMARY":       "Nätverksträff folkhälsa",
		"DESCRIPTION":   "Vi träffas och pratar.\n\nhttps://events.example.se/evenemang/ev-1",
		"LOCATION":      "Folkets hus, Storgatan 1, Umeå",
		"URL":           "https://events.example.se/evenemang/ev-1",
		"ORGANIZER":     "mailto:no-reply@events.example.se",
	} {
		if got := propValue(t, &ve.ComponentBase, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if cn := ve.GetProperty(ics.ComponentPropertyOrganizer).ICalParameters["CN"]; len(cn) != 1 || cn[0] != icsOrg.Name {
		t.Errorf("ORGANIZER CN = %v, want %q", cn, icsOrg.Name)
	}
	// Commas in LOCATION must go out escaped, or they read as a list separator.
	if !strings.Contains(unfold(data), `LOCATION:Folkets hus\, Storgatan 1\, Umeå`+"\r\n") {
		t.Errorf("LOCATION not escaped:\n%s", data)
	}
}

func TestEventICSOrganizerNameStaysAValidParameter(t *testing.T) {
	org := icsOrg
	org.Name = `Region "Väst", folkhälsa; enhet: Norr's`
	data, err := events.EventICS(icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC)), org, icsOpts())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(unfold(data), "\r\n") {
		if !strings.HasPrefix(line, "ORGANIZER") {
			continue
		}
		// RFC 5545 parameter values may not contain backslash escapes, nor unquoted , ; : "
		params, _, _ := strings.Cut(line, ":mailto:")
		if strings.ContainsAny(strings.TrimPrefix(params, "ORGANIZER;CN="), `\,;:"`) {
			t.Errorf("ORGANIZER parameter is not valid paramtext: %s", line)
		}
		if !strings.Contains(line, "CN=Region Väst folkhälsa enhet Norr’s:") {
			t.Errorf("ORGANIZER CN lost the name: %s", line)
		}
		return
	}
	t.Fatalf("no ORGANIZER line:\n%s", data)
}

func TestEventICSUIDSurvivesEdits(t *testing.T) {
	before := icsEvent("ev-42", time.Date(2026, 4, 14, 11, 0, 0, 0, time.UTC))
	after := before
	after.Title = events.Text{SV: "Nätverksträff folkhälsa (ny tid)"}
	after.Start = before.Start.Add(24 * time.Hour)
	after.End = before.End.Add(24 * time.Hour)
	after.Sequence = before.Sequence + 1

	veBefore, _ := eventICS(t, before, icsOpts())
	moved := icsOpts() // the service moved to another address meanwhile
	moved.BaseURL = "https://folkhalsa.lansstyrelsen.example"
	veAfter, _ := eventICS(t, after, moved)

	if veBefore.Id() != veAfter.Id() || veAfter.Id() != "ev-42@folkhalsa-events" {
		t.Errorf("UID before %q, after %q; want both ev-42@folkhalsa-events", veBefore.Id(), veAfter.Id())
	}
	if b, a := propValue(t, &veBefore.ComponentBase, "SEQUENCE"), propValue(t, &veAfter.ComponentBase, "SEQUENCE"); b != "0" || a != "1" {
		t.Errorf("SEQUENCE before %s, after %s; want 0 then 1", b, a)
	}
	if got := propValue(t, &veAfter.ComponentBase, "SUMMARY"); got != after.Title.SV {
		t.Errorf("SUMMARY after edit = %q", got)
	}
	if start, _ := stockholmInstant(t, veAfter, "DTSTART"); !start.Equal(after.Start) {
		t.Errorf("DTSTART after edit = %v, want %v", start, after.Start)
	}
}

func TestEventICSStatus(t *testing.T) {
	for status, want := range map[events.Status]string{
		events.StatusPublished: "CONFIRMED",
		events.StatusCancelled: "CANCELLED",
	} {
		ev := icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC))
		ev.Status = status
		ve, _ := eventICS(t, ev, icsOpts())
		if got := propValue(t, &ve.ComponentBase, "STATUS"); got != want {
			t.Errorf("%s: STATUS = %q, want %q", status, got, want)
		}
	}
}

func TestEventICSOnlineURLOnlyForParticipants(t *testing.T) {
	ev := icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC))
	ev.Mode = events.ModeHybrid

	_, public := eventICS(t, ev, icsOpts())
	if strings.Contains(unfold(public), ev.OnlineURL) {
		t.Errorf("public calendar file leaks the online link:\n%s", public)
	}

	opts := icsOpts()
	opts.IncludeOnlineURL = true
	ve, _ := eventICS(t, ev, opts)
	if d := propValue(t, &ve.ComponentBase, "DESCRIPTION"); !strings.Contains(d, "Länk för digitalt deltagande: "+ev.OnlineURL) {
		t.Errorf("participant's DESCRIPTION lacks the online link: %q", d)
	}

	ev.Mode = events.ModeOnSite // a stale link from when the event was hybrid
	ve, _ = eventICS(t, ev, opts)
	if d := propValue(t, &ve.ComponentBase, "DESCRIPTION"); strings.Contains(d, ev.OnlineURL) {
		t.Errorf("on-site event carries an online link: %q", d)
	}
}

func TestEventICSLanguage(t *testing.T) {
	ev := icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC))
	ev.Mode = events.ModeDigital

	sv, _ := eventICS(t, ev, icsOpts())
	opts := icsOpts()
	opts.Lang = "en"
	en, _ := eventICS(t, ev, opts)

	for _, c := range []struct {
		ve                   *ics.VEvent
		summary, description string
		location             string
	}{
		{sv, ev.Title.SV, ev.Description.SV, "Digitalt"},
		{en, ev.Title.EN, ev.Description.EN, "Online"},
	} {
		if got := propValue(t, &c.ve.ComponentBase, "SUMMARY"); got != c.summary {
			t.Errorf("SUMMARY = %q, want %q", got, c.summary)
		}
		if got := propValue(t, &c.ve.ComponentBase, "DESCRIPTION"); !strings.HasPrefix(got, c.description+"\n\n") {
			t.Errorf("DESCRIPTION = %q, want it to start with %q", got, c.description)
		}
		if got := propValue(t, &c.ve.ComponentBase, "LOCATION"); got != c.location {
			t.Errorf("LOCATION = %q, want %q", got, c.location)
		}
	}

	ev.Title.EN = "" // not translated: English readers get the Swedish title
	fallback, _ := eventICS(t, ev, opts)
	if got := propValue(t, &fallback.ComponentBase, "SUMMARY"); got != ev.Title.SV {
		t.Errorf("untranslated SUMMARY = %q, want Swedish %q", got, ev.Title.SV)
	}
}

func TestEventICSFoldsAndEscapesLongSwedishText(t *testing.T) {
	var b strings.Builder
	b.WriteString("Välkommen till årets folkhälsokonferens i Västerbotten; vi pratar om jämlik hälsa, ")
	b.WriteString("levnadsvanor, boende och närmiljö.\nAgenda:\n- Föreläsning: \"Hälsa för alla\" \\ panel\n")
	// Runs without spaces at every byte offset force folds in the middle of å, ä and ö.
	for offset := range 4 {
		b.WriteString(strings.Repeat("x", offset) + strings.Repeat("åäö", 40) + "\n")
	}
	b.WriteString(strings.Repeat("Ökad delaktighet, ökat inflytande; ", 6))
	description := b.String()[:b.Len()-1] // no trailing space, which would be trimmed

	ev := icsEvent("ev-fold", time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC))
	ev.Title.SV = strings.TrimSpace(strings.Repeat("Folkhälsa, jämlikhet; delaktighet – ", 4))
	ev.Description.SV = description
	opts := icsOpts()
	opts.EventURL = nil // so DESCRIPTION is exactly the event's text
	ve, data := eventICS(t, ev, opts)

	if !bytes.HasSuffix(data, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("output does not end with END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	folded := 0
	for i, line := range lines {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not valid UTF-8 (fold inside a character): %q", i+1, line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded < 10 {
		t.Errorf("only %d continuation lines; the long text was not folded", folded)
	}

	if got := propValue(t, &ve.ComponentBase, "DESCRIPTION"); got != description {
		t.Errorf("DESCRIPTION did not round-trip\n got %q\nwant %q", got, description)
	}
	if got := propValue(t, &ve.ComponentBase, "SUMMARY"); got != ev.Title.SV {
		t.Errorf("SUMMARY did not round-trip\n got %q\nwant %q", got, ev.Title.SV)
	}
	raw := unfold(data)
	for _, escaped := range []string{`Västerbotten\; vi`, `hälsa\, levnadsvanor`, `närmiljö.\nAgenda:`, `\\ panel`} {
		if !strings.Contains(raw, escaped) {
			t.Errorf("raw DESCRIPTION lacks the escape %s", escaped)
		}
	}
}

func TestEventICSNormalisesLineBreaks(t *testing.T) {
	ev := icsEvent("ev-crlf", time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC))
	ev.Description.SV = "Rad ett\r\nRad två\rRad tre"
	opts := icsOpts()
	opts.EventURL = nil
	ve, _ := eventICS(t, ev, opts)
	if got := propValue(t, &ve.ComponentBase, "DESCRIPTION"); got != "Rad ett\nRad två\nRad tre" {
		t.Errorf("DESCRIPTION = %q", got)
	}
}

func TestEventICSRejectsUnusableInput(t *testing.T) {
	good := icsEvent("ev-1", time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC))
	noID := good
	noID.ID = ""
	backwards := good
	backwards.End = good.Start.Add(-time.Hour)
	relative := icsOpts()
	relative.BaseURL = "events.example.se"

	for name, c := range map[string]struct {
		ev   events.Event
		opts events.ICSOptions
	}{
		"no ID":             {noID, icsOpts()},
		"end before start":  {backwards, icsOpts()},
		"base URL relative": {good, relative},
	} {
		if _, err := events.EventICS(c.ev, icsOrg, c.opts); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSeriesFeed(t *testing.T) {
	series := events.Series{ID: "series-1", Title: events.Text{SV: "Folkhälsonätverket, Västerbotten", EN: "Public health network"}}
	var occurrences []events.Event
	for i, status := range []events.Status{events.StatusPublished, events.StatusCancelled, events.StatusPublished, events.StatusDraft} {
		ev := icsEvent(fmt.Sprintf("occ-%d", i), time.Date(2026, 3, 3+7*i, 12, 0, 0, 0, time.UTC))
		ev.SeriesID = series.ID
		ev.Status = status
		ev.Mode = events.ModeDigital
		occurrences = append(occurrences, ev)
	}
	opts := icsOpts()
	opts.IncludeOnlineURL = true // must not matter: a feed is public

	data, err := events.SeriesFeed(series, icsOrg, occurrences, opts)
	if err != nil {
		t.Fatalf("SeriesFeed: %v", err)
	}
	cal := parseICS(t, data)

	for name, want := range map[string]string{
		"X-WR-CALNAME":     "Folkhälsonätverket, Västerbotten",
		"X-WR-TIMEZONE":    "Europe/Stockholm",
		"REFRESH-INTERVAL": "PT12H",
		"X-PUBLISHED-TTL":  "PT12H",
		"METHOD":           "PUBLISH",
	} {
		if p := calProp(cal, name); p == nil || p.Value != want {
			t.Errorf("%s = %v, want %q", name, p, want)
		}
	}
	if p := calProp(cal, "REFRESH-INTERVAL"); p != nil && fmt.Sprint(p.ICalParameters["VALUE"]) != "[DURATION]" {
		t.Errorf("REFRESH-INTERVAL VALUE = %v, want DURATION", p.ICalParameters["VALUE"])
	}
	if n := len(cal.Timezones()); n != 1 {
		t.Errorf("want 1 VTIMEZONE, got %d", n)
	}

	vevents := cal.Events()
	if len(vevents) != 3 {
		t.Fatalf("want 3 VEVENTs (the draft left out), got %d", len(vevents))
	}
	uids := map[string]bool{}
	for i, ve := range vevents {
		uids[ve.Id()] = true
		if want := occurrences[i].ID + "@folkhalsa-events"; ve.Id() != want {
			t.Errorf("VEVENT %d UID = %q, want %q", i, ve.Id(), want)
		}
		wantStatus := map[events.Status]string{events.StatusPublished: "CONFIRMED", events.StatusCancelled: "CANCELLED"}[occurrences[i].Status]
		if got := propValue(t, &ve.ComponentBase, "STATUS"); got != wantStatus {
			t.Errorf("VEVENT %d STATUS = %q, want %q", i, got, wantStatus)
		}
		if start, _ := stockholmInstant(t, ve, "DTSTART"); !start.Equal(occurrences[i].Start) {
			t.Errorf("VEVENT %d DTSTART = %v, want %v", i, start, occurrences[i].Start)
		}
	}
	if len(uids) != 3 {
		t.Errorf("UIDs not distinct: %v", uids)
	}
	if strings.Contains(unfold(data), occurrences[0].OnlineURL) {
		t.Errorf("public feed leaks the online link")
	}
}

// The calendar files as a client receives them, against golden files in testdata/
// (go test ./events -update rewrites them after a deliberate change): a participant's
// file in both languages (with the meeting link of a hybrid event) and a public
// series feed with a cancelled occurrence.
func TestICSGoldenFiles(t *testing.T) {
	ev := icsEvent("ev-golden", time.Date(2026, 10, 14, 7, 0, 0, 0, time.UTC))
	ev.Mode = events.ModeHybrid
	ev.Description = events.Text{
		SV: "Årets konferens om jämlik och jämställd hälsa i länet.\nProgrammet finns på webbplatsen.",
		EN: "This year's conference on equal health in the county.\nThe programme is on the website.",
	}
	for _, lang := range []string{"sv", "en"} {
		opts := icsOpts()
		opts.Lang, opts.IncludeOnlineURL = lang, true
		_, data := eventICS(t, ev, opts)
		testtools.Golden(t, "event."+lang+".ics", data)
	}

	series := events.Series{ID: "series-golden", Title: events.Text{SV: "Folkhälsonätverket, Västerbotten", EN: "Public health network"}}
	var occurrences []events.Event
	for i, status := range []events.Status{events.StatusPublished, events.StatusCancelled, events.StatusPublished} {
		occ := icsEvent(fmt.Sprintf("occ-%d", i), time.Date(2026, 3, 3+7*i, 12, 0, 0, 0, time.UTC))
		occ.SeriesID, occ.Status, occ.Mode = series.ID, status, events.ModeDigital
		occurrences = append(occurrences, occ)
	}
	data, err := events.SeriesFeed(series, icsOrg, occurrences, icsOpts())
	if err != nil {
		t.Fatal(err)
	}
	testtools.Golden(t, "series.sv.ics", data)
}
