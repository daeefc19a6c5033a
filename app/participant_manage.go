package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The participant's manage link, /manage/:rid/:token: the registration's status and
// details, a form to change them and the workshop choices, and a form to cancel. The
// token is the only key, so a wrong one is simply "not found", and the pages are
// neither cached, indexed nor named in Referer headers (privateHeaders).

func regManagePath(id, token string) string {
	return "/manage/" + url.PathEscape(id) + "/" + url.PathEscape(token)
}

var errRegLocked = apiError{http.StatusConflict, "registration_locked",
	"err.registration_locked"}

// regManageNotices are the confirmations ?notice= may name.
var regManageNotices = map[string]string{"saved": "reg.manage.notice.saved", "cancelled": "reg.manage.notice.cancelled",
	"mode": "reg.manage.notice.mode", "evaluated": "eval.notice.thanks"}

type regDetail struct {
	Label, Value, Note string
}

type regWorkshopRow struct {
	Title, When, Room, State string
	Confirmed                bool
}

type regManagePage struct {
	R                      registration.Registration
	Event                  events.Event
	Org                    events.Organisation
	Base                   string // the manage path
	StatusLabel            string
	StatusText             string
	StatusClass            string // the registration's status, or "cancelled" when the event is
	Welcome, WelcomeMore   string
	Notice                 string
	When, Where, ModeLabel string
	OnlineURL              string
	ProgrammeURL, ICSURL   string
	EventURL               string
	Details                []regDetail
	Workshops              []regWorkshopRow
	Editable               bool
	Locked                 string // why a registration that is not cancelled can no longer be changed
	FollowUpURL            string // after the event: the organiser's evaluation
	CertificateURL         string // once attendance is recorded: the attendance certificate
	EvaluationURL          string // after the event, until answered: the evaluation
	Evaluated              bool   // the person has answered the evaluation
	Form                   regForm
	Cancel                 regConfirmForm
	// Mode switches between on site and digital (participant_mode.go); ModeSwitch: offered.
	Mode       regModeForm
	ModeSwitch bool
}

// Summary is the error summary of whichever form was sent with problems.
func (p regManagePage) Summary() webSummary {
	if p.Cancel.HasErrors() {
		return p.Cancel.Summary()
	}
	if p.Mode.HasErrors() {
		return p.Mode.Summary()
	}
	return p.Form.Summary()
}

// regLoad finds the registration of the link and its event; the page then speaks the
// language the person registered in unless they chose another one here.
func (s *server) regLoad(c *fiber.Ctx) (registration.Registration, events.Event, error) {
	r, err := s.regs.ByToken(c.UserContext(), c.Params("rid"), c.Params("token"))
	if err != nil {
		return registration.Registration{}, events.Event{}, err
	}
	if l := c.Query("lang"); l != langSV && l != langEN && c.Cookies("lang") == "" {
		c.Locals("lang", r.Lang)
	}
	ev, err := s.events.Event(c.UserContext(), r.EventID)
	if err != nil {
		return registration.Registration{}, events.Event{}, err
	}
	return r, ev, nil
}

// regEditable: a registration can be changed or cancelled here until the event starts.
func (s *server) regEditable(r registration.Registration, ev events.Event) bool {
	return r.Status != registration.StatusCancelled && ev.Status == events.StatusPublished && s.now().Before(ev.Start)
}

// GET /manage/:rid/:token
func (s *server) regManage(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	return s.regRenderManage(c, fiber.StatusOK, r, ev, nil, nil)
}

// regRenderManage draws the manage page; form and cancel, when given, are forms sent
// with problems, shown again as typed.
func (s *server) regRenderManage(c *fiber.Ctx, status int, r registration.Registration, ev events.Event, form *regForm, cancel *regConfirmForm) error {
	return s.regRenderManageWith(c, status, r, ev, form, cancel, nil)
}

