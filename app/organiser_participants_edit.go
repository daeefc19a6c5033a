package app

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The organiser edits a registration (registration.EditByOrganiser): the details, the
// workshops (moving someone from one to another), the answers and the category. The
// person's own choices, their gender and whether they are on the participant list, are
// not on this form; nor is the e-mail address, the registration's identity.

type orgEditRegPage struct {
	Event    events.Event
	R        registration.Registration
	Form     regForm
	Category webField
	Status   string
	BackURL  string
}

func orgEditRegPath(eventID, regID string) string {
	return orgParticipantsPath(eventID) + "/" + regID
}

// orgEditRegForm is the participant's form in the organiser's version.
func orgEditRegForm(lang string, ev events.Event, r registration.Registration, sessions []events.Session, in registration.Input) regForm {
	f := regEditForm(lang, orgEditRegPath(ev.ID, r.ID), ev, r, sessions, in)
	f.ByOrganiser = true
	return f
}

func orgCategoryField(f webForm, c registration.Category) webField {
	var opts []webOption
	for _, o := range registration.Categories {
		opts = append(opts, webOption{Value: string(o.Value), Label: tr(f.Lang, string(o.Label))})
	}
	return f.selectOne("category", "part.add.category", string(c), opts)
}

// GET /organiser/events/:id/participants/:rid/edit
func (s *server) orgEditRegistration(c *fiber.Ctx) error {
	ev, r, err := s.scopedRegistration(c)
	if err != nil {
		return err
	}
	if r.Status == registration.StatusCancelled {
		return registration.ErrCancelled
	}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	f := orgEditRegForm(language(c), ev, r, sessions, regInputOf(r))
	return s.renderEditRegistration(c, ev, r, f, r.Category)
}

func (s *server) renderEditRegistration(c *fiber.Ctx, ev events.Event, r registration.Registration, f regForm, cat registration.Category) error {
	lang := f.Lang
	noStore(c)
	title := orgTitle(lang, tr(lang, "part.edit.title")+": "+r.FullName(), f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/participant_edit", title, orgEditRegPage{
		Event: ev, R: r, Form: f, Category: orgCategoryField(f.webForm, cat),
		Status: registration.StatusLabels[r.Status].In(lang), BackURL: orgParticipantsPath(ev.ID) + "#reg-" + r.ID,
	})
}

// orgEditBody is the edit as JSON: the registration's fields and the category.
type orgEditBody struct {
	registration.Input
	Category string `json:"category"`
}

// POST /organiser/events/:id/participants/:rid (form), PUT /api/v1/events/:id/registrations/:rid (JSON)
func (s *server) orgUpdateRegistration(c *fiber.Ctx) error {
	ev, r, err := s.scopedRegistration(c)
	if err != nil {
		return err
	}
	var body orgEditBody
	if isForm(c) {
		if body.Input, err = readRegistration(c); err != nil {
			return err
		}
		body.Category = c.FormValue("category")
	} else if err := bind(c, &body); err != nil {
		return err
	}
	ctx := c.UserContext()
	cat := registration.Category(body.Category)
	if cat == "" {
		cat = r.Category
	}
	if !registration.ValidCategory(cat) {
		var v events.ValidationError
		v.Add("category", "app.err.category")
		err = v.Err()
	} else {
		_, err = s.regs.EditByOrganiser(ctx, r.ID, body.Input)
	}
	if err == nil && cat != r.Category {
		err = s.regs.SetCategory(ctx, r.ID, cat)
	}
	var ve *events.ValidationError
	if err != nil && (!isForm(c) || !errors.As(err, &ve)) {
		return err
	}
	if err != nil {
		sessions, serr := s.events.Sessions(ctx, ev.ID)
		if serr != nil {
			return serr
		}
		f := orgEditRegForm(language(c), ev, r, sessions, body.Input)
		formInvalid(err, &f.webForm)
		return s.renderEditRegistration(c, ev, r, f, cat)
	}
	if !isForm(c) {
		updated, err := s.regs.Registration(ctx, r.ID)
		if err != nil {
			return err
		}
		noStore(c)
		return c.JSON(updated)
	}
	return c.Redirect(orgParticipantsPath(ev.ID)+"?notice=saved#reg-"+r.ID, fiber.StatusSeeOther)
}

// POST /organiser/events/:id/participants/:rid/attendance {present: yes|no}: the
// organiser marks someone present (or not) from the list, e.g. at an event without
// check-in at the door. It is a check-in at the organiser's desk, so the follow-up and
// the thank-you mail see it like any other; on a multi-day event it counts for today
// (the last day once the event is over).
func (s *server) orgMarkAttendance(c *fiber.Ctx) error {
	ev, r, err := s.scopedRegistration(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	notice := "marked"
	if c.FormValue("present") == "no" {
		err, notice = s.badges.Undo(ctx, badges.ByOrganiser(ev.ID, organiserActor(c)), r.ID, ""), "unmarked"
		if errors.Is(err, badges.ErrNotFound) {
			err = nil
		}
	} else {
		var res badges.ScanResult
		res, err = s.badges.ManualCheckIn(ctx, badges.Link{EventID: ev.ID, Station: organiserDesk}, r.ID, "")
		if err == nil && res.Outcome != badges.OutcomeOK && res.Outcome != badges.OutcomeAlreadyCheckedIn {
			notice = "not-marked"
		}
	}
	if err != nil {
		return err
	}
	return c.Redirect(orgParticipantsPath(ev.ID)+"?notice="+notice+"#reg-"+r.ID, fiber.StatusSeeOther)
}
