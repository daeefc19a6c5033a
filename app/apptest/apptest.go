// Package apptest builds the whole Fiber app on a fresh test database and calls it
// in-process with app.Test, the way the HTTP tests of every resource do.
//
// By default the server has a signed-in platform operator (created through the auth
// API, with a session but no password) and every request sent through Server.Do, Get,
// PostForm and SendJSON carries that operator's session cookie and CSRF token
// (X-CSRF-Token, and the csrf field of a form), unless the request already has a
// Cookie or Authorization header or the server was built with Anonymous(). Tests of
// other accounts use CreateAccount, SignIn or SessionFor and send through a Client.
package apptest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app"
	"folkhalsa-events/config"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/logctx"
)

// TestSecret signs tokens in tests; production keys come from SECRET_KEY.
const TestSecret = "test-secret-test-secret-test-secret-0123"

// Server is one app over one test database.
type Server struct {
	App *fiber.App
	DB  *mongo.Database
	Cfg config.Config
	// Deps are the stores and services the app was built with, for arranging and checking.
	Deps app.Deps
	// Operator is the default signed-in operator; nil with Anonymous().
	Operator *Client
	log      *lockedWriter
}

// Logs is everything the app has logged so far, for assertions about logging.
func (s *Server) Logs() string { return s.log.String() }

// Option changes how the app is built.
type Option func(*settings)

type settings struct {
	env       map[string]string
	now       func() time.Time
	anonymous bool
}

// Anonymous builds the app without the default signed-in operator: requests carry no
// session unless a test adds one.
func Anonymous() Option { return func(s *settings) { s.anonymous = true } }

// WithClockFunc makes now the app's and the services' clock, for tests that move
// time on (session expiry, link lifetimes).
func WithClockFunc(now func() time.Time) Option { return func(s *settings) { s.now = now } }

// WithEnv sets one configuration variable.
func WithEnv(key, value string) Option { return func(s *settings) { s.env[key] = value } }

// WithClock fixes the app's and the services' idea of now (what is upcoming, whether
// registration is open).
func WithClock(now time.Time) Option {
	return func(s *settings) { s.now = func() time.Time { return now } }
}

// New builds the app on storetest.DB(t). The test binary must call storetest.Main.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return NewOn(t, storetest.DB(t), opts...)
}

// NewOn builds an app on an existing database, e.g. a second instance sharing a store.
func NewOn(t testing.TB, db *mongo.Database, opts ...Option) *Server {
	t.Helper()
	return NewOnStore(t, datastore.Wrap(db), opts...)
}

// NewOnStore builds an app on a store of the test's own, e.g. one reached through a
// Proxy, whose Available follows the driver's view of the server.
func NewOnStore(t testing.TB, store *datastore.Store, opts ...Option) *Server {
	t.Helper()
	db := store.DB
	set := settings{env: map[string]string{
		"SECRET_KEY": TestSecret,
		"DATA_DIR":   t.TempDir(),
		"BASE_URL":   "http://events.test",
		"LOG_LEVEL":  "debug",
	}}
	for _, o := range opts {
		o(&set)
	}
	cfg, err := config.Load(func(k string) string { return set.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedWriter{}
	logger := slog.New(logctx.NewHandler(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	deps, err := app.BuildDeps(storetest.Ctx(t), cfg, store, logger)
	if err != nil {
		t.Fatal(err)
	}
	if set.now != nil {
		deps.Now = set.now
		deps.Events.SetClock(set.now)
		deps.Registrations.SetClock(set.now)
		deps.Badges.SetClock(set.now)
		deps.Accounts.SetClock(set.now)
	}
	s := &Server{App: app.New(cfg, deps), DB: db, Cfg: cfg, Deps: deps, log: logs}
	if !set.anonymous {
		a, err := deps.Accounts.CreateAccount(storetest.Ctx(t), accounts.NewAccount{Email: OperatorEmail, Operator: true})
		if err != nil {
			t.Fatal(err)
		}
		s.Operator = s.SessionFor(t, a)
	}
	return s
}

// Response is a fully read response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Text is the body as a string.
func (r Response) Text() string { return string(r.Body) }

// JSON decodes the body into v, failing the test if it is not JSON.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, r.Body)
	}
}

// ErrorCode returns error.code of a JSON error body ("" if there is none).
func (r Response) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Do sends a request through app.Test without a timeout, as the default operator
// (see the package comment).
func (s *Server) Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	if s.Operator != nil {
		s.Operator.decorate(req)
	}
	return s.send(t, req)
}

// send sends a request as it is.
func (s *Server) send(t testing.TB, req *http.Request) Response {
	t.Helper()
	resp, err := s.App.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	// Every page and JSON answer of every test: no text may be missing from the catalogue.
	if i := bytes.Index(body, []byte(locale.MissingMark)); i >= 0 {
		end := min(len(body), i+80)
		t.Errorf("%s %s shows a text missing from the catalogue: %s", req.Method, req.URL, body[i:end])
	}
	// Benchmarks measure the service, not this harness: validating an answer against
	// the OpenAPI description costs more than many answers do. The tests validate
	// the same answers.
	if _, benchmark := t.(*testing.B); !benchmark {
		s.checkAPI(t, req, resp.StatusCode, resp.Header, body)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

// Get sends a GET with optional header pairs ("Accept", "text/html", ...).
func (s *Server) Get(t testing.TB, path string, headers ...string) Response {
	t.Helper()
	return s.Do(t, NewRequest(http.MethodGet, path, nil, headers...))
}

// SendJSON sends v as a JSON body.
func (s *Server) SendJSON(t testing.TB, method, path string, v any, headers ...string) Response {
	t.Helper()
	return s.Do(t, jsonRequest(t, method, path, v, headers...))
}

// PostForm sends an HTML form the way a browser does.
func (s *Server) PostForm(t testing.TB, path string, form url.Values, headers ...string) Response {
	t.Helper()
	if s.Operator != nil && !hasHeader(headers, "Cookie") {
		form = s.Operator.withCSRF(form)
	}
	return s.Do(t, formRequest(path, form, headers...))
}

func jsonRequest(t testing.TB, method, path string, v any, headers ...string) *http.Request {
	t.Helper()
	var body io.Reader
	switch b := v.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	return NewRequest(method, path, body, append([]string{"Content-Type", "application/json"}, headers...)...)
}

func formRequest(path string, form url.Values, headers ...string) *http.Request {
	return NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html"}, headers...)...)
}

func hasHeader(pairs []string, name string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.EqualFold(pairs[i], name) && pairs[i+1] != "" {
			return true
		}
	}
	return false
}

// NewRequest builds a request with header pairs.
func NewRequest(method, path string, body io.Reader, headers ...string) *http.Request {
	req := httptest.NewRequest(method, path, body)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}
