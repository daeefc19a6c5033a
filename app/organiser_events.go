package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

// Organiser pages for one event: create, overview (details, status, agenda), edit,
// publish/unpublish/cancel, delete.

type orgEventFormPage struct {
	Heading string
	Org     events.Organisation // the arranging organisation, once known
	Form    orgEventForm
	BackURL string
}

func (s *server) orgNewEvent(c *fiber.Ctx) error {
	f := orgEventForm{webForm: newWebForm(language(c), orgRoot+"/events")}
	f.In.Mode = string(events.ModeOnSite)
	f.In.ReminderDays = events.Event{}.ReminderDaysText() // the defaults
	return s.renderNewEventForm(c, c.Query("org"), f)
}

func (s *server) orgCreateEvent(c *fiber.Ctx) error {
	f := orgEventForm{webForm: newWebForm(language(c), orgRoot+"/events")}
	if err := bindForm(c, &f.In, &f.webForm, orgDetailsNumeric...); err != nil {
		return err
	}
	orgID, err := s.formOrganisation(c, &f.webForm)
	if err != nil {
		return err
	}
	if orgID == "" {
		return s.renderNewEventForm(c, "", f)
	}
	ev, err := s.events.CreateEvent(c.UserContext(), orgID, f.In)
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgEventPath(ev.ID), "event-created")
	}
	return s.renderNewEventForm(c, orgID, f)
}

// renderNewEventForm shows the create form for organisation orgID, or with a choice of
// organisation when orgID is empty (e.g. after the language switch dropped ?org=).
func (s *server) renderNewEventForm(c *fiber.Ctx, orgID string, f orgEventForm) error {
	data := orgEventFormPage{Heading: tr(f.Lang, "org.event.new"), BackURL: orgRoot + "/"}
	org, ok, err := s.pickOrganisation(c, orgID, &f.orgPick)
	if err != nil {
		return err
	}
	if !ok {
		return newOrganisationFirst(c)
	}
	data.Org, data.Form = org, f
	return s.orgRender(c, formStatus(f.webForm), "organiser/event_form", orgTitle(f.Lang, data.Heading, f.webForm), data)
}

func (s *server) orgEditEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled
	}
	f := orgEventForm{webForm: newWebForm(language(c), orgEventPath(ev.ID)), EventID: ev.ID, In: eventInputOf(ev)}
	return s.renderEditEventForm(c, ev, f)
}

func (s *server) orgUpdateEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f := orgEventForm{webForm: newWebForm(language(c), orgEventPath(ev.ID)), EventID: ev.ID}
	if err := bindForm(c, &f.In, &f.webForm, orgDetailsNumeric...); err != nil {
		return err
	}
	updated, err := s.updateEvent(c, ev, f.In)
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return s.afterChange(c, ev, updated, "event-saved")
	}
	return s.renderEditEventForm(c, ev, f)
}

func (s *server) renderEditEventForm(c *fiber.Ctx, ev events.Event, f orgEventForm) error {
	org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
	if err != nil {
		return err
	}
	data := orgEventFormPage{Heading: tr(f.Lang, "org.event.edit"), Org: org, Form: f, BackURL: orgEventPath(ev.ID)}
	return s.orgRender(c, formStatus(f.webForm), "organiser/event_form", orgTitle(f.Lang, data.Heading, f.webForm), data)
}

// --- overview -------------------------------------------------------------------

type orgEventPage struct {
	Notice     string
	Event      events.Event
	Org        events.Organisation
	Path       string // the organiser page of the event
	PublicPath string
	Agenda     []agendaDay
	Sessions   int
	Form       orgSessionForm // the "add session" form
	NextYear   string         // the duplicate form's suggested first day
	CopyFrom   []webOption    // events whose programme may be copied here
}

// Editable tells whether the event can still be changed (cancelling is final).
func (p orgEventPage) Editable() bool { return p.Event.Status != events.StatusCancelled }

func (s *server) orgEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	return s.renderEventPage(c, ev, nil)
}

// newSessionForm is the empty "add session" form, its times prefilled: one hour from
// where the agenda so far ends (or from the event's start), within the event.
func newSessionForm(lang string, ev events.Event, sessions []events.Session) orgSessionForm {
	f := orgSessionForm{webForm: newWebForm(lang, orgEventPath(ev.ID)+"/sessions"), EventID: ev.ID}
	start := ev.Start
	for _, se := range sessions {
		if se.End.After(start) {
			start = se.End
		}
	}
	if !start.Before(ev.End) {
		start = ev.Start
	}
	end := start.Add(time.Hour)
	if end.After(ev.End) {
		end = ev.End
	}
	f.In.Start, f.In.End = orgLocalInput(start), orgLocalInput(end)
	f.In.Kind = string(events.KindPlenary)
	return f
}

