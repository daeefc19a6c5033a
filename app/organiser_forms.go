package app

import (
	"errors"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Organiser forms. Every form has one state struct (its values and field errors), built
// either from the stored document (edit) or from what was submitted (re-render after a
// validation error), and one template used for create and edit alike. Each field is
// described in Go (orgField) and drawn by the shared partial "org-field" in
// org_partials.html, so labels, hints, errors and their ARIA wiring are the same on
// every form.

// orgField describes one form control (or one group of checkboxes or radios).
type orgField struct {
	ID     string // element id; for a group, the id of its first option (what the error summary links to)
	Name   string // form field name
	ErrKey string // key of the field's problem in a ValidationError (usually Name)
	Kind   string // text, url, date, time, datetime-local, number, textarea, select, checkboxes, radios

	Label, Hint, Error string // already translated
	Value              string
	Required           bool
	RequiredText       string
	Autocomplete       string
	Rows               int

	Options []orgOption   // select options, or the boxes of a group
	Groups  []orgOptGroup // select only: options under <optgroup>s, after Options
	Other   *orgField     // a free-text input inside a checkbox group
}

type orgOption struct {
	ID, Value, Label string
	Checked          bool // checked (boxes) or selected (select)
}

type orgOptGroup struct {
	Label   string
	Options []orgOption
}

// HintID and ErrorID name the elements aria-describedby points at.
func (f orgField) HintID() string  { return f.ID + "-hint" }
func (f orgField) ErrorID() string { return f.ID + "-error" }

// DescribedBy lists the hint and the error, if any.
func (f orgField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.HintID())
	}
	if f.Error != "" {
		ids = append(ids, f.ErrorID())
	}
	return strings.Join(ids, " ")
}

// IsGroup tells checkbox and radio groups (drawn as a fieldset) from single controls.
func (f orgField) IsGroup() bool { return f.Kind == "checkboxes" || f.Kind == "radios" }

// ChoiceType is the input type of a group's options.
func (f orgField) ChoiceType() string {
	if f.Kind == "radios" {
		return "radio"
	}
	return "checkbox"
}

// InputType is the type attribute of an <input>. Numbers are text with a numeric
// keyboard: browsers silently drop what type=number cannot parse, and then the
// organiser would never learn that "40 st" was not understood.
func (f orgField) InputType() string {
	if f.Kind == "number" {
		return "text"
	}
	return f.Kind
}

// InputMode asks touch keyboards for digits on number fields.
func (f orgField) InputMode() string {
	if f.Kind == "number" {
		return "numeric"
	}
	return ""
}

// orgForm is what every organiser form shares.
type orgForm struct {
	Lang   string
	Action string            // where the form posts
	Errors map[string]string // field (ValidationError key) → message
	Raw    map[string]string // typed values that could not be read as numbers, shown as typed
}

func newOrgForm(lang, action string) orgForm {
	return orgForm{Lang: lang, Action: action, Errors: map[string]string{}, Raw: map[string]string{}}
}

// HasErrors tells whether the form is being shown again because of problems.
func (f orgForm) HasErrors() bool { return len(f.Errors) > 0 }

func (f orgForm) field(kind, name, label string) orgField {
	fl := orgField{ID: name, Name: name, ErrKey: name, Kind: kind, Label: tr(f.Lang, label),
		Error: f.Errors[name], RequiredText: tr(f.Lang, "org.required")}
	if hint := label + ".hint"; orgHasText(hint) {
		fl.Hint = tr(f.Lang, hint)
	}
	return fl
}

func (f orgForm) input(kind, name, label, value string) orgField {
	fl := f.field(kind, name, label)
	fl.Value = value
	return fl
}

// number is a whole-number field; 0 shows as empty where empty means "no limit".
func (f orgForm) number(name, label string, n int, zeroEmpty bool) orgField {
	v := strconv.Itoa(n)
	if zeroEmpty && n == 0 {
		v = ""
	}
	if raw, ok := f.Raw[name]; ok {
		v = raw
	}
	return f.input("number", name, label, v)
}

func (f orgForm) textarea(name, label, value string, rows int) orgField {
	fl := f.input("textarea", name, label, value)
	fl.Rows = rows
	return fl
}

func (f orgForm) selectOne(name, label, value string, opts []orgOption) orgField {
	fl := f.field("select", name, label)
	fl.Value = value
	for i := range opts {
		opts[i].Checked = opts[i].Value == value
	}
	fl.Options = opts
	return fl
}

