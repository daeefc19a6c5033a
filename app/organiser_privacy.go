package app

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/privacy"
	"folkhalsa-events/registration"
)

// An organisation's admin answers a data subject's request that came by mail or
// phone (privacy/): find what the organisation's events hold about the address,
// export it (JSON or PDF) to send to the person, then, if asked, erase it. Erasing
// is refused until the data was exported. The address travels only in POST bodies,
// never in a URL, and the audit log names it masked.

func orgPrivacyPath(orgID string) string {
	return "/organiser/organisations/" + orgID + "/data-requests"
}

type privacyForm struct {
	webForm
	Email   string
	Confirm bool
}

func (f privacyForm) Field(name string) webField {
	switch name {
	case "email":
		return required(f.input("email", name, "privacy.org.f.email", f.Email))
	case "confirm":
		return required(f.yesBox(name, "privacy.org.f.confirm", "privacy.org.f.confirm.option", f.Confirm))
	}
	panic("data request form has no field " + name)
}

func (f privacyForm) Summary() webSummary { return f.summary(f.Field, []string{"email", "confirm"}) }

type privacyRow struct {
	Event, When, Status string
}

type privacyPage struct {
	Org      events.Organisation
	Form     privacyForm
	Searched bool
	Rows     []privacyRow
	Held     municipal.Held // in the municipality records
	Path     string
	Erased   int
	Done     bool
	regs     []registration.Registration // what was found, for Rows
}

// renderPrivacy shows the page; after a search, with what is held about the address
// (read here, so that an export or an erasure that answers otherwise does not read it).
func (s *server) renderPrivacy(c *fiber.Ctx, status int, p privacyPage) error {
	lang := language(c)
	noStore(c)
	p.Path = orgPrivacyPath(p.Org.ID)
	if p.Searched && !p.Done {
		var err error
		if p.Held, err = s.municipal.HeldAbout(c.UserContext(), p.Org.ID, p.Form.Email); err != nil {
			return err
		}
		for _, r := range p.regs {
			ev, err := s.events.Event(c.UserContext(), r.EventID)
			if err != nil {
				return err
			}
			p.Rows = append(p.Rows, privacyRow{Event: ev.Title.In(lang), When: when(ev.Start, ev.End, lang), Status: tr(lang, "reg_status."+string(r.Status))})
		}
	}
	return s.orgRender(c, status, "organiser/data_requests", orgTitle(lang, tr(lang, "privacy.org.title")+" – "+p.Org.Name, p.Form.webForm), p)
}

// GET /organiser/organisations/:org/data-requests
func (s *server) orgPrivacy(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	return s.renderPrivacy(c, fiber.StatusOK, privacyPage{Org: org, Form: privacyForm{webForm: newWebForm(language(c), orgPrivacyPath(org.ID))}})
}

// privacyRequest reads the address of a request and finds its registrations.
func (s *server) privacyRequest(c *fiber.Ctx) (events.Organisation, privacyPage, []registration.Registration, error) {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return events.Organisation{}, privacyPage{}, nil, err
	}
	lang := language(c)
	p := privacyPage{Org: org, Form: privacyForm{webForm: newWebForm(lang, orgPrivacyPath(org.ID)), Email: strings.TrimSpace(c.FormValue("email")),
		Confirm: c.FormValue("confirm") == "true"}}
	if !registration.ValidEmail(p.Form.Email) {
		var v events.ValidationError
		v.Add("email", "reg.err.email")
		formInvalid(v.Err(), &p.Form.webForm)
		return org, p, nil, nil
	}
	auditDetail(c, privacy.Mask(p.Form.Email))
	regs, err := s.privacy.Find(c.UserContext(), p.Form.Email, org.ID)
	if err != nil {
		return org, p, nil, err
	}
	p.Searched, p.regs = true, regs
	return org, p, regs, nil
}

// POST /organiser/organisations/:org/data-requests: what is held about the address.
func (s *server) orgPrivacySearch(c *fiber.Ctx) error {
	_, p, _, err := s.privacyRequest(c)
	if err != nil {
		return err
	}
	return s.renderPrivacy(c, formStatus(p.Form.webForm), p)
}

// POST /organiser/organisations/:org/data-requests/export: the data as a file to send.
func (s *server) orgPrivacyExport(c *fiber.Ctx) error {
	org, p, regs, err := s.privacyRequest(c)
	if err != nil {
		return err
	}
	if p.Form.HasErrors() {
		return s.renderPrivacy(c, fiber.StatusUnprocessableEntity, p)
	}
	rep, err := s.privacy.CollectOrg(c.UserContext(), org, p.Form.Email, regs, language(c), s.now(), s.cfg.RetentionDays)
	if err != nil {
		return err
	}
	if err := s.privacy.MarkExported(c.UserContext(), org.ID, p.Form.Email, s.now()); err != nil {
		return err
	}
	format := "json"
	if c.FormValue("format") == "pdf" {
		format = "pdf"
	}
	return sendReport(c, rep, format)
}

// POST /organiser/organisations/:org/data-requests/erase: after the export.
func (s *server) orgPrivacyErase(c *fiber.Ctx) error {
	org, p, regs, err := s.privacyRequest(c)
	if err != nil {
		return err
	}
	if !p.Form.HasErrors() && !p.Form.Confirm {
		var v events.ValidationError
		v.Add("confirm", "privacy.err.confirm")
		formInvalid(v.Err(), &p.Form.webForm)
	}
	if p.Form.HasErrors() {
		return s.renderPrivacy(c, fiber.StatusUnprocessableEntity, p)
	}
	n, err := s.privacy.EraseExported(c.UserContext(), org.ID, p.Form.Email, regs, organiserActor(c), s.now())
	if errors.Is(err, privacy.ErrNotExported) {
		var v events.ValidationError
		v.Add("confirm", "privacy.err.export_first")
		formInvalid(v.Err(), &p.Form.webForm)
		return s.renderPrivacy(c, fiber.StatusConflict, p)
	}
	if err != nil {
		return err
	}
	p.Done, p.Erased = true, n
	p.Form.Confirm = false
	return s.renderPrivacy(c, fiber.StatusOK, p)
}
