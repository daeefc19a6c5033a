package app

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Participant pages: the registration form, "send me my link again", and the privacy
// notice. Plain HTML forms that work without JavaScript: a successful registration
// redirects (303) to the participant's manage page (registration_manage.go); a problem
// shows the form again with everything typed kept, an error summary at the top and
// each problem next to its field. The JSON API and the rate limits are in
// registration_api.go.

func regPath(eventID string) string       { return "/events/" + url.PathEscape(eventID) + "/register" }
func regResendPath(eventID string) string { return regPath(eventID) + "/resend" }
func regEventPath(eventID string) string  { return "/events/" + url.PathEscape(eventID) }

// regPage is the registration form page, or the explanation why registration is not open.
type regPage struct {
	Heading                      string
	Event                        events.Event
	Org                          events.Organisation
	When, Where, ModeLabel       string
	Closes                       string // the deadline in words, "" if none is set
	Open                         bool
	Closed, Contact              string // why registration is not open, and whom to ask
	Form                         regForm
	EventURL, ResendURL, Privacy string
	Seats                        []string // seats left per participation mode, in words
	Full                         bool     // every mode is full: the waiting list is what is left
}

// regDateTime is the date ("tisdag 6 oktober 2026") and the time ("12:00") of a moment.
func regDateTime(t time.Time, lang string) (string, string) {
	return events.LongDate(t, lang), events.Clock(t)
}

// regClosedReason explains why registration.IsOpen is false at now.
func regClosedReason(ev events.Event, now time.Time, lang string) string {
	switch {
	case ev.Status == events.StatusCancelled:
		return tr(lang, "reg.closed.cancelled")
	case !now.Before(ev.Start):
		return tr(lang, "reg.closed.started")
	case !ev.RegistrationOpens.IsZero() && now.Before(ev.RegistrationOpens):
		d, t := regDateTime(ev.RegistrationOpens, lang)
		return fmt.Sprintf(tr(lang, "reg.closed.not_yet"), d, t)
	case !ev.RegistrationCloses.IsZero() && !now.Before(ev.RegistrationCloses):
		d, t := regDateTime(ev.RegistrationCloses, lang)
		return fmt.Sprintf(tr(lang, "reg.closed.closed"), d, t)
	}
	return tr(lang, "reg.closed.other")
}

// GET /events/:id/register
func (s *server) regShowForm(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	// An invitation may link straight to the form with its code filled in.
	in := registration.Input{Invitation: c.Query("code")}
	return s.regRenderForm(c, fiber.StatusOK, ev, in, nil, false)
}

// regRenderForm draws the form with what was typed and the problems found; closed
// forces the explanation instead of the form (the service said ErrNotOpen).
func (s *server) regRenderForm(c *fiber.Ctx, status int, ev events.Event, in registration.Input, errs map[string]string, closed bool) error {
	ctx, lang := c.UserContext(), language(c)
	org, err := s.events.Organisation(ctx, ev.OrgID)
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return err
	}
	f := newRegForm(lang, regPath(ev.ID)+"?lang="+lang, ev, sessions, in)
	maps.Copy(f.Errors, errs)
	now := s.now()
	p := regPage{
		Heading: fmt.Sprintf(tr(lang, "reg.heading"), ev.Title.In(lang)),
		Event:   ev, Org: org, Form: f,
		When: events.When(ev.Start, ev.End, lang), Where: events.Place(ev, lang),
		ModeLabel: events.ModeLabels[ev.Mode].In(lang),
		Open:      !closed && registration.IsOpen(ev, now),
		EventURL:  regEventPath(ev.ID), ResendURL: regResendPath(ev.ID),
		Privacy: "/privacy?" + url.Values{"event": {ev.ID}, "lang": {lang}}.Encode(),
	}
	if !ev.RegistrationCloses.IsZero() {
		d, t := regDateTime(ev.RegistrationCloses, lang)
		p.Closes = d + " " + t
	}
	if p.Open {
		avail, err := s.regs.Availability(ctx, []events.Event{ev}, sessions)
		if err != nil {
			return err
		}
		a := avail[ev.ID]
		p.Form.Avail, p.Seats, p.Full = &a, availabilityLines(ev, a, lang), a.Full(ev)
	}
	title := p.Heading
	if p.Open {
		title = orgTitle(lang, title, f.webForm)
	} else {
		p.Closed = regClosedReason(ev, now, lang)
		p.Contact = fmt.Sprintf(tr(lang, "reg.closed.contact"), org.Name)
	}
	c.Status(status)
	return s.render(c, "participant/form", page{Title: title, Data: p})
}

