package app_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// followUpJSON mirrors the report's JSON, cells as raw values (a number or {"suppressed": true}).
type followUpJSON struct {
	Held              int `json:"events_held"`
	Registered        int `json:"registered"`
	Attended          int `json:"attended"`
	NoShow            int `json:"no_show"`
	Reached           int `json:"reached"`
	WithoutCheckIn    int `json:"events_without_check_in"`
	PlannedCount      int `json:"events_planned"`
	PlannedRegistered int `json:"planned_registered"`
	Planned           []struct {
		ID                  string
		State               string
		Registered, Waiting int
	} `json:"planned"`
	Events []struct {
		ID                                    string
		State                                 string
		Registered, Attended, NoShow, Reached int
		CheckIn                               bool `json:"check_in"`
	} `json:"events"`
	Municipalities jsonTable `json:"municipalities"`
	Counties       jsonTable `json:"counties"`
	OrgTypes       jsonTable `json:"org_types"`
	Genders        jsonTable `json:"genders"`
}

type jsonTable struct {
	Rows []struct {
		Key   string          `json:"key"`
		Label string          `json:"label"`
		Count json.RawMessage `json:"count"`
	} `json:"rows"`
	Total json.RawMessage `json:"total"`
}

// cell is a figure as the JSON gives it: its count, or why it is hidden ("small" or
// "secondary").
func cell(t *testing.T, raw json.RawMessage) (n int, hidden string) {
	t.Helper()
	var mark struct {
		Suppressed bool   `json:"suppressed"`
		Reason     string `json:"reason"`
	}
	if json.Unmarshal(raw, &mark) == nil {
		if !mark.Suppressed || mark.Reason == "" {
			t.Fatalf("cell %s: hidden without a reason", raw)
		}
		return 0, mark.Reason
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		t.Fatalf("cell %s: %v", raw, err)
	}
	return n, ""
}

// checkTable compares a table with an independent count: every figure shown equals
// the count, none from 1 to 2 is shown, a hidden figure is marked "small" exactly
// when it is from 1 to 2 and "secondary" (hidden to protect another) otherwise, and
// no hidden figure can be worked out from the total (a table never hides exactly one
// cell while showing its total). It returns how many cells are hidden as secondary.
func checkTable(t *testing.T, name string, tab jsonTable, want map[string]int) (secondary int) {
	t.Helper()
	hidden, sum := 0, 0
	for _, r := range tab.Rows {
		n, why := cell(t, r.Count)
		w := want[r.Key]
		sum += w
		switch {
		case why != "":
			hidden++
			if w == 0 {
				t.Errorf("%s %s: a zero is hidden", name, r.Label)
			}
			if small := w > 0 && w < 3; small != (why == "small") || (!small && why != "secondary") {
				t.Errorf("%s %s: %d hidden as %q", name, r.Label, w, why)
			}
			if why == "secondary" {
				secondary++
			}
		case n != w:
			t.Errorf("%s %s: %d, the independent count is %d", name, r.Label, n, w)
		case n > 0 && n < 3:
			t.Errorf("%s %s: %d shown", name, r.Label, n)
		}
	}
	for k, w := range want {
		found := false
		for _, r := range tab.Rows {
			found = found || r.Key == k
		}
		if !found && w > 0 {
			t.Errorf("%s: %q (%d reached) has no row", name, k, w)
		}
	}
	total, totalHidden := cell(t, tab.Total)
	if totalHidden == "" && total != sum {
		t.Errorf("%s: total %d, want %d", name, total, sum)
	}
	if hidden == 1 && totalHidden == "" {
		t.Errorf("%s: one hidden cell beside a shown total can be computed back", name)
	}
	return secondary
}

