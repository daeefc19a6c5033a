package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/events"
)

func TestScannerLinkPageShowsAddressAndQROnce(t *testing.T) {
	f := newDoor(t, 2, 0)
	body, doc := f.page(f.path("/scanner-links"), 200)
	if got := inputValue(t, body, "valid_from"); got != "2026-10-14T08:00" {
		t.Errorf("valid from defaults to %q, want now", got)
	}
	if got := inputValue(t, body, "valid_until"); got != "2026-10-14T16:00" {
		t.Errorf("valid until defaults to %q, want the end of the event", got)
	}
	if text(byID(doc, "links-heading")) == "" || strings.Contains(body, "/scan/") {
		t.Error("a page without new links must show no scanner address")
	}

	r := f.post(f.path("/scanner-links"), map[string]string{"station": "Entré A", "valid_from": "2026-10-14T07:30", "valid_until": "2026-10-14T17:00"}, 200)
	page := r.Text()
	m := regexp.MustCompile(`http://events\.test/scan/([a-z0-9]+\.[A-Za-z0-9_-]+)`).FindAllStringSubmatch(page, -1)
	if len(m) == 0 {
		t.Fatalf("the new link's address is not on the page:\n%s", mainOf(page))
	}
	url0, token := m[0][0], m[0][1]
	for _, x := range m {
		if x[0] != url0 {
			t.Errorf("two different addresses on the page: %s, %s", url0, x[0])
		}
	}
	if notice(page) == "" {
		t.Error("no confirmation after creating a link")
	}
	if got := pageQR(t, page); len(got) != 1 || got[0] != url0 {
		t.Errorf("the QR code decodes to %q, want %q", got, url0)
	}

	// The token is shown this once: not on the list afterwards, not stored in clear.
	again, _ := f.page(f.path("/scanner-links"), 200)
	if strings.Contains(again, token) || strings.Contains(again, "data:image/png") {
		t.Error("the list shows the token again")
	}
	if !strings.Contains(again, "Entré A") || !strings.Contains(again, "Aktiv") {
		t.Errorf("the list lacks the new link:\n%s", mainOf(again))
	}

	// The scanner page opens with the token, privately.
	sr := f.s.Get(t, "/scan/"+token, "Accept", "text/html")
	if sr.Status != 200 {
		t.Fatalf("scanner page: %d", sr.Status)
	}
	for h, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"} {
		if got := sr.Header.Get(h); got != want {
			t.Errorf("scanner page %s: %q, want %q", h, got, want)
		}
	}
	if !strings.Contains(sr.Text(), `<meta name="robots" content="noindex">`) {
		t.Error("the scanner page lacks <meta name=robots content=noindex>")
	}
	if !strings.Contains(sr.Text(), "Entré A") {
		t.Error("the scanner page does not name its station")
	}

	// Revoking from the page closes the page and the API with 403.
	lid := strings.SplitN(token, ".", 2)[0]
	loc := f.post(f.path("/scanner-links/"+lid+"/revoke"), nil, 303).Header.Get("Location")
	if loc != f.path("/scanner-links")+"?notice=link-revoked" {
		t.Errorf("after revoking: Location %q", loc)
	}
	list, _ := f.page(loc, 200)
	if !strings.Contains(list, "Återkallad") || notice(list) == "" {
		t.Error("the list does not show the link as revoked")
	}
	denied := f.s.Get(t, "/scan/"+token, "Accept", "text/html")
	if denied.Status != http.StatusForbidden || !strings.Contains(denied.Text(), "återkallad") || !strings.Contains(denied.Text(), "revoked") {
		t.Errorf("revoked link's page: %d\n%s", denied.Status, mainOf(denied.Text()))
	}
	checkDoorPage(t, "revoked scanner page", denied.Text())
	api := f.s.SendJSON(t, "POST", "/api/v1/scan/"+token, map[string]string{"code": f.code(f.people[0])})
	if api.Status != http.StatusForbidden || api.ErrorCode() != "scanner_link_revoked" {
		t.Errorf("scan with a revoked link: %d %s", api.Status, api.Body)
	}
	if r := f.post("/scan/"+token, map[string]string{"code": f.code(f.people[0])}, 403); !strings.Contains(r.Text(), "återkallad") {
		t.Error("the form post of a revoked link does not say so")
	}
	if n := f.checkedIn(); n != 0 {
		t.Errorf("%d check-ins through a revoked link", n)
	}
}

