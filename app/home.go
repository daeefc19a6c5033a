package app

import "github.com/gofiber/fiber/v2"

func (s *server) home(c *fiber.Ctx) error {
	return s.render(c, "home", page{Title: tr(language(c), "home.heading")})
}
