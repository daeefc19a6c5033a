package app_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/app"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/config"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

// TestMain runs the tests on a real store; a whole run (no -run) must also have seen
// every operation of the OpenAPI description answer with success, each answer
// checked against the description as it came (apptest's checkAPI).
func TestMain(m *testing.M) {
	storetest.MainThen(m, func() int {
		if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" {
			return 0
		}
		if missing := apptest.Uncovered(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: no test saw these API operations answer with success, so their OpenAPI description is unchecked:\n  %s\n", strings.Join(missing, "\n  "))
			return 1
		}
		return 0
	})
}

func TestHealthAndReadiness(t *testing.T) {
	s := apptest.New(t)
	if r := s.Get(t, "/healthz"); r.Status != 200 || !strings.Contains(r.Text(), `"ok"`) {
		t.Errorf("healthz: %d %s", r.Status, r.Body)
	}
	if r := s.Get(t, "/readyz"); r.Status != 200 || !strings.Contains(r.Text(), `"ready"`) {
		t.Errorf("readyz: %d %s", r.Status, r.Body)
	}
}

// A real client whose server is gone: /readyz must say 503 while /healthz stays 200.
func TestReadinessFailsWhileStoreIsDown(t *testing.T) {
	client, err := mongo.Connect(options.Client().ApplyURI("mongodb://127.0.0.1:1/").SetServerSelectionTimeout(300 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	cfg, err := config.Load(func(k string) string { return map[string]string{"SECRET_KEY": apptest.TestSecret}[k] })
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(cfg, app.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: &datastore.Store{Client: client}})
	resp, err := a.Test(apptest.NewRequest("GET", "/readyz", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "down") {
		t.Errorf("readyz with store down: %d %s", resp.StatusCode, body)
	}
	resp, _ = a.Test(apptest.NewRequest("GET", "/healthz", nil), -1)
	if resp.StatusCode != 200 {
		t.Errorf("healthz must not depend on the store: %d", resp.StatusCode)
	}
}

func TestErrorShape(t *testing.T) {
	s := apptest.New(t)
	cases := []struct {
		name, path, accept, lang string
		status                   int
		code, message            string
	}{
		{"json in swedish", "/api/v1/nothing-here", "application/json", "", 404, "not_found", "finns inte"},
		{"json in english", "/api/v1/nothing-here?lang=en", "application/json", "", 404, "not_found", "does not exist"},
		{"accept-language english", "/api/v1/nothing-here", "", "en-GB,en;q=0.9", 404, "not_found", "does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.Get(t, tc.path, "Accept", tc.accept, "Accept-Language", tc.lang)
			var body struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			r.JSON(t, &body)
			if r.Status != tc.status || body.Error.Code != tc.code || !strings.Contains(body.Error.Message, tc.message) {
				t.Errorf("got %d %+v", r.Status, body)
			}
		})
	}
}

func TestBrowserGetsHTMLErrorPage(t *testing.T) {
	s := apptest.New(t)
	r := s.Get(t, "/no-such-page", "Accept", "text/html,application/xhtml+xml")
	if r.Status != 404 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("got %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	for _, want := range []string{`<html lang="sv">`, "Sidan eller resursen finns inte", `<main id="main"`} {
		if !strings.Contains(r.Text(), want) {
			t.Errorf("error page lacks %q", want)
		}
	}
}

func TestPanicBecomesGeneric500AndIsLogged(t *testing.T) {
	s := apptest.New(t)
	s.App.Get("/api/v1/boom", func(c *fiber.Ctx) error { panic("secret internal detail") })
	r := s.Get(t, "/api/v1/boom")
	if r.Status != 500 || r.ErrorCode() != "internal" || strings.Contains(r.Text(), "secret internal detail") {
		t.Fatalf("got %d %s", r.Status, r.Body)
	}
	if !strings.Contains(s.Logs(), "secret internal detail") {
		t.Error("the panic's cause must reach the log")
	}
}

func TestSecurityHeadersAndRequestID(t *testing.T) {
	s := apptest.New(t)
	r := s.Get(t, "/healthz")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
		if r.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if !strings.Contains(s.Logs(), r.Header.Get("X-Request-Id")) {
		t.Error("access log does not carry the request id")
	}
}

func TestBodyLimit(t *testing.T) {
	// fasthttp enforces the limit while reading, which app.Test cannot show: use a real listener.
	s := apptest.New(t, apptest.WithEnv("BODY_LIMIT_BYTES", "2048"))
	base := apptest.Listen(t, s.App)
	resp, err := http.Post(base+"/api/v1/anything", "application/json", strings.NewReader(strings.Repeat("x", 5000)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"too_large"`) {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
}

func TestLanguageChoiceIsRemembered(t *testing.T) {
	s := apptest.New(t)
	r := s.Get(t, "/?lang=en", "Accept", "text/html")
	if !strings.Contains(r.Text(), `<html lang="en">`) || !strings.Contains(r.Header.Get("Set-Cookie"), "lang=en") {
		t.Fatalf("?lang=en not applied or not remembered: %s", r.Header.Get("Set-Cookie"))
	}
	r = s.Get(t, "/", "Accept", "text/html", "Cookie", "lang=en")
	if !strings.Contains(r.Text(), `<html lang="en">`) {
		t.Error("lang cookie ignored")
	}
	r = s.Get(t, "/", "Accept", "text/html")
	if !strings.Contains(r.Text(), `<html lang="sv">`) {
		t.Error("Swedish must be the default")
	}
}

func TestStaticFilesAreServed(t *testing.T) {
	s := apptest.New(t)
	for _, path := range []string{"/static/site.css", "/static/vendor/jsqr/jsQR.js"} {
		r := s.Get(t, path)
		if r.Status != 200 || len(r.Body) < 100 {
			t.Errorf("%s: %d, %d bytes", path, r.Status, len(r.Body))
		}
	}
	if r := s.Get(t, "/static/nope.css"); r.Status != 404 {
		t.Errorf("missing file: %d", r.Status)
	}
	// The icon: named by every page, and where browsers look for it anyway.
	if r := s.Get(t, "/favicon.ico"); r.Status != 301 || r.Header.Get("Location") != "/static/favicon.svg" {
		t.Errorf("/favicon.ico: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := s.Get(t, "/static/favicon.svg"); r.Status != 200 || !strings.Contains(r.Text(), "<svg") {
		t.Errorf("the icon: %d", r.Status)
	}
	if r := s.Get(t, "/", "Accept", "text/html"); !strings.Contains(r.Text(), `<link rel="icon" href="/static/favicon.svg"`) {
		t.Error("the page does not name its icon")
	}
}

func TestAccessLogHidesLinkTokens(t *testing.T) {
	s := apptest.New(t)
	secret := "abcdefghijkmnpqrstuvwxyz23456789"
	s.Get(t, "/scan/linkid."+secret)
	s.Get(t, "/manage/regid/"+secret)
	logs := s.Logs()
	if strings.Contains(logs, secret) {
		t.Fatalf("a link token reached the log:\n%s", logs)
	}
	if !strings.Contains(logs, "/manage/regid/[token]") {
		t.Errorf("the redacted path should still be logged:\n%s", logs)
	}
}

func TestLanguageSwitchKeepsTheQuery(t *testing.T) {
	s := apptest.New(t)
	r := s.Get(t, "/?type=seminar&county=Sk%C3%A5ne+l%C3%A4n", "Accept", "text/html")
	if !strings.Contains(r.Text(), `href="/?county=Sk%C3%A5ne&#43;l%C3%A4n&amp;lang=en&amp;type=seminar"`) {
		t.Errorf("the language link must keep the filters:\n%s", r.Text())
	}
}

// The browser's Accept-Language decides, q-values and all, when neither ?lang= nor the
// cookie does.
func TestAcceptLanguageQValuesChooseThePage(t *testing.T) {
	s := apptest.New(t)
	for header, want := range map[string]string{
		"en;q=0.1, sv;q=0.9":      `<html lang="sv">`,
		"sv;q=0.1, en;q=0.9":      `<html lang="en">`,
		"de-DE,de;q=0.9,en;q=0.5": `<html lang="en">`,
		"fi":                      `<html lang="sv">`,
	} {
		if r := s.Get(t, "/", "Accept", "text/html", "Accept-Language", header); !strings.Contains(r.Text(), want) {
			t.Errorf("Accept-Language %q: want %s", header, want)
		}
	}
}
