package app

import (
	"crypto/subtle"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"folkhalsa-events/platform/metrics"
)

// GET /metrics: the Prometheus metrics of this process (platform/metrics). With
// METRICS_TOKEN set, only a scraper sending it as a bearer token gets them.
func (s *server) metricsHandler() fiber.Handler {
	serve := adaptor.HTTPHandler(promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{}))
	return func(c *fiber.Ctx) error {
		if want := s.cfg.MetricsToken; want != "" {
			got := c.Get(fiber.HeaderAuthorization)
			if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+want)) != 1 {
				c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
				return c.SendStatus(fiber.StatusUnauthorized)
			}
		}
		noStore(c)
		return serve(c)
	}
}
