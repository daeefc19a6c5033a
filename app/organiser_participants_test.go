package app_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The organiser's follow-up of an event's participants: the list with filters, counts
// and reach, the CSV, the needs summary, invitation codes and cancelling. A hybrid
// conference with 3 seats on site (no limit online) and a workshop with 1 seat gets six
// registrations, so that two people wait, one workshop choice waits, and the reach
// statistics have several municipalities, counties, kinds of organisation and an
// optional gender question that two people left unanswered.

var partClock = time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)

type partFixture struct {
	t        *testing.T
	s        *apptest.Server
	org      events.Organisation
	ev       events.Event
	workshop events.Session
	regs     map[string]registration.Registration // by first name
}

func newPartFixture(t *testing.T) *partFixture {
	t.Helper()
	s := apptest.New(t, apptest.WithClock(partClock))
	// The registration service has its own clock: registration must be open "now".
	s.Deps.Registrations.SetClock(func() time.Time { return partClock })
	f := &partFixture{t: t, s: s, regs: map[string]registration.Registration{}}
	ctx := storetest.Ctx(t)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	f.org = org
	f.ev = f.event("Folkhälsokonferensen 2026", "hybrid", "public")
	f.workshop, err = s.Deps.Events.AddSession(ctx, f.ev.ID, events.SessionInput{TitleSV: "Psykisk hälsa bland unga", TitleEN: "Mental health among young people",
		Start: "2026-10-14T10:00", End: "2026-10-14T11:00", Room: "Sal A", Kind: "workshop", SeatLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	ws := []string{f.workshop.ID}
	for _, in := range []registration.Input{
		{FirstName: "Åsa", LastName: "Öberg", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", Mode: "on_site", Gender: "kvinna", Diet: "Vegetarisk", Workshops: ws},
		{FirstName: "Erik", LastName: "Lind", Organisation: "Region Västerbotten", OrgType: "region", Municipality: "Umeå", Mode: "on_site", Gender: "man", Diet: "vegetarisk ", Accessibility: "Rullstol, behöver hiss", Workshops: ws},
		{FirstName: "Fatima", LastName: "Ali", Organisation: `=HYPERLINK("http://evil.example","klicka")`, OrgType: "civilsamhalle", Municipality: "Skellefteå", Mode: "on_site"},
		{FirstName: "Jonas", LastName: "Berg", Organisation: "Luleå tekniska universitet", OrgType: "universitet", Municipality: "Luleå", Mode: "on_site", Gender: "man", Diet: "Glutenfri"},
		{FirstName: "Karin", LastName: "Nilsson", Organisation: "Folkhälsomyndigheten", OrgType: "statlig_myndighet", Municipality: "Stockholm", Mode: "on_site"},
		{FirstName: "Lena", LastName: "Holm", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", Mode: "digital", Gender: "kvinna", Diet: "Vegansk"},
	} {
		f.regs[in.FirstName] = f.register(f.ev.ID, in)
	}
	return f
}

// event creates a published event of the fixture's organisation in October 2026.
func (f *partFixture) event(title, mode, visibility string) events.Event {
	f.t.Helper()
	ctx := storetest.Ctx(f.t)
	ev, err := f.s.Deps.Events.CreateEvent(ctx, f.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: title, TitleEN: title + " (EN)", VenueName: "Folkets hus", VenueCity: "Umeå",
			Mode: mode, CapacityOnSite: 3, Municipality: "Umeå", Visibility: visibility},
		Start: "2026-10-14T09:00", End: "2026-10-14T16:00",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if ev, err = f.s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		f.t.Fatal(err)
	}
	return ev
}

func (f *partFixture) register(eventID string, in registration.Input) registration.Registration {
	f.t.Helper()
	in.Email = strings.ToLower(strings.NewReplacer("Å", "a", "Ö", "o").Replace(in.FirstName)) + "@example.se"
	in.PrivacyOK, in.WaitlistOK = true, true
	res, err := f.s.Deps.Registrations.Register(storetest.Ctx(f.t), eventID, in, "sv")
	if err != nil {
		f.t.Fatalf("register %s: %v", in.FirstName, err)
	}
	return res.Registration
}

func (f *partFixture) stored(first string) registration.Registration {
	f.t.Helper()
	r, err := f.s.Deps.Registrations.Registration(storetest.Ctx(f.t), f.regs[first].ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *partFixture) path(rest string) string { return "/organiser/events/" + f.ev.ID + rest }

// page GETs an organiser page as a browser, expects status and checks its structure.
func (f *partFixture) page(path string, status int) (string, *html.Node) {
	f.t.Helper()
	r := f.s.Get(f.t, path, "Accept", "text/html")
	if r.Status != status {
		f.t.Fatalf("GET %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if status == 200 || status == 422 {
		checkPartPage(f.t, path, r.Text())
	}
	if r.Header.Get("Cache-Control") != "no-store" && status == 200 {
		f.t.Errorf("GET %s: Cache-Control %q, want no-store (personal data)", path, r.Header.Get("Cache-Control"))
	}
	return r.Text(), parse(f.t, r.Text())
}

// post sends a form and expects status; for 303 it returns the Location, otherwise the body.
func (f *partFixture) post(path string, form url.Values, status int) string {
	f.t.Helper()
	r := f.s.PostForm(f.t, path, form)
	if r.Status != status {
		f.t.Fatalf("POST %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if status == 303 {
		return r.Header.Get("Location")
	}
	if status == 200 || status == 422 {
		checkPartPage(f.t, "POST "+path, r.Text())
	}
	return r.Text()
}

var partUntranslated = regexp.MustCompile(`\bpart\.[a-z_]+\.?[a-z_0-9.-]*`)

// checkPartPage runs the organiser pages' structural checks (checkPage) and what tables
// and the participant pages add: every table has a caption and every header cell a
// scope, and no text key is left untranslated. The filter form of the list is the one
// form that is (and must be) a GET: it changes nothing, and its result can be
// bookmarked; it is checked for that here and as any other form by checkPage.
func checkPartPage(t *testing.T, name, body string) {
	t.Helper()
	doc := parse(t, body)
	for _, form := range findAll(doc, tag("form")) {
		if attr(form, "method") == "get" && (attr(form, "role") != "search" || attr(form, "aria-label") == "") {
			t.Errorf("%s: a GET form must be a labelled search (the list's filters)", name)
		}
	}
	checkPage(t, name, strings.ReplaceAll(body, `<form method="get"`, `<form method="post"`))
	for _, table := range findAll(doc, tag("table")) {
		if cap := find(table, tag("caption")); cap == nil || text(cap) == "" {
			t.Errorf("%s: table %q without a caption", name, attr(table, "id"))
		}
		for _, th := range findAll(table, tag("th")) {
			if sc := attr(th, "scope"); sc != "col" && sc != "row" {
				t.Errorf("%s: <th>%s</th> without scope", name, text(th))
			}
		}
	}
	if key := partUntranslated.FindString(text(find(doc, tag("main")))); key != "" {
		t.Errorf("%s: untranslated text key %q", name, key)
	}
}

// listed are the names in the participant table, in order.
func listed(doc *html.Node) []string {
	var out []string
	table := byID(doc, "participants")
	if table == nil {
		return out
	}
	for _, tr := range findAll(find(table, tag("tbody")), tag("tr")) {
		th := find(tr, tag("th"))
		out = append(out, strings.TrimSpace(th.FirstChild.Data))
	}
	return out
}

// cells are the texts of a table row's cells (th first), the row found by data-key or by its header text.
func cells(t *testing.T, doc *html.Node, tableID, key string) []string {
	t.Helper()
	table := byID(doc, tableID)
	if table == nil {
		t.Fatalf("no table %q", tableID)
	}
	row := find(find(table, tag("tbody")), func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "tr" && (attr(n, "data-key") == key || (find(n, tag("th")) != nil && text(find(n, tag("th"))) == key))
	})
	if row == nil {
		t.Errorf("table %q has no row %q", tableID, key)
		return nil
	}
	var out []string
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			out = append(out, text(c))
		}
	}
	return out
}

func wantCells(t *testing.T, doc *html.Node, tableID, key string, want ...string) {
	t.Helper()
	if got := cells(t, doc, tableID, key); !slices.Equal(got, want) {
		t.Errorf("table %s row %q: %q, want %q", tableID, key, got, want)
	}
}

func rowKeys(doc *html.Node, tableID string) []string {
	var out []string
	for _, tr := range findAll(find(byID(doc, tableID), tag("tbody")), tag("tr")) {
		out = append(out, attr(tr, "data-key"))
	}
	return out
}

func TestParticipantListCountsAndReach(t *testing.T) {
	f := newPartFixture(t)
	body, doc := f.page(f.path("/participants"), 200)
	if got, want := listed(doc), []string{"Fatima Ali", "Jonas Berg", "Lena Holm", "Erik Lind", "Karin Nilsson", "Åsa Öberg"}; !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q (every registration, by last name in Swedish order)", got, want)
	}
	for _, want := range []string{"Folkhälsokonferensen 2026", "Visar 6 av 6 anmälningar.", `href="/organiser/events/` + f.ev.ID + `/participants.csv"`,
		`href="/organiser/events/` + f.ev.ID + `/needs"`, `href="/organiser/events/` + f.ev.ID + `/invitations"`,
		`action="/organiser/events/` + f.ev.ID + `/participants/promote"`, "asa@example.se"} {
		if !strings.Contains(body, want) {
			t.Errorf("list page lacks %q", want)
		}
	}

	// Counts.
	wantCells(t, doc, "counts-status", "confirmed", "Bekräftade", "4")
	wantCells(t, doc, "counts-status", "waiting", "På väntelistan", "2")
	wantCells(t, doc, "counts-status", "cancelled", "Avbokade", "0")
	wantCells(t, doc, "counts-status", "active", "Anmälda totalt (bekräftade och väntande)", "6")
	wantCells(t, doc, "counts-seats", "På plats", "På plats", "3", "0")
	wantCells(t, doc, "counts-seats", "Digitalt", "Digitalt", "1", "obegränsat")
	ws := cells(t, doc, "counts-workshops", "Psykisk hälsa bland unga ons 14 okt 2026 10:00–11:00")
	if !slices.Equal(ws[1:], []string{"1", "1", "0"}) {
		t.Errorf("workshop counts %q, want confirmed 1, waiting 1, 0 seats left", ws)
	}

	// Rows: waiting-list positions in line order, workshops, needs, a cancel button;
	// the kind of organisation under its name, the way of taking part under the status.
	if c := cells(t, doc, "participants", "Jonas Berg jonas@example.se"); len(c) < 8 || c[3] != "Väntelista (plats 1 i kön) På plats" {
		t.Errorf("Jonas's row: %q", c)
	}
	if c := cells(t, doc, "participants", "Karin Nilsson karin@example.se"); len(c) < 8 || c[3] != "Väntelista (plats 2 i kön) På plats" {
		t.Errorf("Karin's row: %q", c)
	}
	c := cells(t, doc, "participants", "Erik Lind erik@example.se")
	if len(c) < 8 || c[1] != "Region Västerbotten Region" || c[2] != "Umeå" || c[3] != "Bekräftad På plats" ||
		c[4] != "Psykisk hälsa bland unga (väntelista)" || c[5] != "Specialkost: vegetarisk Tillgänglighet: Rullstol, behöver hiss" || c[6] != "– Markera närvarande Erik Lind" || c[7] != "Redigera Erik Lind Avboka Erik Lind" {
		t.Errorf("Erik's row: %q", c)
	}
	if c := cells(t, doc, "participants", "Åsa Öberg asa@example.se"); len(c) < 8 || c[4] != "Psykisk hälsa bland unga" {
		t.Errorf("Åsa's row: %q", c)
	}

	// Reach: among the 4 confirmed (the waiting are not reached), under the small-cell
	// rule: counts of 1 and 2 show as "< 3", and a table that would hide one figure
	// beside its total hides the next smallest too (Umeå's 3 beside Skellefteå's 1),
	// marked ".." since it is not small.
	if got, want := rowKeys(doc, "reach-municipality"), []string{"Umeå", "Skellefteå"}; !slices.Equal(got, want) {
		t.Errorf("municipalities in order %q, want %q (by count, then name)", got, want)
	}
	if !strings.Contains(text(find(doc, tag("main"))), "Statistiken räknar de 4 bekräftade deltagarna och gästerna") ||
		!strings.Contains(body, "visas som ”&lt; 3”") || !strings.Contains(text(byID(doc, "reach-rule")), "visas som ”..”") {
		t.Error("the reach section names whom it counts and states the small-cell rule")
	}
	wantCells(t, doc, "reach-municipality", "Umeå", "Umeå", "..", "–")
	wantCells(t, doc, "reach-municipality", "Skellefteå", "Skellefteå", "< 3", "–")
	wantCells(t, doc, "reach-county", "Västerbottens län", "Västerbottens län", "4", "100 %")
	if !strings.Contains(body, "<td class=\"part-num\">100\u00a0%</td>") {
		t.Error("Swedish percentages are written with a no-break space: 100\u00a0%")
	}
	if slices.Contains(rowKeys(doc, "reach-county"), "Norrbottens län") {
		t.Error("Jonas from Luleå waits: Norrbotten was not reached")
	}
	wantCells(t, doc, "reach-org-type", "kommun", "Kommun", "< 3", "–")
	wantCells(t, doc, "reach-org-type", "civilsamhalle", "Civilsamhälle/idéburen organisation", "< 3", "–")
	wantCells(t, doc, "reach-org-type", "naringsliv", "Näringsliv", "0", "0 %") // who was not reached shows too
	// Gender: only the 3 who answered count; shares are of those 3.
	wantCells(t, doc, "reach-gender", "kvinna", "Kvinna", "< 3", "–")
	wantCells(t, doc, "reach-gender", "man", "Man", "< 3", "–")
	wantCells(t, doc, "reach-gender", "annat", "Annat", "0", "0 %")
	if slices.Contains(rowKeys(doc, "reach-gender"), "") {
		t.Error("the gender table counts those who did not answer")
	}
	if c := cells(t, doc, "participants", "Åsa Öberg asa@example.se"); slices.Contains(c, "Kvinna") {
		t.Errorf("the list shows gender per person: %q", c)
	}
	if n := text(byID(doc, "gender-note")); n != "Frågan om kön var frivillig. 3 av 4 har svarat, och andelarna räknas bara på dem som svarade." {
		t.Errorf("gender note: %q", n)
	}
	if attr(byID(doc, "reach-gender"), "aria-describedby") != "gender-note" {
		t.Error("the gender table must be described by the note")
	}

	// The same in the JSON API.
	var out struct {
		Registrations []struct {
			ID              string `json:"id"`
			FirstName       string `json:"first_name"`
			Status          string `json:"status"`
			WaitingPosition int    `json:"waiting_position"`
		} `json:"registrations"`
		Total  int                 `json:"total"`
		Counts registration.Counts `json:"counts"`
	}
	r := f.s.Get(t, "/api/v1/events/"+f.ev.ID+"/registrations")
	if r.Status != 200 || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("API list: %d %q %s", r.Status, r.Header.Get("Cache-Control"), r.Body)
	}
	r.JSON(t, &out)
	cn := out.Counts
	if out.Total != 6 || len(out.Registrations) != 6 || cn.Confirmed != 4 || cn.Waiting != 2 || cn.Cancelled != 0 ||
		cn.ConfirmedOnSite != 3 || cn.ConfirmedDigital != 1 || cn.SeatsLeftOnSite != 0 || cn.SeatsLeftDigital != -1 {
		t.Errorf("API counts: total %d, %+v", out.Total, cn)
	}
	if len(cn.Workshops) != 1 || cn.Workshops[0].Confirmed != 1 || cn.Workshops[0].Waiting != 1 || cn.Workshops[0].SeatsLeft != 0 {
		t.Errorf("API workshop counts: %+v", cn.Workshops)
	}
	// The API gives reach under the same rule, hidden figures as {"suppressed": true},
	// and no gender per person.
	if strings.Contains(string(r.Body), `"gender"`) || strings.Contains(string(r.Body), `"by_gender"`) {
		t.Errorf("the API shows gender per person or raw gender counts: %.300s", r.Body)
	}
	var reach struct {
		Reach struct {
			MinCell        int       `json:"min_cell"`
			Municipalities jsonTable `json:"municipalities"`
			Counties       jsonTable `json:"counties"`
			Genders        jsonTable `json:"genders"`
		} `json:"reach"`
	}
	r.JSON(t, &reach)
	rc := reach.Reach
	if rc.MinCell != 3 || len(rc.Municipalities.Rows) != 2 || string(rc.Municipalities.Rows[0].Count) != `{"suppressed":true,"reason":"secondary"}` ||
		string(rc.Municipalities.Rows[1].Count) != `{"suppressed":true,"reason":"small"}` ||
		string(rc.Counties.Rows[0].Count) != "4" || string(rc.Counties.Total) != "4" || string(rc.Genders.Total) != "3" {
		t.Errorf("API reach: %+v", rc)
	}
	positions := map[string]int{}
	for _, reg := range out.Registrations {
		positions[reg.FirstName] = reg.WaitingPosition
	}
	if positions["Jonas"] != 1 || positions["Karin"] != 2 || positions["Åsa"] != 0 {
		t.Errorf("API waiting positions: %v", positions)
	}
}

func TestParticipantListFilters(t *testing.T) {
	f := newPartFixture(t)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"status=waiting", []string{"Jonas Berg", "Karin Nilsson"}},
		{"status=cancelled", nil},
		{"mode=digital", []string{"Lena Holm"}},
		{"municipality=Umeå", []string{"Lena Holm", "Erik Lind", "Åsa Öberg"}},
		{"municipality=umeå+kommun", []string{"Lena Holm", "Erik Lind", "Åsa Öberg"}}, // official form, any case
		{"org_type=kommun", []string{"Lena Holm", "Åsa Öberg"}},
		{"municipality=Umeå&status=confirmed&mode=on_site", []string{"Erik Lind", "Åsa Öberg"}},
	} {
		q, _ := url.ParseQuery(tc.query)
		body, doc := f.page(f.path("/participants?"+q.Encode()), 200)
		if got := listed(doc); !slices.Equal(got, tc.want) {
			t.Errorf("?%s lists %q, want %q", tc.query, got, tc.want)
		}
		if tc.want == nil && !strings.Contains(body, "Inga anmälningar matchar urvalet.") {
			t.Errorf("?%s: no word that nothing matched", tc.query)
		}
		// The form keeps the choice, and the CSV link carries the filter.
		if !strings.Contains(body, "Visa alla") || !strings.Contains(body, "participants.csv?") {
			t.Errorf("?%s: the filtered page lacks its reset link or filtered CSV link", tc.query)
		}
		// The counts and the reach stay those of the whole event.
		wantCells(t, doc, "counts-status", "confirmed", "Bekräftade", "4")

		var out struct {
			Registrations []registration.Registration `json:"registrations"`
		}
		r := f.s.Get(t, "/api/v1/events/"+f.ev.ID+"/registrations?"+q.Encode())
		r.JSON(t, &out)
		var names []string
		for _, reg := range out.Registrations {
			names = append(names, reg.FullName())
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("API ?%s: %q, want %q", tc.query, names, tc.want)
		}
	}
	_, doc := f.page(f.path("/participants?municipality=Ume%C3%A5&org_type=kommun"), 200)
	if sel := find(byID(doc, "municipality"), func(n *html.Node) bool { return hasAttr(n, "selected") }); attr(sel, "value") != "Umeå" {
		t.Errorf("the municipality filter does not keep its choice")
	}

	// Values that are none of the choices: 422, with the problem named.
	body, doc := f.page(f.path("/participants?status=deleted&municipality=Atlantis"), 422)
	sum := find(doc, hasClassFn("org-summary"))
	if sum == nil || !hasLink(sum, "#status") || !hasLink(sum, "#municipality") {
		t.Errorf("no error summary linking the bad filters:\n%s", mainOf(body))
	}
	r := f.s.Get(t, "/api/v1/events/"+f.ev.ID+"/registrations?status=deleted")
	var e struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.JSON(t, &e)
	if r.Status != 422 || e.Error.Code != "validation_failed" || e.Error.Fields["status"] == "" {
		t.Errorf("API bad filter: %d %s", r.Status, r.Body)
	}
	if r := f.s.Get(t, f.path("/participants.csv?org_type=pirate")); r.Status != 422 {
		t.Errorf("CSV with a bad filter: %d", r.Status)
	}
}