// regRenderManageWith is regRenderManage with the mode switch sent with problems.
func (s *server) regRenderManageWith(c *fiber.Ctx, status int, r registration.Registration, ev events.Event, form *regForm, cancel *regConfirmForm, mode *regModeForm) error {
	ctx, lang := c.UserContext(), language(c)
	org, err := s.events.Organisation(ctx, ev.OrgID)
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return err
	}
	position, err := s.regs.Position(ctx, r)
	if err != nil {
		return err
	}
	base := regManagePath(r.ID, c.Params("token"))
	p := regManagePage{
		R: r, Event: ev, Org: org, Base: base,
		StatusLabel:  registration.StatusLabels[r.Status].In(lang),
		When:         events.When(ev.Start, ev.End, lang),
		Where:        events.Place(ev, lang),
		ModeLabel:    events.ModeLabels[r.Mode].In(lang),
		EventURL:     regEventPath(ev.ID) + "?lang=" + lang,
		ProgrammeURL: regEventPath(ev.ID) + "/programme.pdf?lang=" + lang,
		ICSURL:       regEventPath(ev.ID) + "/event.ics?lang=" + lang,
		Editable:     s.regEditable(r, ev),
	}
	switch r.Status {
	case registration.StatusConfirmed:
		p.StatusText = tr(lang, "reg.manage.status.confirmed")
		if r.Mode == events.ModeDigital && ev.Status == events.StatusPublished {
			p.OnlineURL = ev.OnlineURL
		}
	case registration.StatusWaiting:
		p.StatusText = fmt.Sprintf(tr(lang, "reg.manage.position"), position)
	case registration.StatusCancelled:
		p.StatusText = tr(lang, "reg.manage.status.cancelled")
	}
	p.StatusClass = string(r.Status)
	if ev.Status == events.StatusCancelled {
		// One status on the page: the event's cancellation says all there is to say.
		p.StatusClass, p.StatusLabel = "cancelled", tr(lang, "reg.manage.event_cancelled.label")
		p.StatusText, p.OnlineURL = tr(lang, "reg.manage.event_cancelled"), ""
	}
	if c.Query("welcome") == "1" {
		switch r.Status {
		case registration.StatusConfirmed:
			p.Welcome = tr(lang, "reg.manage.welcome.ok")
			p.WelcomeMore = fmt.Sprintf(tr(lang, "reg.manage.welcome.ok.more"), r.Email)
		case registration.StatusWaiting:
			p.Welcome = fmt.Sprintf(tr(lang, "reg.manage.welcome.wait"), position)
			p.WelcomeMore = fmt.Sprintf(tr(lang, "reg.manage.welcome.wait.more"), r.Email)
		}
	}
	if key, ok := regManageNotices[c.Query("notice")]; ok {
		p.Notice = tr(lang, key)
	}
	if !p.Editable && r.Status != registration.StatusCancelled {
		p.Locked = tr(lang, "reg.manage.locked")
	}
	if r.Status != registration.StatusCancelled && ev.Status == events.StatusPublished && !s.now().Before(ev.End) {
		p.FollowUpURL = ev.FollowUpURL
	}
	if days, err := s.certificateDays(c, ev, r); err != nil {
		return err
	} else if len(days) > 0 {
		p.CertificateURL = base + "/certificate.pdf"
	}
	if st, err := s.evaluationFor(c, ev, r); err != nil {
		return err
	} else if st.Open {
		p.EvaluationURL = base + "/evaluation"
	} else {
		p.Evaluated = st.Answered
	}
	p.Details = regDetails(r, ev, lang)
	p.Workshops = regWorkshopRows(r, sessions, lang)

	if form != nil {
		p.Form = *form
	} else {
		p.Form = regEditForm(lang, base, ev, r, sessions, regInputOf(r))
	}
	if cancel != nil {
		p.Cancel = *cancel
	} else {
		p.Cancel = regCancelForm(lang, base+"/cancel")
	}
	if p.ModeSwitch = p.Editable && ev.Mode == events.ModeHybrid; mode != nil {
		p.Mode = *mode
	} else if p.ModeSwitch {
		if p.Mode, err = s.regNewModeForm(c, r, ev); err != nil {
			return err
		}
	}
	title := tr(lang, "reg.manage.title") + ": " + ev.Title.In(lang)
	if p.Form.HasErrors() || p.Cancel.HasErrors() || p.Mode.HasErrors() {
		title = tr(lang, "org.title.error") + " " + title
	}
	c.Status(status)
	return s.render(c, "participant/manage", page{Title: title, Data: p})
}

