package app

import (
	"fmt"
	"net/mail"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/sanitize"
	"folkhalsa-events/registration"
)

// The participant's registration form and the manage page's edit form share one form
// state, regForm, drawn with the organiser forms' field framework (webField and the
// "org-field" partial in templates/shared/partials.html), so labels, hints, errors and their ARIA
// wiring are the same as everywhere else.

// regForm is the registration form (Edit false) or the manage page's edit form (Edit
// true: no e-mail, participation mode, invitation code, privacy box or honeypot).
type regForm struct {
	webForm
	In         registration.Input
	Mode       events.Mode // the event's mode
	InviteOnly bool
	Edit       bool
	// Workshops is false for participants who cannot choose any (online only).
	Workshops bool
	Slots     []regSlot
	// Avail, on the registration form, are the seats left (public_seats.go).
	Avail *registration.Availability
	// Questions are the event's own (participant_questions.go); ByOrganiser: the
	// organiser's edit, where none is required.
	Questions   []events.Question
	ByOrganiser bool
}

// regSlot is one start time of the agenda's bookable sessions: a radio group in which
// the participant picks one workshop or none.
type regSlot struct {
	Name     string // form field name, "workshop_1" …
	Label    string // day and time, already in the page's language
	Sessions []events.Session
}

// regSlots groups the bookable sessions by start time (the store returns them sorted).
func regSlots(sessions []events.Session, lang string) []regSlot {
	var out []regSlot
	var starts []int64
	for _, se := range sessions {
		if !registration.Bookable(se) {
			continue
		}
		i := slices.Index(starts, se.Start.Unix())
		if i < 0 {
			starts = append(starts, se.Start.Unix())
			out = append(out, regSlot{Name: "workshop_" + strconv.Itoa(len(out)+1)})
			i = len(out) - 1
		}
		out[i].Sessions = append(out[i].Sessions, se)
	}
	for i := range out {
		first := out[i].Sessions[0]
		end := first.End
		for _, se := range out[i].Sessions {
			if se.End.After(end) {
				end = se.End
			}
		}
		out[i].Label = fmt.Sprintf("%s, %s–%s", events.LongDate(first.Start, lang), events.Clock(first.Start), events.Clock(end))
	}
	return out
}

func newRegForm(lang, action string, ev events.Event, sessions []events.Session, in registration.Input) regForm {
	f := regForm{
		webForm: newWebForm(lang, action), In: in, Mode: ev.Mode,
		InviteOnly: ev.Visibility == events.VisibilityInviteOnly,
		Workshops:  ev.Mode.HasOnSite(), Questions: ev.Questions,
	}
	if f.Workshops {
		f.Slots = regSlots(sessions, lang)
	}
	return f
}

// Hybrid tells whether the form asks how the person takes part.
func (f regForm) Hybrid() bool { return f.Mode == events.ModeHybrid && !f.Edit }

// HasWorkshops tells whether the form shows workshop choices.
func (f regForm) HasWorkshops() bool { return f.Workshops && len(f.Slots) > 0 }

// regEchoMax bounds what a re-rendered form shows of one typed value: enough to fix
// anything a person typed, not a megabyte sent back by a script.
const regEchoMax = 4000

// regEcho is a typed value as the form shows it again: valid UTF-8, bounded.
func regEcho(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > regEchoMax {
		s = strings.ToValidUTF8(s[:regEchoMax], "")
	}
	return s
}

func (f regForm) hint(fl webField, key string) webField {
	if regHasText(key + ".hint") {
		fl.Hint = tr(f.Lang, key+".hint")
	}
	return fl
}

func (f regForm) text(kind, name, label, value, autocomplete string) webField {
	fl := f.hint(f.input(kind, name, label, regEcho(value)), label)
	fl.Autocomplete = autocomplete
	return fl
}

// box is a group of one checkbox: a yes/no question with its legend.
func (f regForm) box(name, label string, checked bool) webField {
	return f.hint(f.yesBox(name, label, label+".option", checked), label)
}

