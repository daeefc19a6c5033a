package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/locale"
)

// The organisation's municipalities (municipal/): the county overview, one page per
// municipality with its path, phase, contacts and agreements, and the JSON. Reach this
// year comes from the follow-up report, with the same small-cell rule.

func orgMunicipalitiesPath(orgID string) string {
	return orgRoot + "/organisations/" + orgID + "/municipalities"
}

type munRow struct {
	municipal.Record
	StepLabel, PhaseLabel string
	Reached               followup.Cell
	Events                int // events of the year that reached someone from the municipality
	Open, Overdue         int // agreed actions not done, and of those past their day
	Latest                string
	LatestText            string
}

type munOverviewPage struct {
	Org      events.Organisation
	Rows     []munRow
	Shown    int
	MinCell  int
	Path     string
	Query    string // the filters and sort, for the exports
	Filters  munFilterForm
	Sorts    []munSortLink
	Actions  []munAction // every open action of the county, by the day due
	Requests int         // new requests in the inbox
	Inbox    string
}

// munAction is an action in words, with its municipality.
type munAction struct {
	municipal.Action
	Municipality, MunPath, DueText string
	Overdue                        bool
}

// munActions are the municipality's actions in words; munPath is its page.
func munActions(r munRow, munPath, today, lang string) []munAction {
	out := make([]munAction, len(r.Actions))
	for i, a := range r.Actions {
		out[i] = munAction{Action: a, Municipality: r.Name, MunPath: munPath, DueText: orgDay(a.Due, lang), Overdue: a.Overdue(today)}
	}
	return out
}

// munOverview reads the county's municipalities with their records and this year's reach.
func (s *server) munOverview(c *fiber.Ctx) (events.Organisation, []munRow, int, error) {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return events.Organisation{}, nil, 0, err
	}
	lang := language(c)
	records, err := s.municipal.Records(c.UserContext(), org.ID, org.County)
	if err != nil {
		return org, nil, 0, err
	}
	from, to := followup.Year(s.now())
	rep, err := s.followup.Report(c.UserContext(), org, followup.Filter{From: from, To: to}, lang, s.now())
	if err != nil {
		return org, nil, 0, err
	}
	reach := map[string]followup.Cell{}
	for _, r := range rep.Municipalities.Rows {
		reach[r.Key] = r.Count
	}
	held := map[string]int{}
	for _, p := range rep.Presence {
		for code, n := range p.Municipalities {
			if n > 0 {
				held[code]++
			}
		}
	}
	today := s.today()
	rows := make([]munRow, len(records))
	for i, r := range records {
		rows[i] = munRow{Record: r, StepLabel: munLabel(municipal.Steps, r.Step(), lang), PhaseLabel: munLabel(municipal.Phases, r.Phase(), lang),
			Reached: reach[r.Code], Events: held[r.Code], Latest: r.LatestContact(today)}
		rows[i].Open, rows[i].Overdue = r.OpenActions(today)
		rows[i].LatestText = orgDay(rows[i].Latest, lang)
	}
	return org, rows, rep.MinCell, nil
}

// munLabel is "2. Kommundialog", or "–" when nothing is set.
func munLabel(keys []locale.Key, n int, lang string) string {
	if n < 1 || n > len(keys) {
		return tr(lang, "mun.none")
	}
	return strconv.Itoa(n) + ". " + keys[n-1].In(lang)
}

// today is the local date, YYYY-MM-DD.
func (s *server) today() string { return s.now().In(events.Stockholm).Format(time.DateOnly) }

// GET /organiser/organisations/:org/municipalities[?step=&phase=&actions=&sort=&dir=]
func (s *server) orgMunicipalities(c *fiber.Ctx) error {
	org, rows, min, err := s.munOverview(c)
	if err != nil {
		return err
	}
	lang := language(c)
	q := readMunQuery(c)
	shown := q.apply(rows)
	path := orgMunicipalitiesPath(org.ID)
	p := munOverviewPage{Org: org, Rows: shown, Shown: len(shown), MinCell: min, Path: path, Query: q.encode(),
		Filters: newMunFilterForm(lang, path, q), Sorts: q.sortLinks(lang, path), Inbox: orgRequestsPath(org.ID)}
	today := s.today()
	for _, r := range rows {
		for _, a := range munActions(r, path+"/"+r.Code, today, lang) {
			if a.Open() {
				p.Actions = append(p.Actions, a)
			}
		}
		for _, rq := range r.Requests {
			if rq.Status == municipal.RequestNew {
				p.Requests++
			}
		}
	}
	sort.SliceStable(p.Actions, func(i, j int) bool { return p.Actions[i].Due < p.Actions[j].Due })
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/municipalities", tr(lang, "mun.title")+" – "+org.Name, p)
}