// regEditForm is the manage page's form: workshops only for those who come on site.
func regEditForm(lang, base string, ev events.Event, r registration.Registration, sessions []events.Session, in registration.Input) regForm {
	f := newRegForm(lang, base, ev, sessions, in)
	f.Edit = true
	f.Workshops = r.Mode == events.ModeOnSite && f.Workshops
	return f
}

func regDetails(r registration.Registration, ev events.Event, lang string) []regDetail {
	yes := map[bool]string{true: tr(lang, "reg.manage.yes"), false: tr(lang, "reg.manage.no")}
	orNone := func(s string) string {
		if s == "" {
			return tr(lang, "reg.manage.none")
		}
		return s
	}
	place := r.Municipality
	if r.County != "" {
		place += " (" + r.County + ")"
	}
	gender := ""
	if r.Gender != "" {
		gender = registration.LabelOf(registration.Genders, r.Gender, lang)
	}
	out := []regDetail{
		{Label: tr(lang, "reg.manage.name"), Value: r.FullName()},
		{Label: tr(lang, "reg.manage.email"), Value: r.Email, Note: tr(lang, "reg.manage.email.note")},
		{Label: tr(lang, "reg.f.organisation"), Value: r.Organisation},
		{Label: tr(lang, "reg.f.org_type"), Value: registration.LabelOf(registration.OrgTypes, r.OrgType, lang)},
		{Label: tr(lang, "reg.f.municipality"), Value: place},
		{Label: tr(lang, "reg.f.role"), Value: orNone(r.Role)},
	}
	if ev.Mode == events.ModeHybrid {
		out = append(out, regDetail{Label: tr(lang, "reg.manage.mode"), Value: events.ModeLabels[r.Mode].In(lang)})
	}
	out = append(out, answerRows(ev.Questions, r, lang)...)
	return append(out,
		regDetail{Label: tr(lang, "reg.f.diet"), Value: orNone(r.Diet)},
		regDetail{Label: tr(lang, "reg.f.accessibility"), Value: orNone(r.Accessibility)},
		regDetail{Label: tr(lang, "reg.f.gender"), Value: orNone(gender)},
		regDetail{Label: tr(lang, "reg.manage.list"), Value: yes[r.ListConsent]},
		regDetail{Label: tr(lang, "reg.manage.waitlist"), Value: yes[r.WaitlistOK]},
	)
}

func regWorkshopRows(r registration.Registration, sessions []events.Session, lang string) []regWorkshopRow {
	var out []regWorkshopRow
	for _, w := range r.Workshops {
		for _, se := range sessions {
			if se.ID != w.SessionID {
				continue
			}
			row := regWorkshopRow{
				Title: se.Title.In(lang), Room: se.Room,
				When: fmt.Sprintf("%s, %s–%s", events.LongDate(se.Start, lang), events.Clock(se.Start), events.Clock(se.End)),
			}
			switch {
			case r.Status == registration.StatusWaiting:
				row.State = tr(lang, "reg.manage.ws.pending")
			case w.Status == registration.StatusConfirmed:
				row.State, row.Confirmed = tr(lang, "reg.manage.ws.confirmed"), true
			default:
				row.State = tr(lang, "reg.manage.ws.waiting")
			}
			out = append(out, row)
		}
	}
	return out
}

