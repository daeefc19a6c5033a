package app

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

func (s *server) apiCreateSeries(c *fiber.Ctx) error {
	orgID := c.Params("org")
	if !organiser(c).inScope(orgID) {
		return events.ErrNotFound
	}
	var in events.SeriesInput
	if err := bind(c, &in); err != nil {
		return err
	}
	sr, err := s.events.CreateSeries(c.UserContext(), orgID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(sr)
}

func (s *server) apiListSeries(c *fiber.Ctx) error {
	list, err := s.events.ListSeries(c.UserContext(), organiser(c).OrgIDs)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"series": list})
}

func (s *server) scopedSeries(c *fiber.Ctx) (events.Series, error) {
	sr, err := s.events.Series(c.UserContext(), c.Params("id"))
	if err != nil {
		return events.Series{}, err
	}
	if !organiser(c).inScope(sr.OrgID) {
		return events.Series{}, events.ErrNotFound
	}
	return sr, nil
}

func (s *server) apiGetSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	page, err := s.events.ListEvents(c.UserContext(), events.EventFilter{SeriesID: sr.ID, Limit: 200})
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"series": sr, "events": page.Events})
}

func (s *server) apiUpdateSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	var in events.SeriesInput
	if err := bind(c, &in); err != nil {
		return err
	}
	updated, err := s.events.UpdateSeries(c.UserContext(), sr.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(updated)
}

type generateInput struct {
	Until   string `json:"until" form:"until"` // YYYY-MM-DD, inclusive
	Confirm string `json:"-" form:"confirm"`   // the page's second step: "yes" makes them
	DryRun  bool   `json:"dry_run" form:"-"`   // API: the dates that would be made, nothing made
}

var errBadUntil = apiError{http.StatusUnprocessableEntity, "validation_failed",
	"err.bad_until"}

func (s *server) apiGenerate(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	var in generateInput
	if err := bind(c, &in); err != nil {
		return err
	}
	until, err := time.ParseInLocation("2006-01-02", in.Until, events.Stockholm)
	if err != nil {
		return errBadUntil
	}
	if in.DryRun {
		dates, err := s.events.GenerateDates(c.UserContext(), sr.ID, until)
		if err != nil {
			return err
		}
		out := make([]string, len(dates))
		for i, d := range dates {
			out[i] = d.Format(time.DateOnly)
		}
		return c.JSON(fiber.Map{"dates": out})
	}
	created, err := s.events.Generate(c.UserContext(), sr.ID, until)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"created": created})
}
