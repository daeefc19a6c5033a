package events

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/sanitize"
)

// DetailsInput is what an event and a series template have in common, as sent by an
// organiser's form or JSON. It is never stored as is: validate turns it into documents.
type DetailsInput struct {
	Type            string   `json:"type" form:"type"`
	TitleSV         string   `json:"title_sv" form:"title_sv"`
	TitleEN         string   `json:"title_en" form:"title_en"`
	DescriptionSV   string   `json:"description_sv" form:"description_sv"`
	DescriptionEN   string   `json:"description_en" form:"description_en"`
	VenueName       string   `json:"venue_name" form:"venue_name"`
	VenueAddress    string   `json:"venue_address" form:"venue_address"`
	VenueCity       string   `json:"venue_city" form:"venue_city"`
	Mode            string   `json:"mode" form:"mode"`
	CapacityOnSite  int      `json:"capacity_on_site" form:"capacity_on_site"`
	CapacityDigital int      `json:"capacity_digital" form:"capacity_digital"`
	Visibility      string   `json:"visibility" form:"visibility"`
	TargetAreas     []int    `json:"target_areas" form:"target_areas"`
	PriorityAreas   []string `json:"priority_areas" form:"priority_areas"`
	Municipality    string   `json:"municipality" form:"municipality"`
	// The contact person, if the event names one (else participants get the organisation's).
	ContactName  string `json:"contact_name" form:"contact_name"`
	ContactEmail string `json:"contact_email" form:"contact_email"`
	ContactPhone string `json:"contact_phone" form:"contact_phone"`
}

// EventInput is an organiser's event form or JSON body. Times are Stockholm wall-clock
// ("2026-10-14T09:00", as <input type="datetime-local"> sends) or RFC 3339 with offset.
type EventInput struct {
	DetailsInput
	Start              string `json:"start" form:"start"`
	End                string `json:"end" form:"end"`
	OnlineURL          string `json:"online_url" form:"online_url"`
	RegistrationOpens  string `json:"registration_opens" form:"registration_opens"`
	RegistrationCloses string `json:"registration_closes" form:"registration_closes"`
	// ReminderDays: days before the start participants are reminded, "7, 1"; empty:
	// the defaults. RemindersOff: no reminders.
	ReminderDays string `json:"reminder_days" form:"reminder_days"`
	RemindersOff bool   `json:"reminders_off" form:"reminders_off"`
	// ThanksOff: no thank-you mail after the event. FollowUpURL: an evaluation form
	// the thank-you mail links to (https).
	ThanksOff   bool   `json:"thanks_off" form:"thanks_off"`
	FollowUpURL string `json:"followup_url" form:"followup_url"`
}

// PriorityAreaSuggestions are common regional priority areas offered in the forms;
// organisers may name others.
var PriorityAreaSuggestions = []string{
	"Jämlik och jämställd hälsa",
	"God psykisk hälsa",
	"Hälsosamma levnadsvanor",
	"Barn och ungas uppväxtvillkor",
	"Äldres hälsa",
	"Suicidprevention",
	"ANDTS-prevention",
}

// priorityAreasEN are the suggestions in English; areas an organiser named
// themselves are shown as written.
var priorityAreasEN = map[string]string{
	"Jämlik och jämställd hälsa":    "Equal and gender-equal health",
	"God psykisk hälsa":             "Good mental health",
	"Hälsosamma levnadsvanor":       "Healthy living habits",
	"Barn och ungas uppväxtvillkor": "Children's and young people's living conditions",
	"Äldres hälsa":                  "Health of older people",
	"Suicidprevention":              "Suicide prevention",
	"ANDTS-prevention":              "Prevention of alcohol, narcotics, doping, tobacco and gambling (ANDTS)",
}

// PriorityAreaIn is a priority area in lang ("sv" or "en").
func PriorityAreaIn(area, lang string) string {
	if en, ok := priorityAreasEN[area]; ok && lang == "en" {
		return en
	}
	return area
}

const (
	maxTitle       = 200
	maxDescription = 5000
	maxShortText   = 200
	maxCapacity    = 100000
	maxEventLength = 14 * 24 * time.Hour
)