// regLoadEditable is regLoad for a change: refused once cancelled or locked.
func (s *server) regLoadEditable(c *fiber.Ctx) (registration.Registration, events.Event, error) {
	r, ev, err := s.regLoad(c)
	switch {
	case err != nil:
		return registration.Registration{}, events.Event{}, err
	case r.Status == registration.StatusCancelled:
		return registration.Registration{}, events.Event{}, registration.ErrCancelled
	case !s.regEditable(r, ev):
		return registration.Registration{}, events.Event{}, errRegLocked
	}
	return r, ev, nil
}

// POST /manage/:rid/:token: change details and workshop choices.
func (s *server) regManageUpdate(c *fiber.Ctx) error {
	r, ev, err := s.regLoadEditable(c)
	if err != nil {
		return err
	}
	in, err := readRegistration(c)
	if err != nil {
		return err
	}
	_, err = s.regs.Update(c.UserContext(), r.ID, c.Params("token"), in)
	base := regManagePath(r.ID, c.Params("token"))
	if err == nil {
		return c.Redirect(base+"?notice=saved", fiber.StatusSeeOther)
	}
	var ve *events.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	sessions, serr := s.events.Sessions(c.UserContext(), ev.ID)
	if serr != nil {
		return serr
	}
	lang := language(c)
	f := regEditForm(lang, base, ev, r, sessions, in)
	for k, msg := range ve.FieldMessages(lang) {
		f.Errors[k] = msg
	}
	return s.regRenderManage(c, fiber.StatusUnprocessableEntity, r, ev, &f, nil)
}

// regCancelInput is the cancel form: one box that must be ticked.
type regCancelInput struct {
	Confirm bool `json:"confirm" form:"confirm"`
}

// POST /manage/:rid/:token/cancel
func (s *server) regManageCancel(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	base := regManagePath(r.ID, c.Params("token"))
	if r.Status == registration.StatusCancelled {
		return c.Redirect(base+"?notice=cancelled", fiber.StatusSeeOther)
	}
	if !s.regEditable(r, ev) {
		return errRegLocked
	}
	var in regCancelInput
	if isForm(c) {
		vals, err := regFormValues(c)
		if err != nil {
			return err
		}
		in.Confirm = formValue(vals, "confirm") != ""
	} else if err := bind(c, &in); err != nil {
		return err
	}
	if !in.Confirm {
		lang := language(c)
		f := regCancelForm(lang, base+"/cancel")
		f.Errors["confirm"] = tr(lang, "reg.err.confirm")
		return s.regRenderManage(c, fiber.StatusUnprocessableEntity, r, ev, nil, &f)
	}
	if _, err := s.regs.Cancel(c.UserContext(), r.ID, c.Params("token")); err != nil {
		return err
	}
	return c.Redirect(base+"?notice=cancelled", fiber.StatusSeeOther)
}

// GET /manage/:rid/:token/cancel: the cancel form lives on the manage page (this
// address is only reached by switching language on a cancel form shown again).
func (s *server) regManageCancelPage(c *fiber.Ctx) error {
	if _, _, err := s.regLoad(c); err != nil {
		return err
	}
	target := regManagePath(c.Params("rid"), c.Params("token"))
	if l := c.Query("lang"); l == langSV || l == langEN {
		target += "?lang=" + l
	}
	return c.Redirect(target+"#cancel", fiber.StatusSeeOther)
}

// GET /manage/:rid/:token/badge.pdf: the participant's own badge, in the language of
// the manage page.
func (s *server) badgeParticipantPDF(c *fiber.Ctx) error {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return err
	}
	if !badgeable(r) || ev.Status == events.StatusCancelled {
		return errNoBadge
	}
	lang := language(c)
	doc, err := badges.SingleBadge(eventInfo(ev, lang), s.badgeFor(r), lang)
	if err != nil {
		return err
	}
	return sendPDF(c, doc, "namnbricka.pdf")
}