// POST /events/:id/register
func (s *server) regSubmit(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store") // the answer repeats personal data
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	in, err := readRegistration(c)
	if err != nil {
		return err
	}
	lang := language(c)
	res, err := s.regs.Register(c.UserContext(), ev.ID, in, lang)
	if err == nil {
		return c.Redirect(regManagePath(res.Registration.ID, res.ManageToken)+"?welcome=1", fiber.StatusSeeOther)
	}
	var ve *events.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.regRenderForm(c, fiber.StatusUnprocessableEntity, ev, in, ve.FieldMessages(lang), false)
	case errors.Is(err, registration.ErrAlreadyRegistered):
		// Say only that the address is registered, and offer the link again.
		return s.regRenderResend(c, fiber.StatusConflict, ev, regResendAlready, in.Email, nil)
	case errors.Is(err, registration.ErrFull):
		return s.regRenderForm(c, fiber.StatusConflict, ev, in, map[string]string{"waitlist_ok": tr(lang, "reg.err.full")}, false)
	case errors.Is(err, registration.ErrNotOpen):
		return s.regRenderForm(c, fiber.StatusConflict, ev, in, nil, true)
	case errors.Is(err, registration.ErrInvitationNeeded), errors.Is(err, registration.ErrInvitationUsedUp):
		resp, _ := describe(err)
		return s.regRenderForm(c, resp.status, ev, in, map[string]string{"invitation_code": resp.message(lang)}, false)
	}
	// ErrRejected (the honeypot) is a plain 400; anything else goes to the error page.
	return err
}

// --- sending the manage link again --------------------------------------------------

type regResendKind int

const (
	regResendAsk     regResendKind = iota // the form
	regResendAlready                      // the form, after "already registered"
	regResendSent                         // the answer, the same whether or not the address is registered
)

type regResendPage struct {
	Heading, Text string
	Event         events.Event
	Sent          bool
	Form          regResendForm
	EventURL      string
}

func (s *server) regRenderResend(c *fiber.Ctx, status int, ev events.Event, kind regResendKind, email string, errs map[string]string) error {
	lang := language(c)
	f := regResendForm{webForm: newWebForm(lang, regResendPath(ev.ID)+"?lang="+lang), Email: email}
	maps.Copy(f.Errors, errs)
	p := regResendPage{Event: ev, Form: f, EventURL: regEventPath(ev.ID)}
	switch kind {
	case regResendAlready:
		p.Heading, p.Text = tr(lang, "reg.already.heading"), tr(lang, "reg.already.text")
	case regResendSent:
		p.Heading, p.Text, p.Sent = tr(lang, "reg.resend.sent.head"), tr(lang, "reg.resend.sent"), true
	default:
		p.Heading, p.Text = tr(lang, "reg.resend.heading"), tr(lang, "reg.resend.text")
	}
	title := p.Heading
	if !p.Sent {
		title = orgTitle(lang, title, f.webForm)
	}
	c.Status(status)
	return s.render(c, "participant/resend", page{Title: title, Data: p})
}

// GET /events/:id/register/resend
func (s *server) regResendForm(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	return s.regRenderResend(c, fiber.StatusOK, ev, regResendAsk, "", nil)
}

// regResendInput is the body of both resend routes.
type regResendInput struct {
	Email string `json:"email" form:"email"`
}

func readResend(c *fiber.Ctx) (string, error) {
	if isForm(c) {
		vals, err := regFormValues(c)
		if err != nil || len(vals["email"]) == 0 {
			return "", err
		}
		return vals["email"][0], nil
	}
	var in regResendInput
	err := bind(c, &in)
	return in.Email, err
}

// POST /events/:id/register/resend: the same answer whether or not the address is
// registered. Only an address that cannot be one is sent back, with a message.
func (s *server) regResend(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	email, err := readResend(c)
	if err != nil {
		return err
	}
	lang := language(c)
	if !regEmailOK(email) {
		return s.regRenderResend(c, fiber.StatusUnprocessableEntity, ev, regResendAsk, email, map[string]string{"email": tr(lang, "reg.err.email")})
	}
	if err := s.regs.ResendManageLink(c.UserContext(), ev.ID, email); err != nil {
		return err
	}
	return s.regRenderResend(c, fiber.StatusOK, ev, regResendSent, "", nil)
}

// --- privacy notice -----------------------------------------------------------------

type regPrivacyPage struct {
	Retention string
	Organiser string // with ?event=: who arranges that event
	EventURL  string
	// Controller and Contact: with ?event=, the data controller (the arranging
	// organisation) and how to reach it (GDPR Art. 13).
	Controller string
	Contact    []contactRow
}

// GET /privacy
func (s *server) regPrivacy(c *fiber.Ctx) error {
	lang := language(c)
	p := regPrivacyPage{Retention: fmt.Sprintf(tr(lang, "reg.privacy.retention"), s.cfg.RetentionDays)}
	if id := c.Query("event"); id != "" {
		if ev, err := s.visibleEvent(c, id); err == nil {
			if org, err := s.events.Organisation(c.UserContext(), ev.OrgID); err == nil {
				p.Organiser = fmt.Sprintf(tr(lang, "reg.privacy.organiser"), ev.Title.In(lang), org.Name)
				p.EventURL = regEventPath(ev.ID)
				p.Controller, p.Contact = org.Name, contactRows(ev, org, lang)
			}
		}
	}
	return s.render(c, "participant/privacy", page{Title: tr(lang, "reg.privacy.title"), Data: p})
}
