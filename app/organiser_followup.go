package app

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/platform/sanitize"
)

// The organisation's follow-up across its events (followup/): a page with filters,
// a CSV of each table, and the JSON. Figures about people follow the small-cell rule,
// which the page and the exports state.

func orgFollowUpPath(orgID string) string {
	return orgRoot + "/organisations/" + url.PathEscape(orgID) + "/followup"
}

// followUpInput is the filter as the query sends it.
type followUpInput struct {
	From, To, Series, Type, TargetArea, PriorityArea, Mode string
}

func followUpInputOf(c *fiber.Ctx) followUpInput {
	return followUpInput{From: c.Query("from"), To: c.Query("to"), Series: c.Query("series"), Type: c.Query("type"),
		TargetArea: c.Query("target_area"), PriorityArea: c.Query("priority_area"), Mode: c.Query("mode")}
}

// filter checks the query: dates as YYYY-MM-DD (the calendar year by default), the
// rest among the known values.
func (in followUpInput) filter(now time.Time) (followup.Filter, error) {
	var v events.ValidationError
	f := followup.Filter{SeriesID: strings.TrimSpace(in.Series), PriorityArea: sanitize.Line(in.PriorityArea)}
	f.From, f.To = followup.Year(now)
	date := func(field, raw string, into *time.Time) {
		if raw = strings.TrimSpace(raw); raw == "" {
			return
		}
		t, err := time.ParseInLocation("2006-01-02", raw, events.Stockholm)
		if err != nil {
			v.Add(field, "followup.err.date")
			return
		}
		*into = t
	}
	date("from", in.From, &f.From)
	date("to", in.To, &f.To)
	if !v.Has("from") && !v.Has("to") && f.To.Before(f.From) {
		v.Add("to", "followup.err.order")
	}
	if f.To.Sub(f.From) > 5*366*24*time.Hour {
		v.Add("to", "followup.err.span")
	}
	if t := events.Type(strings.TrimSpace(in.Type)); t != "" {
		if !slices.Contains(events.Types, t) {
			v.Add("type", "followup.err.type")
		}
		f.Type = t
	}
	if a := strings.TrimSpace(in.TargetArea); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > 8 {
			v.Add("target_area", "followup.err.target_area")
		}
		f.TargetArea = n
	}
	switch m := events.Mode(strings.TrimSpace(in.Mode)); m {
	case "", events.ModeOnSite, events.ModeDigital:
		f.Mode = m
	default:
		v.Add("mode", "followup.err.mode")
	}
	return f, v.Err()
}

// followUpReport reads the organisation of the path and its report for the query.
func (s *server) followUpReport(c *fiber.Ctx) (events.Organisation, followUpInput, followup.Report, error) {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return events.Organisation{}, followUpInput{}, followup.Report{}, err
	}
	in := followUpInputOf(c)
	f, err := in.filter(s.now())
	if err != nil {
		return org, in, followup.Report{}, err
	}
	rep, err := s.followup.Report(c.UserContext(), org, f, language(c), s.now())
	return org, in, rep, err
}

// GET /api/v1/organisations/:org/followup
func (s *server) apiFollowUp(c *fiber.Ctx) error {
	_, _, rep, err := s.followUpReport(c)
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(rep)
}

// followUpTables are the report's tables about people, by the name the CSV link uses.
func followUpTables(rep followup.Report) map[string]followup.Table {
	return map[string]followup.Table{"municipalities": rep.Municipalities, "counties": rep.Counties,
		"org_types": rep.OrgTypes, "genders": rep.Genders}
}

