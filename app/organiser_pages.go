package app

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Organiser HTML pages: server-rendered forms that work without JavaScript. Every
// successful POST redirects (303) to the page showing the result, with ?notice=…
// naming a short confirmation that page announces in a role="status" element. A
// validation error shows the same form again (422) with everything typed kept, an
// error summary at the top and each problem next to its field. Scope: every handler
// goes through organiser(c).inScope (directly or via scopedEvent/scopedSeries), and
// anything out of scope is not found.
//
// This file: the dashboard, organisations and what the handlers share. Events are in
// organiser_events.go, agenda sessions in organiser_sessions.go, series in
// organiser_series.go, form state in organiser_forms.go.

const orgRoot = "/organiser"

func orgEventPath(id string) string  { return orgRoot + "/events/" + url.PathEscape(id) }
func orgSeriesPath(id string) string { return orgRoot + "/series/" + url.PathEscape(id) }

// orgNotices are the confirmations ?notice= may name; anything else shows nothing.
var orgNotices = map[string]bool{
	"org-created": true, "org-saved": true, "event-created": true, "event-saved": true, "event-deleted": true,
	"published": true, "unpublished": true, "cancelled": true,
	"session-added": true, "session-saved": true, "session-deleted": true,
	"series-created": true, "generated": true, "notified": true, "message-sent": true,
	"series-saved": true, "series-deleted": true, "bulk-publish": true, "bulk-cancel": true, "bulk-delete": true, "bulk-none": true,
	"event-duplicated": true, "programme-copied": true,
	"evaluation-saved": true, "visit-planned": true, "question-added": true, "question-saved": true, "question-moved": true, "question-deleted": true,
}

// orgNotice is the confirmation a redirect asked this page to show.
func orgNotice(c *fiber.Ctx) string {
	key := c.Query("notice")
	if !orgNotices[key] {
		return ""
	}
	if key == "generated" {
		return locale.N(language(c), "org.notice.generated", max(queryInt(c, "count", 0), 0))
	}
	if strings.HasPrefix(key, "bulk-") && key != "bulk-none" {
		text := locale.N(language(c), "org.notice."+key, max(queryInt(c, "count", 0), 0))
		if skipped := queryInt(c, "skipped", 0); skipped > 0 {
			text += " " + locale.N(language(c), "org.notice.bulk-skipped", skipped)
		}
		return text
	}
	return tr(language(c), "org.notice."+key)
}

