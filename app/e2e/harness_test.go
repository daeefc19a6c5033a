// Package e2e drives the real service in a real browser (Debian's Chromium through
// chromedp): the journeys of a participant, an organiser and the staff at the door,
// and an accessibility check (axe-core) of every public page. The service runs in the
// test process on loopback with the embedded store and a real SMTP server.
package e2e

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/app"
	"folkhalsa-events/config"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox/smtptest"
	"folkhalsa-events/platform/testtools"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// service is the app listening on a loopback port, with its mail server.
type service struct {
	app  *fiber.App // its route table
	base string
	deps app.Deps
	mail *smtptest.Server
	cfg  config.Config
	now  *atomic.Pointer[time.Time] // the clock of the app and its services
}

// setClock moves the clock of the app and every service.
func (s *service) setClock(at time.Time) { s.now.Store(&at) }

// startService starts the app at the clock now; extra are settings as name, value pairs.
func startService(t *testing.T, now time.Time, extra ...string) *service {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	mail := smtptest.Start(t)
	smtp := mail.Config()
	env := map[string]string{
		"SECRET_KEY":     "e2e-secret-e2e-secret-e2e-secret-e2e-0123",
		"DATA_DIR":       t.TempDir(),
		"BASE_URL":       base,
		"SMTP_HOST":      smtp.Host,
		"SMTP_PORT":      strconv.Itoa(smtp.Port),
		"SMTP_SECURITY":  "none",
		"SMTP_FROM":      smtp.From,
		"OPERATOR_NAME":  "Länsstyrelsen Västerbotten",
		"OPERATOR_EMAIL": "tillganglighet@lansstyrelsen.example",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.DB(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	deps, err := app.BuildDeps(storetest.Ctx(t), cfg, &datastore.Store{Client: db.Client(), DB: db}, logger)
	if err != nil {
		t.Fatal(err)
	}
	var at atomic.Pointer[time.Time]
	at.Store(&now)
	clock := func() time.Time { return *at.Load() }
	deps.Now = clock
	deps.Events.SetClock(clock)
	deps.Registrations.SetClock(clock)
	deps.Badges.SetClock(clock)
	server := app.New(cfg, deps)
	go func() { _ = server.Listener(ln) }()
	t.Cleanup(func() { _ = server.ShutdownWithTimeout(5 * time.Second) })
	return &service{app: server, base: base, deps: deps, mail: mail, cfg: cfg, now: &at}
}

// browser starts headless Chromium for one test. Extra flags (e.g. a fake camera) are added.
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	chromium := testtools.RequireTool(t, "chromium", "chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	}
	opts = append(opts, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first run starts the browser; it must not carry a timeout (chromedp docs).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// do runs browser steps with a bound, failing the test with what went wrong.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(stepCtx, steps...); err != nil {
		screenshot(t, ctx, "failed")
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(stepCtx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// shots keeps screenshots of a run in one folder, printed so a reviewer can look.
var shotsDir = func() string {
	dir := filepath.Join(os.TempDir(), "folkhalsa-e2e-"+time.Now().Format("20060102-150405"))
	return dir
}()

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(stepCtx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(shotsDir, strings.ReplaceAll(t.Name(), "/", "_")+"-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// submitted runs steps that send a form (a click, Enter, Submit) and waits until the
// browser shows the next page: the page before is marked, and the wait ends when a
// page without the mark has loaded. Waiting for an element instead would race, since
// the page being left often has the same element.
func submitted(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	get[any](t, ctx, "mark the page", chromedp.Evaluate[any](`window.__e2eLeaving = true; undefined`))
	do(t, ctx, what, steps...)
	deadline := time.Now().Add(30 * time.Second)
	for {
		arrived := get(t, ctx, "wait for the next page", chromedp.Evaluate[bool](`window.__e2eLeaving !== true && document.readyState === "complete"`, chromedp.EvalIgnoreExceptions))
		if arrived {
			return
		}
		if time.Now().After(deadline) {
			screenshot(t, ctx, "no-next-page")
			t.Fatalf("%s: the next page did not load", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