// A generated season: a two-day conference with check-in, a seminar with check-in,
// three online network meetings, and events that must not count (last year's, a
// cancelled one). The report's figures equal an independent count of the same
// registrations, and the small-cell rule holds in every table.
func TestFollowUpOfASeason(t *testing.T) {
	var now atomic.Pointer[time.Time]
	setNow := func(at time.Time) { now.Store(&at) }
	setNow(time.Date(2026, 1, 10, 12, 0, 0, 0, events.Stockholm))
	// The app (and the organiser's session) lives on 1 December; registrations are
	// made on their own clock, before each event.
	s := apptest.New(t, apptest.WithClock(time.Date(2026, 12, 1, 12, 0, 0, 0, events.Stockholm)))
	s.Deps.Registrations.SetClock(func() time.Time { return *now.Load() })
	ctx := storetest.Ctx(t)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	event := func(title, mode, start, end string, capacity int, areas []int) events.Event {
		ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{DetailsInput: events.DetailsInput{
			Type: "conference", TitleSV: title, VenueName: "Väven", VenueCity: "Umeå", Mode: mode, CapacityOnSite: capacity,
			TargetAreas: areas, PriorityAreas: []string{"God psykisk hälsa"}},
			Start: start, End: end, OnlineURL: map[bool]string{true: "https://meet.example.se/x"}[mode != "on_site"]})
		if err != nil {
			t.Fatal(err)
		}
		if ev, err = s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
			t.Fatal(err)
		}
		return ev
	}
	conf := event("Folkhälsokonferensen 2026", "hybrid", "2026-05-12T09:00", "2026-05-13T16:00", 120, []int{1, 6})
	seminar := event("Seminarium om ANDTS", "on_site", "2026-09-22T13:00", "2026-09-22T16:00", 60, []int{6})
	var meetings []events.Event
	for i, d := range []string{"2026-02-03", "2026-03-03", "2026-10-06"} {
		meetings = append(meetings, event(fmt.Sprintf("Nätverksträff %d", i+1), "digital", d+"T09:00", d+"T11:00", 0, []int{7}))
	}
	lastYear := event("Konferensen 2025", "on_site", "2025-05-12T09:00", "2025-05-12T16:00", 100, nil)
	cancelled := event("Inställd träff", "digital", "2026-04-07T09:00", "2026-04-07T11:00", 0, nil)
	counting := append([]events.Event{conf, seminar}, meetings...)
	// Events of the period not yet held at the app's clock (1 December 12:00): one later
	// today at 13:00, one in two weeks. They have registrations but count in nothing.
	today := event("Nätverksträff i eftermiddag", "digital", "2026-12-01T13:00", "2026-12-01T15:00", 0, []int{7})
	coming := event("Konferens i december", "on_site", "2026-12-15T09:00", "2026-12-15T16:00", 2, []int{7})
	planned := []events.Event{today, coming}

	// People from the county's municipalities (a few from elsewhere), with every kind of
	// organisation and gender answer, some waiting, some cancelled, some speakers.
	places := []string{"Umeå", "Umeå", "Umeå", "Skellefteå", "Skellefteå", "Lycksele", "Vilhelmina", "Storuman", "Bjurholm", "Luleå", "Stockholm"}
	genders := []string{"kvinna", "kvinna", "man", "man", "annat", "vill_inte_uppge", ""}
	r := rand.New(rand.NewPCG(7, 11))
	type made struct {
		reg     registration.Registration
		checked bool
	}
	var all []made
	n := 330
	if raceEnabled {
		n = 110
	}
	for i := range n {
		ev := counting[i%len(counting)]
		if i%23 == 0 {
			ev = lastYear
		}
		if i%31 == 0 {
			ev = cancelled
		}
		in := registration.Input{FirstName: "Deltagare", LastName: fmt.Sprint(i), Email: fmt.Sprintf("p%d@example.se", i),
			Organisation: "Organisationen", OrgType: string(registration.OrgTypes[r.IntN(len(registration.OrgTypes))].Value),
			Municipality: places[r.IntN(len(places))], Gender: genders[r.IntN(len(genders))], PrivacyOK: true, WaitlistOK: true}
		if ev.Mode == events.ModeHybrid {
			in.Mode = []string{"on_site", "on_site", "digital"}[r.IntN(3)]
		}
		setNow(ev.Start.AddDate(0, 0, -20))
		res, err := s.Deps.Registrations.Register(ctx, ev.ID, in, "sv")
		if err != nil {
			t.Fatalf("register %d: %v", i, err)
		}
		reg := res.Registration
		switch {
		case i%17 == 0:
			if reg, err = s.Deps.Registrations.CancelByOrganiser(ctx, reg.ID); err != nil {
				t.Fatal(err)
			}
		case i%19 == 0:
			if err := s.Deps.Registrations.SetCategory(ctx, reg.ID, registration.CategorySpeaker); err != nil {
				t.Fatal(err)
			}
			reg.Category = registration.CategorySpeaker
		}
		all = append(all, made{reg: reg})
	}
	// Small municipalities: one person from Sorsele, two from Dorotea, online (reached).
	for i, place := range []string{"Sorsele", "Dorotea", "Dorotea"} {
		setNow(conf.Start.AddDate(0, 0, -20))
		res, err := s.Deps.Registrations.Register(ctx, conf.ID, registration.Input{FirstName: "Liten", LastName: fmt.Sprint(i),
			Email: fmt.Sprintf("liten%d@example.se", i), Organisation: "Kommunen", OrgType: "kommun", Municipality: place,
			Mode: "digital", PrivacyOK: true}, "sv")
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, made{reg: res.Registration})
	}
	// One person from Gotland, online: the only small figure of the county table, so a
	// larger one must be hidden beside it (secondary, "..").
	setNow(conf.Start.AddDate(0, 0, -20))
	if res, err := s.Deps.Registrations.Register(ctx, conf.ID, registration.Input{FirstName: "Ensam", LastName: "Gotlänning",
		Email: "gotland@example.se", Organisation: "Region Gotland", OrgType: "region", Municipality: "Gotland",
		Mode: "digital", PrivacyOK: true}, "sv"); err != nil {
		t.Fatal(err)
	} else {
		all = append(all, made{reg: res.Registration})
	}
	// Registrations for the planned events: five for this afternoon's, four for the
	// December conference's two seats (two wait).
	for i := range 9 {
		ev := planned[min(i/5, 1)]
		setNow(ev.Start.AddDate(0, 0, -10))
		res, err := s.Deps.Registrations.Register(ctx, ev.ID, registration.Input{FirstName: "Kommande", LastName: fmt.Sprint(i),
			Email: fmt.Sprintf("kommande%d@example.se", i), Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå",
			Gender: "kvinna", PrivacyOK: true, WaitlistOK: true}, "sv")
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, made{reg: res.Registration})
	}
	if _, err := s.Deps.Events.SetStatus(ctx, cancelled.ID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	// Check-ins at the conference and the seminar: two in three of those on site. At the
	// two-day conference most come on day 1 only, some on both days, some on day 2 only;
	// each counts once.
	day := func(at time.Time) { s.Deps.Badges.SetClock(func() time.Time { return at }) }
	for i, m := range all {
		onSite := m.reg.Mode == events.ModeOnSite && m.reg.Status == registration.StatusConfirmed
		if (m.reg.EventID == conf.ID || m.reg.EventID == seminar.ID) && onSite && i%3 != 0 {
			var days []time.Time
			switch {
			case m.reg.EventID == seminar.ID:
				days = []time.Time{seminar.Start}
			case i%4 == 0:
				days = []time.Time{conf.Start, conf.Start.Add(24 * time.Hour)}
			case i%5 == 0:
				days = []time.Time{conf.Start.Add(24 * time.Hour)}
			default:
				days = []time.Time{conf.Start}
			}
			for _, at := range days {
				day(at)
				res, err := s.Deps.Badges.ManualCheckIn(ctx, badges.Link{EventID: m.reg.EventID, Station: "Entré"}, m.reg.ID, "")
				if err != nil || res.Outcome != badges.OutcomeOK {
					t.Fatalf("check-in %d: %v %v", i, res.Outcome, err)
				}
			}
			all[i].checked = true
		}
	}
	day(time.Date(2026, 12, 1, 12, 0, 0, 0, events.Stockholm))
	if att, err := s.Deps.Badges.Attendance(ctx, conf.ID); err != nil || len(att) == 0 {
		t.Fatalf("conference attendance: %v", err)
	} else {
		both := 0
		for _, days := range att {
			if len(days) == 2 {
				both++
			}
		}
		if both == 0 || both == len(att) {
			t.Errorf("the season should have people on one day and on both: %d of %d on both", both, len(att))
		}
	}

	// The independent count.
	inPeriod := map[string]bool{}
	for _, ev := range counting {
		inPeriod[ev.ID] = true
	}
	checkIn := map[string]bool{conf.ID: true, seminar.ID: true}
	muni, county, orgType, gender := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	registered, attended, noShow, reached := 0, 0, 0, 0
	for _, m := range all {
		g := m.reg
		if !inPeriod[g.EventID] || g.Status != registration.StatusConfirmed || g.Category != registration.CategoryParticipant {
			continue
		}
		registered++
		if m.checked {
			attended++
		} else if checkIn[g.EventID] && g.Mode == events.ModeOnSite {
			noShow++
			continue
		}
		reached++
		mu, _ := events.LookupMunicipality(g.Municipality)
		muni[mu.Code]++
		county[g.County]++
		orgType[string(g.OrgType)]++
		key := string(g.Gender)
		if key == "vill_inte_uppge" {
			key = ""
		}
		gender[key]++
	}
	// The planned events, counted apart: their confirmed participants and their waiting list.
	plannedRegistered, plannedWaiting := map[string]int{}, map[string]int{}
	for _, m := range all {
		switch g := m.reg; {
		case g.EventID != today.ID && g.EventID != coming.ID:
		case g.Status == registration.StatusConfirmed:
			plannedRegistered[g.EventID]++
		case g.Status == registration.StatusWaiting:
			plannedWaiting[g.EventID]++
		}
	}
	if plannedRegistered[coming.ID] != 2 || plannedWaiting[coming.ID] != 2 || plannedRegistered[today.ID] != 5 {
		t.Fatalf("the planned events' registrations: %v waiting %v", plannedRegistered, plannedWaiting)
	}

	resp := s.Get(t, "/api/v1/organisations/"+org.ID+"/followup")
	if resp.Status != 200 {
		t.Fatalf("follow-up JSON: %d %s", resp.Status, resp.Body)
	}
	var rep followUpJSON
	resp.JSON(t, &rep)
	if rep.Held != len(counting) || rep.Registered != registered || rep.Attended != attended || rep.NoShow != noShow || rep.Reached != reached {
		t.Errorf("totals: held %d registered %d attended %d no-show %d reached %d; independently %d %d %d %d %d",
			rep.Held, rep.Registered, rep.Attended, rep.NoShow, rep.Reached, len(counting), registered, attended, noShow, reached)
	}
	if rep.WithoutCheckIn != 3 {
		t.Errorf("events without check-in: %d, want the 3 meetings", rep.WithoutCheckIn)
	}
	if rep.PlannedCount != 2 || len(rep.Planned) != 2 || rep.PlannedRegistered != plannedRegistered[today.ID]+plannedRegistered[coming.ID] {
		t.Errorf("planned: %d events, %d registered; want 2 and %v", rep.PlannedCount, rep.PlannedRegistered, plannedRegistered)
	}
	for i, ev := range planned {
		if i < len(rep.Planned) && (rep.Planned[i].ID != ev.ID || rep.Planned[i].State != "planned" ||
			rep.Planned[i].Registered != plannedRegistered[ev.ID] || rep.Planned[i].Waiting != plannedWaiting[ev.ID]) {
			t.Errorf("planned %d: %+v, want %s with %d registered, %d waiting", i, rep.Planned[i], ev.ID, plannedRegistered[ev.ID], plannedWaiting[ev.ID])
		}
	}
	for _, e := range rep.Events {
		if e.State != "held" || e.ID == today.ID || e.ID == coming.ID {
			t.Errorf("events held lists %s as %q", e.ID, e.State)
		}
	}
	checkTable(t, "municipalities", rep.Municipalities, muni)
	if checkTable(t, "counties", rep.Counties, county) == 0 {
		t.Errorf("Gotland's one person is hidden beside no other figure: %+v", rep.Counties)
	}
	checkTable(t, "org types", rep.OrgTypes, orgType)
	checkTable(t, "genders", rep.Genders, gender)
	// Every municipality of the county is listed, reached or not (Västerbotten has 15).
	inCounty := 0
	for _, m := range events.Municipalities() {
		if m.County == "Västerbottens län" {
			inCounty++
		}
	}
	if inCounty != 15 || len(rep.Municipalities.Rows) < inCounty+2 {
		t.Errorf("municipality rows: %d for a county of %d and two from elsewhere", len(rep.Municipalities.Rows), inCounty)
	}
	if first := rep.Municipalities.Rows[0]; first.Label != "Bjurholm" {
		t.Errorf("the county's municipalities come first, in Swedish order: %s", first.Label)
	}

	// The events are long over: their figures were kept, and the next report, read
	// from them, is the same.
	if n, err := s.DB.Collection(followup.SummariesCollection).CountDocuments(ctx, bson.D{}); err != nil || n != int64(len(counting)) {
		t.Errorf("summaries kept: %d (%v), want %d", n, err, len(counting))
	}
	if again := s.Get(t, "/api/v1/organisations/"+org.ID+"/followup"); !bytes.Equal(again.Body, resp.Body) {
		t.Errorf("the report from kept figures differs:\n%s\n%s", again.Body, resp.Body)
	}

	// A narrower filter: the meetings only (online, target area 7).
	resp = s.Get(t, "/api/v1/organisations/"+org.ID+"/followup?target_area=7&from=2026-01-01&to=2026-06-30")
	var part followUpJSON
	resp.JSON(t, &part)
	if part.Held != 2 || len(part.Events) != 2 {
		t.Errorf("two meetings in the first half year with area 7: %d", part.Held)
	}
	for _, bad := range []string{"?from=2026-13-01", "?from=2026-06-01&to=2026-01-01", "?target_area=9", "?mode=orbit"} {
		r := s.Get(t, "/api/v1/organisations/"+org.ID+"/followup"+bad+"&lang=en")
		if r.Status != 422 {
			t.Errorf("%s: %d", bad, r.Status)
		}
	}

	// The page shows the same figures and states the rule; each table has its CSV.
	page := s.Get(t, "/organiser/organisations/"+org.ID+"/followup", "Accept", "text/html")
	if page.Status != 200 {
		t.Fatalf("page: %d", page.Status)
	}
	body := page.Text()
	checkPage(t, "follow-up", body)
	for _, want := range []string{"Skydd för små tal", fmt.Sprintf(`<dd id="total-reached">%d</dd>`, reached), "Bjurholm", "&lt; 3", `role="img"`,
		`<ul id="followup-repeat" class="org-plain">`, `<dd id="total-planned">2</dd>`, `<table id="followup-planned"`, "Nätverksträff i eftermiddag",
		`<td class="part-num">..</td>`, "visas som ”..”"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	csvResp := s.Get(t, "/organiser/organisations/"+org.ID+"/followup.csv?table=municipalities")
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvResp.Body, []byte("\ufeff"))))
	rd.Comma, rd.FieldsPerRecord = ';', -1
	rows, err := rd.ReadAll()
	if err != nil || len(rows) < 18 {
		t.Fatalf("CSV: %v, %d rows", err, len(rows))
	}
	for _, row := range rows[1:] {
		if len(row) == 2 && (row[1] == "1" || row[1] == "2") {
			t.Errorf("CSV shows a small count: %v", row)
		}
	}
	if !strings.Contains(rows[len(rows)-1][0], "Skydd för små tal") {
		t.Errorf("the CSV states the rule: %v", rows[len(rows)-1])
	}
	// The counties' CSV marks Gotland small and the figure hidden beside it "..".
	counties := readCSV(t, s.Get(t, "/organiser/organisations/"+org.ID+"/followup.csv?table=counties").Body)
	marks := map[string]string{}
	for _, row := range counties[1:] {
		if len(row) == 2 {
			marks[row[1]] = row[0]
		}
	}
	if marks["< 3"] != "Gotlands län" || marks[".."] == "" {
		t.Errorf("counties CSV: %v", counties)
	}
	// The events' CSV says which events were held and which are planned.
	states := map[string]string{}
	for _, row := range readCSV(t, s.Get(t, "/organiser/organisations/"+org.ID+"/followup.csv").Body)[1:] {
		if len(row) > 4 {
			states[row[1]] = row[3]
		}
	}
	if states["Nätverksträff i eftermiddag"] != "Planerat" || states["Konferens i december"] != "Planerat" || states["Folkhälsokonferensen 2026"] != "Genomfört" {
		t.Errorf("events CSV states: %v", states)
	}
	// The PDF report, read back with pdftotext.
	pdf := s.Get(t, "/organiser/organisations/"+org.ID+"/followup.pdf")
	if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", pdf.Status, pdf.Header.Get("Content-Type"))
	}
	// pdftotext sets "< 3" tight as "<3": the space is compared away.
	text := strings.ReplaceAll(pdfToText(t, pdf.Body), "< 3", "<3")
	for _, want := range []string{"Uppföljning: Länsstyrelsen Västerbotten", "Skydd för små tal", "Nådda per kommun", "Bjurholm",
		"Sorsele <3", "Dorotea <3", fmt.Sprintf("Nådda %d", reached), "Folkhälsokonferensen 2026", "Gotlands län <3", " ..",
		"Planerade evenemang", "Konferens i december 2 anmälda"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if r := s.Get(t, "/organiser/organisations/"+org.ID+"/followup.csv?table=secrets"); r.Status != 404 {
		t.Errorf("unknown table: %d", r.Status)
	}
}

// readCSV reads a semicolon-separated CSV with its byte-order mark.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	rd.Comma, rd.FieldsPerRecord = ';', -1
	rows, err := rd.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %v, %d rows\n%s", err, len(rows), body)
	}
	return rows
}