func TestScannerLinkJSONAndExpiry(t *testing.T) {
	f := newDoor(t, 2, 0)
	api := "/api/v1/events/" + f.ev.ID + "/scanner-links"
	r := f.s.SendJSON(t, "POST", api, map[string]string{"station": "Workshop sal A", "valid_from": "2026-10-14T12:00", "valid_until": "2026-10-14T13:00"})
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var created struct {
		Link struct {
			ID, Station, State string
			ValidFrom          time.Time `json:"valid_from"`
		} `json:"link"`
		Token, URL string
	}
	r.JSON(t, &created)
	if created.Link.Station != "Workshop sal A" || created.Link.State != "pending" || !created.Link.ValidFrom.Equal(time.Date(2026, 10, 14, 12, 0, 0, 0, events.Stockholm)) {
		t.Errorf("created link: %s", r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Error("the token's response may be cached")
	}
	// Not valid yet: 403 "expired" (outside its window).
	early := f.s.SendJSON(t, "POST", "/api/v1/scan/"+created.Token, map[string]string{"code": f.code(f.people[0])})
	if early.Status != http.StatusForbidden || early.ErrorCode() != "scanner_link_expired" {
		t.Errorf("a link before its window: %d %s", early.Status, early.Body)
	}
	if p := f.s.Get(t, "/scan/"+created.Token, "Accept", "text/html"); p.Status != 403 || !strings.Contains(p.Text(), "gäller inte nu") {
		t.Errorf("the page of a link before its window: %d", p.Status)
	}

	day := f.link("Entré B")
	if got := f.scan(day, f.code(f.people[0]), ""); got.Outcome != "ok" {
		t.Fatalf("scan during the window: %+v", got)
	}
	// After the end: 403 expired, in both languages.
	f.s.Deps.Badges.SetClock(func() time.Time { return time.Date(2026, 10, 14, 16, 30, 0, 0, events.Stockholm) })
	late := f.s.Get(t, "/scan/"+day, "Accept", "text/html", "Accept-Language", "en")
	if late.Status != http.StatusForbidden || !strings.Contains(late.Text(), "not valid now") || !strings.Contains(late.Text(), "gäller inte nu") {
		t.Errorf("an expired link's page: %d\n%s", late.Status, mainOf(late.Text()))
	}
	checkDoorPage(t, "expired scanner page", late.Text())
	if r := f.s.Get(t, "/api/v1/scan/"+day+"/stats"); r.Status != 403 || r.ErrorCode() != "scanner_link_expired" {
		t.Errorf("stats of an expired link: %d %s", r.Status, r.Body)
	}
	f.s.Deps.Badges.SetClock(func() time.Time { return doorNow })

	// The list: both links, states, never a secret.
	list := f.s.Get(t, api)
	var links struct {
		Links []struct{ ID, Station, State string } `json:"links"`
	}
	list.JSON(t, &links)
	states := map[string]string{}
	for _, l := range links.Links {
		states[l.Station] = l.State
	}
	if len(links.Links) != 2 || states["Workshop sal A"] != "pending" || states["Entré B"] != "active" {
		t.Errorf("links: %s", list.Body)
	}
	if strings.Contains(list.Text(), strings.SplitN(day, ".", 2)[1]) || strings.Contains(list.Text(), "secret") {
		t.Error("the list gives away a secret")
	}
	// Revoke through JSON.
	lid := strings.SplitN(day, ".", 2)[0]
	rv := f.s.SendJSON(t, "POST", api+"/"+lid+"/revoke", nil)
	if rv.Status != 200 || !strings.Contains(rv.Text(), `"state":"revoked"`) {
		t.Errorf("revoke: %d %s", rv.Status, rv.Body)
	}
	if r := f.s.SendJSON(t, "POST", "/api/v1/scan/"+day, map[string]string{"code": f.code(f.people[1])}); r.Status != 403 || r.ErrorCode() != "scanner_link_revoked" {
		t.Errorf("scan after revoking: %d %s", r.Status, r.Body)
	}
	if r := f.s.SendJSON(t, "POST", api+"/nosuchlinkxxxxxx/revoke", nil); r.Status != 404 {
		t.Errorf("revoking an unknown link: %d", r.Status)
	}

	// Unknown and garbled tokens: 404, on the page in both languages.
	for _, tok := range []string{"garbage", lid + ".wrongsecret", "nosuchlinkxxxxxx.abc", strings.Repeat("x", 300)} {
		p := f.s.Get(t, "/scan/"+url.PathEscape(tok), "Accept", "text/html")
		if p.Status != 404 || !strings.Contains(p.Text(), "finns inte") || !strings.Contains(p.Text(), "does not exist") {
			t.Errorf("token %q: page %d", tok, p.Status)
		}
		if r := f.s.SendJSON(t, "POST", "/api/v1/scan/"+url.PathEscape(tok), map[string]string{"code": "x"}); r.Status != 404 || r.ErrorCode() != "scanner_link_not_found" {
			t.Errorf("token %q: API %d %s", tok, r.Status, r.Body)
		}
	}

	// Problems with the form: every field's first problem, as JSON.
	bad := f.s.SendJSON(t, "POST", api, map[string]string{"station": "", "valid_from": "imorgon", "valid_until": "2026-10-14T07:00"})
	if bad.Status != 422 || !strings.Contains(bad.Text(), `"station"`) || !strings.Contains(bad.Text(), `"valid_from"`) {
		t.Errorf("invalid link: %d %s", bad.Status, bad.Body)
	}
	// And on the page, with the form kept.
	page := f.post(f.path("/scanner-links"), map[string]string{"station": "", "valid_from": "imorgon", "valid_until": "2026-10-14T07:00"}, 422).Text()
	if len(summaryLinks(t, page)) < 2 || fieldError(t, page, "station") == "" || fieldError(t, page, "valid_from") == "" || inputValue(t, page, "valid_from") != "imorgon" {
		t.Errorf("the form with problems:\n%s", mainOf(page))
	}
}