func TestParticipantCSV(t *testing.T) {
	f := newPartFixture(t)
	for _, path := range []string{f.path("/participants.csv"), "/api/v1/events/" + f.ev.ID + "/registrations.csv"} {
		r := f.s.Get(t, path)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		for h, want := range map[string]string{
			"Content-Type":        "text/csv; charset=utf-8",
			"Content-Disposition": `attachment; filename="deltagare-` + f.ev.ID + `.csv"`,
			"Cache-Control":       "no-store",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s: %s %q, want %q", path, h, got, want)
			}
		}
		rows := partCSV(t, r.Body)
		if len(rows) != 7 {
			t.Fatalf("%s: %d rows, want a header and 6 registrations", path, len(rows))
		}
		if h := rows[0]; h[0] != "Efternamn" || h[1] != "Förnamn" || h[2] != "E-post" || h[4] != "Typ av organisation" || h[5] != "Kommun" || h[6] != "Län" {
			t.Errorf("Swedish headers: %q", h)
		}
		byLast := map[string][]string{}
		for _, row := range rows[1:] {
			byLast[row[0]] = row
		}
		if asa := byLast["Öberg"]; asa == nil || asa[1] != "Åsa" || asa[3] != "Umeå kommun" || asa[4] != "Kommun" || asa[6] != "Västerbottens län" || asa[9] != "Bekräftad" {
			t.Errorf("Åsa Öberg's row: %q", asa)
		}
		if fatima := byLast["Ali"]; fatima == nil || fatima[3] != `'=HYPERLINK("http://evil.example","klicka")` {
			t.Errorf("a formula-like organisation must be defused with an apostrophe: %q", fatima)
		}
		if jonas := byLast["Berg"]; jonas == nil || jonas[9] != "Väntelista" {
			t.Errorf("Jonas's row: %q", jonas)
		}
	}

	// The same filters as the page.
	rows := partCSV(t, f.s.Get(t, f.path("/participants.csv?status=waiting")).Body)
	if len(rows) != 3 || rows[1][0] != "Berg" || rows[2][0] != "Nilsson" {
		t.Errorf("filtered CSV: %q", rows)
	}
	// Headers in the organiser's language.
	rows = partCSV(t, f.s.Get(t, f.path("/participants.csv?lang=en")).Body)
	if rows[0][0] != "Last name" || rows[0][5] != "Municipality" {
		t.Errorf("English headers: %q", rows[0])
	}
}

