package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Organiser JSON API for organisations, events and agenda sessions. Every handler
// checks the organiser's scope; out-of-scope things answer 404, as if absent.

func (s *server) apiListOrganisations(c *fiber.Ctx) error {
	orgs, err := s.events.Organisations(c.UserContext())
	if err != nil {
		return err
	}
	visible := []events.Organisation{}
	for _, o := range orgs {
		if organiser(c).inScope(o.ID) {
			visible = append(visible, o)
		}
	}
	return c.JSON(fiber.Map{"organisations": visible})
}

func (s *server) apiCreateOrganisation(c *fiber.Ctx) error {
	var in events.OrganisationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	org, err := s.events.CreateOrganisation(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(org)
}

// apiUpdateOrganisation renames an organisation or changes its kind or county (admins).
func (s *server) apiUpdateOrganisation(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	var in events.OrganisationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	updated, err := s.events.UpdateOrganisation(c.UserContext(), org.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(updated)
}

func (s *server) apiCreateEvent(c *fiber.Ctx) error {
	orgID := c.Params("org")
	if !organiser(c).inScope(orgID) {
		return events.ErrNotFound
	}
	var in events.EventInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ev, err := s.events.CreateEvent(c.UserContext(), orgID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ev)
}

func (s *server) apiListEvents(c *fiber.Ctx) error {
	f := eventFilterFromQuery(c)
	f.OrgIDs = organiser(c).OrgIDs
	if org := c.Query("org"); org != "" {
		if !organiser(c).inScope(org) {
			return c.JSON(events.EventPage{Events: []events.Event{}, Limit: f.Limit})
		}
		f.OrgIDs = []string{org}
	}
	f.Status = events.Status(c.Query("status"))
	f.SeriesID = c.Query("series")
	page, err := s.events.ListEvents(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// scopedEvent loads an event the organiser may manage.
func (s *server) scopedEvent(c *fiber.Ctx) (events.Event, error) {
	ev, err := s.events.Event(c.UserContext(), c.Params("id"))
	if err != nil {
		return events.Event{}, err
	}
	if !organiser(c).inScope(ev.OrgID) {
		return events.Event{}, events.ErrNotFound
	}
	return ev, nil
}

func (s *server) apiGetEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"event": ev, "sessions": sessions})
}

func (s *server) apiUpdateEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in struct {
		events.EventInput
		Notify bool `json:"notify"` // tell participants what changed (organiser_notices.go)
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	updated, err := s.updateEvent(c, ev, in.EventInput)
	if err != nil {
		return err
	}
	return s.answerChange(c, ev, updated, in.Notify)
}

// updateEvent saves an edit of the event: a seat limit below those already seated
// is refused, and a raised one seats the waiting at once (registration/seat_limits.go).
func (s *server) updateEvent(c *fiber.Ctx, ev events.Event, in events.EventInput) (events.Event, error) {
	ctx := c.UserContext()
	if err := s.regs.CheckSeatLimits(ctx, ev, in.CapacityOnSite, in.CapacityDigital); err != nil {
		return events.Event{}, err
	}
	updated, err := s.events.UpdateEvent(ctx, ev.ID, in)
	if err != nil {
		return events.Event{}, err
	}
	if registration.SeatsRaised(ev.CapacityOnSite, updated.CapacityOnSite) || registration.SeatsRaised(ev.CapacityDigital, updated.CapacityDigital) {
		s.promoteAfter(ctx, ev.ID)
	}
	return updated, nil
}

// promoteAfter seats the waiting after more seats were made; what it cannot finish
// now (a busy store), the repair pass does.
func (s *server) promoteAfter(ctx context.Context, eventID string) {
	if err := s.regs.Promote(ctx, eventID); err != nil {
		s.log.Warn("promote after more seats (the repair pass retries)", "event", eventID, "error", err)
	}
}

type statusInput struct {
	Status string `json:"status" form:"status"`
	Notify bool   `json:"notify" form:"-"`
}

func (s *server) apiSetStatus(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in statusInput
	if err := bind(c, &in); err != nil {
		return err
	}
	auditDetail(c, in.Status)
	updated, err := s.events.SetStatus(c.UserContext(), ev.ID, events.Status(in.Status))
	if err != nil {
		return err
	}
	return s.answerChange(c, ev, updated, in.Notify)
}

func (s *server) apiDeleteEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if err := s.events.DeleteEvent(c.UserContext(), ev.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) apiListSessions(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"sessions": sessions})
}

func (s *server) apiAddSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in events.SessionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	se, err := s.events.AddSession(c.UserContext(), ev.ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(se)
}

func (s *server) apiGetSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	se, err := s.events.Session(c.UserContext(), ev.ID, c.Params("sid"))
	if err != nil {
		return err
	}
	return c.JSON(se)
}

func (s *server) apiUpdateSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in events.SessionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	before, err := s.events.Session(c.UserContext(), ev.ID, c.Params("sid"))
	if err != nil {
		return err
	}
	se, err := s.updateSession(c, ev, before, in)
	if err != nil {
		return err
	}
	return c.JSON(se)
}

func (s *server) apiDeleteSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled
	}
	if err := s.deleteSession(c, ev); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// eventFilterFromQuery reads the list filters shared by the public and organiser lists.
// Unknown values simply do not match; a list is never an error.
func eventFilterFromQuery(c *fiber.Ctx) events.EventFilter {
	f := events.EventFilter{
		Type:         events.Type(c.Query("type")),
		TargetArea:   queryInt(c, "target_area", 0),
		Municipality: c.Query("municipality"),
		County:       c.Query("county"),
		Mode:         events.Mode(c.Query("mode")),
		Limit:        queryInt(c, "limit", 50),
		Offset:       queryInt(c, "offset", 0),
	}
	if m, ok := events.LookupMunicipality(f.Municipality); ok {
		f.Municipality = m.Name
	}
	if county, ok := events.LookupCounty(f.County); ok {
		f.County = county.Name
	}
	if from, err := time.ParseInLocation("2006-01-02", c.Query("from"), events.Stockholm); err == nil {
		f.From = from
	}
	if to, err := time.ParseInLocation("2006-01-02", c.Query("to"), events.Stockholm); err == nil {
		f.To = to.AddDate(0, 0, 1) // inclusive: the whole last day
	}
	return f
}
