package app

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
)

// routes is the one table of every route the service answers.
func (s *server) routes(f *fiber.App) {
	f.Use(requestid.New())
	f.Use(s.accessLog)
	f.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.logPanic}))
	f.Use(s.securityHeaders)
	f.Use(s.requestDeadline)

	f.Get("/healthz", s.healthz)
	f.Get("/readyz", s.readyz)
	f.Get("/static/*", s.static())

	f.Get("/", s.home)
}