// GET /organiser/organisations/:org/followup.csv?table=…: one table, or the events.
func (s *server) followUpCSV(c *fiber.Ctx) error {
	org, _, rep, err := s.followUpReport(c)
	if err != nil {
		return err
	}
	lang := language(c)
	name := c.Query("table", "events")
	var rows [][]string
	if name == "events" {
		// Held events first, then the planned ones, each row saying which: a planned
		// event has registrations but no attendance or reach yet.
		rows = append(rows, []string{tr(lang, "followup.col.date"), tr(lang, "followup.col.event"), tr(lang, "followup.col.type"),
			tr(lang, "followup.col.state"), tr(lang, "followup.col.registered"), tr(lang, "followup.col.attended"),
			tr(lang, "followup.col.no_show"), tr(lang, "followup.col.reached"), tr(lang, "followup.col.waiting")})
		for _, e := range rep.Events {
			attended, noShow := strconv.Itoa(e.Attended), strconv.Itoa(e.NoShow)
			if !e.CheckIn {
				attended, noShow = "", ""
			}
			rows = append(rows, []string{e.Start.In(events.Stockholm).Format("2006-01-02"), e.Title.In(lang), tr(lang, "org.type."+string(e.Type)),
				tr(lang, "followup.state.held"), strconv.Itoa(e.Registered), attended, noShow, strconv.Itoa(e.Reached), strconv.Itoa(e.Waiting)})
		}
		for _, e := range rep.Planned {
			rows = append(rows, []string{e.Start.In(events.Stockholm).Format("2006-01-02"), e.Title.In(lang), tr(lang, "org.type."+string(e.Type)),
				tr(lang, "followup.state.planned"), strconv.Itoa(e.Registered), "", "", "", strconv.Itoa(e.Waiting)})
		}
		rows = append(rows, []string{}, []string{tr(lang, "followup.planned.note")})
	} else {
		t, ok := followUpTables(rep)[name]
		if !ok {
			return errNoFollowUpTable
		}
		rows = append(rows, []string{tr(lang, "followup.table."+name), tr(lang, "followup.col.reached")})
		for _, r := range t.Rows {
			rows = append(rows, []string{r.Label, r.Count.Text(rep.MinCell)})
		}
		rows = append(rows, []string{tr(lang, "followup.total"), t.Total.Text(rep.MinCell)}, []string{},
			[]string{fmt.Sprintf(tr(lang, "followup.rule"), rep.MinCell, rep.MinCell)})
	}
	return sendCSV(c, "uppfoljning-"+partFileSafe(org.ID)+"-"+partFileSafe(name)+".csv", rows)
}

var errNoFollowUpTable = apiError{fiber.StatusNotFound, "not_found", "followup.err.table"}

// followUpForm is the page's filter.
type followUpForm struct {
	webForm
	In     followUpInput
	Series []events.Series
}

var followUpOrder = []string{"from", "to", "series", "type", "target_area", "priority_area", "mode"}

func (f followUpForm) Field(name string) webField {
	lang := f.Lang
	switch name {
	case "from":
		return f.input("date", name, "followup.f.from", f.In.From)
	case "to":
		return f.input("date", name, "followup.f.to", f.In.To)
	case "series":
		opts := []webOption{{Value: "", Label: tr(lang, "followup.f.all")}}
		for _, sr := range f.Series {
			opts = append(opts, webOption{Value: sr.ID, Label: sr.Title.In(lang)})
		}
		return f.selectOne(name, "followup.f.series", f.In.Series, opts)
	case "type":
		opts := orgTypeOptions(lang)
		opts[0].Label = tr(lang, "followup.f.all")
		return f.selectOne(name, "followup.f.type", f.In.Type, opts)
	case "target_area":
		opts := append([]webOption{{Value: "", Label: tr(lang, "followup.f.all")}}, orgTargetAreaOptions(lang)...)
		return f.selectOne(name, "followup.f.target_area", f.In.TargetArea, opts)
	case "priority_area":
		opts := []webOption{{Value: "", Label: tr(lang, "followup.f.all")}}
		for _, p := range events.PriorityAreaSuggestions {
			opts = append(opts, webOption{Value: p, Label: events.PriorityAreaIn(p, lang)})
		}
		return f.selectOne(name, "followup.f.priority_area", f.In.PriorityArea, opts)
	case "mode":
		return f.selectOne(name, "followup.f.mode", f.In.Mode, []webOption{
			{Value: "", Label: tr(lang, "followup.f.all")},
			{Value: string(events.ModeOnSite), Label: events.ModeLabels[events.ModeOnSite].In(lang)},
			{Value: string(events.ModeDigital), Label: events.ModeLabels[events.ModeDigital].In(lang)},
		})
	}
	panic("follow-up filter has no field " + name)
}

func (f followUpForm) Fields() []webField  { return fieldList(f.Field, followUpOrder) }
func (f followUpForm) Summary() webSummary { return f.summary(f.Field, followUpOrder) }

type followUpPage struct {
	Org    events.Organisation
	Form   followUpForm
	Report *followup.Report
	Period string
	Rule   string
	Query  string // the filter as a query string, for the CSV links
	Tables []followUpTableView
}

type followUpTableView struct {
	Name, Heading, Column string
	Table                 followup.Table
	CSV                   string
}

