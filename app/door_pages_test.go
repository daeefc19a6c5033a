package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"folkhalsa-events/app/apptest"
)

// resultPanel is the scanner page's result: its tone (the panel's class) and the text
// of its aria-live region.
func resultPanel(t *testing.T, body string) (tone, said string) {
	t.Helper()
	doc := parse(t, body)
	panel := byID(doc, "scan-result")
	live := byID(doc, "scan-live")
	if panel == nil || live == nil || attr(live, "aria-live") != "assertive" {
		t.Fatalf("no result panel with an assertive live region:\n%s", mainOf(body))
	}
	for _, c := range strings.Fields(attr(panel, "class")) {
		if strings.HasPrefix(c, "scan-tone-") {
			tone = strings.TrimPrefix(c, "scan-tone-")
		}
	}
	return tone, text(live)
}

// Staff without JavaScript: a keyboard-wedge scanner types the code and CR LF into
// the focused field, the browser posts the form, the same page comes back with the
// result.
func TestScanFormWithoutJavaScript(t *testing.T) {
	f := newDoor(t, 4, 0)
	token := f.link("Entré A")
	base := "/scan/" + token
	body, doc := f.page(base, 200)
	code := byID(doc, "code")
	if code == nil || !hasAttr(code, "autofocus") || attr(code, "name") != "code" {
		t.Fatal("the code field is missing or not focused")
	}
	form := find(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "id") == "scan-form" })
	if attr(form, "method") != "post" || attr(form, "action") != base {
		t.Errorf("scan form posts to %q (%s)", attr(form, "action"), attr(form, "method"))
	}
	if tone, said := resultPanel(t, body); tone != "idle" || said != "Redo att skanna." {
		t.Errorf("before any scan: %s %q", tone, said)
	}
	if !strings.Contains(text(byID(doc, "scan-checked-in")), "0") || text(byID(doc, "scan-expected")) != "4" {
		t.Errorf("counts: %q of %q", text(byID(doc, "scan-checked-in")), text(byID(doc, "scan-expected")))
	}

	scan := func(code string, status int, session ...string) (string, string, string) {
		t.Helper()
		form := map[string]string{"code": code}
		if len(session) > 0 {
			form["session_id"] = session[0]
		}
		r := f.post(base, form, status)
		if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("scan answer headers: %v", r.Header)
		}
		tone, said := resultPanel(t, r.Text())
		return tone, said, r.Text()
	}

	p := f.people[0]
	tone, said, page := scan(f.code(p)+"\r\n", 200)
	if tone != "ok" || !strings.Contains(said, "Incheckad") || !strings.Contains(said, p.FullName()) || !strings.Contains(said, "Vegetarisk") {
		t.Errorf("first scan: %s %q", tone, said)
	}
	doc = parse(t, page)
	if text(byID(doc, "scan-checked-in")) != "1" {
		t.Errorf("checked in after one scan: %q", text(byID(doc, "scan-checked-in")))
	}
	undo := byID(doc, "scan-undo")
	if undo == nil || hasAttr(undo, "hidden") || attr(find(undo, func(n *html.Node) bool { return attr(n, "name") == "registration_id" }), "value") != p.ID {
		t.Error("no undo button for the last check-in")
	}
	if !strings.HasPrefix(text(find(doc, tag("title"))), "Incheckad: "+p.FullName()) {
		t.Errorf("title %q does not give the result", text(find(doc, tag("title"))))
	}

	tone, said, _ = scan(strings.ToLower(f.code(p)), 200)
	if tone != "warn" || !strings.Contains(said, "Redan incheckad") || !strings.Contains(said, "08:00") || !strings.Contains(said, "Entré A") {
		t.Errorf("second scan: %s %q", tone, said)
	}

	// Red: forged, another event's, cancelled. Amber: waiting, digital.
	good := f.code(f.people[1])
	last := byte('A')
	if good[len(good)-1] == 'A' {
		last = 'B'
	}
	forged := good[:len(good)-1] + string(last) // one MAC character changed
	for _, c := range []struct {
		what, code, tone, verdict string
	}{
		{"forged", forged, "bad", "Ogiltig kod"},
		{"garbage", "HELLO WORLD", "bad", "Ogiltig kod"},
		{"another event's badge", f.code(f.other), "bad", "Fel evenemang"},
		{"cancelled", f.code(f.cancelled), "bad", "Avbokad"},
		{"waiting", f.code(f.waiting), "warn", "Står på väntelistan"},
		{"digital", f.code(f.digital), "warn", "Anmäld digitalt"},
	} {
		tone, said, _ := scan(c.code, 200)
		if tone != c.tone || !strings.Contains(said, c.verdict) {
			t.Errorf("%s: %s %q, want %s %q", c.what, tone, said, c.tone, c.verdict)
		}
		if strings.Contains(said, f.other.FullName()) || strings.Contains(said, f.cancelled.FullName()) {
			t.Errorf("%s: the panel names the person: %q", c.what, said)
		}
	}

	// A workshop: only those with a seat.
	tone, said, _ = scan(f.code(f.people[workshopSeats]), 200, f.ws.ID)
	if tone != "warn" || !strings.Contains(said, "Ingen plats i workshoppen") {
		t.Errorf("no seat in the workshop: %s %q", tone, said)
	}
	tone, said, page = scan(f.code(f.people[0]), 200, f.ws.ID)
	if tone != "ok" {
		t.Errorf("a seat in the workshop: %s %q", tone, said)
	}
	doc = parse(t, page)
	if sel := find(byID(doc, "session"), func(n *html.Node) bool { return hasAttr(n, "selected") }); attr(sel, "value") != f.ws.ID {
		t.Error("the page forgot the chosen workshop")
	}
	if text(byID(doc, "scan-expected")) != "3" || text(byID(doc, "scan-checked-in")) != "1" {
		t.Errorf("workshop counts: %s of %s", text(byID(doc, "scan-checked-in")), text(byID(doc, "scan-expected")))
	}
	before := f.checkedIn()
	r := f.post(base, map[string]string{"code": f.code(f.people[1]), "session_id": "nosuchsession"}, 422)
	if tone, said := resultPanel(t, r.Text()); tone != "warn" || !strings.Contains(said, "workshoppar") {
		t.Errorf("an unknown session: %s %q", tone, said)
	}
	if f.checkedIn() != before {
		t.Error("a scan for an unknown session checked someone in")
	}

	// An empty field explains itself; nothing is checked in.
	if tone, said, _ := scan("  \r\n", 422); tone != "warn" || !strings.Contains(said, "Skanna eller skriv") {
		t.Errorf("empty code: %s %q", tone, said)
	}
	if f.checkedIn() != before {
		t.Error("an empty code checked someone in")
	}

	// Undo the event check-in from the page; then the badge checks in again.
	r = f.post(base+"/undo", map[string]string{"registration_id": p.ID}, 200)
	if tone, said := resultPanel(t, r.Text()); tone != "undo" || !strings.Contains(said, "ångrad") {
		t.Errorf("after undo: %s %q", tone, said)
	}
	if tone, _, _ := scan(f.code(p), 200); tone != "ok" {
		t.Error("the badge does not check in again after the undo")
	}
	if r := f.s.PostForm(t, base+"/undo", url.Values{"registration_id": {f.people[2].ID}}); r.Status != 404 {
		t.Errorf("undoing a check-in that does not exist: %d", r.Status)
	}

	// Searching by name, then checking in by hand.
	page, doc = f.page(base+"?q="+url.QueryEscape("jonas berg"), 200)
	hits := findAll(doc, hasClassFn("scan-hit"))
	if len(hits) != 1 || !strings.Contains(text(hits[0]), "Jonas Berg") {
		t.Fatalf("search: %v\n%s", len(hits), mainOf(page))
	}
	jonas := f.people[3]
	if attr(find(hits[0], func(n *html.Node) bool { return attr(n, "name") == "registration_id" }), "value") != jonas.ID {
		t.Error("the hit's check-in button is not for Jonas")
	}
	r = f.post(base+"/manual", map[string]string{"registration_id": jonas.ID, "q": "jonas berg"}, 200)
	if tone, said := resultPanel(t, r.Text()); tone != "ok" || !strings.Contains(said, "Jonas Berg") {
		t.Errorf("manual check-in: %s %q", tone, said)
	}
	if hit := find(parse(t, r.Text()), hasClassFn("scan-hit")); hit == nil || !strings.Contains(text(hit), "incheckad 08:00 (Entré A)") || find(hit, tag("form")) != nil {
		t.Errorf("the search after the check-in: %s", text(hit))
	}
	if _, doc := f.page(base+"?q=a", 200); findAll(doc, hasClassFn("scan-hit")) != nil {
		t.Error("a one-letter search lists people")
	}
	// A cancelled person is found but cannot be checked in by hand.
	page, doc = f.page(base+"?q=cecilia", 200)
	if hit := find(doc, hasClassFn("scan-hit")); hit == nil || !strings.Contains(text(hit), "Avbokad") || find(hit, tag("form")) != nil {
		t.Errorf("cancelled hit: %s", mainOf(page))
	}
}

