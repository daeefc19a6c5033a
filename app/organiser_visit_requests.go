package app

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// The organisation's inbox of visit requests: the list (new first), one request with
// its answers, the answer form (mailed to the requester), and the one click that turns
// a request into an invite-only dialogue visit with the municipality's contacts
// invited. JSON beside each.

func orgRequestsPath(orgID string) string {
	return orgRoot + "/organisations/" + orgID + "/visit-requests"
}

type requestsPage struct {
	Org      events.Organisation
	Requests []requestRow
	Status   string
	Filters  []webOption
	Path     string
}

type requestRow struct {
	municipal.RequestCase
	Received, KindLabel, StatusLabel string
	Topics                           []string
}

func requestRowOf(rc municipal.RequestCase, lang string) requestRow {
	r := requestRow{RequestCase: rc, Received: orgDate(rc.ReceivedAt, lang), KindLabel: tr(lang, "vreq.kind."+rc.Kind),
		StatusLabel: tr(lang, "vreq.status."+string(rc.Status))}
	for _, t := range rc.Topics {
		r.Topics = append(r.Topics, municipal.TopicLabel(t, lang))
	}
	return r
}

// GET /organiser/organisations/:org/visit-requests[?status=]
func (s *server) orgRequests(c *fiber.Ctx) error {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	all, err := s.municipal.Requests(c.UserContext(), org.ID)
	if err != nil {
		return err
	}
	status := c.Query("status")
	shown := []municipal.RequestCase{}
	for _, rc := range all {
		if status == "" || string(rc.Status) == status {
			shown = append(shown, rc)
		}
	}
	if isAPI(c) {
		noStore(c)
		return c.JSON(fiber.Map{"requests": shown})
	}
	lang := language(c)
	p := requestsPage{Org: org, Status: status, Path: orgRequestsPath(org.ID), Requests: []requestRow{}}
	p.Filters = append(p.Filters, webOption{Value: "", Label: tr(lang, "vreq.filter.all"), Checked: status == ""})
	for _, st := range []municipal.RequestStatus{municipal.RequestNew, municipal.RequestAnswered, municipal.RequestPlanned, municipal.RequestClosed} {
		p.Filters = append(p.Filters, webOption{Value: string(st), Label: tr(lang, "vreq.status."+string(st)), Checked: string(st) == status})
	}
	for _, rc := range shown {
		p.Requests = append(p.Requests, requestRowOf(rc, lang))
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/visit_requests", tr(lang, "vreq.inbox")+" – "+org.Name, p)
}

type requestPage struct {
	Org     events.Organisation
	R       requestRow
	Path    string
	Back    string
	MunPath string
	Notice  string
	Answer  orgMunForm
	Plan    planForm
	Answers []answerRow
}

type answerRow struct {
	municipal.Answer
	When string
}

// planForm makes the dialogue visit: when and where, and whom to invite.
type planForm struct {
	webForm
	In      planInput
	Invitee []webOption
}

type planInput struct {
	Date      string   `json:"date" form:"date"`
	StartTime string   `json:"start_time" form:"start_time"`
	EndTime   string   `json:"end_time" form:"end_time"`
	Venue     string   `json:"venue_name" form:"venue_name"`
	Address   string   `json:"venue_address" form:"venue_address"`
	Invite    []string `json:"invite" form:"invite"` // e-mail addresses, of the contacts and the requester
}

func (f planForm) Field(name string) webField {
	switch name {
	case "date":
		return required(f.input("date", name, "vreq.plan.date", f.In.Date))
	case "start_time":
		return required(f.input("time", name, "vreq.plan.start", f.In.StartTime))
	case "end_time":
		return required(f.input("time", name, "vreq.plan.end", f.In.EndTime))
	case "venue_name":
		return required(f.input("text", name, "vreq.plan.venue", f.In.Venue))
	case "venue_address":
		return f.input("text", name, "vreq.plan.address", f.In.Address)
	case "invite":
		return f.group("checkboxes", name, "vreq.plan.invite", f.Invitee, f.In.Invite...)
	}
	panic("plan form has no field " + name)
}

func (f planForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f planForm) Summary() webSummary {
	return f.summary(f.Field, []string{"date", "start_time", "end_time", "venue_name", "venue_address", "invite"})
}

// requestCase reads the request of the path, in the organisation's scope.
func (s *server) requestCase(c *fiber.Ctx) (events.Organisation, municipal.RequestCase, error) {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return org, municipal.RequestCase{}, err
	}
	rc, err := s.municipal.RequestOf(c.UserContext(), org.ID, c.Params("rid"))
	return org, rc, err
}