// details is the validated form of DetailsInput.
type details struct {
	typ           Type
	title, desc   Text
	venue         Venue
	mode          Mode
	capOnSite     int
	capDigital    int
	visibility    Visibility
	targetAreas   []int
	priorityAreas []string
	municipality  string
	county        string
	contact       Contact
}

func (in DetailsInput) validate(v *ValidationError) details {
	d := details{
		typ:   Type(strings.TrimSpace(in.Type)),
		title: Text{SV: CleanText(in.TitleSV), EN: CleanText(in.TitleEN)},
		desc:  Text{SV: CleanMultiline(in.DescriptionSV), EN: CleanMultiline(in.DescriptionEN)},
		venue: Venue{Name: CleanText(in.VenueName), Address: CleanText(in.VenueAddress), City: CleanText(in.VenueCity)},
		mode:  Mode(strings.TrimSpace(in.Mode)),
	}
	if !slices.Contains(Types, d.typ) {
		v.Add("type", "events.err.type")
	}
	RequireText(v, "title_sv", in.TitleSV, maxTitle, "label.title_sv")
	LimitText(v, "title_en", in.TitleEN, maxTitle, "label.title_en")
	LimitText(v, "description_sv", in.DescriptionSV, maxDescription, "label.description_sv")
	LimitText(v, "description_en", in.DescriptionEN, maxDescription, "label.description_en")
	LimitText(v, "venue_name", in.VenueName, maxShortText, "label.venue_name")
	LimitText(v, "venue_address", in.VenueAddress, maxShortText, "label.venue_address")
	LimitText(v, "venue_city", in.VenueCity, maxShortText, "label.venue_city")

	if d.mode == "" {
		d.mode = ModeOnSite
	}
	if !slices.Contains(Modes, d.mode) {
		v.Add("mode", "events.err.mode")
	}
	if d.mode.HasOnSite() && d.venue.Name == "" && d.venue.Address == "" {
		v.Add("venue_name", "events.err.venue_name")
	}
	d.capOnSite = capacity(v, "capacity_on_site", in.CapacityOnSite)
	d.capDigital = capacity(v, "capacity_digital", in.CapacityDigital)
	if !d.mode.HasOnSite() {
		d.capOnSite = 0
	}
	if !d.mode.HasDigital() {
		d.capDigital = 0
	}

	switch vis := Visibility(strings.TrimSpace(in.Visibility)); vis {
	case "":
		// Dialogue visits are meetings with one municipality's leadership, not public events.
		d.visibility = VisibilityPublic
		if d.typ == TypeDialogueVisit {
			d.visibility = VisibilityInviteOnly
		}
	case VisibilityPublic, VisibilityInviteOnly:
		d.visibility = vis
	default:
		v.Add("visibility", "events.err.visibility")
	}

	d.targetAreas = targetAreas(v, "target_areas", in.TargetAreas)
	d.priorityAreas = priorityAreas(v, in.PriorityAreas)

	if name := strings.TrimSpace(in.Municipality); name != "" {
		m, ok := LookupMunicipality(name)
		if !ok {
			v.Add("municipality", "part.err.municipality")
		} else {
			d.municipality, d.county = m.Name, m.County
		}
	} else if d.typ == TypeDialogueVisit {
		v.Add("municipality", "events.err.municipality")
	}
	d.contact = personContact(v, in.ContactName, in.ContactEmail, in.ContactPhone)
	return d
}