// group is a checkbox or radio group; checked holds the values to check.
func (f orgForm) group(kind, name, label string, opts []orgOption, checked ...string) orgField {
	fl := f.field(kind, name, label)
	for i := range opts {
		opts[i].ID = name + "-" + strconv.Itoa(i+1)
		opts[i].Checked = slices.Contains(checked, opts[i].Value)
	}
	fl.Options = opts
	if len(opts) > 0 {
		fl.ID = opts[0].ID
	}
	return fl
}

func required(fl orgField) orgField {
	fl.Required = true
	return fl
}

// orgSummary is the error summary at the top of a form page.
type orgSummary struct {
	Heading string
	Items   []orgSummaryItem
}

type orgSummaryItem struct {
	Href, Message string // Href is empty for a problem no field shows
}

// summary lists the problems in the order the fields appear, each linking to its field;
// problems of fields the form does not show come last, without a link.
func (f orgForm) summary(field func(string) orgField, order []string) orgSummary {
	sum := orgSummary{Heading: tr(f.Lang, "org.summary.heading")}
	shown := map[string]bool{}
	for _, name := range order {
		fl := field(name)
		if fl.Error == "" || shown[fl.ErrKey] {
			continue
		}
		shown[fl.ErrKey] = true
		sum.Items = append(sum.Items, orgSummaryItem{Href: "#" + fl.ID, Message: fl.Error})
	}
	var rest []string
	for key := range f.Errors {
		if !shown[key] {
			rest = append(rest, key)
		}
	}
	sort.Strings(rest)
	for _, key := range rest {
		sum.Items = append(sum.Items, orgSummaryItem{Message: f.Errors[key]})
	}
	return sum
}

func fieldList(field func(string) orgField, names []string) []orgField {
	out := make([]orgField, len(names))
	for i, n := range names {
		out[i] = field(n)
	}
	return out
}

// orgBind reads a form (or JSON) body like bind, except that a number field holding
// something other than a whole number ("40 st") becomes a field error, with what was
// typed kept, instead of a 400 page that loses the whole form.
//
// Such a field is bound as -1, which every number field of the domain rejects (seats,
// seat limit, interval). The store call then still runs, so the organiser sees every
// other problem of the form at once, and it cannot succeed, so nothing is stored.
func orgBind(c *fiber.Ctx, v any, f *orgForm, numeric ...string) error {
	args := c.Request().PostArgs()
	for _, name := range numeric {
		raw := string(args.Peek(name))
		val := strings.TrimSpace(raw)
		if val == "" {
			continue
		}
		if _, err := strconv.Atoi(val); err != nil {
			f.Raw[name] = raw
			f.Errors[name] = tr(f.Lang, "org.err.number")
			val = "-1"
		}
		args.Set(name, val)
	}
	return bind(c, v)
}

// orgInvalid reports whether err is a validation error; if so its messages join f.Errors.
func orgInvalid(err error, f *orgForm) bool {
	var ve *events.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for k, msg := range ve.FieldMessages(f.Lang) {
		if _, exists := f.Errors[k]; !exists {
			f.Errors[k] = msg
		}
	}
	return true
}

// --- shared option lists ---------------------------------------------------------

func orgTypeOptions(lang string) []orgOption {
	opts := []orgOption{{Value: "", Label: tr(lang, "org.choose")}}
	for _, t := range events.Types {
		opts = append(opts, orgOption{Value: string(t), Label: tr(lang, "org.type."+string(t))})
	}
	return opts
}

func orgTargetAreaOptions(lang string) []orgOption {
	opts := make([]orgOption, 0, len(events.TargetAreaNames))
	for i := 1; i <= len(events.TargetAreaNames); i++ {
		opts = append(opts, orgOption{Value: strconv.Itoa(i), Label: fmt.Sprintf("%d. %s", i, events.TargetAreaNames[i].In(lang))})
	}
	return opts
}

func orgInts(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return out
}

// orgSplitPriorities separates the suggested priority areas (checkboxes) from the
// organiser's own (the text input, comma-separated).
func orgSplitPriorities(values []string) (suggested []string, other string) {
	var own []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			p := strings.Join(strings.Fields(part), " ")
			switch {
			case p == "":
			case slices.Contains(events.PriorityAreaSuggestions, p):
				suggested = append(suggested, p)
			case !slices.Contains(own, p):
				own = append(own, p)
			}
		}
	}
	return suggested, strings.Join(own, ", ")
}

