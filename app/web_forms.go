package app

import (
	"errors"
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

// The form kit of every page with a form (organiser, participant and door pages
// alike). Every form has one state struct (its values and field errors), built
// either from the stored document (edit) or from what was submitted (re-render after a
// validation error), and one template used for create and edit alike. Each field is
// described in Go (webField) and drawn by the shared partial "org-field" in
// templates/shared/partials.html, so labels, hints, errors and their ARIA wiring are the same on
// every form.

// webField describes one form control (or one group of checkboxes or radios).
type webField struct {
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

	Options []webOption   // select options, or the boxes of a group
	Groups  []webOptGroup // select only: options under <optgroup>s, after Options
	Other   *webField     // a free-text input inside a checkbox group
}

type webOption struct {
	ID, Value, Label string
	Checked          bool // checked (boxes) or selected (select)
}

type webOptGroup struct {
	Label   string
	Options []webOption
}

// HintID and ErrorID name the elements aria-describedby points at.
func (f webField) HintID() string  { return f.ID + "-hint" }
func (f webField) ErrorID() string { return f.ID + "-error" }

// DescribedBy lists the hint and the error, if any.
func (f webField) DescribedBy() string {
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
func (f webField) IsGroup() bool { return f.Kind == "checkboxes" || f.Kind == "radios" }

// ChoiceType is the input type of a group's options.
func (f webField) ChoiceType() string {
	if f.Kind == "radios" {
		return "radio"
	}
	return "checkbox"
}

// InputType is the type attribute of an <input>. Numbers are text with a numeric
// keyboard: browsers silently drop what type=number cannot parse, and then the
// organiser would never learn that "40 st" was not understood.
func (f webField) InputType() string {
	if f.Kind == "number" {
		return "text"
	}
	return f.Kind
}

// InputMode asks touch keyboards for digits on number fields.
func (f webField) InputMode() string {
	if f.Kind == "number" {
		return "numeric"
	}
	return ""
}

// webForm is what every organiser form shares.
type webForm struct {
	Lang   string
	Action string            // where the form posts
	Errors map[string]string // field (ValidationError key) → message
	Raw    map[string]string // typed values that could not be read as numbers, shown as typed
}

func newWebForm(lang, action string) webForm {
	return webForm{Lang: lang, Action: action, Errors: map[string]string{}, Raw: map[string]string{}}
}

// HasErrors tells whether the form is being shown again because of problems.
func (f webForm) HasErrors() bool { return len(f.Errors) > 0 }

func (f webForm) field(kind, name, label string) webField {
	fl := webField{ID: name, Name: name, ErrKey: name, Kind: kind, Label: tr(f.Lang, label),
		Error: f.Errors[name], RequiredText: tr(f.Lang, "org.required")}
	if hint := label + ".hint"; orgHasText(hint) {
		fl.Hint = tr(f.Lang, hint)
	}
	return fl
}

func (f webForm) input(kind, name, label, value string) webField {
	fl := f.field(kind, name, label)
	fl.Value = value
	return fl
}

// number is a whole-number field; 0 shows as empty where empty means "no limit".
func (f webForm) number(name, label string, n int, zeroEmpty bool) webField {
	v := strconv.Itoa(n)
	if zeroEmpty && n == 0 {
		v = ""
	}
	if raw, ok := f.Raw[name]; ok {
		v = raw
	}
	return f.input("number", name, label, v)
}

func (f webForm) textarea(name, label, value string, rows int) webField {
	fl := f.input("textarea", name, label, value)
	fl.Rows = rows
	return fl
}

func (f webForm) selectOne(name, label, value string, opts []webOption) webField {
	fl := f.field("select", name, label)
	fl.Value = value
	for i := range opts {
		opts[i].Checked = opts[i].Value == value
	}
	fl.Options = opts
	return fl
}

// group is a checkbox or radio group; checked holds the values to check.
func (f webForm) group(kind, name, label string, opts []webOption, checked ...string) webField {
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

// yesBox is a group of one checkbox (value "true"): a yes/no question with its legend
// (label) and the box's own text (option).
func (f webForm) yesBox(name, label, option string, checked bool) webField {
	var on []string
	if checked {
		on = []string{"true"}
	}
	return f.group("checkboxes", name, label, []webOption{{Value: "true", Label: tr(f.Lang, option)}}, on...)
}

func required(fl webField) webField {
	fl.Required = true
	return fl
}

// webSummary is the error summary at the top of a form page.
type webSummary struct {
	Heading string
	Items   []webSummaryItem
}

type webSummaryItem struct {
	Href, Message string // Href is empty for a problem no field shows
}

// summary lists the problems in the order the fields appear, each linking to its field;
// problems of fields the form does not show come last, without a link.
func (f webForm) summary(field func(string) webField, order []string) webSummary {
	sum := webSummary{Heading: tr(f.Lang, "org.summary.heading")}
	shown := map[string]bool{}
	for _, name := range order {
		fl := field(name)
		if fl.Error == "" || shown[fl.ErrKey] {
			continue
		}
		shown[fl.ErrKey] = true
		sum.Items = append(sum.Items, webSummaryItem{Href: "#" + fl.ID, Message: fl.Error})
	}
	var rest []string
	for key := range f.Errors {
		if !shown[key] {
			rest = append(rest, key)
		}
	}
	sort.Strings(rest)
	for _, key := range rest {
		sum.Items = append(sum.Items, webSummaryItem{Message: f.Errors[key]})
	}
	return sum
}

func fieldList(field func(string) webField, names []string) []webField {
	out := make([]webField, len(names))
	for i, n := range names {
		out[i] = field(n)
	}
	return out
}

// bindForm reads a form (or JSON) body like bind, except that a number field holding
// something other than a whole number ("40 st") becomes a field error, with what was
// typed kept, instead of a 400 page that loses the whole form.
//
// Such a field is bound as -1, which every number field of the domain rejects (seats,
// seat limit, interval). The store call then still runs, so the organiser sees every
// other problem of the form at once, and it cannot succeed, so nothing is stored.
func bindForm(c *fiber.Ctx, v any, f *webForm, numeric ...string) error {
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

// formInvalid reports whether err is a validation error; if so its messages join f.Errors.
func formInvalid(err error, f *webForm) bool {
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

var (
	orgMunicipalityGroupsOnce sync.Once
	orgMunicipalityGroups     []webOptGroup
)

// municipality is a select of the 290 municipalities grouped by county, with an empty first option.
func (f webForm) municipality(value string) webField {
	orgMunicipalityGroupsOnce.Do(func() {
		byCounty := map[string][]webOption{}
		for _, m := range events.Municipalities() {
			byCounty[m.CountyCode] = append(byCounty[m.CountyCode], webOption{Value: m.Name, Label: m.Name})
		}
		for _, c := range events.Counties() {
			orgMunicipalityGroups = append(orgMunicipalityGroups, webOptGroup{Label: c.Name, Options: byCounty[c.Code]})
		}
	})
	if m, ok := events.LookupMunicipality(value); ok {
		value = m.Name
	}
	fl := f.field("select", "municipality", "org.f.municipality")
	fl.Value = value
	fl.Options = []webOption{{Value: "", Label: tr(f.Lang, "org.f.municipality.none"), Checked: value == ""}}
	for _, g := range orgMunicipalityGroups {
		opts := slices.Clone(g.Options)
		for i := range opts {
			opts[i].Checked = opts[i].Value == value
		}
		fl.Groups = append(fl.Groups, webOptGroup{Label: g.Label, Options: opts})
	}
	return fl
}

// --- partials -------------------------------------------------------------------

var (
	orgPartialsOnce sync.Once
	formPartials    *template.Template
	orgPartialsErr  error
)

// partial draws a template shared by several organiser pages, defined in
// templates/shared/partials.html: {{partial "org-field" (.Data.Form.Field "title_sv")}}.
// Pages are parsed one file each, so a page cannot {{template}} another file's
// definitions; this renders them with html/template (escaped for HTML text, which is
// where pages call it) and hands the result over as trusted HTML.
func partial(name string, data any) (template.HTML, error) {
	orgPartialsOnce.Do(func() {
		formPartials, orgPartialsErr = template.New("partials.html").Funcs(organiserFuncs).
			ParseFS(templateFS, "templates/shared/partials.html")
	})
	if orgPartialsErr != nil {
		return "", orgPartialsErr
	}
	var b strings.Builder
	if err := formPartials.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // output of html/template, already escaped
}

func init() {
	// Registered here, not in organiserFuncs' literal: partial parses with
	// organiserFuncs, which would make the initialisation circular.
	organiserFuncs["partial"] = partial
}

func orgHasText(key string) bool { return locale.Has(key) }
