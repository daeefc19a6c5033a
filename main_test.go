package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// service runs the real entry point in-process until stop is called.
type service struct {
	addr string
	logs *syncBuffer
	stop func() error
}

func start(t *testing.T, env map[string]string) *service {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { done <- run(ctx, func(k string) string { return env[k] }, logs, ready) }()
	select {
	case addr := <-ready:
		return &service{addr: addr, logs: logs, stop: func() error {
			cancel()
			select {
			case err := <-done:
				return err
			case <-time.After(30 * time.Second):
				t.Fatal("service did not shut down within 30s")
				return nil
			}
		}}
	case err := <-done:
		cancel()
		t.Fatalf("service stopped while starting: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("service did not start within 60s\n%s", logs.String())
	}
	return nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// The newcomer's path: no MONGODB_URI → embedded store, ready, clean shutdown,
// and the data (and the generated development key) survive a restart.
func TestServiceRunsOnEmbeddedStoreAndKeepsDataAcrossRestart(t *testing.T) {
	env := map[string]string{
		"DATA_DIR":         t.TempDir(),
		"LISTEN_ADDR":      "127.0.0.1:0",
		"EMBEDDED_DB_ADDR": freeAddr(t),
		"SHUTDOWN_TIMEOUT": "5s",
	}
	svc := start(t, env)
	if status, body := get(t, "http://"+svc.addr+"/readyz"); status != 200 || !strings.Contains(body, "ready") {
		t.Fatalf("readyz: %d %s", status, body)
	}
	if !strings.Contains(svc.logs.String(), "store: embedded FerretDB") {
		t.Errorf("the log must say which store is in use:\n%s", svc.logs.String())
	}
	if !strings.Contains(svc.logs.String(), "generated development key") {
		t.Error("missing warning about the generated secret")
	}

	ctx := context.Background()
	client, err := datastore.Connect(ctx, "mongodb://"+env["EMBEDDED_DB_ADDR"]+"/")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Database("folkhalsa").Collection("probe").InsertOne(ctx, bson.D{{Key: "_id", Value: "kept"}}); err != nil {
		t.Fatal(err)
	}
	_ = client.Disconnect(ctx)

	if err := svc.stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if !strings.Contains(svc.logs.String(), "store closed") {
		t.Errorf("shutdown did not close the store:\n%s", svc.logs.String())
	}

	svc = start(t, env)
	defer svc.stop()
	if strings.Contains(svc.logs.String(), "created=true") {
		t.Error("the development key must be reused after a restart")
	}
	client, err = datastore.Connect(ctx, "mongodb://"+env["EMBEDDED_DB_ADDR"]+"/")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	n, err := client.Database("folkhalsa").Collection("probe").CountDocuments(ctx, bson.D{{Key: "_id", Value: "kept"}})
	if err != nil || n != 1 {
		t.Fatalf("document after restart: %d (%v)", n, err)
	}
}

func TestInvalidConfigurationFailsAtStart(t *testing.T) {
	env := map[string]string{"LOG_LEVEL": "chatty", "DATA_DIR": t.TempDir()}
	err := run(context.Background(), func(k string) string { return env[k] }, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "LOG_LEVEL") {
		t.Fatalf("want an error naming LOG_LEVEL, got %v", err)
	}
}

// A command word the program does not know is an error, not a service start.
func TestUnknownCommandWordIsAnError(t *testing.T) {
	out, err := exec.Command(os.Args[0], "-test.run=^TestHelperMain$", "--", "dmeo").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), `unknown command "dmeo"`) || !strings.Contains(string(out), "usage:") {
		t.Fatalf("exit %v, output:\n%s", err, out)
	}
}

// The newcomer's first look: "demo" on an empty data directory, then the service on
// it: the public list has the season, and the printed sign-in opens the organiser
// pages. A second "demo" refuses the store that now holds data.
func TestDemoCommandFillsAnEmptyDataDir(t *testing.T) {
	env := map[string]string{
		"DATA_DIR":         t.TempDir(),
		"LISTEN_ADDR":      "127.0.0.1:0",
		"EMBEDDED_DB_ADDR": freeAddr(t),
		"SHUTDOWN_TIMEOUT": "5s",
		"MONGODB_URI":      "",
	}
	demo := func() (string, int) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperMain$", "--", "demo")
		cmd.Env = os.Environ()
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return string(out), cmd.ProcessState.ExitCode()
	}
	out, code := demo()
	email := regexp.MustCompile(`e-mail\s+(\S+@\S+)`).FindStringSubmatch(out)
	password := regexp.MustCompile(`password\s+(demo-\S+)`).FindStringSubmatch(out)
	if code != 0 || email == nil || password == nil {
		t.Fatalf("demo: exit %d\n%s", code, out)
	}
	if out, code := demo(); code != 1 || !strings.Contains(out, "holds data already") {
		t.Fatalf("demo on a filled store: exit %d\n%s", code, out)
	}

	svc := start(t, env)
	defer svc.stop()
	if status, body := get(t, "http://"+svc.addr+"/"); status != 200 || !strings.Contains(body, "Folkhälsokonferensen") || !strings.Contains(body, "Nätverksträff") {
		t.Fatalf("public list after the demo: %d\n%s", status, body)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm("http://"+svc.addr+"/organiser/sign-in", url.Values{"email": {email[1]}, "password": {password[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Set-Cookie") == "" {
		t.Fatalf("sign-in with the printed password: %d", resp.StatusCode)
	}
}

// TestHelperMain runs main with the arguments after "--" (for the tests above only).
func TestHelperMain(t *testing.T) {
	for i, a := range os.Args {
		if a == "--" {
			os.Args = append([]string{"folkhalsa-events"}, os.Args[i+1:]...)
			main()
			return
		}
	}
	t.Skip("run by the tests of command words")
}