var (
	orgMunicipalityGroupsOnce sync.Once
	orgMunicipalityGroups     []orgOptGroup
)

// municipality is a select of the 290 municipalities grouped by county, with an empty first option.
func (f orgForm) municipality(value string) orgField {
	orgMunicipalityGroupsOnce.Do(func() {
		byCounty := map[string][]orgOption{}
		for _, m := range events.Municipalities() {
			byCounty[m.CountyCode] = append(byCounty[m.CountyCode], orgOption{Value: m.Name, Label: m.Name})
		}
		for _, c := range events.Counties() {
			orgMunicipalityGroups = append(orgMunicipalityGroups, orgOptGroup{Label: c.Name, Options: byCounty[c.Code]})
		}
	})
	if m, ok := events.LookupMunicipality(value); ok {
		value = m.Name
	}
	fl := f.field("select", "municipality", "org.f.municipality")
	fl.Value = value
	fl.Options = []orgOption{{Value: "", Label: tr(f.Lang, "org.f.municipality.none"), Checked: value == ""}}
	for _, g := range orgMunicipalityGroups {
		opts := slices.Clone(g.Options)
		for i := range opts {
			opts[i].Checked = opts[i].Value == value
		}
		fl.Groups = append(fl.Groups, orgOptGroup{Label: g.Label, Options: opts})
	}
	return fl
}

// organisationPicker chooses the organiser when a form was opened without ?org=.
func (f orgForm) organisationPicker(value string, orgs []events.Organisation) orgField {
	opts := []orgOption{{Value: "", Label: tr(f.Lang, "org.choose")}}
	for _, o := range orgs {
		opts = append(opts, orgOption{Value: o.ID, Label: o.Name})
	}
	return required(f.selectOne("org", "org.f.org", value, opts))
}

// --- details shared by events and series -------------------------------------------

// detailsField describes the fields events and series have in common.
func (f orgForm) detailsField(in events.DetailsInput, name string) (orgField, bool) {
	lang := f.Lang
	switch name {
	case "type":
		return required(f.selectOne(name, "org.f.type", in.Type, orgTypeOptions(lang))), true
	case "title_sv":
		return required(f.input("text", name, "org.f.title_sv", in.TitleSV)), true
	case "title_en":
		return f.input("text", name, "org.f.title_en", in.TitleEN), true
	case "description_sv":
		return f.textarea(name, "org.f.description_sv", in.DescriptionSV, 6), true
	case "description_en":
		return f.textarea(name, "org.f.description_en", in.DescriptionEN, 6), true
	case "mode":
		opts := make([]orgOption, len(events.Modes))
		for i, m := range events.Modes {
			opts[i] = orgOption{Value: string(m), Label: tr(lang, "org.mode."+string(m))}
		}
		return f.group("radios", name, "org.f.mode", opts, in.Mode), true
	case "venue_name":
		return f.input("text", name, "org.f.venue_name", in.VenueName), true
	case "venue_address":
		fl := f.input("text", name, "org.f.venue_address", in.VenueAddress)
		fl.Autocomplete = "street-address"
		return fl, true
	case "venue_city":
		return f.input("text", name, "org.f.venue_city", in.VenueCity), true
	case "municipality":
		return f.municipality(in.Municipality), true
	case "capacity_on_site":
		return f.number(name, "org.f.capacity_on_site", in.CapacityOnSite, true), true
	case "capacity_digital":
		return f.number(name, "org.f.capacity_digital", in.CapacityDigital, true), true
	case "visibility":
		opts := []orgOption{
			{Value: string(events.VisibilityPublic), Label: tr(lang, "org.visibility.public")},
			{Value: string(events.VisibilityInviteOnly), Label: tr(lang, "org.visibility.invite_only")},
		}
		return f.group("radios", name, "org.f.visibility", opts, in.Visibility), true
	case "target_areas":
		return f.group("checkboxes", name, "org.f.target_areas", orgTargetAreaOptions(lang), orgInts(in.TargetAreas)...), true
	case "priority_areas":
		suggested, other := orgSplitPriorities(in.PriorityAreas)
		opts := make([]orgOption, len(events.PriorityAreaSuggestions))
		for i, p := range events.PriorityAreaSuggestions {
			opts[i] = orgOption{Value: p, Label: p}
		}
		fl := f.group("checkboxes", name, "org.f.priority_areas", opts, suggested...)
		o := f.input("text", name, "org.f.priority_other", other)
		o.ID, o.Error = "priority_other", "" // the group shows the problem once
		fl.Other = &o
		return fl, true
	}
	return orgField{}, false
}