// Field describes one field of the form by its name.
func (f regForm) Field(name string) webField {
	lang := f.Lang
	switch name {
	case "invitation_code":
		return required(f.text("text", name, "reg.f.invitation_code", f.In.Invitation, "off"))
	case "first_name":
		return required(f.text("text", name, "reg.f.first_name", f.In.FirstName, "given-name"))
	case "last_name":
		return required(f.text("text", name, "reg.f.last_name", f.In.LastName, "family-name"))
	case "email":
		return required(f.text("email", name, "reg.f.email", f.In.Email, "email"))
	case "organisation":
		return required(f.text("text", name, "reg.f.organisation", f.In.Organisation, "organization"))
	case "role":
		return f.text("text", name, "reg.f.role", f.In.Role, "organization-title")
	case "org_type":
		opts := []webOption{{Value: "", Label: tr(lang, "reg.choose")}}
		for _, o := range registration.OrgTypes {
			opts = append(opts, webOption{Value: string(o.Value), Label: o.Label.In(lang)})
		}
		fl := f.selectOne(name, "reg.f.org_type", regEcho(f.In.OrgType), opts)
		fl.Required = !f.ByOrganiser
		return fl
	case "municipality":
		fl := f.municipality(regEcho(f.In.Municipality))
		fl.Label = tr(lang, "reg.f.municipality")
		fl.Hint = tr(lang, "reg.f.municipality.hint")
		fl.Options[0].Label = tr(lang, "reg.choose")
		fl.Required = !f.ByOrganiser
		return fl
	case "mode":
		opts := []webOption{
			{Value: string(events.ModeOnSite), Label: events.ModeLabels[events.ModeOnSite].In(lang)},
			{Value: string(events.ModeDigital), Label: events.ModeLabels[events.ModeDigital].In(lang)},
		}
		if f.Avail != nil {
			for i, x := range []registration.Seats{f.Avail.OnSite, f.Avail.Digital} {
				if text := seatsNote(x, lang); text != "" {
					opts[i].Label += " (" + text + ")"
				}
			}
		}
		return required(f.group("radios", name, "reg.f.mode", opts, strings.TrimSpace(f.In.Mode)))
	case "diet":
		return f.hint(f.textarea(name, "reg.f.diet", regEcho(f.In.Diet), 3), "reg.f.diet")
	case "accessibility":
		return f.hint(f.textarea(name, "reg.f.accessibility", regEcho(f.In.Accessibility), 3), "reg.f.accessibility")
	case "gender":
		opts := make([]webOption, len(registration.Genders))
		for i, g := range registration.Genders {
			opts[i] = webOption{Value: string(g.Value), Label: g.Label.In(lang)}
		}
		return f.hint(f.group("radios", name, "reg.f.gender", opts, strings.TrimSpace(f.In.Gender)), "reg.f.gender")
	case "list_consent":
		return f.box(name, "reg.f.list_consent", f.In.ListConsent)
	case "waitlist_ok":
		return f.box(name, "reg.f.waitlist_ok", f.In.WaitlistOK)
	case "privacy_accepted":
		return required(f.box(name, "reg.f.privacy_accepted", f.In.PrivacyOK))
	}
	for i, slot := range f.Slots {
		if slot.Name == name {
			return f.slotField(i, slot)
		}
	}
	if q, ok := f.question(name); ok {
		return f.questionField(q)
	}
	panic("registration form has no field " + name)
}