// orgDone redirects after a successful POST, See Other so a reload does not post again.
func orgDone(c *fiber.Ctx, path, notice string, extra ...string) error {
	q := url.Values{"notice": {notice}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return c.Redirect(path+"?"+q.Encode(), fiber.StatusSeeOther)
}

// orgTitle prefixes a page title when the page shows a form again with problems, so
// screen reader users hear it first.
func orgTitle(lang, title string, f webForm) string {
	if f.HasErrors() {
		return tr(lang, "org.title.error") + " " + title
	}
	return title
}

// orgRender renders a page with a status (200 or 422).
func (s *server) orgRender(c *fiber.Ctx, status int, name, title string, data any) error {
	c.Status(status)
	return s.render(c, name, page{Title: title, Data: data})
}

func formStatus(f webForm) int {
	if f.HasErrors() {
		return fiber.StatusUnprocessableEntity
	}
	return fiber.StatusOK
}

// scopedOrganisations are the organisations the organiser may manage, by name.
func (s *server) scopedOrganisations(c *fiber.Ctx) ([]events.Organisation, error) {
	all, err := s.events.Organisations(c.UserContext())
	if err != nil {
		return nil, err
	}
	out := []events.Organisation{}
	for _, o := range all {
		if organiser(c).inScope(o.ID) {
			out = append(out, o)
		}
	}
	return out, nil
}

// scopedOrganisation loads an organisation the organiser may manage.
func (s *server) scopedOrganisation(c *fiber.Ctx, id string) (events.Organisation, error) {
	if id == "" || !organiser(c).inScope(id) {
		return events.Organisation{}, events.ErrNotFound
	}
	return s.events.Organisation(c.UserContext(), id)
}

// --- dashboard ------------------------------------------------------------------

type orgDashboardPage struct {
	Notice      string
	Orgs        []events.Organisation
	OrgNames    map[string]string
	Events      []events.Event
	EventsTotal int64
	Count       int // EventsTotal, for the plural
	Filter      orgEventsFilter
	Shows       []webOption // upcoming, past, drafts, all
	Types       []webOption
	SeriesOpts  []webOption
	PrevURL     string
	NextURL     string
	Series      []orgSeriesRow
	Operator    bool            // may create organisations
	Admin       map[string]bool // organisations whose members the organiser manages
	Writable    map[string]bool // organisations where the organiser may create events
	Attention   orgAttention    // what needs attention, first on the page (organiser_attention.go)
}

type orgSeriesRow struct {
	Series events.Series
	Rule   string
}

func (s *server) orgDashboard(c *fiber.Ctx) error {
	lang, scope := language(c), organiser(c)
	orgs, err := s.scopedOrganisations(c)
	if err != nil {
		return err
	}
	fl := orgEventsFilterOf(c)
	list, err := s.events.ListEvents(c.UserContext(), fl.query(scope.OrgIDs, s.now()))
	if err != nil {
		return err
	}
	series, err := s.events.ListSeries(c.UserContext(), scope.OrgIDs)
	if err != nil {
		return err
	}
	data := orgDashboardPage{Notice: orgNotice(c), Orgs: orgs, OrgNames: map[string]string{},
		Events: list.Events, EventsTotal: list.Total, Count: int(list.Total), Filter: fl}
	for _, show := range []string{"upcoming", "past", "drafts", "all"} {
		data.Shows = append(data.Shows, webOption{Value: show, Label: tr(lang, "org.dashboard.show."+show), Checked: fl.Show == show})
	}
	data.Types = []webOption{{Value: "", Label: tr(lang, "org.dashboard.any_type")}}
	for _, ty := range events.Types {
		data.Types = append(data.Types, webOption{Value: string(ty), Label: tr(lang, "org.type."+string(ty)), Checked: fl.Type == string(ty)})
	}
	data.SeriesOpts = []webOption{{Value: "", Label: tr(lang, "org.dashboard.any_series")}}
	for _, sr := range series {
		data.SeriesOpts = append(data.SeriesOpts, webOption{Value: sr.ID, Label: sr.Title.In(lang), Checked: fl.Series == sr.ID})
	}
	if fl.Offset > 0 {
		data.PrevURL = fl.url(max(0, fl.Offset-orgEventsPageSize))
	}
	if int64(fl.Offset+orgEventsPageSize) < list.Total {
		data.NextURL = fl.url(fl.Offset + orgEventsPageSize)
	}
	data.Operator, data.Admin, data.Writable = scope.operator, map[string]bool{}, map[string]bool{}
	for _, o := range orgs {
		data.OrgNames[o.ID] = o.Name
		data.Admin[o.ID] = scope.isAdmin(o.ID)
		data.Writable[o.ID] = scope.operator || scope.roles[o.ID].CanWrite()
	}
	for _, sr := range series {
		data.Series = append(data.Series, orgSeriesRow{Series: sr, Rule: orgRule(sr.Rule, lang)})
	}
	if data.Attention, err = s.attention(c, scope.OrgIDs, orgs); err != nil {
		return err
	}
	return s.orgRender(c, fiber.StatusOK, "organiser/dashboard", tr(lang, "org.dashboard.title"), data)
}

// GET /organiser/organisations/:org: the organisation's own page, with the links to
// its work (follow-up, municipalities, inbox, embedding) and, for its admins, to its
// settings, members, tokens, audit log, webhooks and data requests.
func (s *server) orgOrganisationPage(c *fiber.Ctx) error {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	scope := organiser(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/organisation", org.Name, orgHomePage{Org: org,
		Admin: scope.isAdmin(org.ID), Writable: scope.operator || scope.roles[org.ID].CanWrite()})
}

type orgHomePage struct {
	Org             events.Organisation
	Admin, Writable bool
}

