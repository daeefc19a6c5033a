package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
)

// Visit records of a municipality (municipal/visits.go): the form after a dialogue or
// leadership visit, agreed actions added later, and actions marked done or reopened.

// visitActionRows is how many action rows the visit form offers; more are added on the
// municipality page afterwards.
const visitActionRows = 3

type visitForm struct {
	webForm
	In      municipal.VisitInput
	Events  []webOption // the municipality's events, to link the record to
	Editing bool        // a record's edit form: no event choice, actions on the municipality's page
}

func (f visitForm) Field(name string) webField {
	switch name {
	case "kind":
		var opts []webOption
		for _, k := range municipal.VisitKinds {
			opts = append(opts, webOption{Value: k, Label: tr(f.Lang, "visit.kind."+k)})
		}
		return required(f.group("radios", name, "visit.f.kind", opts, f.In.Kind))
	case "date":
		return required(f.input("date", name, "visit.f.date", f.In.Date))
	case "event_id":
		opts := append([]webOption{{Value: "", Label: tr(f.Lang, "visit.f.event.none")}}, f.Events...)
		return f.selectOne(name, "visit.f.event", f.In.EventID, opts)
	case "people":
		return required(f.textarea(name, "visit.f.people", f.In.PeopleText, 5))
	case "notes":
		return f.textarea(name, "mun.f.notes", f.In.Notes, 5)
	case "next_contact":
		return f.input("date", name, "visit.f.next_contact", f.In.NextContact)
	}
	if strings.HasPrefix(name, "actions.") { // actions.<i>.what|who|due
		parts := strings.Split(name, ".")
		var i int
		fmt.Sscan(parts[1], &i)
		var a municipal.ActionInput
		if i < len(f.In.Actions) {
			a = f.In.Actions[i]
		}
		switch parts[2] {
		case "what":
			return f.input("text", name, "mun.f.what", a.What)
		case "who":
			return f.input("text", name, "mun.f.who", a.Who)
		case "due":
			return f.input("date", name, "mun.f.due", a.Due)
		}
	}
	panic("visit form has no field " + name)
}

func (f visitForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f visitForm) Topics() []webField                { return topicFields(f.webForm, "topics", f.In.Topics) }

// ActionRows are the names of each action row's fields.
func (f visitForm) ActionRows() [][]string {
	if f.Editing {
		return nil
	}
	out := make([][]string, visitActionRows)
	for i := range out {
		p := fmt.Sprintf("actions.%d.", i)
		out[i] = []string{p + "what", p + "who", p + "due"}
	}
	return out
}

func (f visitForm) order() []string {
	names := []string{"kind", "date", "event_id", "people", "topics", "notes", "next_contact"}
	for _, row := range f.ActionRows() {
		names = append(names, row...)
	}
	return names
}

func (f visitForm) Summary() webSummary {
	return f.summary(func(name string) webField {
		if name == "topics" {
			return f.Topics()[0]
		}
		return f.Field(name)
	}, f.order())
}

type visitPage struct {
	Org  events.Organisation
	Name string
	Form visitForm
	Back string
}

// munEvents are the organisation's events held in the municipality, newest first, as options.
func (s *server) munEvents(c *fiber.Ctx, org events.Organisation, name string) ([]events.Event, error) {
	page, err := s.events.ListEvents(c.UserContext(), events.EventFilter{OrgIDs: []string{org.ID}, Municipality: name, Limit: 200})
	if err != nil {
		return nil, err
	}
	out := page.Events
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

func (s *server) renderVisitForm(c *fiber.Ctx, status int, org events.Organisation, code string, f *visitForm) error {
	m, err := municipal.InCounty(org.County, code)
	if err != nil {
		return err
	}
	lang := language(c)
	evs, err := s.munEvents(c, org, m.Name)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		f.Events = append(f.Events, webOption{Value: ev.ID, Label: ev.Title.In(lang) + " (" + orgDate(ev.Start, lang) + ")"})
	}
	back := orgMunicipalitiesPath(org.ID) + "/" + code
	noStore(c)
	return s.orgRender(c, status, "organiser/visit", orgTitle(lang, tr(lang, "visit.title", m.Name), f.webForm),
		visitPage{Org: org, Name: m.Name, Form: *f, Back: back})
}

// GET .../municipalities/:code/visits/new[?event=]
func (s *server) orgVisitNew(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	lang := language(c)
	f := visitForm{webForm: newWebForm(lang, orgMunicipalitiesPath(org.ID)+"/"+code+"/visits"),
		In: municipal.VisitInput{Kind: municipal.VisitDialogue, Date: s.now().In(events.Stockholm).Format(time.DateOnly)}}
	if id := c.Query("event"); id != "" {
		if ev, err := s.events.Event(c.UserContext(), id); err == nil && ev.OrgID == org.ID {
			f.In.EventID, f.In.Date = ev.ID, ev.Start.In(events.Stockholm).Format(time.DateOnly)
			f.In.Topics = municipal.TopicsOfAreas(ev.TargetAreas, ev.PriorityAreas)
		}
	}
	return s.renderVisitForm(c, fiber.StatusOK, org, code, &f)
}

