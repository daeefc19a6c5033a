package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
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
	updated, err := s.events.UpdateSession(c.UserContext(), ev.ID, se.ID, f.In)
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		if _, err := s.regs.NotifyWorkshopChange(c.UserContext(), ev, se, &updated); err != nil {
			return err
		}
		return orgDone(c, orgEventPath(ev.ID), "session-saved")
	}
	return s.renderSessionForm(c, ev, f)
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
