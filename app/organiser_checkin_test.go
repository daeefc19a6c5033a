package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

type checkinStats struct {
	Expected      int `json:"expected"`
	CheckedIn     int `json:"checked_in"`
	StillExpected int `json:"still_expected"`
	ByCategory    []struct {
		Category  string `json:"category"`
		Label     string `json:"label"`
		Expected  int    `json:"expected"`
		CheckedIn int    `json:"checked_in"`
	} `json:"by_category"`
	Arrivals []struct {
		Label string `json:"label"`
		Count int    `json:"count"`
		Bar   int    `json:"bar"`
	} `json:"arrivals"`
	Workshops []struct {
		SessionID string `json:"session_id"`
		Title     string `json:"title"`
		Expected  int    `json:"expected"`
		CheckedIn int    `json:"checked_in"`
	} `json:"workshops"`
	RecentUndos []struct {
		Name, Scope, By string
	} `json:"recent_undos"`
}

func (f *doorFixture) stats(query string) checkinStats {
	f.t.Helper()
	r := f.s.Get(f.t, "/api/v1/events/"+f.ev.ID+"/checkin/stats"+query)
	if r.Status != 200 || r.Header.Get("Cache-Control") != "no-store" {
		f.t.Fatalf("stats: %d %s", r.Status, r.Body)
	}
	var st checkinStats
	r.JSON(f.t, &st)
	return st
}

