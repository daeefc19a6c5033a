package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/privacy"
	"folkhalsa-events/registration"
)

// A participant's own data through the manage link (privacy/): everything held about
// their address, in every event, as JSON and as a PDF; and erasing this registration.
// The manage link was mailed to the address, so holding it shows the address is theirs.

// sendReport answers with the report as a JSON or PDF download.
func sendReport(c *fiber.Ctx, rep privacy.Report, format string) error {
	noStore(c)
	if format == "pdf" {
		doc, err := privacy.PDF(rep, language(c))
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/pdf")
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="personuppgifter.pdf"`)
		return c.Send(doc)
	}
	body, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="personuppgifter.json"`)
	return c.Send(body)
}

// GET /manage/:rid/:token/data.json and data.pdf
func (s *server) regData(format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		r, _, err := s.regLoad(c)
		if err != nil {
			return err
		}
		regs, err := s.privacy.Find(c.UserContext(), r.Email, "")
		if err != nil {
			return err
		}
		rep, err := s.privacy.Collect(c.UserContext(), r.Email, "", regs, language(c), s.now(), s.cfg.RetentionDays)
		if err != nil {
			return err
		}
		return sendReport(c, rep, format)
	}
}

type regErasePage struct {
	Event           events.Event
	Base, JSON, PDF string
	Form            regConfirmForm
	Erased          bool
}

func (s *server) renderErase(c *fiber.Ctx, status int, p regErasePage) error {
	lang := language(c)
	title := tr(lang, "privacy.erase.title")
	if p.Erased {
		title = tr(lang, "privacy.erased.title")
	}
	c.Status(status)
	noStore(c)
	return s.render(c, "participant/erase", page{Title: orgTitle(lang, title, p.Form.webForm), Data: p})
}

// GET /manage/:rid/:token/erase
func (s *server) regErasePage(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	base := regManagePath(r.ID, c.Params("token"))
	return s.renderErase(c, fiber.StatusOK, regErasePage{Event: ev, Base: base, JSON: base + "/data.json", PDF: base + "/data.pdf",
		Form: regEraseForm(language(c), base+"/erase")})
}

// POST /manage/:rid/:token/erase: the registration is cancelled (its seat goes to the
// waiting list) and its personal data and mails are erased; the link stops working.
func (s *server) regErase(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	base := regManagePath(r.ID, c.Params("token"))
	p := regErasePage{Event: ev, Base: base, JSON: base + "/data.json", PDF: base + "/data.pdf", Form: regEraseForm(language(c), base+"/erase")}
	p.Form.Confirm = strings.TrimSpace(c.FormValue("confirm")) == "true"
	if !p.Form.Confirm {
		var v events.ValidationError
		v.Add("confirm", "privacy.err.confirm")
		formInvalid(v.Err(), &p.Form.webForm)
		return s.renderErase(c, fiber.StatusUnprocessableEntity, p)
	}
	if _, err := s.privacy.Erase(c.UserContext(), r.Email, []registration.Registration{r}, "participant"); err != nil {
		return fmt.Errorf("erase on request: %w", err)
	}
	p.Erased = true
	return s.renderErase(c, fiber.StatusOK, p)
}