var orgDetailsNumeric = []string{"capacity_on_site", "capacity_digital"}

// --- organisation form ----------------------------------------------------------

type orgOrganisationForm struct {
	orgForm
	In events.OrganisationInput
}

var orgOrganisationOrder = []string{"name", "kind", "county"}

func (f orgOrganisationForm) Field(name string) orgField {
	switch name {
	case "name":
		fl := required(f.input("text", name, "org.f.org_name", f.In.Name))
		fl.Autocomplete = "organization"
		return fl
	case "kind":
		opts := []orgOption{{Value: "", Label: tr(f.Lang, "org.choose")}}
		for _, k := range []events.OrgKind{events.OrgLansstyrelse, events.OrgRegion, events.OrgKommun, events.OrgOther} {
			opts = append(opts, orgOption{Value: string(k), Label: tr(f.Lang, "org.orgkind."+string(k))})
		}
		return required(f.selectOne(name, "org.f.org_kind", f.In.Kind, opts))
	case "county":
		value := f.In.County
		if c, ok := events.LookupCounty(value); ok {
			value = c.Name
		}
		opts := []orgOption{{Value: "", Label: tr(f.Lang, "org.f.county.none")}}
		for _, c := range events.Counties() {
			opts = append(opts, orgOption{Value: c.Name, Label: c.Name})
		}
		return f.selectOne(name, "org.f.county", value, opts)
	}
	panic("organisation form has no field " + name)
}

func (f orgOrganisationForm) Fields(names ...string) []orgField { return fieldList(f.Field, names) }
func (f orgOrganisationForm) Summary() orgSummary               { return f.summary(f.Field, orgOrganisationOrder) }

// --- event form -----------------------------------------------------------------

type orgEventForm struct {
	orgForm
	OrgID   string                // create: the organisation, sent as a hidden field
	Orgs    []events.Organisation // create without ?org=: the organisations to pick from
	EventID string                // edit
	In      events.EventInput
}

var orgEventOrder = []string{"org", "type", "title_sv", "title_en", "description_sv", "description_en",
	"start", "end", "mode", "venue_name", "venue_address", "venue_city", "municipality", "online_url",
	"capacity_on_site", "capacity_digital", "registration_opens", "registration_closes", "visibility",
	"target_areas", "priority_areas"}

// Picker tells whether the form asks which organisation arranges the event.
func (f orgEventForm) Picker() bool { return f.EventID == "" && f.OrgID == "" }

func (f orgEventForm) Field(name string) orgField {
	if fl, ok := f.detailsField(f.In.DetailsInput, name); ok {
		return fl
	}
	switch name {
	case "org":
		return f.organisationPicker(f.OrgID, f.Orgs)
	case "start":
		return required(f.input("datetime-local", name, "org.f.start", f.In.Start))
	case "end":
		return required(f.input("datetime-local", name, "org.f.end", f.In.End))
	case "online_url":
		fl := f.input("url", name, "org.f.online_url", f.In.OnlineURL)
		fl.Autocomplete = "url"
		return fl
	case "registration_opens":
		return f.input("datetime-local", name, "org.f.registration_opens", f.In.RegistrationOpens)
	case "registration_closes":
		return f.input("datetime-local", name, "org.f.registration_closes", f.In.RegistrationCloses)
	}
	panic("event form has no field " + name)
}

func (f orgEventForm) Fields(names ...string) []orgField { return fieldList(f.Field, names) }
func (f orgEventForm) Summary() orgSummary {
	order := orgEventOrder
	if !f.Picker() {
		order = order[1:]
	}
	return f.summary(f.Field, order)
}