// GET /api/v1/organisations/:org/municipalities: the county overview, with the same
// filters and sort as the page.
func (s *server) apiMunicipalities(c *fiber.Ctx) error {
	_, rows, min, err := s.munOverview(c)
	if err != nil {
		return err
	}
	shown := readMunQuery(c).apply(rows)
	out := make([]fiber.Map, len(shown))
	for i, r := range shown {
		open := []municipal.Action{}
		for _, a := range r.Actions {
			if a.Open() {
				open = append(open, a)
			}
		}
		out[i] = fiber.Map{"code": r.Code, "name": r.Name, "step": r.Step(), "phase": r.Phase(), "agreements": len(r.Agreements),
			"latest_contact": r.Latest, "open_actions": open, "overdue_actions": r.Overdue,
			"reach": fiber.Map{"attended": r.Reached, "events": r.Events}, "reached": r.Reached}
	}
	noStore(c)
	return c.JSON(fiber.Map{"municipalities": out, "min_cell": min})
}

type munPage struct {
	Org           events.Organisation
	R             munRow
	Path          string
	Back          string
	Notice        string
	Contact       orgMunForm
	Agreement     orgMunForm
	Action        orgMunForm
	MinCell       int
	StepOpts      []webOption
	PhaseOpts     []webOption
	History       []string // every step and phase set, in order, in words
	Actions       []munAction
	Visits        []munVisit
	Unrecorded    []munEventRow // the municipality's dialogue visits with no record yet
	Attended      []munEventRow // events its people came to, newest first
	Requests      []requestRow
	Inbox         string
	RetentionDays int
}

// munForms are the page's forms being shown again with problems (nil: empty).
type munForms struct {
	contact, agreement, action *orgMunForm
}

// munVisit is a visit record in words.
type munVisit struct {
	municipal.Visit
	KindLabel, DateText, NextText, EventURL, EventTitle string
	Topics                                              []string
}

// munEventRow is an event in the municipality's history.
type munEventRow struct {
	ID, Title, When, URL, Count string
	Cancelled                   bool
}

// orgMunForm is one of the page's small forms, with what was typed and its problems.
type orgMunForm struct {
	webForm
	In map[string]string
}

func (f orgMunForm) Field(name string) webField {
	switch name {
	case "name":
		return required(f.input("text", name, "mun.f.name", f.In[name]))
	case "role":
		return required(f.input("text", name, "mun.f.role", f.In[name]))
	case "email":
		return f.input("email", name, "mun.f.email", f.In[name])
	case "kind":
		opts := []webOption{}
		for _, k := range municipal.AgreementKinds {
			opts = append(opts, webOption{Value: k, Label: tr(f.Lang, "mun.kind."+k)})
		}
		return required(f.selectOne(name, "mun.f.kind", f.In[name], opts))
	case "title":
		return f.input("text", name, "mun.f.title", f.In[name])
	case "signed":
		return required(f.input("date", name, "mun.f.signed", f.In[name]))
	case "from":
		return f.input("date", name, "mun.f.from", f.In[name])
	case "to":
		return f.input("date", name, "mun.f.to", f.In[name])
	case "document":
		return f.input("url", name, "mun.f.document", f.In[name])
	case "what":
		return required(f.input("text", name, "mun.f.what", f.In[name]))
	case "who":
		return required(f.input("text", name, "mun.f.who", f.In[name]))
	case "due":
		return required(f.input("date", name, "mun.f.due", f.In[name]))
	case "text":
		return required(f.textarea(name, "mun.f.answer", f.In[name], 6))
	}
	panic("municipality form has no field " + name)
}

func (f orgMunForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgMunForm) Summary() webSummary {
	return f.summary(f.Field, []string{"name", "role", "email", "kind", "title", "signed", "from", "to", "document", "what", "who", "due", "text"})
}

// munRecord reads the municipality of the path, refusing one outside the county.
func (s *server) munRecord(c *fiber.Ctx) (events.Organisation, munRow, int, error) {
	org, rows, min, err := s.munOverview(c)
	if err != nil {
		return org, munRow{}, 0, err
	}
	for _, r := range rows {
		if r.Code == c.Params("code") {
			return org, r, min, nil
		}
	}
	return org, munRow{}, 0, municipal.ErrNotFound
}

