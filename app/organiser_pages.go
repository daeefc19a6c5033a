package app

import "github.com/gofiber/fiber/v2"

// Organiser HTML pages. (Being written: each handler renders a form or a summary page.)

func (s *server) orgDashboard(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (s *server) orgNewOrganisation(c *fiber.Ctx) error    { return fiber.ErrNotImplemented }
func (s *server) orgCreateOrganisation(c *fiber.Ctx) error { return fiber.ErrNotImplemented }
func (s *server) orgNewEvent(c *fiber.Ctx) error           { return fiber.ErrNotImplemented }
func (s *server) orgCreateEvent(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (s *server) orgEvent(c *fiber.Ctx) error              { return fiber.ErrNotImplemented }
func (s *server) orgEditEvent(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (s *server) orgUpdateEvent(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (s *server) orgSetStatus(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (s *server) orgDeleteEvent(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (s *server) orgAddSession(c *fiber.Ctx) error         { return fiber.ErrNotImplemented }
func (s *server) orgEditSession(c *fiber.Ctx) error        { return fiber.ErrNotImplemented }
func (s *server) orgUpdateSession(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (s *server) orgDeleteSession(c *fiber.Ctx) error      { return fiber.ErrNotImplemented }
func (s *server) orgNewSeries(c *fiber.Ctx) error          { return fiber.ErrNotImplemented }
func (s *server) orgCreateSeries(c *fiber.Ctx) error       { return fiber.ErrNotImplemented }
func (s *server) orgSeries(c *fiber.Ctx) error             { return fiber.ErrNotImplemented }
func (s *server) orgGenerate(c *fiber.Ctx) error           { return fiber.ErrNotImplemented }