// eventInputOf is the edit form's starting point: the stored event.
func eventInputOf(ev events.Event) events.EventInput {
	return events.EventInput{
		DetailsInput: events.DetailsInput{
			Type: string(ev.Type), TitleSV: ev.Title.SV, TitleEN: ev.Title.EN,
			DescriptionSV: ev.Description.SV, DescriptionEN: ev.Description.EN,
			VenueName: ev.Venue.Name, VenueAddress: ev.Venue.Address, VenueCity: ev.Venue.City, Mode: string(ev.Mode),
			CapacityOnSite: ev.CapacityOnSite, CapacityDigital: ev.CapacityDigital, Visibility: string(ev.Visibility),
			TargetAreas: slices.Clone(ev.TargetAreas), PriorityAreas: slices.Clone(ev.PriorityAreas),
			Municipality: ev.Municipality,
		},
		Start:              orgLocalInput(ev.Start),
		End:                orgLocalInput(ev.End),
		OnlineURL:          ev.OnlineURL,
		RegistrationOpens:  orgLocalInput(ev.RegistrationOpens),
		RegistrationCloses: orgLocalInput(ev.RegistrationCloses),
	}
}

// --- session form ---------------------------------------------------------------

type orgSessionForm struct {
	orgForm
	EventID, SessionID string
	In                 events.SessionInput
}

var orgSessionOrder = []string{"start", "end", "title_sv", "title_en", "kind", "room", "track",
	"speakers_text", "description_sv", "description_en", "target_areas", "seat_limit"}

var orgSessionNumeric = []string{"seat_limit"}

func (f orgSessionForm) Field(name string) orgField {
	switch name {
	case "start":
		return required(f.input("datetime-local", name, "org.f.start", f.In.Start))
	case "end":
		return required(f.input("datetime-local", name, "org.f.end", f.In.End))
	case "title_sv":
		return required(f.input("text", name, "org.f.session_title_sv", f.In.TitleSV))
	case "title_en":
		return f.input("text", name, "org.f.session_title_en", f.In.TitleEN)
	case "description_sv":
		return f.textarea(name, "org.f.description_sv", f.In.DescriptionSV, 4)
	case "description_en":
		return f.textarea(name, "org.f.description_en", f.In.DescriptionEN, 4)
	case "kind":
		opts := make([]orgOption, len(events.SessionKinds))
		for i, k := range events.SessionKinds {
			opts[i] = orgOption{Value: string(k), Label: tr(f.Lang, "org.kind."+string(k))}
		}
		return f.selectOne(name, "org.f.kind", f.In.Kind, opts)
	case "room":
		return f.input("text", name, "org.f.room", f.In.Room)
	case "track":
		return f.input("text", name, "org.f.track", f.In.Track)
	case "target_areas":
		return f.group("checkboxes", name, "org.f.session_target_areas", orgTargetAreaOptions(f.Lang), orgInts(f.In.TargetAreas)...)
	case "seat_limit":
		return f.number(name, "org.f.seat_limit", f.In.SeatLimit, true)
	case "speakers_text":
		fl := f.textarea(name, "org.f.speakers", f.In.SpeakersText, 4)
		fl.ErrKey, fl.Error = "speakers", f.Errors["speakers"]
		return fl
	}
	panic("session form has no field " + name)
}

func (f orgSessionForm) Fields(names ...string) []orgField { return fieldList(f.Field, names) }
func (f orgSessionForm) Summary() orgSummary               { return f.summary(f.Field, orgSessionOrder) }

// sessionInputOf is the edit form's starting point: the stored session.
func sessionInputOf(se events.Session) events.SessionInput {
	lines := make([]string, len(se.Speakers))
	for i, sp := range se.Speakers {
		lines[i] = strings.TrimRight(strings.Join([]string{sp.Name, sp.Title, sp.Organisation}, ", "), ", ")
	}
	return events.SessionInput{
		Start: orgLocalInput(se.Start), End: orgLocalInput(se.End),
		TitleSV: se.Title.SV, TitleEN: se.Title.EN, DescriptionSV: se.Description.SV, DescriptionEN: se.Description.EN,
		Kind: string(se.Kind), Room: se.Room, Track: se.Track, TargetAreas: slices.Clone(se.TargetAreas),
		SeatLimit: se.SeatLimit, SpeakersText: strings.Join(lines, "\n"),
	}
}

// --- series form ----------------------------------------------------------------

type orgSeriesForm struct {
	orgForm
	OrgID string
	Orgs  []events.Organisation
	In    events.SeriesInput
}

