package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
)

// Organiser pages for agenda sessions. Adding happens on the event's overview page,
// whose form is shown again there on a problem; editing has its own page.

type orgSessionPage struct {
	Event   events.Event
	Form    orgSessionForm
	BackURL string
}

func sessionPath(eventID, sessionID string) string {
	return orgEventPath(eventID) + "/sessions/" + sessionID
}

func (s *server) orgAddSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f := orgSessionForm{webForm: newWebForm(language(c), orgEventPath(ev.ID)+"/sessions"), EventID: ev.ID}
	if err := bindForm(c, &f.In, &f.webForm, orgSessionNumeric...); err != nil {
		return err
	}
	if _, err := s.events.AddSession(c.UserContext(), ev.ID, f.In); !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgEventPath(ev.ID), "session-added")
	}
	return s.renderEventPage(c, ev, &f)
}

func (s *server) orgEditSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled
	}
	se, err := s.events.Session(c.UserContext(), ev.ID, c.Params("sid"))
	if err != nil {
		return err
	}
	f := orgSessionForm{webForm: newWebForm(language(c), sessionPath(ev.ID, se.ID)), EventID: ev.ID, SessionID: se.ID,
		In: sessionInputOf(se)}
	return s.renderSessionForm(c, ev, f)
}

func (s *server) orgUpdateSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	se, err := s.events.Session(c.UserContext(), ev.ID, c.Params("sid"))
	if err != nil {
		return err
	}
	f := orgSessionForm{webForm: newWebForm(language(c), sessionPath(ev.ID, se.ID)), EventID: ev.ID, SessionID: se.ID}
	if err := bindForm(c, &f.In, &f.webForm, orgSessionNumeric...); err != nil {
		return err
	}
	_, err = s.updateSession(c, ev, se, f.In)
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgEventPath(ev.ID), "session-saved")
	}
	return s.renderSessionForm(c, ev, f)
}

// updateSession saves an edit of a session: a workshop's seats are not lowered below
// those seated, raised seats go to the waiting at once, and those who chose it hear
// of a new time or room.
func (s *server) updateSession(c *fiber.Ctx, ev events.Event, before events.Session, in events.SessionInput) (events.Session, error) {
	ctx := c.UserContext()
	if registration.Bookable(before) {
		if err := s.regs.CheckWorkshopLimit(ctx, ev, before, in.SeatLimit); err != nil {
			return events.Session{}, err
		}
	}
	updated, err := s.events.UpdateSession(ctx, ev.ID, before.ID, in)
	if err != nil {
		return events.Session{}, err
	}
	if _, err := s.regs.NotifyWorkshopChange(ctx, ev, before, &updated); err != nil {
		return events.Session{}, err
	}
	if registration.SeatsRaised(before.SeatLimit, updated.SeatLimit) {
		s.promoteAfter(ctx, ev.ID)
	}
	return updated, nil
}

func (s *server) renderSessionForm(c *fiber.Ctx, ev events.Event, f orgSessionForm) error {
	title := orgTitle(f.Lang, tr(f.Lang, "org.session.edit"), f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/session_form", title,
		orgSessionPage{Event: ev, Form: f, BackURL: orgEventPath(ev.ID)})
}

func (s *server) orgDeleteSession(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled
	}
	se, err := s.events.Session(c.UserContext(), ev.ID, c.Params("sid"))
	if err != nil {
		return err
	}
	var in orgStatusInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Confirm != "yes" && registration.Bookable(se) {
		// Ask first, naming how many chose it; they are told when it goes.
		n, err := s.regs.WorkshopPeople(c.UserContext(), ev.ID, se.ID, false)
		if err != nil {
			return err
		}
		if n > 0 {
			lang := language(c)
			data := orgConfirmPage{
				Heading: tr(lang, "org.confirm.delete_workshop.heading"),
				Text:    locale.N(lang, "org.confirm.delete_workshop.text", n, se.Title.In(lang), n),
				Button:  tr(lang, "org.confirm.delete_workshop.button"),
				Action:  sessionPath(ev.ID, se.ID) + "/delete", Hidden: [][2]string{{"confirm", "yes"}},
				Event: ev, BackURL: orgEventPath(ev.ID),
			}
			return s.orgRender(c, fiber.StatusOK, "organiser/confirm", data.Heading, data)
		}
	}
	if err := s.deleteSession(c, ev); err != nil {
		return err
	}
	return orgDone(c, orgEventPath(ev.ID), "session-deleted")
}

// deleteSession takes the session :sid off the agenda and tells those who chose it.
func (s *server) deleteSession(c *fiber.Ctx, ev events.Event) error {
	se, err := s.events.Session(c.UserContext(), ev.ID, c.Params("sid"))
	if err != nil {
		return err
	}
	if err := s.events.DeleteSession(c.UserContext(), ev.ID, se.ID); err != nil {
		return err
	}
	_, err = s.regs.NotifyWorkshopChange(c.UserContext(), ev, se, nil)
	return err
}