// orgEventsFilter is the dashboard's choice of events: upcoming (the default,
// soonest first), past (latest first), drafts or all; of one series or type; a page.
type orgEventsFilter struct {
	Show, Series, Type string
	Offset             int
}

const orgEventsPageSize = 25

func orgEventsFilterOf(c *fiber.Ctx) orgEventsFilter {
	f := orgEventsFilter{Show: c.Query("show"), Series: c.Query("series"), Type: c.Query("type"), Offset: max(0, queryInt(c, "offset", 0))}
	switch f.Show {
	case "past", "drafts", "all":
	default:
		f.Show = "upcoming"
	}
	return f
}

func (f orgEventsFilter) query(orgIDs []string, now time.Time) events.EventFilter {
	q := events.EventFilter{OrgIDs: orgIDs, SeriesID: f.Series, Type: events.Type(f.Type), Limit: orgEventsPageSize, Offset: f.Offset}
	switch f.Show {
	case "upcoming":
		q.From = now
	case "past":
		q.EndedBefore, q.Newest = now, true
	case "drafts":
		q.Status = events.StatusDraft
	}
	return q
}

// url is the dashboard with this filter at offset.
func (f orgEventsFilter) url(offset int) string {
	q := url.Values{"show": {f.Show}}
	if f.Series != "" {
		q.Set("series", f.Series)
	}
	if f.Type != "" {
		q.Set("type", f.Type)
	}
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	return orgRoot + "/?" + q.Encode()
}

// --- organisations --------------------------------------------------------------

type orgOrganisationPage struct {
	Heading string
	Form    orgOrganisationForm
	Edit    bool
}

func (s *server) orgNewOrganisation(c *fiber.Ctx) error {
	f := orgOrganisationForm{webForm: newWebForm(language(c), orgRoot+"/organisations")}
	return s.renderOrganisationForm(c, f)
}

func (s *server) orgCreateOrganisation(c *fiber.Ctx) error {
	f := orgOrganisationForm{webForm: newWebForm(language(c), orgRoot+"/organisations")}
	if err := bindForm(c, &f.In, &f.webForm); err != nil {
		return err
	}
	_, err := s.events.CreateOrganisation(c.UserContext(), f.In)
	if err == nil {
		return orgDone(c, orgRoot+"/", "org-created")
	}
	if !formInvalid(err, &f.webForm) {
		return err
	}
	return s.renderOrganisationForm(c, f)
}

func (s *server) renderOrganisationForm(c *fiber.Ctx, f orgOrganisationForm) error {
	heading := tr(f.Lang, "org.organisation.new")
	title := orgTitle(f.Lang, heading, f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/organisation_form", title, orgOrganisationPage{Heading: heading, Form: f})
}

// GET /organiser/organisations/:org/edit: an organisation's name, kind, county and
// contact details (its admins).
func (s *server) orgEditOrganisation(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := orgOrganisationForm{webForm: newWebForm(language(c), orgRoot+"/organisations/"+org.ID)}
	f.In = events.OrganisationInput{Name: org.Name, Kind: string(org.Kind), County: org.County,
		ContactEmail: org.Contact.Email, ContactPhone: org.Contact.Phone, Website: org.Contact.Web}
	return s.renderOrganisationEdit(c, org, f)
}

// POST /organiser/organisations/:org
func (s *server) orgUpdateOrganisation(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := orgOrganisationForm{webForm: newWebForm(language(c), orgRoot+"/organisations/"+org.ID)}
	if err := bindForm(c, &f.In, &f.webForm); err != nil {
		return err
	}
	_, err = s.events.UpdateOrganisation(c.UserContext(), org.ID, f.In)
	if err == nil {
		return orgDone(c, orgRoot+"/", "org-saved")
	}
	if !formInvalid(err, &f.webForm) {
		return err
	}
	return s.renderOrganisationEdit(c, org, f)
}

func (s *server) renderOrganisationEdit(c *fiber.Ctx, org events.Organisation, f orgOrganisationForm) error {
	heading := tr(f.Lang, "org.organisation.edit") + ": " + org.Name
	title := orgTitle(f.Lang, heading, f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/organisation_form", title, orgOrganisationPage{Heading: heading, Form: f, Edit: true})
}