// slotField is one time slot's radio group: its workshops, then "no workshop". The
// first slot carries the problems of the workshop choice as a whole.
func (f regForm) slotField(i int, slot regSlot) webField {
	lang := f.Lang
	var opts []webOption
	chosen := ""
	for _, se := range slot.Sessions {
		label := se.Title.In(lang)
		var extra []string
		if se.Room != "" {
			extra = append(extra, fmt.Sprintf(tr(lang, "reg.workshop.room"), se.Room))
		}
		switch x, known := f.workshopSeats(se.ID); {
		case known && x.Limited():
			extra = append(extra, seatsNote(x, lang))
		case se.SeatLimit > 0:
			extra = append(extra, locale.N(lang, "reg.workshop.seats", se.SeatLimit))
		}
		if len(extra) > 0 {
			label += " (" + strings.Join(extra, ", ") + ")"
		}
		opts = append(opts, webOption{Value: se.ID, Label: label})
		if slices.Contains(f.In.Workshops, se.ID) {
			chosen = se.ID
		}
	}
	opts = append(opts, webOption{Value: "", Label: tr(lang, "reg.workshop.none")})
	fl := f.group("radios", slot.Name, "", opts, chosen)
	fl.Label, fl.Error, fl.ErrKey = slot.Label, "", slot.Name
	if i == 0 {
		fl.ErrKey, fl.Error = "workshops", f.Errors["workshops"]
	}
	return fl
}

// Fields describes several fields, for ranging in the template.
func (f regForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }

// workshopSeats is a workshop's seats left, when the form knows them.
func (f regForm) workshopSeats(id string) (registration.Seats, bool) {
	if f.Avail == nil {
		return registration.Seats{}, false
	}
	x, ok := f.Avail.Workshops[id]
	return x, ok
}

// SlotFields are the workshop slots' radio groups.
func (f regForm) SlotFields() []webField {
	if !f.HasWorkshops() {
		return nil
	}
	out := make([]webField, len(f.Slots))
	for i, slot := range f.Slots {
		out[i] = f.slotField(i, slot)
	}
	return out
}

// order lists the fields as the page shows them, for the error summary.
func (f regForm) order() []string {
	var names []string
	if f.InviteOnly && !f.Edit {
		names = append(names, "invitation_code")
	}
	names = append(names, "first_name", "last_name")
	if !f.Edit {
		names = append(names, "email")
	}
	names = append(names, "gender", "organisation", "org_type", "municipality", "role")
	if f.Hybrid() {
		names = append(names, "mode")
	}
	if f.HasWorkshops() {
		for _, s := range f.Slots {
			names = append(names, s.Name)
		}
	}
	names = append(names, f.questionNames()...)
	names = append(names, "diet", "accessibility", "list_consent", "waitlist_ok")
	if !f.Edit {
		names = append(names, "privacy_accepted")
	}
	return names
}

// Summary is the error summary at the top of the page.
func (f regForm) Summary() webSummary { return f.summary(f.Field, f.order()) }

// --- reading a submitted form ------------------------------------------------------

// regFormValues reads a url-encoded or multipart body as name → values.
func regFormValues(c *fiber.Ctx) (map[string][]string, error) {
	vals := map[string][]string{}
	if strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEMultipartForm) {
		form, err := c.MultipartForm()
		if err != nil {
			return nil, errBadForm
		}
		for k, v := range form.Value {
			vals[k] = v
		}
		return vals, nil
	}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		vals[string(k)] = append(vals[string(k)], string(v))
	})
	return vals, nil
}

var errBadForm = apiError{fiber.StatusBadRequest, "bad_request", "err.bad_form"}

// isForm tells a browser's form post from a JSON (or other) body.
func isForm(c *fiber.Ctx) bool {
	ct := string(c.Request().Header.ContentType())
	return strings.HasPrefix(ct, fiber.MIMEApplicationForm) || strings.HasPrefix(ct, fiber.MIMEMultipartForm)
}