func TestCheckinDashboardFollowsTheDoor(t *testing.T) {
	f := newDoor(t, 6, 0)
	token := f.link("Entré A")
	if err := f.s.Deps.Registrations.SetCategory(f.ctx, f.people[5].ID, "speaker"); err != nil {
		t.Fatal(err)
	}

	st := f.stats("")
	if st.CheckedIn != 0 || st.Expected != 6 || st.StillExpected != 6 || len(st.Arrivals) != 0 || len(st.Workshops) != 1 {
		t.Errorf("before the doors open: %+v", st)
	}
	for _, p := range f.people[:3] {
		f.scan(token, f.code(p), "")
	}
	f.scan(token, f.code(f.people[5]), "")
	f.scan(token, f.code(f.people[0]), f.ws.ID)
	f.scan(token, f.code(f.waiting), "") // not checked in

	st = f.stats("")
	if st.CheckedIn != 4 || st.Expected != 6 || st.StillExpected != 2 {
		t.Errorf("after four arrivals: %+v", st)
	}
	cats := map[string][2]int{}
	for _, c := range st.ByCategory {
		cats[c.Category] = [2]int{c.CheckedIn, c.Expected}
	}
	if cats["participant"] != [2]int{3, 5} || cats["speaker"] != [2]int{1, 1} || st.ByCategory[1].Label != "Talare" {
		t.Errorf("by category: %+v", st.ByCategory)
	}
	if len(st.Arrivals) != 1 || st.Arrivals[0].Label != "08:00–08:15" || st.Arrivals[0].Count != 4 || st.Arrivals[0].Bar != 100 {
		t.Errorf("arrivals: %+v", st.Arrivals)
	}
	if len(st.Workshops) != 1 || st.Workshops[0].CheckedIn != 1 || st.Workshops[0].Expected != workshopSeats || st.Workshops[0].Title != "Psykisk hälsa bland unga" {
		t.Errorf("workshops: %+v", st.Workshops)
	}
	ws := f.stats("?session=" + f.ws.ID)
	if ws.CheckedIn != 1 || ws.Expected != workshopSeats || ws.Workshops != nil {
		t.Errorf("one workshop's stats: %+v", ws)
	}

	// The page shows the same figures, in tables with the right rows.
	page, doc := f.page(f.path("/checkin"), 200)
	for key, want := range map[string]string{"checked_in": "4", "expected": "6", "still_expected": "2"} {
		if got := text(find(find(doc, hasClassFn("chk-figures")), func(n *html.Node) bool { return attr(n, "data-stat") == key })); got != want {
			t.Errorf("figure %s: %q, want %s", key, got, want)
		}
	}
	wantCells(t, doc, "chk-categories", "speaker", "Talare", "1", "1")
	wantCells(t, doc, "chk-categories", "participant", "Deltagare", "3", "5")
	wantCells(t, doc, "chk-arrivals", "08:00–08:15", "08:00–08:15", "4", "")
	wantCells(t, doc, "chk-workshops", f.ws.ID, "Psykisk hälsa bland unga 10:00–11:00", "1", "3", "2")
	if find(doc, hasClassFn("chk-w100")) == nil {
		t.Error("the busiest quarter has no full bar")
	}
	if !strings.Contains(page, "<noscript>") || !strings.Contains(page, `src="/static/dashboard.js"`) {
		t.Error("the dashboard neither refreshes itself nor says to reload")
	}

	// Undo from the dashboard: search, press the button.
	erik := f.people[1]
	_, doc = f.page(f.path("/checkin?q="+url.QueryEscape("erik")), 200)
	wantCells(t, doc, "chk-hits", erik.ID, "Erik Andersson Umeå kommun", "Bekräftad", "08:00 · Entré A", "Ångra incheckning Erik Andersson")
	loc := f.post(f.path("/checkin/undo"), map[string]string{"registration_id": erik.ID, "q": "erik"}, 303).Header.Get("Location")
	if !strings.HasPrefix(loc, f.path("/checkin?")) || !strings.Contains(loc, "notice=undone") || !strings.Contains(loc, "q=erik") {
		t.Errorf("after undo: %q", loc)
	}
	page, doc = f.page(loc, 200)
	if notice(page) != "Incheckningen är ångrad." {
		t.Errorf("notice after undo: %q", notice(page))
	}
	wantCells(t, doc, "chk-hits", erik.ID, "Erik Andersson Umeå kommun", "Bekräftad", "–", "Checka in Erik Andersson")
	st = f.stats("")
	if st.CheckedIn != 3 || st.StillExpected != 3 || len(st.RecentUndos) != 1 || st.RecentUndos[0].Name != "Erik Andersson" || !strings.Contains(st.RecentUndos[0].By, "Arrangör") {
		t.Errorf("after the organiser's undo: %+v", st)
	}

	// Check in by hand from the dashboard.
	loc = f.post(f.path("/checkin/manual"), map[string]string{"registration_id": erik.ID, "q": "erik"}, 303).Header.Get("Location")
	page, _ = f.page(loc, 200)
	if notice(page) != "Incheckad" {
		t.Errorf("notice after a manual check-in: %q", notice(page))
	}
	if got := f.scan(token, f.code(erik), ""); got.Outcome != "already_checked_in" || got.Station != "Arrangör" {
		t.Errorf("scan after the organiser's check-in: %+v", got)
	}
	// Undo from the scanner, a little later: the dashboard lists it first, with the station.
	f.s.Deps.Badges.SetClock(func() time.Time { return doorNow.Add(5 * time.Minute) })
	if r := f.s.SendJSON(t, "POST", "/api/v1/scan/"+token+"/undo", map[string]string{"registration_id": f.people[2].ID}); r.Status != 200 {
		t.Fatalf("undo from the scanner: %d %s", r.Status, r.Body)
	}
	st = f.stats("")
	if st.CheckedIn != 3 || len(st.RecentUndos) != 2 || st.RecentUndos[0].Name != f.people[2].FullName() || st.RecentUndos[0].By != "Entré A" {
		t.Errorf("after the scanner's undo: %+v", st)
	}
	_, doc = f.page(f.path("/checkin"), 200)
	if rows := findAll(find(byID(doc, "chk-undos"), tag("tbody")), tag("tr")); len(rows) != 2 || !strings.Contains(text(rows[0]), f.people[2].FullName()) {
		t.Errorf("the undo log on the page: %d rows", len(rows))
	}
	// Errors: an undo of nothing, another event's registration, a bad session.
	if r := f.s.SendJSON(t, "POST", f.path("/checkin/undo"), map[string]string{"registration_id": f.people[4].ID}); r.Status != 404 {
		t.Errorf("undo of nothing: %d", r.Status)
	}
	if r := f.s.SendJSON(t, "POST", f.path("/checkin/manual"), map[string]string{"registration_id": f.other.ID}); r.Status != 200 || !strings.Contains(r.Text(), `"wrong_event"`) {
		t.Errorf("another event's registration: %d %s", r.Status, r.Body)
	}
	if r := f.s.Get(t, "/api/v1/events/"+f.ev.ID+"/checkin/stats?session=nosuch"); r.Status != 422 {
		t.Errorf("stats of an unknown session: %d", r.Status)
	}
}