// GET /organiser/organisations/:org/followup
func (s *server) orgFollowUp(c *fiber.Ctx) error {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	lang := language(c)
	in := followUpInputOf(c)
	series, err := s.events.ListSeries(c.UserContext(), []string{org.ID})
	if err != nil {
		return err
	}
	f := followUpForm{webForm: newWebForm(lang, orgFollowUpPath(org.ID)), In: in, Series: series}
	p := followUpPage{Org: org, Form: f}
	filter, err := in.filter(s.now())
	if formInvalid(err, &p.Form.webForm) {
		noStore(c)
		return s.orgRender(c, fiber.StatusUnprocessableEntity, "organiser/followup", orgTitle(lang, tr(lang, "followup.title"), p.Form.webForm), p)
	}
	if p.Form.In.From == "" {
		p.Form.In.From = filter.From.Format("2006-01-02")
	}
	if p.Form.In.To == "" {
		p.Form.In.To = filter.To.Format("2006-01-02")
	}
	rep, err := s.followup.Report(c.UserContext(), org, filter, lang, s.now())
	if err != nil {
		return err
	}
	p.Report = &rep
	p.Period = events.LongDate(filter.From, lang) + " – " + events.LongDate(filter.To, lang)
	p.Rule = fmt.Sprintf(tr(lang, "followup.rule"), rep.MinCell, rep.MinCell)
	q := url.Values{}
	for i, v := range []string{p.Form.In.From, p.Form.In.To, in.Series, in.Type, in.TargetArea, in.PriorityArea, in.Mode} {
		if v != "" {
			q.Set(followUpOrder[i], v)
		}
	}
	p.Query = q.Encode()
	csvURL := func(table string) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("table", table)
		return orgFollowUpPath(org.ID) + ".csv?" + v.Encode()
	}
	for _, t := range []struct{ name, column string }{{"municipalities", "followup.col.municipality"}, {"counties", "followup.col.county"},
		{"org_types", "followup.col.org_type"}, {"genders", "followup.col.gender"}} {
		p.Tables = append(p.Tables, followUpTableView{Name: t.name, Heading: tr(lang, "followup.table."+t.name), Column: tr(lang, t.column),
			Table: followUpTables(rep)[t.name], CSV: csvURL(t.name)})
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/followup", tr(lang, "followup.title")+" – "+org.Name, p)
}

// EventsCSV is the CSV of the events table.
func (p followUpPage) EventsCSV() string { return orgFollowUpPath(p.Org.ID) + ".csv?" + p.Query }

// followUpChart is a table drawn as horizontal bars (an SVG in the page, with the
// table beside it holding the same figures): hidden cells get no bar, only their
// mark ("< 3" or ".."). Each label has a line of its own above its bar, so a long
// label ("Har inte svarat eller vill inte uppge") can never run into a bar or a
// value, at whatever width the chart is scaled to.
type followUpChart struct {
	ID, Title string
	Height    int
	Bars      []followUpBar
}

type followUpBar struct {
	Label, Value                         string
	LabelY, RectY, ValueY, Width, ValueX int
}

const (
	chartWidth    = 400 // the viewBox's width
	chartBarWidth = 300 // the longest bar, leaving room for its value
	chartRow      = 40  // a label's line and its bar's
)

// Chart draws the table's rows that have a figure (zeros are left out, the table
// lists them).
func (t followUpTableView) Chart(min int) followUpChart {
	ch := followUpChart{ID: "chart-" + t.Name, Title: t.Heading}
	top := 0
	for _, r := range t.Table.Rows {
		if !r.Count.Suppressed && r.Count.N > top {
			top = r.Count.N
		}
	}
	y := 0
	for _, r := range t.Table.Rows {
		if r.Count.N == 0 {
			continue
		}
		b := followUpBar{Label: r.Label, Value: r.Count.Text(min), LabelY: y + 13, RectY: y + 18, ValueY: y + 30}
		if !r.Count.Suppressed && top > 0 {
			b.Width = max(1, r.Count.N*chartBarWidth/top)
		}
		b.ValueX = b.Width + 6
		ch.Bars = append(ch.Bars, b)
		y += chartRow
	}
	ch.Height = max(y, chartRow)
	return ch
}

// GET /organiser/organisations/:org/followup.pdf
func (s *server) followUpPDF(c *fiber.Ctx) error {
	org, _, rep, err := s.followUpReport(c)
	if err != nil {
		return err
	}
	doc, err := followup.PDF(rep, language(c), s.now())
	if err != nil {
		return err
	}
	noStore(c)
	return sendPDF(c, doc, "uppfoljning-"+partFileSafe(org.ID)+".pdf")
}

// PDFURL is the report as a PDF, with the page's filter.
func (p followUpPage) PDFURL() string { return orgFollowUpPath(p.Org.ID) + ".pdf?" + p.Query }

// SeriesTitle is a series' title in the page's language.
func (p followUpPage) SeriesTitle(id string) string {
	for _, sr := range p.Form.Series {
		if sr.ID == id {
			return sr.Title.In(p.Form.Lang)
		}
	}
	return id
}