// readVisit reads the visit form or JSON.
func readVisit(c *fiber.Ctx) (municipal.VisitInput, error) {
	var in municipal.VisitInput
	if err := bind(c, &in); err != nil {
		return in, err
	}
	if isForm(c) {
		in.Actions = nil
		for i := range visitActionRows {
			p := fmt.Sprintf("actions.%d.", i)
			in.Actions = append(in.Actions, municipal.ActionInput{What: c.FormValue(p + "what"), Who: c.FormValue(p + "who"), Due: c.FormValue(p + "due")})
		}
	}
	return in, nil
}

// POST .../municipalities/:code/visits
func (s *server) orgVisitRecord(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	in, err := readVisit(c)
	if err != nil {
		return err
	}
	var vi municipal.Visit
	var actions []municipal.Action
	if in.EventID != "" && !s.ownEvent(c, org, in.EventID) {
		// Never linked across organisations; the form comes back without the event.
		var v events.ValidationError
		v.Add("event_id", "visit.err.event")
		err, in.EventID = v.Err(), ""
	} else {
		vi, actions, err = s.municipal.RecordVisit(c.UserContext(), org.ID, code, in, organiserActor(c))
	}
	if isForm(c) {
		f := visitForm{webForm: newWebForm(language(c), orgMunicipalitiesPath(org.ID)+"/"+code+"/visits"), In: in}
		if errors.Is(err, municipal.ErrRecorded) {
			f.Errors["event_id"] = tr(f.Lang, "err.visit_recorded")
			return s.renderVisitForm(c, fiber.StatusConflict, org, code, &f)
		}
		if formInvalid(err, &f.webForm) {
			return s.renderVisitForm(c, fiber.StatusUnprocessableEntity, org, code, &f)
		}
		if err != nil {
			return err
		}
		return c.Redirect(orgMunicipalitiesPath(org.ID)+"/"+code+"?notice=visit-recorded#mun-visits", fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	if actions == nil {
		actions = []municipal.Action{}
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"visit": vi, "actions": actions})
}

// POST .../municipalities/:code/actions {what, who, due, visit_id}
func (s *server) orgActionAdd(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	var in struct {
		municipal.ActionInput
		VisitID string `json:"visit_id" form:"visit_id"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	a, err := s.municipal.AddAction(c.UserContext(), org.ID, code, in.VisitID, in.ActionInput, organiserActor(c))
	if isForm(c) {
		f := orgMunForm{webForm: newWebForm(language(c), orgMunicipalitiesPath(org.ID)+"/"+code+"/actions"),
			In: map[string]string{"what": in.What, "who": in.Who, "due": in.Due}}
		if formInvalid(err, &f.webForm) {
			return s.munInvalid(c, munForms{action: &f})
		}
	}
	if err != nil {
		return err
	}
	return s.munDone(c, org, code, "saved", a)
}

// POST .../municipalities/:code/actions/:aid/done and .../reopen
func (s *server) orgActionDone(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	if strings.HasSuffix(c.Path(), "/reopen") {
		err = s.municipal.ActionReopen(c.UserContext(), org.ID, code, c.Params("aid"))
	} else {
		err = s.municipal.ActionDone(c.UserContext(), org.ID, code, c.Params("aid"), organiserActor(c))
	}
	if err != nil {
		return err
	}
	if !isForm(c) {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(orgMunicipalitiesPath(org.ID)+"/"+code+"?notice=saved#mun-actions", fiber.StatusSeeOther)
}

// RowNumbers are the action rows numbered from 1, for their legends.
func (f visitForm) RowNumbers() []int {
	out := make([]int, visitActionRows)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// GET .../municipalities/:code/visits/:vid/edit
func (s *server) orgVisitEdit(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	v, err := s.municipal.VisitOf(c.UserContext(), org.ID, code, c.Params("vid"))
	if err != nil {
		return err
	}
	f := visitForm{webForm: newWebForm(language(c), orgMunicipalitiesPath(org.ID)+"/"+code+"/visits/"+v.ID), Editing: true,
		In: municipal.VisitInput{Kind: v.Kind, Date: v.Date, PeopleText: municipal.PeopleText(v.People), Topics: v.Topics, Notes: v.Notes, NextContact: v.NextContact}}
	return s.renderVisitForm(c, fiber.StatusOK, org, code, &f)
}

// POST .../municipalities/:code/visits/:vid (PUT on the API)
func (s *server) orgVisitUpdate(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	in, err := readVisit(c)
	if err != nil {
		return err
	}
	v, err := s.municipal.UpdateVisit(c.UserContext(), org.ID, code, c.Params("vid"), in, organiserActor(c))
	if isForm(c) {
		f := visitForm{webForm: newWebForm(language(c), orgMunicipalitiesPath(org.ID)+"/"+code+"/visits/"+c.Params("vid")), In: in, Editing: true}
		if formInvalid(err, &f.webForm) {
			return s.renderVisitForm(c, fiber.StatusUnprocessableEntity, org, code, &f)
		}
		if err != nil {
			return err
		}
		return c.Redirect(orgMunicipalitiesPath(org.ID)+"/"+code+"?notice=saved#mun-visits", fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"visit": v})
}

// ownEvent reports whether id is an event of the organisation.
func (s *server) ownEvent(c *fiber.Ctx, org events.Organisation, id string) bool {
	ev, err := s.events.Event(c.UserContext(), id)
	return err == nil && ev.OrgID == org.ID
}
