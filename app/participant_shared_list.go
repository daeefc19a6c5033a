package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The participant list people agreed to share (registration/sharedlist.go): a page
// behind each confirmed participant's manage link, and a PDF for the organiser to
// print or send. Nobody who did not tick the consent is on either.

var errNoSharedList = apiError{fiber.StatusNotFound, "not_found", "shared.err.not_confirmed"}

type sharedListPage struct {
	Event  events.Event
	People []registration.ListedPerson
	Base   string // the manage page
}

// GET /manage/:rid/:token/participants
func (s *server) regSharedList(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	if r.Status != registration.StatusConfirmed || ev.Status == events.StatusCancelled {
		return errNoSharedList // the list is for those who take part
	}
	people, err := s.regs.SharedList(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	lang := language(c)
	noStore(c)
	return s.render(c, "participant/shared_list", page{Title: tr(lang, "shared.title") + " – " + ev.Title.In(lang),
		Data: sharedListPage{Event: ev, People: people, Base: regManagePath(r.ID, c.Params("token"))}})
}

// GET /organiser/events/:id/participant-list.pdf
func (s *server) orgSharedListPDF(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
	if err != nil {
		return err
	}
	people, err := s.regs.SharedList(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	doc, err := registration.SharedListPDF(ev, org.Name, people, language(c), s.now())
	if err != nil {
		return err
	}
	return sendPDF(c, doc, "deltagarlista.pdf")
}
