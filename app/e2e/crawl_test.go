package e2e

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app"
	"folkhalsa-events/badges"
	"folkhalsa-events/demo"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// The demo season, looked at by everyone who uses it: a visitor, a participant with
// a manage link, the staff at the door with a scanner link, an organisation's viewer
// and the demo organiser (admin of every organisation, and operator). Each follows
// every link of every page it can reach, and then every GET route of the route table
// is tried with the ids the pages showed. No answer is a 5xx, no page or JSON shows
// "ZgotmplZ" (a URL html/template refused), a zero date or a text key in place of its
// text, and every HTML page fits 390 pixels without scrolling sideways.
func TestCrawlTheDemoSeasonAsEachRole(t *testing.T) {
	now := time.Now()
	svc := startService(t, now)
	ctx := storetest.Ctx(t)
	season, err := demo.Seed(ctx, svc.deps, now, "ett långt demolösenord 1")
	if err != nil {
		t.Fatal(err)
	}
	session := func(email string) string {
		a, err := svc.deps.Accounts.AccountByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := svc.deps.Accounts.StartSession(ctx, a.ID, "", "crawl")
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	a, err := svc.deps.Accounts.AccountByEmail(ctx, season.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.deps.Accounts.SetOperator(ctx, a.ID, true); err != nil {
		t.Fatal(err)
	}
	viewer, err := svc.deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: "viewer@lansstyrelsen.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Accounts.AddMembership(ctx, viewer.ID, season.County.ID, accounts.RoleViewer); err != nil {
		t.Fatal(err)
	}
	reg, err := svc.deps.Registrations.Register(ctx, season.ConferenceID, registration.Input{FirstName: "Kim", LastName: "Lind",
		Email: "kim.crawl@umea.example", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", Mode: "on_site",
		PrivacyOK: true, WaitlistOK: true, ListConsent: true}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	_, scanToken, err := svc.deps.Badges.CreateLink(ctx, season.ConferenceID, badges.LinkInput{Station: "Entré", ValidFrom: now.Add(-time.Hour), ValidUntil: now.Add(72 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// A message to the conference's participants and a webhook: the demo has neither.
	conf, err := svc.deps.Events.Event(ctx, season.ConferenceID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Registrations.SendMessage(ctx, conf, registration.MessageDraft{Subject: events.Text{SV: "Inför konferensen"},
		Body: events.Text{SV: "Hej {förnamn}!\n\nProgrammet är klart."}}, season.Email); err != nil {
		t.Fatal(err)
	}
	svc.deps.Registrations.WaitBackground(ctx)
	if _, err := svc.deps.Webhooks.Add(ctx, season.County.ID, webhooks.EndpointInput{URL: "https://crm.lansstyrelsen.example/hooks",
		Kinds: []string{webhooks.RegistrationCreated}}, season.Email); err != nil {
		t.Fatal(err)
	}
	cookie := app.SessionCookieName(svc.cfg.SecureCookies())
	roles := []crawlRole{
		{name: "visitor", seeds: []string{"/", "/?lang=en", "/events/" + season.ConferenceID, "/visit-request", "/accessibility", "/embed/events", "/feed.atom", "/feed.rss"}},
		{name: "participant", seeds: []string{"/manage/" + reg.Registration.ID + "/" + reg.ManageToken, "/manage/" + reg.Registration.ID + "/" + reg.ManageToken + "?lang=en"}},
		{name: "staff", seeds: []string{"/scan/" + scanToken}},
		{name: "viewer", cookie: cookie + "=" + session(viewer.Email), seeds: []string{"/organiser/"}},
		{name: "organiser", cookie: cookie + "=" + session(season.Email), seeds: []string{"/organiser/", "/organiser/?lang=en",
			"/organiser/organisations/" + season.County.ID + "/followup", "/organiser/events/" + season.ConferenceID}},
	}
	c := newCrawler(t, svc)
	for i := range roles {
		c.crawl(&roles[i])
	}
	// Every GET route of the table, with the ids the pages showed, as the organiser
	// (the routes only others reach were reached above).
	c.routesWithIDs(&roles[len(roles)-1])
	var missed []string
	for _, r := range c.routes {
		if !c.reached[r.path] && !crawlUnreachable[r.path] {
			missed = append(missed, r.path)
		}
	}
	if len(missed) > 0 {
		t.Errorf("GET routes no role reached (give the crawl a way there, or say in crawlUnreachable why none exists):\n%s", strings.Join(missed, "\n"))
	}
	t.Logf("fetched %d addresses; %d of %d GET routes reached", c.fetched, len(c.reached), len(c.routes))

	// Every HTML page, one address per route and role, in Chromium at 390 pixels.
	b := browser(t)
	measured := 0
	for _, role := range roles {
		if _, err := chromedp.Call(b, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if role.cookie != "" {
			name, value, _ := strings.Cut(role.cookie, "=")
			if _, err := chromedp.Call(b, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: svc.base}); err != nil {
				t.Fatalf("session of %s: %v", role.name, err)
			}
		}
		for _, page := range role.pages {
			do(t, b, fmt.Sprintf("%s opens %s at 390 px", role.name, page), chromedp.EmulateViewport(390, 800), chromedp.Navigate(svc.base+page))
			overflow := get(t, b, "measure width", chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
			measured++
			if overflow > 0 {
				checkWidths(t, b, svc.base+page, role.name+" "+page) // names the element that is too wide
			}
		}
	}
	if measured < 80 {
		t.Errorf("only %d pages measured at 390 px", measured)
	}
	t.Logf("%d pages measured at 390 px", measured)
}

// crawlUnreachable are GET routes no role can reach from the demo season's pages,
// and why.
var crawlUnreachable = map[string]bool{
	"/organiser/password/reset/:token": true, // only from a mailed link
	"/organiser/password/new/:token":   true,
}

type crawlRole struct {
	name   string
	cookie string // the session, for organisers
	seeds  []string
	pages  []string // HTML pages fetched, one per route, for the browser
}

type crawlRoute struct {
	path   string
	re     *regexp.Regexp
	params []string // parameter names in order
	keys   []string // each parameter with the path segment before it ("events:id")
}

type crawler struct {
	t       *testing.T
	svc     *service
	client  *http.Client
	routes  []crawlRoute
	reached map[string]bool                // routes answered below 500
	ids     map[string]map[string]bool     // "events:id" → values seen
	keys    map[string]bool                // the catalogues' keys
	perRole map[string]map[string][]string // role → route → addresses fetched
	fetched int
}

var (
	crawlHref  = regexp.MustCompile(`(?:href|src|action)="([^"]+)"`)
	crawlToken = regexp.MustCompile(`[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`)
)

func newCrawler(t *testing.T, svc *service) *crawler {
	c := &crawler{t: t, svc: svc, reached: map[string]bool{}, ids: map[string]map[string]bool{}, keys: map[string]bool{},
		perRole: map[string]map[string][]string{},
		client:  &http.Client{Timeout: 2 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for _, lang := range []string{"sv", "en"} {
		for _, k := range locale.Keys(lang) {
			c.keys[k] = true
		}
	}
	// The webhook form names each notification by its identifier too, on purpose
	// ("Evenemang inställt (event.cancelled)"): what a receiver's code sees.
	for _, k := range webhooks.Kinds {
		delete(c.keys, k)
	}
	param := regexp.MustCompile(`:([a-zA-Z]+)\??|\*`)
	seen := map[string]bool{}
	for _, r := range svc.app.GetRoutes(true) {
		if r.Method != http.MethodGet || seen[r.Path] || strings.HasPrefix(r.Path, "/static") {
			continue
		}
		seen[r.Path] = true
		cr := crawlRoute{path: r.Path}
		segments := strings.Split(r.Path, "/")
		for i, seg := range segments {
			if m := param.FindStringSubmatch(seg); m != nil && m[1] != "" {
				cr.params = append(cr.params, m[1])
				cr.keys = append(cr.keys, segments[i-1]+":"+m[1])
			}
		}
		cr.re = regexp.MustCompile("^" + param.ReplaceAllStringFunc(regexp.QuoteMeta(r.Path), func(string) string { return "([^/]+)" }) + "$")
		c.routes = append(c.routes, cr)
	}
	// The route with fewest parameters wins ("/organiser/events/new" before ":id").
	sort.SliceStable(c.routes, func(i, j int) bool { return len(c.routes[i].params) < len(c.routes[j].params) })
	return c
}

// route finds the route an address is answered by, and records its ids.
func (c *crawler) route(path string) *crawlRoute {
	for i := range c.routes {
		r := &c.routes[i]
		m := r.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		for j, key := range r.keys {
			if c.ids[key] == nil {
				c.ids[key] = map[string]bool{}
			}
			c.ids[key][m[j+1]] = true
		}
		return r
	}
	return nil
}

// crawl follows every link from the role's seeds, at most three addresses a route.
func (c *crawler) crawl(role *crawlRole) {
	seen := map[string]bool{}
	queue := slices.Clone(role.seeds)
	byRoute := map[string][]string{}
	c.perRole[role.name] = byRoute
	for len(queue) > 0 && c.fetched < 3000 {
		addr := queue[0]
		queue = queue[1:]
		if seen[addr] {
			continue
		}
		seen[addr] = true
		u, err := url.Parse(addr)
		if err != nil {
			continue
		}
		r := c.route(u.Path)
		if r == nil {
			continue // not a GET route of the app (a form's action, an anchor elsewhere)
		}
		if len(byRoute[r.path]) >= 3 && !slices.Contains(role.seeds, addr) {
			continue
		}
		byRoute[r.path] = append(byRoute[r.path], addr)
		body, ctype := c.get(role, addr, r)
		if strings.HasPrefix(ctype, "text/html") {
			if len(byRoute[r.path]) == 1 {
				role.pages = append(role.pages, addr)
			}
			for _, m := range crawlHref.FindAllStringSubmatch(body, -1) {
				link := html.UnescapeString(m[1])
				link = strings.TrimPrefix(link, c.svc.base)
				if i := strings.IndexByte(link, '#'); i >= 0 {
					link = link[:i]
				}
				if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !seen[link] {
					queue = append(queue, link)
				}
			}
		}
	}
}

// routesWithIDs fetches the GET routes no link led to, with ids the pages showed.
func (c *crawler) routesWithIDs(role *crawlRole) {
	for _, r := range c.routes {
		if c.reached[r.path] {
			continue
		}
		for _, addr := range c.fill(r) {
			c.get(role, addr, &r)
		}
	}
}

// fill makes up to three addresses of a route from the ids seen.
func (c *crawler) fill(r crawlRoute) []string {
	var out []string
	for n := range 3 {
		addr, ok := r.path, true
		for i, key := range r.keys {
			var values []string
			for v := range c.ids[key] {
				values = append(values, v)
			}
			sort.Strings(values)
			if len(values) == 0 {
				ok = false
				break
			}
			addr = strings.Replace(addr, ":"+r.params[i], values[n%len(values)], 1)
		}
		addr = strings.ReplaceAll(addr, "?", "")
		if ok && !slices.Contains(out, addr) {
			out = append(out, addr)
		}
	}
	return out
}

// get fetches an address as the role and checks what it answers.
func (c *crawler) get(role *crawlRole, addr string, r *crawlRoute) (body, ctype string) {
	t := c.t
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.svc.base+addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(addr, "/api/") {
		req.Header.Set("Accept", "text/html")
	}
	if role.cookie != "" {
		req.Header.Set("Cookie", role.cookie)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		t.Fatalf("%s GET %s: %v", role.name, addr, err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s GET %s: %v", role.name, addr, err)
	}
	c.fetched++
	body, ctype = string(raw), resp.Header.Get("Content-Type")
	if resp.StatusCode >= 500 {
		t.Errorf("%s GET %s: %d\n%.2000s", role.name, addr, resp.StatusCode, body)
		return body, ctype
	}
	c.reached[r.path] = true
	if strings.HasPrefix(ctype, "application/pdf") || strings.HasPrefix(ctype, "image/") {
		return body, ctype
	}
	for _, bad := range []string{"ZgotmplZ", "0001-01-01", locale.MissingMark} {
		if i := strings.Index(body, bad); i >= 0 {
			t.Errorf("%s GET %s shows %q: …%s…", role.name, addr, bad, body[max(0, i-160):min(len(body), i+80)])
		}
	}
	if strings.HasPrefix(ctype, "text/html") {
		for _, tok := range crawlToken.FindAllString(crawlVisible(body), -1) {
			if c.keys[tok] {
				t.Errorf("%s GET %s shows the text key %q instead of its text", role.name, addr, tok)
			}
		}
	}
	return body, ctype
}

// crawlVisible is what a page says: its text and the attributes read out or shown
// (alt, title, aria-label, placeholder, value, content), without tags.
func crawlVisible(page string) string {
	var b strings.Builder
	for _, m := range regexp.MustCompile(`(?:alt|title|aria-label|placeholder|value|content)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		b.WriteString(m[1] + "\n")
	}
	b.WriteString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " "))
	return html.UnescapeString(b.String())
}
