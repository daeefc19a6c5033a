package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Organiser JSON API for participants, follow-up and invitation codes: the same as the
// pages in organiser_participants*.go, with the same scope rules and filters (query
// parameters status, mode, municipality, org_type; a value that is none of the choices
// is a 422 naming the parameter). Responses carry personal data and are never cached.

// apiRegistration is a registration with its place on the waiting list.
type apiRegistration struct {
	registration.Registration
	WaitingPosition int `json:"waiting_position,omitempty"` // 1 = next; only while waiting
	// Attended and AttendedDays once the event used check-in: whether the person
	// checked in, and on which days of a multi-day event.
	Attended     *bool    `json:"attended,omitempty"`
	AttendedDays []string `json:"attended_days,omitempty"`
}

func (s *server) apiRegistrations(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	in := partFilterOf(c)
	filter, err := in.listFilter()
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	d, err := s.readParticipants(ctx, ev, filter, in.Attendance)
	if err != nil {
		return err
	}
	if d.Counts.Workshops == nil {
		d.Counts.Workshops = []registration.WorkshopCount{}
	}
	positions, err := s.regs.Positions(ctx, ev, d.List)
	if err != nil {
		return err
	}
	out := make([]apiRegistration, len(d.List))
	for i, r := range d.List {
		out[i] = apiRegistration{Registration: r, WaitingPosition: positions[r.ID]}
		if len(d.Attendance) > 0 {
			days := d.Attendance[r.ID]
			came := len(days) > 0
			out[i].Attended = &came
			if len(events.Days(ev)) > 1 {
				out[i].AttendedDays = days
			}
		}
	}
	min := s.followup.MinCell()
	muni, county, orgTypes, genders := partReachTables(d.Counts, min, language(c))
	noStore(c)
	return c.JSON(fiber.Map{"registrations": out, "total": len(out), "counts": d.Counts, "reach": fiber.Map{
		"min_cell": min, "municipalities": muni, "counties": county, "org_types": orgTypes, "genders": genders}})
}

func (s *server) apiNeeds(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	n, err := s.regs.Needs(c.UserContext(), ev.ID, ev.Questions, language(c))
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(n)
}

func (s *server) apiInvitations(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	list, err := s.regs.Invitations(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	if list == nil {
		list = []registration.InvitationUse{}
	}
	noStore(c)
	return c.JSON(fiber.Map{"invitations": list})
}

// apiCreateInvitation takes {"max_uses": 1, "note": "…"}: 1 single use, N uses, 0 no limit.
func (s *server) apiCreateInvitation(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled
	}
	var in registration.InvitationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	inv, err := s.regs.CreateInvitation(c.UserContext(), ev.ID, in)
	if err != nil {
		return err
	}
	noStore(c)
	return c.Status(fiber.StatusCreated).JSON(registration.InvitationUse{Invitation: inv})
}

// apiCancelRegistration cancels on the organiser's behalf; cancelling twice is harmless.
func (s *server) apiCancelRegistration(c *fiber.Ctx) error {
	_, r, err := s.scopedRegistration(c)
	if err != nil {
		return err
	}
	r, err = s.regs.CancelByOrganiser(c.UserContext(), r.ID)
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(r)
}