func (s *server) renderMunicipality(c *fiber.Ctx, org events.Organisation, r munRow, min int, forms munForms) error {
	lang := language(c)
	path := orgMunicipalitiesPath(org.ID) + "/" + r.Code
	p := munPage{Org: org, R: r, Path: path, Back: orgMunicipalitiesPath(org.ID), MinCell: min, Inbox: orgRequestsPath(org.ID), RetentionDays: s.cfg.RetentionDays,
		Contact:   orgMunForm{webForm: newWebForm(lang, path+"/contacts"), In: map[string]string{}},
		Agreement: orgMunForm{webForm: newWebForm(lang, path+"/agreements"), In: map[string]string{}},
		Action:    orgMunForm{webForm: newWebForm(lang, path+"/actions"), In: map[string]string{}}}
	if key := c.Query("notice"); key == "saved" || key == "removed" || key == "visit-recorded" {
		p.Notice = tr(lang, "mun.notice."+key)
	}
	for _, f := range []struct{ into, from *orgMunForm }{{&p.Contact, forms.contact}, {&p.Agreement, forms.agreement}, {&p.Action, forms.action}} {
		if f.from != nil {
			*f.into = *f.from
		}
	}
	if err := s.munHistory(c, org, r, min, &p); err != nil {
		return err
	}
	opts := func(keys []locale.Key, current int) []webOption {
		out := make([]webOption, len(keys))
		for i, k := range keys {
			out[i] = webOption{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i+1) + ". " + k.In(lang), Checked: i+1 == current}
		}
		return out
	}
	p.StepOpts, p.PhaseOpts = opts(municipal.Steps, r.Step()), opts(municipal.Phases, r.Phase())
	type entry struct {
		at   int64
		text string
	}
	var hist []entry
	for _, m := range r.Steps {
		hist = append(hist, entry{m.Seq, fmt.Sprintf(tr(lang, "mun.page.step_set"), m.Value, municipal.Steps[m.Value-1].In(lang), orgDateTime(m.At, lang), m.By)})
	}
	for _, m := range r.Phases {
		hist = append(hist, entry{m.Seq, fmt.Sprintf(tr(lang, "mun.page.phase_set"), m.Value, municipal.Phases[m.Value-1].In(lang), orgDateTime(m.At, lang), m.By)})
	}
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].at < hist[j].at })
	for _, h := range hist {
		p.History = append(p.History, h.text)
	}
	status := fiber.StatusOK
	if p.Contact.HasErrors() || p.Agreement.HasErrors() || p.Action.HasErrors() {
		status = fiber.StatusUnprocessableEntity
	}
	noStore(c)
	return s.orgRender(c, status, "organiser/municipality", r.Name+" – "+org.Name, p)
}

// GET /organiser/organisations/:org/municipalities/:code
func (s *server) orgMunicipality(c *fiber.Ctx) error {
	org, r, min, err := s.munRecord(c)
	if err != nil {
		return err
	}
	return s.renderMunicipality(c, org, r, min, munForms{})
}

// GET /api/v1/organisations/:org/municipalities/:code
func (s *server) apiMunicipality(c *fiber.Ctx) error {
	org, r, _, err := s.munRecord(c)
	if err != nil {
		return err
	}
	attended, min, err := s.munAttended(c, org, r.Code)
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(fiber.Map{"municipality": r.Record, "step": r.Step(), "phase": r.Phase(), "reached": r.Reached,
		"latest_contact": r.Latest, "open_actions": r.Open, "overdue_actions": r.Overdue, "attended": attended, "min_cell": min})
}

// munTarget is the organisation and municipality a change is for: checked for scope
// and county, without reading the records or this year's reach.
func (s *server) munTarget(c *fiber.Ctx) (events.Organisation, string, error) {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return events.Organisation{}, "", err
	}
	m, err := municipal.InCounty(org.County, c.Params("code"))
	return org, m.Code, err
}

// munInvalid shows the page again with a form sent with problems.
func (s *server) munInvalid(c *fiber.Ctx, forms munForms) error {
	org, r, min, err := s.munRecord(c)
	if err != nil {
		return err
	}
	return s.renderMunicipality(c, org, r, min, forms)
}

// munDone answers a change: the page again for a form, the record for JSON.
func (s *server) munDone(c *fiber.Ctx, org events.Organisation, code, notice string, v any) error {
	if !isForm(c) {
		return c.Status(fiber.StatusCreated).JSON(v)
	}
	return c.Redirect(orgMunicipalitiesPath(org.ID)+"/"+code+"?notice="+notice, fiber.StatusSeeOther)
}