// Structure and accessibility of the door's pages, in Swedish and in English.
func TestBadgeAndScannerPagesStructure(t *testing.T) {
	f := newDoor(t, 3, 0)
	token := f.link("Entré A")
	f.scan(token, f.code(f.people[0]), "")
	f.post(f.path("/checkin/undo"), map[string]string{"registration_id": f.people[0].ID}, 303)
	f.scan(token, f.code(f.people[0]), "")
	for _, lang := range []string{"sv", "en"} {
		h := []string{"Accept-Language", lang}
		for _, path := range []string{
			f.path("/badges"), f.path("/scanner-links"), f.path("/checkin"), f.path("/checkin?q=asa"),
			"/scan/" + token, "/scan/" + token + "?q=" + url.QueryEscape("öberg"), "/scan/" + token + "?session=" + f.ws.ID,
			f.path(""),
		} {
			body, doc := f.page(path, 200, h...)
			if attr(find(doc, tag("html")), "lang") != lang {
				t.Errorf("%s in %s: html lang %q", path, lang, attr(find(doc, tag("html")), "lang"))
			}
			if strings.HasPrefix(path, "/scan/") {
				live := byID(doc, "scan-live")
				if attr(live, "aria-live") != "assertive" || byID(doc, "scan-result") == nil {
					t.Errorf("%s: no assertive result region", path)
				}
				if !strings.Contains(body, `<meta name="robots" content="noindex">`) || !strings.Contains(body, `src="/static/scanner.js"`) {
					t.Errorf("%s: noindex or the script is missing", path)
				}
				if l := find(doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == "code" }); l == nil {
					t.Errorf("%s: the code field has no label", path)
				}
			}
		}
		// A page after a scan, and the links page with a new link.
		r := f.s.PostForm(t, "/scan/"+token, url.Values{"code": {f.code(f.people[1])}}, h...)
		checkDoorPage(t, "scan result "+lang, r.Text())
		r = f.s.PostForm(t, f.path("/scanner-links"), url.Values{"station": {"Station " + lang}}, h...)
		checkDoorPage(t, "new link "+lang, r.Text())
		if lang == "en" && !strings.Contains(r.Text(), "The address is shown only now") {
			t.Error("the new link's page is not in English")
		}
		// The denied page, in both languages at once.
		d := f.s.Get(t, "/scan/nosuchlinkxxxxxx.secret", "Accept", "text/html", "Accept-Language", lang)
		doc := checkDoorPage(t, "denied "+lang, d.Text())
		if d.Status != 404 || len(findAll(doc, func(n *html.Node) bool { return attr(n, "lang") == "sv" || attr(n, "lang") == "en" })) < 3 {
			t.Errorf("denied page in %s: %d", lang, d.Status)
		}
	}
	// The participant's manage page and the event overview link the badge pages.
	_, doc := f.page(f.path(""), 200)
	for _, p := range []string{"/badges", "/scanner-links", "/checkin"} {
		if !hasLink(doc, f.path(p)) {
			t.Errorf("the event overview does not link %s", p)
		}
	}
}