// partCSV checks the byte-order mark and the semicolons, then decodes the file.
func partCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\ufeff"))
	if !ok {
		t.Fatalf("CSV does not start with the UTF-8 byte-order mark: %q", body[:min(len(body), 20)])
	}
	if line, _, _ := bytes.Cut(rest, []byte("\n")); !bytes.Contains(line, []byte("Efternamn;Förnamn;")) && !bytes.Contains(line, []byte("Last name;First name;")) {
		t.Fatalf("CSV header is not separated by semicolons: %q", line)
	}
	cr := csv.NewReader(bytes.NewReader(rest))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, rest)
	}
	return rows
}

func TestParticipantNeeds(t *testing.T) {
	f := newPartFixture(t)
	body, doc := f.page(f.path("/needs"), 200)
	if n := text(byID(doc, "needs-on-site")); n != "3" {
		t.Errorf("on site: %q, want 3 confirmed on site", n)
	}
	// "Vegetarisk" and "vegetarisk " are one diet; nobody else on site gave one.
	wantCells(t, doc, "needs-diets", "vegetarisk", "Vegetarisk", "2")
	if got := text(byID(doc, "needs-no-diet")); got != "Utan specialkost 1" {
		t.Errorf("no-diet row: %q", got)
	}
	if got := rowKeys(doc, "needs-diets"); !slices.Equal(got, []string{"vegetarisk", ""}) {
		t.Errorf("diets %q: only confirmed participants on site count (not Jonas waiting, not Lena online)", got)
	}
	if items := findAll(byID(doc, "needs-access"), tag("li")); len(items) != 1 || text(items[0]) != "Rullstol, behöver hiss" {
		t.Errorf("accessibility needs: %d items", len(items))
	}
	main := mainOf(body)
	for _, r := range f.regs {
		for _, personal := range []string{r.FullName(), r.Email, r.LastName} {
			if strings.Contains(main, personal) {
				t.Errorf("the needs summary shows %q", personal)
			}
		}
	}
	if !strings.Contains(body, `href="/static/participants.css"`) {
		t.Error("the page does not load participants.css (print styles)")
	}

	var n registration.Needs
	r := f.s.Get(t, "/api/v1/events/"+f.ev.ID+"/needs")
	r.JSON(t, &n)
	if r.Status != 200 || n.OnSite != 3 || n.Diets["vegetarisk"] != 2 || len(n.Diets) != 1 || !slices.Equal(n.Accessibility, []string{"Rullstol, behöver hiss"}) {
		t.Errorf("API needs: %d %+v", r.Status, n)
	}
	if strings.Contains(string(r.Body), "Erik") || strings.Contains(string(r.Body), "@") {
		t.Errorf("API needs shows personal details: %s", r.Body)
	}

	// An online-only event has no needs on site.
	digital := f.event("Digitalt seminarium", "digital", "public")
	body, _ = f.page("/organiser/events/"+digital.ID+"/needs", 200)
	if !strings.Contains(body, "Evenemanget är digitalt") {
		t.Error("an online event's needs page should say there is nobody on site")
	}
}