// POST .../municipalities/:code/step and .../phase {value}
func (s *server) orgMunicipalityMark(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	var in struct {
		Value string `json:"value" form:"value"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	n, _ := strconv.Atoi(in.Value)
	var set func(ctx context.Context, orgID, code string, n int, by string) (municipal.Mark, error)
	switch c.Params("what") {
	case "step":
		set = s.municipal.SetStep
	case "phase":
		set = s.municipal.SetPhase
	default:
		return municipal.ErrNotFound
	}
	m, err := set(c.UserContext(), org.ID, code, n, organiserActor(c))
	if err != nil {
		return err
	}
	return s.munDone(c, org, code, "saved", m)
}

// POST .../municipalities/:code/contacts
func (s *server) orgMunicipalityContact(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	var in municipal.ContactInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ct, err := s.municipal.AddContact(c.UserContext(), org.ID, code, in, organiserActor(c))
	if isForm(c) {
		f := orgMunForm{webForm: newWebForm(language(c), orgMunicipalitiesPath(org.ID)+"/"+code+"/contacts"),
			In: map[string]string{"name": in.Name, "role": in.Role, "email": in.Email}}
		if formInvalid(err, &f.webForm) {
			return s.munInvalid(c, munForms{contact: &f})
		}
	}
	if err != nil {
		return err
	}
	return s.munDone(c, org, code, "saved", ct)
}

// POST .../municipalities/:code/contacts/:cid/delete (DELETE on the API)
func (s *server) orgMunicipalityRemoveContact(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	if err := s.municipal.RemoveContact(c.UserContext(), org.ID, code, c.Params("cid")); err != nil {
		return err
	}
	if !isForm(c) {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(orgMunicipalitiesPath(org.ID)+"/"+code+"?notice=removed", fiber.StatusSeeOther)
}

// POST .../municipalities/:code/agreements
func (s *server) orgMunicipalityAgreement(c *fiber.Ctx) error {
	org, code, err := s.munTarget(c)
	if err != nil {
		return err
	}
	var in municipal.AgreementInput
	if err := bind(c, &in); err != nil {
		return err
	}
	a, err := s.municipal.AddAgreement(c.UserContext(), org.ID, code, in, organiserActor(c))
	if isForm(c) {
		f := orgMunForm{webForm: newWebForm(language(c), orgMunicipalitiesPath(org.ID)+"/"+code+"/agreements"),
			In: map[string]string{"kind": in.Kind, "title": in.Title, "signed": in.Signed, "from": in.From, "to": in.To, "document": in.Document}}
		if formInvalid(err, &f.webForm) {
			return s.munInvalid(c, munForms{agreement: &f})
		}
	}
	if err != nil {
		return err
	}
	return s.munDone(c, org, code, "saved", a)
}

// GET /organiser/organisations/:org/municipalities.csv: the overview for Excel, as filtered and sorted.
func (s *server) municipalitiesCSV(c *fiber.Ctx) error {
	org, rows, min, err := s.munOverview(c)
	if err != nil {
		return err
	}
	lang := language(c)
	out := [][]string{{tr(lang, "mun.col.code"), tr(lang, "mun.col.municipality"), tr(lang, "mun.col.step"), tr(lang, "mun.col.phase"),
		tr(lang, "mun.col.latest"), tr(lang, "mun.col.open"), tr(lang, "mun.col.overdue"), tr(lang, "mun.col.agreements"),
		tr(lang, "mun.col.reached"), tr(lang, "mun.col.events")}}
	for _, r := range munOverviewRows(readMunQuery(c).apply(rows), min, lang) {
		out = append(out, []string{r.Code, r.Name, r.Step, r.Phase, r.Latest, strconv.Itoa(r.Open), strconv.Itoa(r.Overdue),
			strconv.Itoa(r.Agreements), r.Reached, strconv.Itoa(r.Events)})
	}
	out = append(out, []string{}, []string{fmt.Sprintf(tr(lang, "followup.rule"), min, min)})
	return sendCSV(c, "kommuner-"+partFileSafe(org.ID)+".csv", out)
}

// GET /organiser/organisations/:org/municipalities.pdf: the overview on A4, as filtered and sorted.
func (s *server) municipalitiesPDF(c *fiber.Ctx) error {
	org, rows, min, err := s.munOverview(c)
	if err != nil {
		return err
	}
	lang := language(c)
	doc, err := municipal.OverviewPDF(org.Name+" · "+org.County, munOverviewRows(readMunQuery(c).apply(rows), min, lang), min, lang, s.now())
	if err != nil {
		return err
	}
	return sendPDF(c, doc, "kommuner-"+partFileSafe(org.ID)+".pdf")
}