// readRegistration reads the registration (or edit) form. Form values are read by
// hand rather than with bind: every text reaches the domain's validation as sent (so
// invalid UTF-8 from %FF becomes a message next to its field), a checkbox is on for
// any value, and each workshop slot is its own radio group ("workshop_1", …), whose
// choices join Workshops. Other bodies (JSON) go through bind.
func readRegistration(c *fiber.Ctx) (registration.Input, error) {
	var in registration.Input
	if !isForm(c) {
		return in, bind(c, &in)
	}
	vals, err := regFormValues(c)
	if err != nil {
		return in, err
	}
	one := func(k string) string {
		if v := vals[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	on := func(k string) bool { return one(k) != "" }
	in = registration.Input{
		FirstName: one("first_name"), LastName: one("last_name"), Email: one("email"),
		Organisation: one("organisation"), OrgType: one("org_type"), Municipality: one("municipality"),
		Role: one("role"), Mode: one("mode"), Diet: one("diet"), Accessibility: one("accessibility"),
		Gender: one("gender"), ListConsent: on("list_consent"), PrivacyOK: on("privacy_accepted"),
		WaitlistOK: on("waitlist_ok"), Invitation: one("invitation_code"), Website: one("website"),
		Answers: readAnswers(vals),
	}
	var slots []string
	for k := range vals {
		if strings.HasPrefix(k, "workshop_") {
			slots = append(slots, k)
		}
	}
	sort.Strings(slots)
	for _, k := range append([]string{"workshops"}, slots...) {
		for _, v := range vals[k] {
			if strings.TrimSpace(v) != "" {
				in.Workshops = append(in.Workshops, v)
			}
		}
	}
	sanitize.Strings(&in)
	return in, nil
}

// regInputOf is the edit form's starting point: the stored registration.
func regInputOf(r registration.Registration) registration.Input {
	in := registration.Input{
		FirstName: r.FirstName, LastName: r.LastName, Email: r.Email, Organisation: r.Organisation,
		OrgType: string(r.OrgType), Municipality: r.Municipality, Role: r.Role, Mode: string(r.Mode),
		Diet: r.Diet, Accessibility: r.Accessibility, Gender: string(r.Gender),
		ListConsent: r.ListConsent, PrivacyOK: true, WaitlistOK: r.WaitlistOK, Answers: answersOf(r),
	}
	for _, w := range r.Workshops {
		in.Workshops = append(in.Workshops, w.SessionID)
	}
	return in
}

// regEmailOK is a plausibility check of an address typed into the resend form; the
// registration's own validation is stricter.
func regEmailOK(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 254 || !utf8.ValidString(s) {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s {
		return false
	}
	at := strings.LastIndex(s, "@")
	return at > 0 && strings.Contains(s[at+1:], ".")
}

// --- the manage link's confirmations ------------------------------------------------

// regConfirmForm is the one checkbox that confirms what cannot be undone: cancelling
// (the manage page's cancel form) or erasing (participant_privacy.go).
type regConfirmForm struct {
	webForm
	Confirm       bool
	label, option string // the checkbox's texts
}

func regCancelForm(lang, action string) regConfirmForm {
	return regConfirmForm{webForm: newWebForm(lang, action), label: "reg.manage.cancel.confirm", option: "reg.manage.cancel.option"}
}

func regEraseForm(lang, action string) regConfirmForm {
	return regConfirmForm{webForm: newWebForm(lang, action), label: "privacy.erase.confirm", option: "privacy.erase.option"}
}

func (f regConfirmForm) Field(name string) webField {
	if name != "confirm" {
		panic("confirmation form has no field " + name)
	}
	return required(f.yesBox(name, f.label, f.option, f.Confirm))
}

func (f regConfirmForm) Summary() webSummary { return f.summary(f.Field, []string{"confirm"}) }

// --- the resend form ---------------------------------------------------------------

type regResendForm struct {
	webForm
	Email string
}

func (f regResendForm) Field(name string) webField {
	if name != "email" {
		panic("resend form has no field " + name)
	}
	fl := required(f.input("email", name, "reg.f.email", regEcho(f.Email)))
	fl.Autocomplete = "email"
	return fl
}

func (f regResendForm) Summary() webSummary { return f.summary(f.Field, []string{"email"}) }
