package apptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app"
	"folkhalsa-events/platform/datastore/storetest"
)

// OperatorEmail is the address of the default signed-in operator.
const OperatorEmail = "operator@events.test"

// Client is one signed-in browser (or script): requests sent through it carry its
// session cookie and CSRF token.
type Client struct {
	s         *Server
	AccountID string
	Email     string
	// Token is the session token (the cookie's value); CSRF the token forms and
	// state-changing JSON requests must carry.
	Token string
	CSRF  string
}

// Cookie is the Cookie header value of the client's session.
func (c *Client) Cookie() string {
	return app.SessionCookieName(c.s.Cfg.SecureCookies()) + "=" + c.Token
}

// decorate adds the session cookie and CSRF header unless the request already has a
// Cookie or Authorization header (it speaks for itself) or a CSRF header.
func (c *Client) decorate(req *http.Request) {
	if req.Header.Get("Cookie") != "" || req.Header.Get("Authorization") != "" {
		return
	}
	req.Header.Set("Cookie", c.Cookie())
	if req.Header.Get("X-CSRF-Token") == "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
}

// withCSRF returns a copy of form with the csrf field, unless it has one.
func (c *Client) withCSRF(form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	if _, ok := out["csrf"]; !ok {
		out.Set("csrf", c.CSRF)
	}
	return out
}

// Do sends a request as this client.
func (c *Client) Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	c.decorate(req)
	return c.s.send(t, req)
}

// Get sends a GET as this client.
func (c *Client) Get(t testing.TB, path string, headers ...string) Response {
	t.Helper()
	return c.Do(t, NewRequest(http.MethodGet, path, nil, headers...))
}

// SendJSON sends v as a JSON body as this client (with X-CSRF-Token).
func (c *Client) SendJSON(t testing.TB, method, path string, v any, headers ...string) Response {
	t.Helper()
	return c.Do(t, jsonRequest(t, method, path, v, headers...))
}

// PostForm sends a form as this client, with its csrf field.
func (c *Client) PostForm(t testing.TB, path string, form url.Values, headers ...string) Response {
	t.Helper()
	if !hasHeader(headers, "Cookie") {
		form = c.withCSRF(form)
	}
	return c.Do(t, formRequest(path, form, headers...))
}

// Membership is a role in an organisation, for CreateAccount.
type Membership struct {
	OrgID string
	Role  accounts.Role
}

// Member is shorthand for a Membership.
func Member(orgID string, role accounts.Role) Membership { return Membership{OrgID: orgID, Role: role} }

// CreateAccount makes an account through the auth API (password "" for none) with
// the given memberships.
func (s *Server) CreateAccount(t testing.TB, email, password string, memberships ...Membership) accounts.Account {
	t.Helper()
	ctx := storetest.Ctx(t)
	a, err := s.Deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: email, Password: password})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	for _, m := range memberships {
		if _, err := s.Deps.Accounts.AddMembership(ctx, a.ID, m.OrgID, m.Role); err != nil {
			t.Fatalf("membership of %s: %v", email, err)
		}
	}
	return a
}

// SessionFor starts a session for an account directly, without a password (fast:
// no password hash), and returns its client.
func (s *Server) SessionFor(t testing.TB, a accounts.Account) *Client {
	t.Helper()
	token, _, err := s.Deps.Accounts.StartSession(storetest.Ctx(t), a.ID, "", "apptest")
	if err != nil {
		t.Fatal(err)
	}
	return &Client{s: s, AccountID: a.ID, Email: a.Email, Token: token, CSRF: accounts.CSRFToken(s.Cfg.SecretKey, accounts.SessionID(token))}
}

// SignIn signs in through the sign-in form, as a browser would, and returns the
// client with the session cookie it was given and the CSRF token /api/v1/session
// tells it. The test fails unless the sign-in succeeds.
func (s *Server) SignIn(t testing.TB, email, password string) *Client {
	t.Helper()
	r := s.send(t, formRequest("/organiser/sign-in", url.Values{"email": {email}, "password": {password}}))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", email, r.Status, r.Body)
	}
	c := &Client{s: s, Email: strings.ToLower(email)}
	name := app.SessionCookieName(s.Cfg.SecureCookies())
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == name {
			c.Token = ck.Value
		}
	}
	if c.Token == "" {
		t.Fatalf("sign in as %s: no %s cookie in %q", email, name, r.Header.Values("Set-Cookie"))
	}
	me := s.send(t, NewRequest(http.MethodGet, "/api/v1/session", nil, "Cookie", c.Cookie()))
	var body struct {
		CSRF string `json:"csrf_token"`
	}
	if err := json.Unmarshal(me.Body, &body); err != nil || me.Status != http.StatusOK || body.CSRF == "" {
		t.Fatalf("session of %s: %d %s", email, me.Status, me.Body)
	}
	c.CSRF = body.CSRF
	if a, err := s.Deps.Accounts.AccountByEmail(storetest.Ctx(t), email); err == nil {
		c.AccountID = a.ID
	}
	return c
}
