// Package app builds the HTTP service: one Fiber app with its middleware, routes,
// error mapping and HTML templates. Domain packages (events, registration, badges)
// know nothing of HTTP; the handlers here translate between them and the web.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/badges"
	"folkhalsa-events/config"
	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/privacy"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// Pinger is the part of the store the web layer watches: /readyz pings it, and while
// it is not Available every route that needs it answers 503 at once.
type Pinger interface {
	Ping(ctx context.Context) error
	Available() bool
}

// Deps are the collaborators the handlers use; main wires them, tests build them on a test database.
type Deps struct {
	Logger        *slog.Logger
	Store         Pinger
	Events        *events.Store
	Registrations *registration.Service
	Badges        *badges.Service
	Outbox        *outbox.Outbox
	Accounts      *accounts.Service // organiser accounts, sessions, API tokens, audit log
	FollowUp      *followup.Service // reach across events
	Evaluations   *evaluation.Service
	Municipal     *municipal.Store
	Privacy       *privacy.Service
	Webhooks      *webhooks.Service
	Now           func() time.Time // nil: time.Now; tests fix it
}

// server holds what the handlers share; it is built once per app.
type server struct {
	cfg       config.Config
	log       *slog.Logger
	store     Pinger
	events    *events.Store
	regs      *registration.Service
	badges    *badges.Service
	outbox    *outbox.Outbox
	auth      *accounts.Service
	followup  *followup.Service
	evals     *evaluation.Service
	municipal *municipal.Store
	privacy   *privacy.Service
	webhooks  *webhooks.Service
	views     *views
	pdfs      *pdfCache
	now       func() time.Time
}

// New builds the Fiber app. It does not listen; main and tests decide how it is served.
func New(cfg config.Config, deps Deps) *fiber.App {
	s := &server{cfg: cfg, log: deps.Logger, store: deps.Store, events: deps.Events, regs: deps.Registrations, badges: deps.Badges, outbox: deps.Outbox, auth: deps.Accounts, followup: deps.FollowUp, evals: deps.Evaluations, municipal: deps.Municipal, privacy: deps.Privacy, webhooks: deps.Webhooks, views: mustLoadViews(), pdfs: newPDFCache(32)}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.now = deps.Now
	if s.now == nil {
		s.now = time.Now
	}
	fcfg := fiber.Config{
		// Fiber reuses request memory; Immutable copies every string taken from a request,
		// so values kept after the handler returns (cached, queued, logged) stay valid.
		Immutable:             true,
		AppName:               "folkhalsa-events",
		BodyLimit:             cfg.BodyLimit,
		ReadBufferSize:        16 << 10,
		ErrorHandler:          s.handleError,
		DisableStartupMessage: true,
		// A client may take ReadTimeout to send a whole request and WriteTimeout to read
		// its answer; an idle keep-alive connection is closed after IdleTimeout.
		ReadTimeout:  cfg.ReadTimeout,
		WriteTimeout: cfg.WriteTimeout,
		IdleTimeout:  cfg.IdleTimeout,
		// Bodies are read as they arrive instead of into a buffer of the announced
		// Content-Length: a thousand clients announcing a megabyte each and sending a
		// byte at a time would otherwise hold a gigabyte. limitBody enforces BodyLimit.
		StreamRequestBody: true,
	}
	if len(cfg.TrustedProxies) > 0 {
		// Behind a load balancer the client address comes from X-Forwarded-For, believed
		// only from the configured proxies so nobody can pick their own address for rate limits.
		fcfg.ProxyHeader = fiber.HeaderXForwardedFor
		fcfg.EnableTrustedProxyCheck = true
		fcfg.TrustedProxies = cfg.TrustedProxies
	}
	f := fiber.New(fcfg)
	s.routes(f)
	return f
}