func TestInvitationCodes(t *testing.T) {
	f := newPartFixture(t)
	ev := f.event("Kommundialog Skellefteå", "on_site", "invite_only")
	path := "/organiser/events/" + ev.ID + "/invitations"
	body, _ := f.page(path, 200)
	if !strings.Contains(body, "Inga koder ännu.") || !strings.Contains(body, "endast för inbjudna") {
		t.Errorf("empty invitations page:\n%s", mainOf(body))
	}

	loc := f.post(path, url.Values{"uses": {"single"}, "max_uses": {""}, "note": {"Skellefteå kommunledning"}}, 303)
	m := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `\?code=([A-Z0-9]{8})&notice=code-created$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after creating a code: Location %q", loc)
	}
	code := m[1]
	body, doc := f.page(loc, 200)
	if n := notice(body); n != "Inbjudningskoden "+code+" är skapad." {
		t.Errorf("notice: %q", n)
	}
	wantCodeRow := func(doc *html.Node, used string) {
		t.Helper()
		row := find(byID(doc, "codes"), func(n *html.Node) bool { return attr(n, "data-code") == code })
		if row == nil {
			t.Fatalf("code %s not listed", code)
		}
		if got := text(find(row, hasClassFn("part-used"))); got != used {
			t.Errorf("code %s used %q, want %q", code, got, used)
		}
		if !strings.Contains(text(row), "Skellefteå kommunledning") {
			t.Errorf("code %s without its note: %q", code, text(row))
		}
	}
	wantCodeRow(doc, "0 av 1")

	// Used at registration for the invite-only event.
	in := registration.Input{FirstName: "Maria", LastName: "Lundström", Organisation: "Skellefteå kommun", OrgType: "kommun", Municipality: "Skellefteå", Mode: "on_site", Invitation: strings.ToLower(code)}
	f.register(ev.ID, in)
	_, doc = f.page(path, 200)
	wantCodeRow(doc, "1 av 1 förbrukad")
	var list struct {
		Invitations []registration.InvitationUse `json:"invitations"`
	}
	r := f.s.Get(t, "/api/v1/events/"+ev.ID+"/invitations")
	r.JSON(t, &list)
	if len(list.Invitations) != 1 || list.Invitations[0].Code != code || list.Invitations[0].Used != 1 || list.Invitations[0].MaxUses != 1 {
		t.Errorf("API invitations: %s", r.Body)
	}
	in.FirstName, in.Email, in.PrivacyOK, in.WaitlistOK = "Per", "per@example.se", true, true
	if _, err := f.s.Deps.Registrations.Register(storetest.Ctx(t), ev.ID, in, "sv"); !errors.Is(err, registration.ErrInvitationUsedUp) {
		t.Errorf("a single-use code used twice: %v", err)
	}

	// Bad input: the form again, 422, with the error summary; nothing stored.
	for _, bad := range []url.Values{
		{"uses": {"multi"}, "max_uses": {"tio"}},
		{"uses": {"multi"}, "max_uses": {"1"}},
		{"uses": {"multi"}, "max_uses": {"10001"}},
		{"uses": {"multi"}, "max_uses": {""}},
		{"uses": {""}},
		{"uses": {"single"}, "note": {strings.Repeat("x", 201)}},
	} {
		body := f.post(path, bad, 422)
		doc := parse(t, body)
		sum := find(doc, hasClassFn("org-summary"))
		if sum == nil {
			t.Errorf("%v: no error summary", bad)
			continue
		}
		field := "#max_uses"
		switch {
		case bad.Get("uses") == "":
			field = "#uses-1"
		case bad.Get("note") != "":
			field = "#note"
		}
		if !hasLink(sum, field) {
			t.Errorf("%v: the summary does not link %s:\n%s", bad, field, text(sum))
		}
		if bad.Get("max_uses") == "tio" && !strings.Contains(body, `value="tio"`) {
			t.Errorf("what was typed is not kept")
		}
	}
	// A number typed in the box does not matter when the code is single use.
	f.post(path, url.Values{"uses": {"single"}, "max_uses": {"tio"}}, 303)
	loc = f.post(path, url.Values{"uses": {"multi"}, "max_uses": {"25"}, "note": {"Nätverket"}}, 303)
	_, doc = f.page(loc, 200)
	if !strings.Contains(text(byID(doc, "codes")), "0 av 25") {
		t.Errorf("a 25-use code: %q", text(byID(doc, "codes")))
	}
	f.post(path, url.Values{"uses": {"unlimited"}}, 303)
	_, doc = f.page(path, 200)
	if !strings.Contains(text(byID(doc, "codes")), "0 (obegränsat)") {
		t.Errorf("an unlimited code: %q", text(byID(doc, "codes")))
	}

	// The JSON API.
	r = f.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/invitations", map[string]any{"max_uses": 5, "note": "API"})
	var created registration.InvitationUse
	r.JSON(t, &created)
	if r.Status != 201 || len(created.Code) != 8 || created.MaxUses != 5 || created.Note != "API" || created.EventID != ev.ID {
		t.Errorf("API create: %d %s", r.Status, r.Body)
	}
	if r := f.s.SendJSON(t, "POST", "/api/v1/events/"+ev.ID+"/invitations", map[string]any{"max_uses": -1}); r.Status != 422 || r.ErrorCode() != "validation_failed" {
		t.Errorf("API bad max_uses: %d %s", r.Status, r.Body)
	}
	r = f.s.Get(t, "/api/v1/events/"+ev.ID+"/invitations")
	r.JSON(t, &list)
	if len(list.Invitations) != 5 {
		t.Errorf("%d codes stored, want 5 (bad input stores nothing)", len(list.Invitations))
	}
}

func TestParticipantCancelByOrganiserPromotesTheFirstWaiting(t *testing.T) {
	f := newPartFixture(t)
	asa := f.regs["Åsa"]
	action := f.path("/participants/" + asa.ID + "/cancel")

	// First the confirmation step.
	body := f.post(action, url.Values{}, 200)
	doc := parse(t, body)
	if h := text(find(doc, tag("h1"))); h != "Vill du avboka anmälan för Åsa Öberg?" {
		t.Errorf("confirmation heading: %q", h)
	}
	form := find(find(doc, tag("main")), func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "form" && attr(n, "action") == action
	})
	if form == nil || find(form, func(n *html.Node) bool { return attr(n, "name") == "confirm" && attr(n, "value") == "yes" }) == nil {
		t.Errorf("the confirmation does not post confirm=yes to %s", action)
	}
	if f.stored("Åsa").Status != registration.StatusConfirmed {
		t.Fatal("the first step must not cancel")
	}

	loc := f.post(action, url.Values{"confirm": {"yes"}}, 303)
	if loc != f.path("/participants?notice=cancelled") {
		t.Errorf("after cancelling: Location %q", loc)
	}
	if got := f.stored("Åsa"); got.Status != registration.StatusCancelled || got.CancelledAt.IsZero() {
		t.Errorf("Åsa stored as %s", got.Status)
	}
	if got := f.stored("Jonas"); got.Status != registration.StatusConfirmed {
		t.Errorf("the first waiting (Jonas) is %s, want promoted to confirmed", got.Status)
	}
	if got := f.stored("Karin"); got.Status != registration.StatusWaiting {
		t.Errorf("the second waiting (Karin) is %s, want still waiting", got.Status)
	}
	if got := f.stored("Erik"); len(got.Workshops) != 1 || got.Workshops[0].Status != registration.StatusConfirmed {
		t.Errorf("Erik's workshop choice should get Åsa's workshop seat: %+v", got.Workshops)
	}

	body, doc = f.page(loc, 200)
	if n := notice(body); n != "Anmälan är avbokad. Lediga platser har gått till väntelistan." {
		t.Errorf("notice: %q", n)
	}
	wantCells(t, doc, "counts-status", "cancelled", "Avbokade", "1")
	wantCells(t, doc, "counts-status", "waiting", "På väntelistan", "1")
	if c := cells(t, doc, "participants", "Karin Nilsson karin@example.se"); len(c) < 4 || c[3] != "Väntelista (plats 1 i kön) På plats" {
		t.Errorf("Karin moved up: %q", c)
	}
	if c := cells(t, doc, "participants", "Åsa Öberg asa@example.se"); len(c) < 8 || c[3] != "Avbokad På plats" || c[6] != "–" || c[7] != "" {
		t.Errorf("Åsa's row after cancelling (no cancel button): %q", c)
	}
	// Åsa no longer counts in the reach: Västerbotten is down from 4 to 3, beside
	// Jonas (promoted) from Norrbotten, so both figures are hidden: Norrbotten's as
	// small, Västerbotten's 3 to protect it ("..", not "< 3", which would be false).
	wantCells(t, doc, "reach-county", "Västerbottens län", "Västerbottens län", "..", "–")
	wantCells(t, doc, "reach-county", "Norrbottens län", "Norrbottens län", "< 3", "–")

	// Twice is harmless.
	if loc := f.post(action, url.Values{"confirm": {"yes"}}, 303); loc != f.path("/participants?notice=already") {
		t.Errorf("cancelling again: %q", loc)
	}

	// The API, and filling free seats on demand.
	r := f.s.SendJSON(t, "POST", "/api/v1/events/"+f.ev.ID+"/registrations/"+f.regs["Jonas"].ID+"/cancel", nil)
	var got registration.Registration
	r.JSON(t, &got)
	if r.Status != 200 || got.Status != registration.StatusCancelled || got.ID != f.regs["Jonas"].ID {
		t.Errorf("API cancel: %d %s", r.Status, r.Body)
	}
	if f.stored("Karin").Status != registration.StatusConfirmed {
		t.Error("Karin should have Jonas's seat")
	}
	if loc := f.post(f.path("/participants/promote"), url.Values{}, 303); loc != f.path("/participants?notice=promoted") {
		t.Errorf("promote: Location %q", loc)
	}
}

func TestParticipantRoutesAreScopedToTheEvent(t *testing.T) {
	f := newPartFixture(t)
	other := f.event("Nätverksträff", "on_site", "public")
	stranger := f.register(other.ID, registration.Input{FirstName: "Olle", LastName: "Ek", Organisation: "Piteå kommun", OrgType: "kommun", Municipality: "Piteå", Mode: "on_site"})

	for _, id := range []string{"no-such-event", ""} {
		for _, p := range []string{"/participants", "/participants.csv", "/needs", "/invitations"} {
			if r := f.s.Get(t, "/organiser/events/"+id+p, "Accept", "text/html"); r.Status != 404 {
				t.Errorf("GET %s on an unknown event: %d", p, r.Status)
			}
		}
		for _, p := range []string{"/participants/promote", "/participants/" + f.regs["Åsa"].ID + "/cancel", "/invitations"} {
			if r := f.s.PostForm(t, "/organiser/events/"+id+p, url.Values{"confirm": {"yes"}, "uses": {"single"}}); r.Status != 404 {
				t.Errorf("POST %s on an unknown event: %d", p, r.Status)
			}
		}
		for _, p := range []string{"/registrations", "/registrations.csv", "/needs", "/invitations"} {
			if r := f.s.Get(t, "/api/v1/events/"+id+p); r.Status != 404 || r.ErrorCode() != "not_found" {
				t.Errorf("API GET %s on an unknown event: %d %s", p, r.Status, r.Body)
			}
		}
		for _, p := range []string{"/invitations", "/registrations/" + f.regs["Åsa"].ID + "/cancel"} {
			if r := f.s.SendJSON(t, "POST", "/api/v1/events/"+id+p, map[string]any{"max_uses": 1}); r.Status != 404 {
				t.Errorf("API POST %s on an unknown event: %d", p, r.Status)
			}
		}
	}

	// A registration of another event, or none at all, through this event's routes.
	for _, rid := range []string{stranger.ID, "no-such-registration"} {
		if r := f.s.PostForm(t, f.path("/participants/"+rid+"/cancel"), url.Values{"confirm": {"yes"}}); r.Status != 404 {
			t.Errorf("cancel registration %s through another event: %d", rid, r.Status)
		}
		if r := f.s.SendJSON(t, "POST", "/api/v1/events/"+f.ev.ID+"/registrations/"+rid+"/cancel", nil); r.Status != 404 || r.ErrorCode() != "not_found" {
			t.Errorf("API cancel registration %s through another event: %d %s", rid, r.Status, r.Body)
		}
	}
	if r, err := f.s.Deps.Registrations.Registration(storetest.Ctx(t), stranger.ID); err != nil || r.Status != registration.StatusConfirmed {
		t.Errorf("the other event's registration changed: %v %v", r.Status, err)
	}
	// Lists do not mix events.
	_, doc := f.page("/organiser/events/"+other.ID+"/participants", 200)
	if got := listed(doc); !slices.Equal(got, []string{"Olle Ek"}) {
		t.Errorf("the other event lists %q", got)
	}
}

// Every participant page, in both languages, with and without problems shown.
func TestParticipantPagesStructure(t *testing.T) {
	f := newPartFixture(t)
	empty := f.event("Tomt seminarium", "on_site", "invite_only")
	if _, err := f.s.Deps.Registrations.CreateInvitation(storetest.Ctx(t), f.ev.ID, registration.InvitationInput{MaxUses: 1, Note: "Till talaren"}); err != nil {
		t.Fatal(err)
	}
	pages := []string{
		f.path("/participants"), f.path("/participants?status=waiting&mode=on_site"), f.path("/participants?status=cancelled"),
		f.path("/needs"), f.path("/invitations"),
		"/organiser/events/" + empty.ID + "/participants", "/organiser/events/" + empty.ID + "/needs", "/organiser/events/" + empty.ID + "/invitations",
	}
	for _, lang := range []string{"sv", "en"} {
		for _, p := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			f.page(p+sep+"lang="+lang, 200) // checkPartPage runs on each
		}
		f.page(f.path("/participants?status=nope&lang="+lang), 422)
		f.post(f.path("/invitations?lang="+lang), url.Values{"uses": {"multi"}, "max_uses": {"x"}}, 422)
		f.post(f.path("/participants/"+f.regs["Karin"].ID+"/cancel?lang="+lang), url.Values{}, 200)
	}

	// English.
	body, doc := f.page(f.path("/participants?lang=en"), 200)
	for _, want := range []string{`<html lang="en">`, "<h1>Participants</h1>", "Showing 6 of 6 registrations.", "Whom we reached",
		"Waiting list (number 1 in line)", "Download the list (CSV for Excel)"} {
		if !strings.Contains(body, want) {
			t.Errorf("English list lacks %q", want)
		}
	}
	wantCells(t, doc, "counts-seats", "Online", "Online", "1", "no limit")
	wantCells(t, doc, "reach-gender", "kvinna", "Woman", "< 3", "–")
	if n := text(byID(doc, "gender-note")); n != "The question about gender was optional. 3 of 4 answered, and the shares count only those who answered." {
		t.Errorf("English gender note: %q", n)
	}
	body, _ = f.page(f.path("/needs?lang=en"), 200)
	if !strings.Contains(body, "<h1>Dietary and accessibility needs</h1>") || !strings.Contains(body, "No dietary requirement") {
		t.Error("English needs page")
	}
	body = f.post(f.path("/invitations?lang=en"), url.Values{"uses": {""}}, 422)
	if !strings.Contains(body, "Choose how many times the code may be used.") || !strings.Contains(body, "There is a problem with the form") {
		t.Errorf("English invitation problems:\n%s", mainOf(body))
	}
}