func (in EventInput) validate() (details, eventTimes, error) {
	var v ValidationError
	d := in.DetailsInput.validate(&v)
	t := eventTimes{
		start:  parseTime(&v, "start", in.Start, true, "label.start"),
		end:    parseTime(&v, "end", in.End, true, "label.end"),
		opens:  parseTime(&v, "registration_opens", in.RegistrationOpens, false, "label.registration_opens"),
		closes: parseTime(&v, "registration_closes", in.RegistrationCloses, false, "label.registration_closes"),
	}
	if !t.start.IsZero() && !t.end.IsZero() {
		switch {
		case !t.end.After(t.start):
			v.Add("end", "badges.err.valid_until.2")
		case t.end.Sub(t.start) > maxEventLength:
			v.Add("end", "events.err.end")
		}
	}
	if !t.opens.IsZero() && !t.closes.IsZero() && !t.closes.After(t.opens) {
		v.Add("registration_closes", "events.err.registration_closes")
	}
	if !t.closes.IsZero() && !t.end.IsZero() && t.closes.After(t.end) {
		v.Add("registration_closes", "events.err.registration_closes.2")
	}
	t.reminderDays, t.remindersOff = reminderInput(&v, in.ReminderDays, in.RemindersOff)
	t.onlineURL = sanitize.Line(in.OnlineURL)
	if t.onlineURL != "" && !validURL(t.onlineURL) {
		v.Add("online_url", "events.err.online_url")
	}
	t.thanksOff, t.followUpURL = in.ThanksOff, sanitize.Line(in.FollowUpURL)
	if t.followUpURL != "" && !validURL(t.followUpURL) {
		v.Add("followup_url", "events.err.followup_url")
	}
	return d, t, v.Err()
}

type eventTimes struct {
	start, end, opens, closes time.Time
	onlineURL                 string
	reminderDays              []int
	remindersOff              bool
	thanksOff                 bool
	followUpURL               string
}

var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"}

// ParseLocalTime reads a Stockholm wall-clock time or an RFC 3339 time, returned in Stockholm.
func ParseLocalTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(Stockholm), nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, Stockholm); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date and time: %q", s)
}

// parseTime reads a local date and time; label is the catalogue key of the field's name.
func parseTime(v *ValidationError, field, raw string, required bool, label string) time.Time {
	if strings.TrimSpace(raw) == "" {
		if required {
			v.Add(field, "err.required", locale.Key(label))
		}
		return time.Time{}
	}
	t, err := ParseLocalTime(raw)
	if err != nil {
		v.Add(field, "err.datetime", locale.Key(label))
		return time.Time{}
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		v.Add(field, "err.year", locale.Key(label))
		return time.Time{}
	}
	return t
}

// RequireText adds a problem when raw is blank, too long or not UTF-8; label is the
// catalogue key of the field's name.
func RequireText(v *ValidationError, field, raw string, max int, label string) {
	if CleanText(raw) == "" {
		v.Add(field, "err.required", locale.Key(label))
		return
	}
	LimitText(v, field, raw, max, label)
}

// LimitText adds a problem when raw is longer than max characters or not UTF-8.
func LimitText(v *ValidationError, field, raw string, max int, label string) {
	if !utf8.ValidString(raw) {
		v.Add(field, "err.invalid_text", locale.Key(label))
		return
	}
	if n := utf8.RuneCountInString(raw); n > max {
		v.Add(field, "err.too_long", locale.Key(label), max, n)
	}
}

// CleanText is text for a one-line field: control and format characters removed,
// runs of white space (including newlines) folded into one space, trimmed, NFC.
func CleanText(s string) string { return sanitize.Line(s) }

// CleanMultiline keeps paragraphs but trims each line and drops control and format
// characters.
func CleanMultiline(s string) string { return sanitize.Lines(s) }

func capacity(v *ValidationError, field string, n int) int {
	if n < 0 || n > maxCapacity {
		v.Add(field, "events.err.capacity", maxCapacity)
		return 0
	}
	return n
}

func targetAreas(v *ValidationError, field string, in []int) []int {
	out := []int{}
	for _, a := range in {
		if a < 1 || a > 8 {
			v.Add(field, "events.err.target_areas")
			return []int{}
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

func priorityAreas(v *ValidationError, in []string) []string {
	out := []string{}
	for _, raw := range in {
		for _, part := range strings.Split(raw, ",") {
			p := CleanText(part)
			if p == "" || slices.Contains(out, p) {
				continue
			}
			if !utf8.ValidString(p) || utf8.RuneCountInString(p) > 80 {
				v.Add("priority_areas", "events.err.priority_areas")
				return []string{}
			}
			out = append(out, p)
		}
	}
	if len(out) > 10 {
		v.Add("priority_areas", "events.err.priority_areas.2")
		return []string{}
	}
	return out
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