// Five stations scan the same badge at the same moment: one check-in.
func TestScanConcurrentFromFiveLinks(t *testing.T) {
	f := newDoor(t, 2, 0)
	var tokens []string
	for _, st := range []string{"Entré A", "Entré B", "Entré C", "Garderoben", "Workshop sal A"} {
		tokens = append(tokens, f.link(st))
	}
	base := apptest.Listen(t, f.s.App)
	code := f.code(f.people[0])
	results := make([]scanResult, len(tokens))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, tok := range tokens {
		wg.Go(func() {
			<-start
			body, _ := json.Marshal(map[string]string{"code": code})
			resp, err := http.Post(base+"/api/v1/scan/"+tok, "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("scan from %d: %d", i, resp.StatusCode)
				return
			}
			if err := json.NewDecoder(resp.Body).Decode(&results[i]); err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	ok, already := 0, 0
	var winner string
	for _, r := range results {
		switch r.Outcome {
		case "ok":
			ok++
			winner = r.Station
		case "already_checked_in":
			already++
		}
		if r.Name != f.people[0].FullName() {
			t.Errorf("result names %q", r.Name)
		}
	}
	if ok != 1 || already != 4 {
		t.Fatalf("%d ok and %d already checked in, want 1 and 4: %+v", ok, already, results)
	}
	for _, r := range results {
		if r.Station != winner {
			t.Errorf("a losing station shows station %q, want the winner's %q", r.Station, winner)
		}
	}
	if n := f.checkedIn(); n != 1 {
		t.Errorf("%d check-ins stored, want 1", n)
	}
}

// The JSON API answers malformed requests with the app's clear 4xx errors.
func TestScanAPIRejectsMalformedRequests(t *testing.T) {
	f := newDoor(t, 1, 0)
	token := f.link("Entré A")
	api := "/api/v1/scan/" + token
	for _, c := range []struct {
		what, path, ctype, body string
		status                  int
		code                    string
	}{
		{"broken JSON", api, "application/json", `{"code":`, 400, "bad_request"},
		{"a number for the code", api, "application/json", `{"code":123}`, 400, "bad_request"},
		{"an empty body", api, "application/json", ``, 400, "bad_request"},
		{"plain text", api, "text/plain", `FH1`, 415, "unsupported_media_type"},
		{"invalid UTF-8", api, "application/json", "{\"code\":\"\xff\"}", 400, "invalid_encoding"},
		{"no code", api, "application/json", `{"session_id":""}`, 422, "code_required"},
		{"an unknown session", api, "application/json", `{"code":"x","session_id":"nosuch"}`, 422, "validation_failed"},
		{"manual without a registration", api + "/manual", "application/json", `{}`, 422, "validation_failed"},
		{"undo without a registration", api + "/undo", "application/json", `{}`, 422, "validation_failed"},
		{"undo of nothing", api + "/undo", "application/json", `{"registration_id":"` + f.people[0].ID + `"}`, 404, "checkin_not_found"},
	} {
		r := f.s.Do(t, apptest.NewRequest("POST", c.path, strings.NewReader(c.body), "Content-Type", c.ctype))
		if r.Status != c.status || r.ErrorCode() != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.what, r.Status, r.Body, c.status, c.code)
		}
	}
	if r := f.s.Get(t, api+"/stats?session=nosuch"); r.Status != 422 {
		t.Errorf("stats of an unknown session: %d", r.Status)
	}
	// An unknown code is an answer, not an error; so is a code of any length.
	if got := f.scan(token, strings.Repeat("A", 5000), ""); got.Outcome != "invalid" || got.Tone != "bad" {
		t.Errorf("a long code: %+v", got)
	}
	if got := f.scan(token, f.code(f.people[0]), ""); got.Outcome != "ok" || got.CheckedIn != 1 || got.Expected != 1 {
		t.Errorf("a good scan after the bad ones: %+v", got)
	}
}

// The scanner's JSON: search, manual check-in, undo, stats, messages in English.
func TestScanAPISearchManualUndoStats(t *testing.T) {
	f := newDoor(t, 4, 0)
	token := f.link("Entré A")
	api := "/api/v1/scan/" + token
	var found struct {
		Hits []struct {
			RegistrationID string `json:"registration_id"`
			Name, State    string
			CanCheckIn     bool `json:"can_check_in"`
			CheckedIn      bool `json:"checked_in"`
		} `json:"hits"`
	}
	f.s.Get(t, api+"/search?q=jonas").JSON(t, &found)
	if len(found.Hits) != 1 || found.Hits[0].Name != "Jonas Berg" || !found.Hits[0].CanCheckIn {
		t.Fatalf("search: %+v", found)
	}
	karin := found.Hits[0].RegistrationID
	if strings.Contains(f.s.Get(t, api+"/search?q=jonas").Text(), "@") {
		t.Error("the search gives away e-mail addresses")
	}
	r := f.s.SendJSON(t, "POST", api+"/manual?lang=en", map[string]string{"registration_id": karin})
	var res scanResult
	r.JSON(t, &res)
	if r.Status != 200 || res.Outcome != "ok" || res.Verdict != "Checked in" || res.Message != "Jonas Berg is checked in. Welcome!" {
		t.Errorf("manual check-in in English: %d %s", r.Status, r.Body)
	}
	var st struct {
		CheckedIn     int `json:"checked_in"`
		Expected      int `json:"expected"`
		StillExpected int `json:"still_expected"`
	}
	f.s.Get(t, api+"/stats").JSON(t, &st)
	if st.CheckedIn != 1 || st.Expected != 4 || st.StillExpected != 3 {
		t.Errorf("stats: %+v", st)
	}
	f.s.Get(t, api+"/stats?session="+f.ws.ID).JSON(t, &st)
	if st.CheckedIn != 0 || st.Expected != workshopSeats {
		t.Errorf("workshop stats: %+v", st)
	}
	u := f.s.SendJSON(t, "POST", api+"/undo", map[string]string{"registration_id": karin})
	if u.Status != 200 || !strings.Contains(u.Text(), `"undone":true`) || !strings.Contains(u.Text(), `"checked_in":0`) {
		t.Errorf("undo: %d %s", u.Status, u.Body)
	}
	f.s.Get(t, api+"/search?q=jonas").JSON(t, &found)
	if found.Hits[0].CheckedIn || !found.Hits[0].CanCheckIn {
		t.Errorf("after undo: %+v", found.Hits[0])
	}
	// A registration of another event cannot be checked in through this link.
	r = f.s.SendJSON(t, "POST", api+"/manual", map[string]string{"registration_id": f.other.ID})
	res = scanResult{}
	r.JSON(t, &res)
	if res.Outcome != "wrong_event" || res.Name != "" {
		t.Errorf("manual check-in of another event's registration: %s", r.Body)
	}
}
