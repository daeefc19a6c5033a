package app

import "github.com/gofiber/fiber/v2"

func (s *server) pageUpcoming(c *fiber.Ctx) error { return s.home(c) }
func (s *server) pageEvent(c *fiber.Ctx) error    { return fiber.ErrNotImplemented }