// invitees are whom a dialogue visit for the request can invite: the requester and
// the municipality's contacts with an address, once each.
func (s *server) invitees(c *fiber.Ctx, org events.Organisation, rc municipal.RequestCase) ([]registration.Invitee, error) {
	var out []registration.Invitee
	seen := map[string]bool{}
	add := func(name, email, lang string) {
		if email != "" && !seen[email] {
			seen[email] = true
			out = append(out, registration.Invitee{Name: name, Email: email, Lang: lang})
		}
	}
	add(rc.Name, rc.Email, rc.Lang)
	contacts, err := s.municipal.ContactsOf(c.UserContext(), org.ID, rc.Code)
	if err != nil {
		return nil, err
	}
	for _, ct := range contacts {
		add(ct.Name, ct.Email, "sv")
	}
	return out, nil
}

// nextWorkday is the suggested day of a visit: four weeks on, moved off a weekend.
func nextWorkday(now time.Time) string {
	d := now.In(events.Stockholm).AddDate(0, 0, 28)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

func (s *server) renderRequest(c *fiber.Ctx, status int, org events.Organisation, rc municipal.RequestCase, answer *orgMunForm, plan *planForm) error {
	lang := language(c)
	path := orgRequestsPath(org.ID) + "/" + rc.ID
	p := requestPage{Org: org, R: requestRowOf(rc, lang), Path: path, Back: orgRequestsPath(org.ID),
		MunPath: orgMunicipalitiesPath(org.ID) + "/" + rc.Code,
		Answer:  orgMunForm{webForm: newWebForm(lang, path+"/answers"), In: map[string]string{}}}
	if key := c.Query("notice"); key == "answered" || key == "closed" || key == "reopened" {
		p.Notice = tr(lang, "vreq.notice."+key)
	}
	for _, a := range rc.Answers {
		p.Answers = append(p.Answers, answerRow{Answer: a, When: orgDateTime(a.At, lang)})
	}
	if answer != nil {
		p.Answer = *answer
	}
	people, err := s.invitees(c, org, rc)
	if err != nil {
		return err
	}
	p.Plan = planForm{webForm: newWebForm(lang, path+"/plan"), In: planInput{Date: nextWorkday(s.now()), StartTime: "09:00", EndTime: "11:00",
		Venue: tr(lang, "vreq.plan.venue.default")}}
	for _, pe := range people {
		p.Plan.Invitee = append(p.Plan.Invitee, webOption{Value: pe.Email, Label: pe.Name + " <" + pe.Email + ">"})
		p.Plan.In.Invite = append(p.Plan.In.Invite, pe.Email)
	}
	if plan != nil {
		plan.Invitee = p.Plan.Invitee
		p.Plan = *plan
	}
	noStore(c)
	return s.orgRender(c, status, "organiser/visit_request", rc.Label(lang)+" – "+org.Name, p)
}

// GET /organiser/organisations/:org/visit-requests/:rid
func (s *server) orgRequest(c *fiber.Ctx) error {
	org, rc, err := s.requestCase(c)
	if err != nil {
		return err
	}
	if isAPI(c) {
		noStore(c)
		return c.JSON(fiber.Map{"request": rc})
	}
	return s.renderRequest(c, fiber.StatusOK, org, rc, nil, nil)
}

// POST .../visit-requests/:rid/answers {text}
func (s *server) orgRequestAnswer(c *fiber.Ctx) error {
	org, rc, err := s.requestCase(c)
	if err != nil {
		return err
	}
	var in struct {
		Text string `json:"text" form:"text"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	a, err := s.municipal.AnswerRequest(c.UserContext(), org, rc, in.Text, organiserActor(c))
	if isForm(c) {
		f := orgMunForm{webForm: newWebForm(language(c), orgRequestsPath(org.ID)+"/"+rc.ID+"/answers"), In: map[string]string{"text": in.Text}}
		if formInvalid(err, &f.webForm) {
			return s.renderRequest(c, fiber.StatusUnprocessableEntity, org, rc, &f, nil)
		}
		if err != nil {
			return err
		}
		return c.Redirect(orgRequestsPath(org.ID)+"/"+rc.ID+"?notice=answered", fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"answer": a})
}

// POST .../visit-requests/:rid/close and .../reopen
func (s *server) orgRequestClose(c *fiber.Ctx) error {
	org, rc, err := s.requestCase(c)
	if err != nil {
		return err
	}
	notice := "closed"
	if strings.HasSuffix(c.Path(), "/reopen") {
		notice, err = "reopened", s.municipal.ReopenRequest(c.UserContext(), org.ID, rc.ID)
	} else {
		err = s.municipal.CloseRequest(c.UserContext(), org.ID, rc.ID, organiserActor(c))
	}
	if err != nil {
		return err
	}
	if !isForm(c) {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(orgRequestsPath(org.ID)+"/"+rc.ID+"?notice="+notice, fiber.StatusSeeOther)
}

// POST .../visit-requests/:rid/plan: the dialogue visit, made once for the request.
// It is published invite-only (not listed, registration by invitation code only) with
// the municipality set and the request's topics as its areas; each chosen person gets
// a personal code by mail, and the requester becomes a contact of the municipality.
func (s *server) orgRequestPlan(c *fiber.Ctx) error {
	org, rc, err := s.requestCase(c)
	if err != nil {
		return err
	}
	var in planInput
	if err := bind(c, &in); err != nil {
		return err
	}
	lang := language(c)
	ctx := c.UserContext()
	ei := events.EventInput{DetailsInput: events.DetailsInput{Type: string(events.TypeDialogueVisit),
		TitleSV: tr("sv", "vreq.plan.title", rc.Municipality), TitleEN: tr("en", "vreq.plan.title", rc.Municipality),
		DescriptionSV: tr("sv", "vreq.plan.description", rc.Label("sv")), DescriptionEN: tr("en", "vreq.plan.description", rc.Label("en")),
		Mode: string(events.ModeOnSite), VenueName: in.Venue, VenueAddress: in.Address, VenueCity: rc.Municipality,
		Visibility: string(events.VisibilityInviteOnly), Municipality: rc.Code, CapacityOnSite: 0},
		Start: strings.TrimSpace(in.Date) + "T" + strings.TrimSpace(in.StartTime), End: strings.TrimSpace(in.Date) + "T" + strings.TrimSpace(in.EndTime)}
	ei.TargetAreas, ei.PriorityAreas = municipal.AreasOf(rc.Topics)
	existing, err := s.municipal.ClaimPlanning(ctx, org.ID, rc.ID, organiserActor(c))
	if errors.Is(err, municipal.ErrPlanned) && existing != "" {
		// Planned before: finish what that request may have left undone (publishing,
		// invitations; each happens once), then show the event.
		return s.finishPlan(c, org, rc, existing, in, false)
	}
	if err != nil {
		return err
	}
	// The event is made as a draft and linked to the request before it is published,
	// so that a failure on the way leaves either nothing or a link a retry completes.
	ev, err := s.events.CreateEvent(ctx, org.ID, ei)
	if err == nil {
		if err = s.municipal.Planned(ctx, rc.ID, ev.ID); err != nil {
			_ = s.events.DeleteEvent(ctx, ev.ID)
		}
	}
	if err != nil {
		s.municipal.ReleasePlanning(ctx, rc.ID)
		if isForm(c) {
			f := planForm{webForm: newWebForm(lang, orgRequestsPath(org.ID)+"/"+rc.ID+"/plan"), In: in}
			if formInvalid(err, &f.webForm) {
				moveTimeErrors(&f.webForm)
				return s.renderRequest(c, fiber.StatusUnprocessableEntity, org, rc, nil, &f)
			}
		}
		return err
	}
	return s.finishPlan(c, org, rc, ev.ID, in, true)
}

// finishPlan publishes the request's dialogue visit if it is still a draft, makes the
// chosen people contacts and invites them (both at most once per person), and answers.
func (s *server) finishPlan(c *fiber.Ctx, org events.Organisation, rc municipal.RequestCase, eventID string, in planInput, made bool) error {
	ctx := c.UserContext()
	ev, err := s.events.Event(ctx, eventID)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled // nobody is invited to a visit called off
	}
	if ev.Status == events.StatusDraft {
		if ev, err = s.events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
			return err
		}
	}
	people, err := s.invitees(c, org, rc)
	if err != nil {
		return err
	}
	var chosen []registration.Invitee
	for _, p := range people {
		for _, e := range in.Invite {
			if strings.EqualFold(strings.TrimSpace(e), p.Email) {
				chosen = append(chosen, p)
			}
		}
	}
	for _, p := range chosen { // the requester becomes a contact; contacts invited stay current
		ci := municipal.ContactInput{Name: p.Name, Email: p.Email}
		if p.Email == rc.Email {
			ci.Role = rc.Role
		}
		if err := s.municipal.EnsureContact(ctx, org.ID, rc.Code, ci, organiserActor(c)); err != nil {
			return err
		}
	}
	codes, err := s.regs.Invite(ctx, ev, chosen)
	if err != nil {
		return err
	}
	if !isForm(c) {
		invited := []string{}
		for i, code := range codes {
			if code != "" {
				invited = append(invited, chosen[i].Email)
			}
		}
		status := fiber.StatusOK
		if made {
			status = fiber.StatusCreated
		}
		return c.Status(status).JSON(fiber.Map{"event": ev, "invited": invited})
	}
	if !made {
		return c.Redirect(orgEventPath(ev.ID), fiber.StatusSeeOther)
	}
	return c.Redirect(orgEventPath(ev.ID)+"?notice=visit-planned", fiber.StatusSeeOther)
}

// moveTimeErrors shows the event's time problems at the plan form's fields.
func moveTimeErrors(f *webForm) {
	for from, to := range map[string]string{"start": "start_time", "end": "end_time"} {
		if msg, ok := f.Errors[from]; ok {
			delete(f.Errors, from)
			f.Errors[to] = msg
		}
	}
}

// isAPI tells the JSON routes from the pages where one handler serves both.
func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }
