// Command folkhalsa-events serves the events of regional public-health work.
//
// It only wires: configuration → store (MongoDB, or the embedded FerretDB) → domain
// stores → the Fiber app → listen, and on SIGINT/SIGTERM a bounded graceful shutdown.
// "folkhalsa-events admin create ..." creates an organisation's first admin (package
// app/admincmd); "folkhalsa-events demo" fills an empty store with an invented season
// (package demo); "folkhalsa-events healthcheck" is the container's health check.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"folkhalsa-events/accounts/admincmd"
	"folkhalsa-events/app"
	"folkhalsa-events/config"
	"folkhalsa-events/demo"
	"folkhalsa-events/jobs"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/logctx"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		// For the container's HEALTHCHECK: the image has no shell or curl.
		os.Exit(healthcheck(os.Getenv))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "admin" {
		// Accounts no web form may create: the first admin of an organisation, operators.
		code := admincmd.Run(ctx, os.Args[2:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if len(os.Args) > 1 && os.Args[1] == "demo" {
		// An invented season in an empty store, for a first look (package demo).
		code := demo.Run(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if len(os.Args) > 1 {
		// A mistyped word must not start the service as if nothing had been asked.
		fmt.Fprintln(os.Stderr, usage(os.Args[1]))
		stop()
		os.Exit(2)
	}
	if err := run(ctx, os.Getenv, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "folkhalsa-events:", err)
		os.Exit(1)
	}
}

// background runs work in a goroutine until the returned stop is called; stop cancels
// the work and waits for it to return.
func background(ctx context.Context, work func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		work(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// usage is the answer to a command word the program does not know.
func usage(word string) string {
	return fmt.Sprintf("folkhalsa-events: unknown command %q\n"+
		"usage:\n"+
		"  folkhalsa-events                 run the service\n"+
		"  folkhalsa-events demo            fill an empty store with an invented season, for a first look\n"+
		"  folkhalsa-events admin create …  create an organisation's first admin (folkhalsa-events admin for its options)\n"+
		"  folkhalsa-events healthcheck     the container's health check", word)
}

// run serves until ctx ends. ready, if not nil, receives the listening address.
func run(ctx context.Context, getenv config.Getenv, logOut io.Writer, ready chan<- string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	logger := newLogger(cfg, logOut)
	if cfg.NeedsGeneratedSecret() {
		key, created, err := config.LoadOrCreateDevSecret(cfg.DataDir)
		if err != nil {
			return err
		}
		cfg.SecretKey = key
		logger.Warn("SECRET_KEY is not set: using a generated development key (set SECRET_KEY in production)",
			"file", cfg.DataDir+"/"+config.DevSecretFile, "created", created)
	}
	logger.Info("starting", "config", cfg)

	store, err := datastore.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if err := store.Close(closeCtx); err != nil {
			logger.Error("closing the store", "error", err)
		}
		logger.Info("store closed")
	}()

	deps, err := app.BuildDeps(ctx, cfg, store, logger)
	if err != nil {
		return err
	}
	server := app.New(cfg, deps)

	// The background work of every instance. Each runs until the service stops (not
	// when ctx ends: requests in flight may still queue work) and is waited for.
	base := context.WithoutCancel(ctx)
	// The e-mail worker: the outbox makes sure each message is sent by one instance.
	defer background(base, func(ctx context.Context) { deps.Outbox.Run(ctx, cfg.OutboxPoll) })()
	// The webhook worker, likewise; each attempt is claimed once.
	defer background(base, func(ctx context.Context) { deps.Webhooks.Run(ctx, cfg.OutboxPoll) })()
	// Retention: personal data goes RETENTION_DAYS after an event (jobs/retention.go);
	// a pass shortly after start, then daily.
	retention := jobs.Retention{Events: deps.Events, Registrations: deps.Registrations, Outbox: deps.Outbox,
		Accounts: deps.Accounts, Municipal: deps.Municipal, Webhooks: deps.Webhooks, Privacy: deps.Privacy, Days: cfg.RetentionDays, Logger: logger}
	defer background(base, retention.Run)()
	// Repair: registrations that requests left half made (jobs/repair.go); every
	// REPAIR_INTERVAL, the first pass soon after start.
	defer background(base, func(ctx context.Context) {
		jobs.RunRepair(ctx, deps.Registrations, store.Embedded(),
			jobs.RepairConfig{Interval: cfg.RepairInterval, Grace: cfg.RepairGrace, FirstAfter: min(cfg.RepairInterval, 30*time.Second)}, logger)
	})()
	// Reminders before events, thanks after them and resumed message deliveries
	// (jobs/participant_mail.go), every REMINDER_INTERVAL.
	defer background(base, func(ctx context.Context) {
		jobs.RunParticipantMail(ctx, deps.Events, deps.Registrations, cfg.ReminderInterval, logger)
	})()
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR %s: %w", cfg.ListenAddr, err)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL.String())
	if ready != nil {
		ready <- ln.Addr().String()
	}

	served := make(chan error, 1)
	go func() { served <- server.Listener(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("http server stopped: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: no new connections, finishing requests in flight", "timeout", cfg.ShutdownTimeout)
	if err := server.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		logger.Error("http shutdown", "error", err)
	}
	// Message deliveries started by requests; what does not finish in time, another
	// instance's (or the next start's) participant-mail pass resumes.
	waitCtx, cancelWait := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancelWait()
	deps.Registrations.WaitBackground(waitCtx)
	return nil
}

// healthcheck asks this instance's /healthz on loopback and returns the exit code.
func healthcheck(getenv config.Getenv) int {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_, port, _ := net.SplitHostPort(cfg.ListenAddr)
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

func newLogger(cfg config.Config, out io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(logctx.NewHandler(slog.NewJSONHandler(out, opts)))
	}
	return slog.New(logctx.NewHandler(slog.NewTextHandler(out, opts)))
}
