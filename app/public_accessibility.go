package app

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// The accessibility statement (tillgänglighetsredogörelse) the Act on accessibility
// to digital public services (2018:1937) asks of a public body's web service, laid
// out as DIGG's model has it: who stands behind the service, how accessible it is,
// what is not, how to report a problem, and where to turn when the answer does not
// satisfy (DIGG's supervision). Its feedback form mails the operator
// (OPERATOR_EMAIL) through the outbox; nothing else of it is stored.

const accessibilityPath = "/accessibility"

// devOperatorAddress receives feedback in development, where OPERATOR_EMAIL may be unset.
const devOperatorAddress = "operator@localhost"

// accessibilityInput is the feedback form.
type accessibilityInput struct {
	Message string `form:"message"`
	Page    string `form:"page"`
	Email   string `form:"email"`
	Website string `form:"website"` // the honeypot
}

type accessibilityForm struct {
	webForm
	In accessibilityInput
}

func (f accessibilityForm) Field(name string) webField {
	switch name {
	case "message":
		return required(f.textarea(name, "a11y.f.message", f.In.Message, 6))
	case "page":
		return f.input("text", name, "a11y.f.page", f.In.Page)
	case "email":
		return f.input("email", name, "a11y.f.email", f.In.Email)
	}
	panic("accessibility form has no field " + name)
}

func (f accessibilityForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }

func (f accessibilityForm) Summary() webSummary {
	return f.summary(f.Field, []string{"message", "page", "email"})
}

type accessibilityPage struct {
	Operator string
	Reviewed string
	Form     accessibilityForm
	Sent     bool
}

func (s *server) renderAccessibility(c *fiber.Ctx, status int, f accessibilityForm, sent bool) error {
	lang := language(c)
	reviewed := s.cfg.Operator.Reviewed
	if d, err := time.ParseInLocation(time.DateOnly, reviewed, events.Stockholm); err == nil {
		reviewed = events.LongDate(d, lang)
	}
	c.Status(status)
	noStore(c)
	title := tr(lang, "a11y.title")
	if sent {
		title = tr(lang, "a11y.sent.heading")
	}
	return s.render(c, "public/accessibility", page{Title: orgTitle(lang, title, f.webForm),
		Data: accessibilityPage{Operator: s.cfg.Operator.Name, Reviewed: reviewed, Form: f, Sent: sent}})
}

// GET /accessibility
func (s *server) pageAccessibility(c *fiber.Ctx) error {
	lang := language(c)
	f := accessibilityForm{webForm: newWebForm(lang, accessibilityPath+"?lang="+lang+"#feedback")}
	f.In.Page = events.CleanText(c.Query("page"))
	return s.renderAccessibility(c, fiber.StatusOK, f, false)
}

// POST /accessibility: the feedback reaches the operator by mail.
func (s *server) submitAccessibility(c *fiber.Ctx) error {
	var in accessibilityInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Website) != "" {
		return registration.ErrRejected
	}
	lang := language(c)
	f := accessibilityForm{webForm: newWebForm(lang, accessibilityPath+"?lang="+lang+"#feedback"), In: in}
	var v events.ValidationError
	events.RequireText(&v, "message", in.Message, 5000, "a11y.f.message")
	events.LimitText(&v, "page", in.Page, 500, "a11y.f.page")
	email := registration.NormaliseEmail(in.Email)
	if email != "" && !registration.ValidEmail(email) {
		v.Add("email", "reg.err.email")
	}
	if formInvalid(v.Err(), &f.webForm) {
		return s.renderAccessibility(c, fiber.StatusUnprocessableEntity, f, false)
	}
	to := s.cfg.Operator.Email
	if to == "" {
		to = devOperatorAddress
	}
	from := email
	if from == "" {
		from = tr("sv", "a11y.mail.anonymous")
	}
	text := tr("sv", "a11y.mail.text", s.now().In(events.Stockholm).Format("2006-01-02 15:04"),
		orDash(events.CleanText(in.Page)), from, lang, events.CleanMultiline(in.Message))
	msg := outbox.Message{To: to, ReplyTo: email, Subject: tr("sv", "a11y.mail.subject"), Text: text, Lang: "sv", Kind: "accessibility_feedback"}
	if _, err := s.outbox.Enqueue(c.UserContext(), msg); err != nil {
		return err
	}
	return s.renderAccessibility(c, fiber.StatusOK, accessibilityForm{webForm: newWebForm(lang, f.Action)}, true)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
