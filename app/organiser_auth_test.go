package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox/smtptest"
)

// Signing in and out, sessions, CSRF, sign-in limits and password links, through the
// real routes on the real store. Accounts are made with the auth API (CreateAccount)
// or by the sign-in form (SignIn); requests without the default operator's session
// name their own Cookie header, or come from a server built with apptest.Anonymous().

const testPassword = "ett långt lösenord 1"

// testClock is a clock the test moves on.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 9, 1, 8, 0, 0, 0, events.Stockholm)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// signInForm posts the sign-in form without any session.
func signInForm(t *testing.T, s *apptest.Server, email, password string, headers ...string) apptest.Response {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	return s.Do(t, apptest.NewRequest("POST", "/organiser/sign-in", strings.NewReader(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html", "Cookie", "lang=sv"}, headers...)...))
}

// flipFirst changes the first character of a token.
func flipFirst(s string) string {
	if s[0] == 'x' {
		return "y" + s[1:]
	}
	return "x" + s[1:]
}

var authUntranslated = regexp.MustCompile(`\bauth\.[a-z_]+\.[a-z_0-9.-]*`)

// checkAuthPage is checkPage plus this area's own text keys.
func checkAuthPage(t *testing.T, name, body string) {
	t.Helper()
	checkPage(t, name, body)
	if key := authUntranslated.FindString(text(find(parse(t, body), tag("main")))); key != "" {
		t.Errorf("%s: untranslated text key %q", name, key)
	}
}

// sessionOf is the session cookie a response sets ("" when none).
func sessionOf(s *apptest.Server, r apptest.Response) *http.Cookie {
	name := app.SessionCookieName(s.Cfg.SecureCookies())
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// whoAmI asks /api/v1/session with a session token: 200 and the e-mail, or the status.
func whoAmI(t *testing.T, s *apptest.Server, token string) (int, string) {
	t.Helper()
	r := s.Do(t, apptest.NewRequest("GET", "/api/v1/session", nil, "Cookie", app.SessionCookieName(s.Cfg.SecureCookies())+"="+token))
	var body struct{ Email string }
	if r.Status == 200 {
		r.JSON(t, &body)
	}
	return r.Status, body.Email
}

func TestSignInPagesAndCookie(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	org, err := s.Deps.Events.CreateOrganisation(storetest.Ctx(t), events.OrganisationInput{Name: "Region Västerbotten", Kind: "region"})
	if err != nil {
		t.Fatal(err)
	}
	s.CreateAccount(t, "Anna.Berg@Regionvasterbotten.se", testPassword, apptest.Member(org.ID, accounts.RoleOrganiser))

	// Without a session: pages send to the sign-in page and back, the API says 401.
	r := s.Get(t, "/organiser/events/new?org="+org.ID, "Accept", "text/html")
	if r.Status != 303 || r.Header.Get("Location") != "/organiser/sign-in?next=%2Forganiser%2Fevents%2Fnew%3Forg%3D"+org.ID {
		t.Fatalf("page without a session: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := s.Get(t, "/api/v1/events"); r.Status != 401 || r.ErrorCode() != "sign_in_required" || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("API without a session: %d %s", r.Status, r.Body)
	}
	if r := s.PostForm(t, "/organiser/events", url.Values{"org": {org.ID}}); r.Status != 401 {
		t.Errorf("form post without a session: %d", r.Status)
	}

	// The page, in both languages, accessible like every organiser page.
	sv := s.Get(t, "/organiser/sign-in?next=%2Forganiser%2F", "Accept", "text/html")
	checkAuthPage(t, "sign-in", sv.Text())
	doc := parse(t, sv.Text())
	if sv.Status != 200 || !strings.Contains(sv.Text(), "Logga in som arrangör") || attr(byID(doc, "email"), "autocomplete") != "username" ||
		attr(byID(doc, "password"), "type") != "password" || attr(byID(doc, "password"), "autocomplete") != "current-password" {
		t.Errorf("Swedish sign-in page: %d\n%s", sv.Status, mainOf(sv.Text()))
	}
	if sv.Header.Get("Cache-Control") != "no-store" {
		t.Error("the sign-in page may be cached")
	}
	en := s.Get(t, "/organiser/sign-in?lang=en", "Accept", "text/html")
	checkAuthPage(t, "sign-in (en)", en.Text())
	if !strings.Contains(en.Text(), "Sign in as an organiser") || !strings.Contains(en.Text(), `<html lang="en">`) {
		t.Error("English sign-in page")
	}

	// Signing in: a 303 to the local next, an HttpOnly, SameSite=Lax session cookie for /,
	// not Secure over http. The address is found in any case.
	r = s.Do(t, apptest.NewRequest("POST", "/organiser/sign-in", strings.NewReader(url.Values{
		"email": {" ANNA.BERG@regionvasterbotten.se "}, "password": {testPassword}, "next": {"/organiser/events/new?org=" + org.ID},
	}.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Cookie", "lang=sv"))
	if r.Status != 303 || r.Header.Get("Location") != "/organiser/events/new?org="+org.ID {
		t.Fatalf("sign in: %d %q\n%s", r.Status, r.Header.Get("Location"), r.Body)
	}
	ck := sessionOf(s, r)
	raw := strings.Join(r.Header.Values("Set-Cookie"), "\n")
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure || len(ck.Value) < 32 {
		t.Fatalf("session cookie: %s", raw)
	}
	if status, email := whoAmI(t, s, ck.Value); status != 200 || email != "anna.berg@regionvasterbotten.se" {
		t.Errorf("the new session: %d %q", status, email)
	}
	page := s.Get(t, "/organiser/", "Accept", "text/html", "Cookie", ck.Name+"="+ck.Value)
	if page.Status != 200 || !strings.Contains(page.Text(), "anna.berg@regionvasterbotten.se") || !strings.Contains(page.Text(), `href="/organiser/sign-out"`) {
		t.Errorf("dashboard signed in: %d", page.Status)
	}
	checkAuthPage(t, "dashboard signed in", page.Text())

	// next must stay on this site.
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "organiser"} {
		r := s.Do(t, apptest.NewRequest("POST", "/organiser/sign-in", strings.NewReader(url.Values{
			"email": {"anna.berg@regionvasterbotten.se"}, "password": {testPassword}, "next": {next},
		}.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Cookie", "lang=sv"))
		if r.Status != 303 || r.Header.Get("Location") != "/organiser/" {
			t.Errorf("next %q: %d %q", next, r.Status, r.Header.Get("Location"))
		}
	}

	// A sign-in form posted from another site is refused (login CSRF).
	r = signInForm(t, s, "anna.berg@regionvasterbotten.se", testPassword, "Origin", "https://evil.example")
	if r.Status != 403 || sessionOf(s, r) != nil {
		t.Errorf("cross-site sign-in: %d", r.Status)
	}
	if r := signInForm(t, s, "anna.berg@regionvasterbotten.se", testPassword, "Origin", "http://events.test"); r.Status != 303 {
		t.Errorf("same-site sign-in with Origin: %d", r.Status)
	}
	// The page says in plain words what to do; only the JSON answer names the header.
	if page := mainOf(r.Text()); !strings.Contains(page, "Ladda om sidan") || strings.Contains(page, "X-CSRF-Token") {
		t.Errorf("the refusal a person reads: %s", page)
	}
	// Opened at 127.0.0.1 while BASE_URL names another host: the form comes from the
	// host it is posted to, which no other site can make a browser claim.
	req := apptest.NewRequest("POST", "/organiser/sign-in", strings.NewReader(url.Values{"email": {"anna.berg@regionvasterbotten.se"},
		"password": {testPassword}}.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html", "Origin", "http://127.0.0.1:8080")
	req.Host = "127.0.0.1:8080"
	if r := s.Do(t, req); r.Status != 303 || sessionOf(s, r) == nil {
		t.Errorf("sign-in from the host the page was loaded from: %d\n%s", r.Status, mainOf(r.Text()))
	}
	req = apptest.NewRequest("POST", "/organiser/sign-in", strings.NewReader(url.Values{"email": {"anna.berg@regionvasterbotten.se"},
		"password": {testPassword}}.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html", "Origin", "http://127.0.0.1:8080")
	req.Host = "events.test"
	if r := s.Do(t, req); r.Status != 403 {
		t.Errorf("an origin that is neither BASE_URL nor the request's host: %d", r.Status)
	}
}

func TestSecureCookieUnderHTTPS(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous(), apptest.WithEnv("BASE_URL", "https://events.example.se"))
	s.CreateAccount(t, "anna@kommun.se", testPassword)
	r := signInForm(t, s, "anna@kommun.se", testPassword)
	ck := sessionOf(s, r)
	if r.Status != 303 || ck == nil || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Name != "__Host-fh_session" {
		t.Fatalf("cookie under https: %d %q", r.Status, r.Header.Values("Set-Cookie"))
	}
	c := s.SignIn(t, "anna@kommun.se", testPassword)
	if r := c.Get(t, "/organiser/account", "Accept", "text/html"); r.Status != 200 {
		t.Errorf("account page under https: %d", r.Status)
	}
}

// Signing in starts a new session and ends the one the browser came with, so a
// session token planted before sign-in is worth nothing afterwards.
func TestSignInRotatesTheSession(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	s.CreateAccount(t, "anna@kommun.se", testPassword)
	first := s.SignIn(t, "anna@kommun.se", testPassword)
	r := signInForm(t, s, "anna@kommun.se", testPassword, "Cookie", first.Cookie())
	ck := sessionOf(s, r)
	if r.Status != 303 || ck == nil || ck.Value == first.Token {
		t.Fatalf("second sign-in: %d, cookie %v", r.Status, ck)
	}
	if status, _ := whoAmI(t, s, first.Token); status != 401 {
		t.Errorf("the session the browser came with still works: %d", status)
	}
	if status, _ := whoAmI(t, s, ck.Value); status != 200 {
		t.Errorf("the new session does not work: %d", status)
	}
	// The CSRF token is bound to the session: the old one does not fit the new session.
	r = s.Do(t, apptest.NewRequest("POST", "/organiser/sign-out-everywhere", strings.NewReader("csrf="+first.CSRF),
		"Content-Type", "application/x-www-form-urlencoded", "Cookie", ck.Name+"="+ck.Value))
	if r.Status != 403 {
		t.Errorf("the old session's CSRF token was accepted: %d", r.Status)
	}
}

func TestSessionExpires(t *testing.T) {
	clk := newTestClock()
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClockFunc(clk.Now))
	a := s.CreateAccount(t, "anna@kommun.se", "")

	// Idle: used every 4 hours it lives on; 8 hours unused ends it.
	c := s.SessionFor(t, a)
	for i := 0; i < 3; i++ {
		clk.Advance(4 * time.Hour)
		if status, _ := whoAmI(t, s, c.Token); status != 200 {
			t.Fatalf("session used every 4 h, after %d h: %d", 4*(i+1), status)
		}
	}
	clk.Advance(7*time.Hour + 59*time.Minute)
	if status, _ := whoAmI(t, s, c.Token); status != 200 {
		t.Fatalf("after 7 h 59 min unused: %d", status)
	}
	clk.Advance(8*time.Hour + time.Minute)
	if status, _ := whoAmI(t, s, c.Token); status != 401 {
		t.Errorf("after 8 h unused: %d", status)
	}
	if r := c.Get(t, "/organiser/", "Accept", "text/html"); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/organiser/sign-in") {
		t.Errorf("expired session on a page: %d %q", r.Status, r.Header.Get("Location"))
	}

	// Absolute: even used every 4 hours, it ends 7 days after it began.
	c = s.SessionFor(t, a)
	for h := 4; h < 7*24; h += 4 {
		clk.Advance(4 * time.Hour)
		if status, _ := whoAmI(t, s, c.Token); status != 200 {
			t.Fatalf("session used every 4 h, after %d h: %d", h, status)
		}
	}
	clk.Advance(4 * time.Hour)
	if status, _ := whoAmI(t, s, c.Token); status != 401 {
		t.Errorf("after 7 days: %d", status)
	}
}

func TestSessionLifetimesAreConfigured(t *testing.T) {
	clk := newTestClock()
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClockFunc(clk.Now), apptest.WithEnv("SESSION_IDLE_TIMEOUT", "30m"), apptest.WithEnv("SESSION_MAX_AGE", "1h"))
	c := s.SessionFor(t, s.CreateAccount(t, "anna@kommun.se", ""))
	clk.Advance(31 * time.Minute)
	if status, _ := whoAmI(t, s, c.Token); status != 401 {
		t.Errorf("SESSION_IDLE_TIMEOUT=30m, after 31 min: %d", status)
	}
}

func TestSignOutAndSignOutEverywhere(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	a := s.CreateAccount(t, "anna@kommun.se", "")
	laptop, phone := s.SessionFor(t, a), s.SessionFor(t, a)
	other := s.SessionFor(t, s.CreateAccount(t, "bo@kommun.se", ""))

	// The header's link leads to a confirmation; signing out is a POST with the token.
	page := laptop.Get(t, "/organiser/sign-out", "Accept", "text/html")
	checkAuthPage(t, "sign-out", page.Text())
	if r := laptop.Do(t, apptest.NewRequest("POST", "/organiser/sign-out", nil, "Cookie", laptop.Cookie())); r.Status != 403 {
		t.Errorf("sign-out without the CSRF token: %d", r.Status)
	}
	r := laptop.PostForm(t, "/organiser/sign-out", nil)
	ck := sessionOf(s, r)
	if r.Status != 303 || r.Header.Get("Location") != "/organiser/sign-in?notice=signed-out" || ck == nil || ck.Value != "" {
		t.Fatalf("sign out: %d %q %q", r.Status, r.Header.Get("Location"), r.Header.Values("Set-Cookie"))
	}
	if status, _ := whoAmI(t, s, laptop.Token); status != 401 {
		t.Errorf("signed-out session: %d", status)
	}
	if status, _ := whoAmI(t, s, phone.Token); status != 200 {
		t.Errorf("signing out on one device ended another: %d", status)
	}
	if !strings.Contains(s.Get(t, r.Header.Get("Location"), "Accept", "text/html").Text(), "Du är utloggad.") {
		t.Error("the sign-in page does not say the user is signed out")
	}

	// Sign out everywhere ends every session of the account, the one asking too, and
	// no other account's.
	tablet := s.SessionFor(t, a)
	r = phone.PostForm(t, "/organiser/sign-out-everywhere", nil)
	if r.Status != 303 || r.Header.Get("Location") != "/organiser/sign-in?notice=signed-out-everywhere" {
		t.Fatalf("sign out everywhere: %d %q", r.Status, r.Header.Get("Location"))
	}
	for name, c := range map[string]*apptest.Client{"phone": phone, "tablet": tablet} {
		if status, _ := whoAmI(t, s, c.Token); status != 401 {
			t.Errorf("%s after sign out everywhere: %d", name, status)
		}
	}
	if status, _ := whoAmI(t, s, other.Token); status != 200 {
		t.Errorf("another account's session ended: %d", status)
	}
	if n, _ := s.Deps.Accounts.SessionCount(storetest.Ctx(t), a.ID); n != 0 {
		t.Errorf("%d session documents left", n)
	}
	// A new sign-in works again.
	if status, _ := whoAmI(t, s, s.SessionFor(t, a).Token); status != 200 {
		t.Errorf("new session after sign out everywhere: %d", status)
	}
}

// State-changing requests with a session need its CSRF token: a form's csrf field or
// the X-CSRF-Token header. API tokens need none; reads need none.
func TestCSRFTokenIsRequired(t *testing.T) {
	s := apptest.New(t)
	op := s.Operator
	orgs := func() int {
		list, err := s.Deps.Events.Organisations(storetest.Ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	form := url.Values{"name": {"Region Västerbotten"}, "kind": {"region"}}

	// Forms: no token, a wrong one, another session's: 403 with a clear message.
	other := s.SessionFor(t, s.CreateAccount(t, "bo@kommun.se", ""))
	for name, csrf := range map[string]string{"none": "", "wrong": flipFirst(op.CSRF), "another session's": other.CSRF} {
		f := with(form)
		if csrf != "" {
			f.Set("csrf", csrf)
		}
		r := op.Do(t, apptest.NewRequest("POST", "/organiser/organisations", strings.NewReader(f.Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html", "Cookie", op.Cookie()))
		if r.Status != 403 || !strings.Contains(r.Text(), "säkerhetskod (CSRF)") || !strings.Contains(r.Text(), "Ladda om sidan") {
			t.Errorf("form with %s CSRF token: %d\n%s", name, r.Status, mainOf(r.Text()))
		}
	}
	r := op.Do(t, apptest.NewRequest("POST", "/organiser/organisations?lang=en", strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html", "Cookie", op.Cookie()))
	if r.Status != 403 || !strings.Contains(r.Text(), "lacks a valid security code (CSRF)") {
		t.Errorf("English CSRF message: %d\n%s", r.Status, mainOf(r.Text()))
	}
	if n := orgs(); n != 0 {
		t.Fatalf("%d organisations created without a valid CSRF token", n)
	}
	if r := op.PostForm(t, "/organiser/organisations", form); r.Status != 303 || orgs() != 1 {
		t.Fatalf("form with the token: %d", r.Status)
	}

	// JSON: the header, not a field of the body.
	body := `{"name":"Umeå kommun","kind":"kommun","csrf":"` + op.CSRF + `"}`
	r = op.Do(t, apptest.NewRequest("POST", "/api/v1/organisations", strings.NewReader(body), "Content-Type", "application/json", "Cookie", op.Cookie()))
	if r.Status != 403 || r.ErrorCode() != "csrf_failed" || !strings.Contains(r.Text(), "X-CSRF-Token") {
		t.Errorf("JSON without X-CSRF-Token: %d %s", r.Status, r.Body)
	}
	r = op.Do(t, apptest.NewRequest("POST", "/api/v1/organisations", strings.NewReader(body), "Content-Type", "application/json",
		"Cookie", op.Cookie(), "Accept-Language", "en"))
	if !strings.Contains(r.Text(), "Reload the page") {
		t.Errorf("English JSON message: %s", r.Body)
	}
	for _, m := range []string{"PUT", "DELETE"} {
		if r := op.Do(t, apptest.NewRequest(m, "/api/v1/events/nope", nil, "Cookie", op.Cookie())); r.Status != 403 {
			t.Errorf("%s without X-CSRF-Token: %d", m, r.Status)
		}
	}
	if n := orgs(); n != 1 {
		t.Fatalf("%d organisations: created without the header", n)
	}
	if r := op.SendJSON(t, "POST", "/api/v1/organisations", map[string]string{"name": "Umeå kommun", "kind": "kommun"}); r.Status != 201 {
		t.Fatalf("JSON with the header: %d %s", r.Status, r.Body)
	}
	// Reads need no token.
	if r := op.Do(t, apptest.NewRequest("GET", "/api/v1/organisations", nil, "Cookie", op.Cookie())); r.Status != 200 {
		t.Errorf("GET without a token: %d", r.Status)
	}
	// /api/v1/session hands a script its token.
	var me struct {
		CSRF string `json:"csrf_token"`
	}
	s.Get(t, "/api/v1/session").JSON(t, &me)
	if me.CSRF != op.CSRF {
		t.Errorf("/api/v1/session gives %q, want the session's token", me.CSRF)
	}
}

// The same answer for an unknown address and a wrong password; after 5 failures for
// one address within 15 minutes, 429 for it, the right password included, until the
// window has passed; 20 failures from one client address block it too.
func TestSignInLimits(t *testing.T) {
	clk := newTestClock()
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClockFunc(clk.Now), apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0"))
	s.CreateAccount(t, "anna@kommun.se", testPassword)
	from := func(ip string) []string { return []string{"X-Forwarded-For", ip} }

	unknown := signInForm(t, s, "nobody@kommun.se", testPassword, from("10.0.0.1")...)
	wrong := signInForm(t, s, "anna@kommun.se", "fel lösenord här", from("10.0.0.1")...)
	if unknown.Status != 401 || wrong.Status != 401 {
		t.Fatalf("failed sign-ins: %d and %d", unknown.Status, wrong.Status)
	}
	if a, b := fieldError(t, unknown.Text(), "email"), fieldError(t, wrong.Text(), "email"); a != b || a != "Fel e-postadress eller lösenord." {
		t.Errorf("unknown address says %q, wrong password %q", a, b)
	}
	if sessionOf(s, unknown) != nil || sessionOf(s, wrong) != nil {
		t.Error("a failed sign-in set a cookie")
	}
	// Both check a password hash. Without the dummy hash an unknown address answers
	// about a hundred times faster; a factor of ten leaves room for a busy machine.
	s.CreateAccount(t, "c@kommun.se", testPassword)
	s.CreateAccount(t, "d@kommun.se", testPassword)
	elapsed := func(email string) time.Duration {
		start := time.Now()
		if r := signInForm(t, s, email, "fel lösenord här", from("10.0.0.2")...); r.Status != 401 {
			t.Fatalf("%s: %d", email, r.Status)
		}
		return time.Since(start)
	}
	tu, tw := min(elapsed("x1@kommun.se"), elapsed("x2@kommun.se")), min(elapsed("c@kommun.se"), elapsed("d@kommun.se"))
	if tu < tw/10 {
		t.Errorf("an unknown address answers in %s, a wrong password in %s", tu, tw)
	}

	// Anna's address: 1 failure so far, 4 more, then the 6th is 429.
	for i := 2; i <= 5; i++ {
		if r := signInForm(t, s, "anna@kommun.se", "fel lösenord här", from("10.0.1."+strconv.Itoa(i))...); r.Status != 401 {
			t.Fatalf("failure %d: %d", i, r.Status)
		}
	}
	r := signInForm(t, s, "anna@kommun.se", "fel lösenord här", from("10.0.2.1")...)
	if r.Status != 429 || !strings.Contains(fieldError(t, r.Text(), "email"), "För många misslyckade inloggningar") || r.Header.Get("Retry-After") == "" {
		t.Fatalf("6th failure: %d %q", r.Status, fieldError(t, r.Text(), "email"))
	}
	if r := signInForm(t, s, "anna@kommun.se", testPassword, from("10.0.2.2")...); r.Status != 429 || sessionOf(s, r) != nil {
		t.Errorf("right password while limited: %d", r.Status)
	}
	if r := signInForm(t, s, "ANNA@kommun.se", testPassword, from("10.0.2.3")...); r.Status != 429 {
		t.Errorf("the limit is per address in any case: %d", r.Status)
	}
	clk.Advance(15*time.Minute + time.Second)
	if r := signInForm(t, s, "anna@kommun.se", testPassword, from("10.0.2.4")...); r.Status != 303 || sessionOf(s, r) == nil {
		t.Errorf("right password after the window: %d", r.Status)
	}

	// One client address: 20 failures with different addresses, then 429.
	for i := 0; i < 20; i++ {
		if r := signInForm(t, s, "guess"+strconv.Itoa(i)+"@kommun.se", "fel lösenord här", from("10.9.9.9")...); r.Status != 401 {
			t.Fatalf("failure %d from one client: %d", i+1, r.Status)
		}
	}
	if r := signInForm(t, s, "anna@kommun.se", testPassword, from("10.9.9.9")...); r.Status != 429 {
		t.Errorf("21st attempt from one client: %d", r.Status)
	}
	if r := signInForm(t, s, "anna@kommun.se", testPassword, from("10.9.9.8")...); r.Status != 303 {
		t.Errorf("another client: %d", r.Status)
	}
}

var resetLink = regexp.MustCompile(`http://events\.test(/organiser/password/reset/[a-z0-9]+)`)

// "Forgot password" mails a link through the outbox and the real SMTP server; it
// works once, for an hour, and ends every session of the account.
func TestPasswordResetByMail(t *testing.T) {
	srv := smtptest.Start(t)
	clk := newTestClock()
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClockFunc(clk.Now), apptest.WithEnv("SMTP_HOST", srv.Host()),
		apptest.WithEnv("SMTP_PORT", strconv.Itoa(srv.Port())), apptest.WithEnv("SMTP_SECURITY", "none"))
	ctx := storetest.Ctx(t)
	a := s.CreateAccount(t, "anna@kommun.se", testPassword)
	before := s.SessionFor(t, a)
	deliver := func(want int) []smtptest.Parsed {
		t.Helper()
		if _, err := s.Deps.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		var out []smtptest.Parsed
		for _, m := range srv.WaitFor(t, want, 5*time.Second) {
			out = append(out, m.Parse(t))
		}
		return out
	}

	page := s.Get(t, "/organiser/password/forgot", "Accept", "text/html")
	checkAuthPage(t, "forgot", page.Text())
	ask := func(email string) string {
		t.Helper()
		r := s.PostForm(t, "/organiser/password/forgot", url.Values{"email": {email}}, "Cookie", "lang=sv")
		if r.Status != 200 {
			t.Fatalf("forgot %s: %d", email, r.Status)
		}
		return mainOf(r.Text())
	}
	known, unknown := ask("Anna@kommun.se"), ask("nobody@kommun.se")
	if known != unknown || !strings.Contains(known, "Om adressen hör till ett konto") {
		t.Errorf("the answer tells whether an address has an account:\n%s\n%s", known, unknown)
	}
	msgs := deliver(1)
	if len(msgs) != 1 || !strings.Contains(msgs[0].To, "anna@kommun.se") || !strings.Contains(msgs[0].Subject, "Nytt lösenord") {
		t.Fatalf("mails: %+v", msgs)
	}
	m := resetLink.FindStringSubmatch(msgs[0].Text)
	if m == nil {
		t.Fatalf("no link in:\n%s", msgs[0].Text)
	}
	link := m[1]

	form := s.Get(t, link, "Accept", "text/html")
	checkAuthPage(t, "reset", form.Text())
	if form.Status != 200 || !strings.Contains(form.Text(), "anna@kommun.se") || form.Header.Get("Cache-Control") != "no-store" ||
		form.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("reset page: %d", form.Status)
	}
	if r := s.PostForm(t, link, url.Values{"password": {"kort"}, "confirm": {"kort"}}); r.Status != 422 || !strings.Contains(fieldError(t, r.Text(), "password"), "minst 10 tecken") {
		t.Errorf("short password: %d", r.Status)
	}
	if r := s.PostForm(t, link, url.Values{"password": {"ett nytt långt lösenord"}, "confirm": {"ett annat"}}); r.Status != 422 || fieldError(t, r.Text(), "confirm") == "" {
		t.Errorf("passwords that differ: %d", r.Status)
	}
	r := s.PostForm(t, link, url.Values{"password": {"ett nytt långt lösenord"}, "confirm": {"ett nytt långt lösenord"}})
	if r.Status != 303 || r.Header.Get("Location") != "/organiser/sign-in?notice=password-set" {
		t.Fatalf("new password: %d %q\n%s", r.Status, r.Header.Get("Location"), mainOf(r.Text()))
	}
	if status, _ := whoAmI(t, s, before.Token); status != 401 {
		t.Errorf("a session from before the reset still works: %d", status)
	}
	if r := signInForm(t, s, "anna@kommun.se", testPassword); r.Status != 401 {
		t.Errorf("the old password still works: %d", r.Status)
	}
	s.SignIn(t, "anna@kommun.se", "ett nytt långt lösenord")

	// Once only.
	if r := s.Get(t, link, "Accept", "text/html"); r.Status != 404 || !strings.Contains(r.Text(), "redan använd") {
		t.Errorf("used link, GET: %d", r.Status)
	}
	if r := s.PostForm(t, link, url.Values{"password": {"ett tredje långt lösenord"}, "confirm": {"ett tredje långt lösenord"}}); r.Status != 404 {
		t.Errorf("used link, POST: %d", r.Status)
	}

	// For one hour only.
	ask("anna@kommun.se")
	msgs = deliver(2)
	m = resetLink.FindStringSubmatch(msgs[1].Text)
	if m == nil {
		t.Fatalf("the second mail has no reset link:\n%s", msgs[1].Text)
	}
	link = m[1]
	clk.Advance(59 * time.Minute)
	if r := s.Get(t, link, "Accept", "text/html"); r.Status != 200 {
		t.Errorf("link after 59 minutes: %d", r.Status)
	}
	clk.Advance(2 * time.Minute)
	if r := s.Get(t, link, "Accept", "text/html"); r.Status != 404 {
		t.Errorf("link after 61 minutes: %d", r.Status)
	}
	if r := s.PostForm(t, link, url.Values{"password": {"ett tredje långt lösenord"}, "confirm": {"ett tredje långt lösenord"}}); r.Status != 404 {
		t.Errorf("expired link, POST: %d", r.Status)
	}
	s.SignIn(t, "anna@kommun.se", "ett nytt långt lösenord")
}

// The account page changes the password (the current one asked first) and keeps this
// browser signed in with a fresh session while ending the others.
func TestChangePassword(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	a := s.CreateAccount(t, "anna@kommun.se", testPassword)
	c := s.SignIn(t, "anna@kommun.se", testPassword)
	elsewhere := s.SessionFor(t, a)
	page := c.Get(t, "/organiser/account", "Accept", "text/html")
	checkAuthPage(t, "account", page.Text())
	if page.Status != 200 || !strings.Contains(page.Text(), "anna@kommun.se") {
		t.Fatalf("account page: %d", page.Status)
	}
	if r := c.PostForm(t, "/organiser/account/password", url.Values{"current": {"fel"}, "password": {"ett nytt långt lösenord"}, "confirm": {"ett nytt långt lösenord"}}); r.Status != 422 ||
		fieldError(t, r.Text(), "current") == "" {
		t.Errorf("wrong current password: %d", r.Status)
	}
	r := c.PostForm(t, "/organiser/account/password", url.Values{"current": {testPassword}, "password": {"ett nytt långt lösenord"}, "confirm": {"ett nytt långt lösenord"}})
	ck := sessionOf(s, r)
	if r.Status != 303 || ck == nil || ck.Value == c.Token {
		t.Fatalf("change password: %d", r.Status)
	}
	if status, _ := whoAmI(t, s, ck.Value); status != 200 {
		t.Errorf("this browser's new session: %d", status)
	}
	for name, tok := range map[string]string{"old": c.Token, "elsewhere": elsewhere.Token} {
		if status, _ := whoAmI(t, s, tok); status != 401 {
			t.Errorf("%s session after a password change: %d", name, status)
		}
	}
	s.SignIn(t, "anna@kommun.se", "ett nytt långt lösenord")
}
