package app

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"folkhalsa-events/platform/logctx"
	"folkhalsa-events/platform/metrics"
)

// accessLog writes one structured line per request, after the error handler has set
// the status, and counts the request in the metrics by its route's template. The
// request's id goes into its context first, so every line logged about it (and the
// mail it queues, platform/logctx) carries the id.
func (s *server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	if !plainID(requestID(c)) {
		// A proxy's id is kept, but not one that could garble a log line.
		id := utils.UUIDv4()
		c.Locals("requestid", id)
		c.Set(fiber.HeaderXRequestID, id)
	}
	c.SetUserContext(logctx.WithRequestID(c.UserContext(), requestID(c)))
	err := c.Next()
	if err != nil {
		// Let the error handler write the response now so the logged status is the real one.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case status >= 400:
		level = slog.LevelWarn
	}
	route := metricRoute(c, status)
	metrics.HTTPRequests.WithLabelValues(c.Method(), route, strconv.Itoa(status)).Inc()
	metrics.HTTPDuration.WithLabelValues(c.Method(), route).Observe(time.Since(start).Seconds())
	s.log.LogAttrs(c.UserContext(), level, "request",
		slog.String("method", c.Method()),
		slog.String("path", loggedPath(c)),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.Int("bytes", len(c.Response().Body())),
		slog.String("ip", c.IP()),
	)
	return nil
}

// metricRoute is the route template a request matched ("/events/:id"); a path no
// route knows is "unmatched", so that probes of random paths cannot grow the metrics.
func metricRoute(c *fiber.Ctx, status int) string {
	r := c.Route()
	if r == nil || (status == fiber.StatusNotFound && r.Path == c.Path()) || r.Path == "/" && c.Path() != "/" {
		return "unmatched"
	}
	return r.Path
}

// loggedPath is the request path with secret link tokens (manage links, scanner links,
// password links) replaced, so access logs never hold a working link.
func loggedPath(c *fiber.Ctx) string {
	path := c.Path()
	for _, name := range c.Route().Params {
		if name == "token" {
			if v := c.Params(name); v != "" {
				path = strings.Replace(path, v, "[token]", 1)
			}
		}
	}
	return path
}

// plainID: at most 64 letters, digits, '-', '_' and '.'.
func plainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals("requestid").(string)
	return id
}

func (s *server) logPanic(c *fiber.Ctx, e any) {
	s.log.Error("panic in handler", "request_id", requestID(c), "path", c.Path(), "panic", e)
}

// securityHeaders applies a strict default; pages load only their own scripts and styles.
func (s *server) securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// Manage and scanner links carry secret tokens in the path: never leak them to other sites.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.cfg.SecureCookies() {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// storeGate answers 503 at once while the driver knows no server that takes writes
// (the store is down or unreachable), instead of letting each request wait for one.
func (s *server) storeGate(c *fiber.Ctx) error {
	if s.store != nil && !s.store.Available() {
		return errUnavailable
	}
	return c.Next()
}

// limitBody reads the request body, refusing one larger than BODY_LIMIT_BYTES. The
// server streams bodies (app.go) and so neither limits nor waits for them itself: a
// Content-Length above the limit is refused before anything is read, and the rest is
// read here, so handlers always see a whole body. A client that stops sending is cut
// off by HTTP_READ_TIMEOUT.
func (s *server) limitBody(c *fiber.Ctx) error {
	req := c.Request()
	// A body left unread makes the connection useless for another request: close it.
	if req.Header.ContentLength() > s.cfg.BodyLimit {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestEntityTooLarge
	}
	stream := req.BodyStream()
	if stream == nil {
		return c.Next()
	}
	body, err := io.ReadAll(io.LimitReader(stream, int64(s.cfg.BodyLimit)+1))
	if err != nil {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestTimeout
	}
	if len(body) > s.cfg.BodyLimit {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestEntityTooLarge
	}
	req.SetBody(body)
	return c.Next()
}

// privateHeaders keep pages whose address is a secret (manage links, scanner links,
// password links) out of caches, search engines and other sites' logs.
func privateHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	return c.Next()
}

// requestDeadline bounds the store work of one request; handlers pass c.UserContext() on.
func (s *server) requestDeadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}