// renderEventPage shows the overview; f is the "add session" form being shown again
// with its problems, or nil for an empty one.
func (s *server) renderEventPage(c *fiber.Ctx, ev events.Event, f *orgSessionForm) error {
	lang := language(c)
	org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	if f == nil {
		fresh := newSessionForm(lang, ev, sessions)
		f = &fresh
	}
	data := orgEventPage{
		Notice: orgNotice(c), Event: ev, Org: org, Path: orgEventPath(ev.ID), PublicPath: "/events/" + ev.ID,
		Agenda: groupAgenda(sessions, lang, orgDate), Sessions: len(sessions), Form: *f,
		NextYear: ev.Start.AddDate(1, 0, 0).Format(time.DateOnly),
	}
	if data.CopyFrom, err = s.copySources(c, ev); err != nil {
		return err
	}
	return s.orgRender(c, formStatus(f.webForm), "organiser/event", orgTitle(lang, ev.Title.In(lang), f.webForm), data)
}

// --- status and deletion --------------------------------------------------------

type orgStatusInput struct {
	Status  string `form:"status"`
	Confirm string `form:"confirm"`
}

// orgConfirmPage is the second step of cancelling or deleting: no JavaScript needed.
type orgConfirmPage struct {
	Heading, Text, Button string
	Action                string
	Hidden                [][2]string
	Event                 events.Event
	BackURL               string
}

func (s *server) orgSetStatus(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in orgStatusInput
	if err := bind(c, &in); err != nil {
		return err
	}
	status := events.Status(in.Status)
	auditDetail(c, string(status))
	if status == events.StatusCancelled && in.Confirm != "yes" && ev.Status != events.StatusCancelled {
		return s.renderConfirm(c, ev, "cancel", orgEventPath(ev.ID)+"/status", [][2]string{{"status", string(status)}})
	}
	updated, err := s.events.SetStatus(c.UserContext(), ev.ID, status)
	if err != nil {
		return err
	}
	notice := map[events.Status]string{events.StatusPublished: "published", events.StatusDraft: "unpublished",
		events.StatusCancelled: "cancelled"}[status]
	return s.afterChange(c, ev, updated, notice)
}

func (s *server) orgDeleteEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in orgStatusInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if ev.Status != events.StatusDraft {
		return events.ErrNotDraft
	}
	if in.Confirm != "yes" {
		return s.renderConfirm(c, ev, "delete", orgEventPath(ev.ID)+"/delete", nil)
	}
	if err := s.events.DeleteEvent(c.UserContext(), ev.ID); err != nil {
		return err
	}
	return orgDone(c, orgRoot+"/", "event-deleted")
}

func (s *server) renderConfirm(c *fiber.Ctx, ev events.Event, what, action string, hidden [][2]string) error {
	lang := language(c)
	data := orgConfirmPage{
		Heading: tr(lang, "org.confirm."+what+".heading"),
		Text:    tr(lang, "org.confirm."+what+".text"),
		Button:  tr(lang, "org.confirm."+what+".button"),
		Action:  action,
		Hidden:  append(hidden, [2]string{"confirm", "yes"}),
		Event:   ev,
		BackURL: orgEventPath(ev.ID),
	}
	return s.orgRender(c, fiber.StatusOK, "organiser/confirm", data.Heading, data)
}

// VisitPath is where the organiser records a dialogue visit held in a municipality of
// the organisation's county ("" for other events).
func (p orgEventPage) VisitPath() string {
	m, ok := events.LookupMunicipality(p.Event.Municipality)
	if p.Event.Type != events.TypeDialogueVisit || !ok || m.County != p.Org.County {
		return ""
	}
	return orgMunicipalitiesPath(p.Org.ID) + "/" + m.Code + "/visits/new?event=" + p.Event.ID
}

// MunicipalityPath is the organiser page of the event's municipality, if it is in the county.
func (p orgEventPage) MunicipalityPath() string {
	m, ok := events.LookupMunicipality(p.Event.Municipality)
	if !ok || m.County != p.Org.County {
		return ""
	}
	return orgMunicipalitiesPath(p.Org.ID) + "/" + m.Code
}