var orgSeriesOrder = []string{"org", "type", "title_sv", "title_en", "description_sv", "description_en",
	"freq", "interval", "ordinal", "weekday", "start_date", "start_time", "end_time", "until",
	"mode", "venue_name", "venue_address", "venue_city", "municipality",
	"capacity_on_site", "capacity_digital", "visibility", "target_areas", "priority_areas"}

var orgSeriesNumeric = append([]string{"interval"}, orgDetailsNumeric...)

// Picker tells whether the form asks which organisation arranges the series.
func (f orgSeriesForm) Picker() bool { return f.OrgID == "" }

func (f orgSeriesForm) Field(name string) orgField {
	if fl, ok := f.detailsField(f.In.DetailsInput, name); ok {
		return fl
	}
	lang := f.Lang
	switch name {
	case "org":
		return f.organisationPicker(f.OrgID, f.Orgs)
	case "freq":
		opts := []orgOption{{Value: "", Label: tr(lang, "org.choose")}}
		for _, fr := range []events.Frequency{events.Weekly, events.Monthly, events.Yearly} {
			opts = append(opts, orgOption{Value: string(fr), Label: tr(lang, "org.freq."+string(fr))})
		}
		return required(f.selectOne(name, "org.f.freq", f.In.Freq, opts))
	case "interval":
		return f.number(name, "org.f.interval", f.In.Interval, false)
	case "ordinal":
		var opts []orgOption
		for _, o := range []int{1, 2, 3, 4, -1, 0} {
			opts = append(opts, orgOption{Value: strconv.Itoa(o), Label: tr(lang, "org.ordinal."+strconv.Itoa(o))})
		}
		return f.selectOne(name, "org.f.ordinal", strconv.Itoa(f.In.Ordinal), opts)
	case "weekday":
		var opts []orgOption
		for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
			opts = append(opts, orgOption{Value: strconv.Itoa(d), Label: tr(lang, "org.weekday."+strconv.Itoa(d))})
		}
		return f.selectOne(name, "org.f.weekday", strconv.Itoa(f.In.Weekday), opts)
	case "start_date":
		return required(f.input("date", name, "org.f.start_date", f.In.StartDate))
	case "start_time":
		return required(f.input("time", name, "org.f.start_time", f.In.StartTime))
	case "end_time":
		return required(f.input("time", name, "org.f.end_time", f.In.EndTime))
	case "until":
		return f.input("date", name, "org.f.series_until", f.In.Until)
	}
	panic("series form has no field " + name)
}

func (f orgSeriesForm) Fields(names ...string) []orgField { return fieldList(f.Field, names) }
func (f orgSeriesForm) Summary() orgSummary {
	order := orgSeriesOrder
	if !f.Picker() {
		order = order[1:]
	}
	return f.summary(f.Field, order)
}

// --- generate form (series page) ------------------------------------------------

type orgGenerateForm struct {
	orgForm
	Until string
}

func (f orgGenerateForm) Field(name string) orgField {
	if name == "until" {
		return required(f.input("date", name, "org.f.generate_until", f.Until))
	}
	panic("generate form has no field " + name)
}

func (f orgGenerateForm) Summary() orgSummary { return f.summary(f.Field, []string{"until"}) }

// --- partials -------------------------------------------------------------------

var (
	orgPartialsOnce sync.Once
	orgPartials     *template.Template
	orgPartialsErr  error
)

// orgPartial draws a template shared by several organiser pages, defined in
// org_partials.html: {{orgPartial "org-field" (.Data.Form.Field "title_sv")}}.
// Pages are parsed one file each, so a page cannot {{template}} another file's
// definitions; this renders them with html/template (escaped for HTML text, which is
// where pages call it) and hands the result over as trusted HTML.
func orgPartial(name string, data any) (template.HTML, error) {
	orgPartialsOnce.Do(func() {
		orgPartials, orgPartialsErr = template.New("org_partials.html").Funcs(organiserFuncs).
			ParseFS(templateFS, "templates/org_partials.html")
	})
	if orgPartialsErr != nil {
		return "", orgPartialsErr
	}
	var b strings.Builder
	if err := orgPartials.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // output of html/template, already escaped
}

func init() {
	// Registered here, not in organiserFuncs' literal: orgPartial parses with
	// organiserFuncs, which would make the initialisation circular.
	organiserFuncs["orgPartial"] = orgPartial
}

func orgHasText(key string) bool { return locale.Has(key) }
