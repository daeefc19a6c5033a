package app

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Attendance certificates (badges/certificate.go): a participant's own from the manage
// link once the event has started and their attendance is recorded, and all of an
// event's for the organiser.

var errNoCertificate = apiError{http.StatusNotFound, "no_certificate", "err.no_certificate"}

func certificateEvent(ev events.Event, org events.Organisation, lang string) badges.CertificateEvent {
	return badges.CertificateEvent{Title: ev.Title.In(lang), Start: ev.Start, End: ev.End, Place: events.Place(ev, lang),
		Organiser: org.Name, Days: events.Days(ev)}
}

// certificateDays are the days a registration's attendance was recorded (nil: none).
func (s *server) certificateDays(c *fiber.Ctx, ev events.Event, r registration.Registration) ([]string, error) {
	if r.Status != registration.StatusConfirmed || ev.Status != events.StatusPublished || s.now().Before(ev.Start) {
		return nil, nil
	}
	att, err := s.badges.Attendance(c.UserContext(), ev.ID)
	if err != nil {
		return nil, err
	}
	return att[r.ID], nil
}

// GET /manage/:rid/:token/certificate.pdf
func (s *server) regCertificatePDF(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	days, err := s.certificateDays(c, ev, r)
	if err != nil {
		return err
	}
	if len(days) == 0 {
		return errNoCertificate
	}
	org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
	if err != nil {
		return err
	}
	lang := language(c)
	doc, err := badges.Certificates(certificateEvent(ev, org, lang), []badges.Attendee{{Name: r.FullName(), Organisation: r.Organisation, Days: days}}, lang, s.now())
	if err != nil {
		return err
	}
	return sendPDF(c, doc, "intyg.pdf")
}

// GET /organiser/events/:id/certificates.pdf
func (s *server) orgCertificatesPDF(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	ctx, lang := c.UserContext(), language(c)
	list, err := s.regs.List(ctx, ev.ID, registration.ListFilter{Status: registration.StatusConfirmed})
	if err != nil {
		return err
	}
	att, err := s.badges.Attendance(ctx, ev.ID)
	if err != nil {
		return err
	}
	var people []badges.Attendee
	for _, r := range list { // sorted by name
		if days := att[r.ID]; len(days) > 0 {
			people = append(people, badges.Attendee{Name: r.FullName(), Organisation: r.Organisation, Days: days})
		}
	}
	if len(people) == 0 {
		return errNoCertificate
	}
	org, err := s.events.Organisation(ctx, ev.OrgID)
	if err != nil {
		return err
	}
	doc, err := badges.Certificates(certificateEvent(ev, org, lang), people, lang, s.now())
	if err != nil {
		return err
	}
	return sendPDF(c, doc, "intyg-"+partFileSafe(ev.ID)+".pdf")
}
