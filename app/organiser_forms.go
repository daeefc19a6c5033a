package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"folkhalsa-events/events"
)

// The organiser's forms: organisations, events, agenda sessions, series, generating
// occurrences. Each is a state struct over the form kit (web_forms.go).

// --- shared option lists ---------------------------------------------------------

func orgTypeOptions(lang string) []webOption {
	opts := []webOption{{Value: "", Label: tr(lang, "org.choose")}}
	for _, t := range events.Types {
		opts = append(opts, webOption{Value: string(t), Label: tr(lang, "org.type."+string(t))})
	}
	return opts
}

func orgTargetAreaOptions(lang string) []webOption {
	opts := make([]webOption, 0, len(events.TargetAreaNames))
	for i := 1; i <= len(events.TargetAreaNames); i++ {
		opts = append(opts, webOption{Value: strconv.Itoa(i), Label: fmt.Sprintf("%d. %s", i, events.TargetAreaNames[i].In(lang))})
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

// organisationPicker chooses the organiser when a form was opened without ?org=.
func (f webForm) organisationPicker(value string, orgs []events.Organisation) webField {
	opts := []webOption{{Value: "", Label: tr(f.Lang, "org.choose")}}
	for _, o := range orgs {
		opts = append(opts, webOption{Value: o.ID, Label: o.Name})
	}
	return required(f.selectOne("org", "org.f.org", value, opts))
}

// --- details shared by events and series -------------------------------------------

// detailsField describes the fields events and series have in common.
func (f webForm) detailsField(in events.DetailsInput, name string) (webField, bool) {
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
		opts := make([]webOption, len(events.Modes))
		for i, m := range events.Modes {
			opts[i] = webOption{Value: string(m), Label: tr(lang, "org.mode."+string(m))}
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
	case "contact_name":
		return f.input("text", name, "org.f.contact_name", in.ContactName), true
	case "contact_email":
		return f.input("email", name, "org.f.contact_email", in.ContactEmail), true
	case "contact_phone":
		return f.input("tel", name, "org.f.contact_phone", in.ContactPhone), true
	case "capacity_on_site":
		return f.number(name, "org.f.capacity_on_site", in.CapacityOnSite, true), true
	case "capacity_digital":
		return f.number(name, "org.f.capacity_digital", in.CapacityDigital, true), true
	case "visibility":
		opts := []webOption{
			{Value: string(events.VisibilityPublic), Label: tr(lang, "org.visibility.public")},
			{Value: string(events.VisibilityInviteOnly), Label: tr(lang, "org.visibility.invite_only")},
		}
		return f.group("radios", name, "org.f.visibility", opts, in.Visibility), true
	case "target_areas":
		return f.group("checkboxes", name, "org.f.target_areas", orgTargetAreaOptions(lang), orgInts(in.TargetAreas)...), true
	case "priority_areas":
		suggested, other := orgSplitPriorities(in.PriorityAreas)
		opts := make([]webOption, len(events.PriorityAreaSuggestions))
		for i, p := range events.PriorityAreaSuggestions {
			opts[i] = webOption{Value: p, Label: p}
		}
		fl := f.group("checkboxes", name, "org.f.priority_areas", opts, suggested...)
		o := f.input("text", name, "org.f.priority_other", other)
		o.ID, o.Error = "priority_other", "" // the group shows the problem once
		fl.Other = &o
		return fl, true
	}
	return webField{}, false
}

var orgDetailsNumeric = []string{"capacity_on_site", "capacity_digital"}

// --- organisation form ----------------------------------------------------------

type orgOrganisationForm struct {
	webForm
	In events.OrganisationInput
}

var orgOrganisationOrder = []string{"name", "kind", "county", "contact_email", "contact_phone", "website"}

func (f orgOrganisationForm) Field(name string) webField {
	switch name {
	case "name":
		fl := required(f.input("text", name, "org.f.org_name", f.In.Name))
		fl.Autocomplete = "organization"
		return fl
	case "kind":
		opts := []webOption{{Value: "", Label: tr(f.Lang, "org.choose")}}
		for _, k := range []events.OrgKind{events.OrgLansstyrelse, events.OrgRegion, events.OrgKommun, events.OrgOther} {
			opts = append(opts, webOption{Value: string(k), Label: tr(f.Lang, "org.orgkind."+string(k))})
		}
		return required(f.selectOne(name, "org.f.org_kind", f.In.Kind, opts))
	case "county":
		value := f.In.County
		if c, ok := events.LookupCounty(value); ok {
			value = c.Name
		}
		opts := []webOption{{Value: "", Label: tr(f.Lang, "org.f.county.none")}}
		for _, c := range events.Counties() {
			opts = append(opts, webOption{Value: c.Name, Label: c.Name})
		}
		return f.selectOne(name, "org.f.county", value, opts)
	case "contact_email":
		return f.input("email", name, "org.f.contact_email", f.In.ContactEmail)
	case "contact_phone":
		return f.input("tel", name, "org.f.contact_phone", f.In.ContactPhone)
	case "website":
		return f.input("url", name, "org.f.website", f.In.Website)
	}
	panic("organisation form has no field " + name)
}

func (f orgOrganisationForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgOrganisationForm) Summary() webSummary               { return f.summary(f.Field, orgOrganisationOrder) }

// --- event form -----------------------------------------------------------------

type orgEventForm struct {
	webForm
	orgPick
	EventID string // edit
	In      events.EventInput
}

var orgEventOrder = []string{"org", "type", "title_sv", "title_en", "description_sv", "description_en",
	"start", "end", "mode", "venue_name", "venue_address", "venue_city", "municipality", "online_url",
	"contact_name", "contact_email", "contact_phone",
	"capacity_on_site", "capacity_digital", "registration_opens", "registration_closes", "visibility",
	"reminder_days", "reminders_off", "thanks_off", "followup_url", "target_areas", "priority_areas"}

// Picker tells whether the form asks which organisation arranges the event.
func (f orgEventForm) Picker() bool { return f.EventID == "" && f.OrgID == "" }

func (f orgEventForm) Field(name string) webField {
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
	if fl, ok := f.mailField(name, f.In.ReminderDays, f.In.RemindersOff, f.In.ThanksOff, f.In.FollowUpURL); ok {
		return fl
	}
	panic("event form has no field " + name)
}

// mailField is one of the participant-mail settings an event and a series template
// share: reminder days, reminders off, thanks off, the evaluation link.
func (f webForm) mailField(name, days string, remindersOff, thanksOff bool, followUp string) (webField, bool) {
	switch name {
	case "reminder_days":
		return f.input("text", name, "org.f.reminder_days", days), true
	case "reminders_off":
		return f.yesBox(name, "org.f.reminders", "org.f.reminders_off", remindersOff), true
	case "thanks_off":
		return f.yesBox(name, "org.f.thanks", "org.f.thanks_off", thanksOff), true
	case "followup_url":
		fl := f.input("url", name, "org.f.followup_url", followUp)
		fl.Autocomplete = "url"
		return fl, true
	}
	return webField{}, false
}

func (f orgEventForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgEventForm) Summary() webSummary {
	order := orgEventOrder
	if !f.Picker() {
		order = order[1:]
	}
	return f.summary(f.Field, order)
}

// detailsInputOf is the details part of an edit form: what an event and a series
// template share.
func detailsInputOf(typ events.Type, title, desc events.Text, venue events.Venue, mode events.Mode, capOnSite, capDigital int,
	visibility events.Visibility, targets []int, priorities []string, municipality string, contact events.Contact) events.DetailsInput {
	return events.DetailsInput{
		Type: string(typ), TitleSV: title.SV, TitleEN: title.EN, DescriptionSV: desc.SV, DescriptionEN: desc.EN,
		VenueName: venue.Name, VenueAddress: venue.Address, VenueCity: venue.City, Mode: string(mode),
		CapacityOnSite: capOnSite, CapacityDigital: capDigital, Visibility: string(visibility),
		TargetAreas: slices.Clone(targets), PriorityAreas: slices.Clone(priorities), Municipality: municipality,
		ContactName: contact.Name, ContactEmail: contact.Email, ContactPhone: contact.Phone,
	}
}

// seriesInputOf is the series edit form's starting point: the stored series.
func seriesInputOf(sr events.Series) events.SeriesInput {
	r := sr.Rule
	return events.SeriesInput{
		DetailsInput: detailsInputOf(sr.Type, sr.Title, sr.Description, sr.Venue, sr.Mode, sr.CapacityOnSite, sr.CapacityDigital,
			sr.Visibility, sr.TargetAreas, sr.PriorityAreas, sr.Municipality, sr.Contact),
		Freq: string(r.Freq), Interval: r.Interval, Weekday: r.Weekday, Ordinal: r.Ordinal,
		StartDate: r.StartDate, StartTime: r.StartTime, EndTime: r.EndTime, Until: r.Until,
		SkipMonths: slices.Clone(r.SkipMonths), SkipDates: strings.Join(r.SkipDates, ", "), SkipHolidays: r.SkipHolidays,
		OnlineURL: sr.OnlineURL, ReminderDays: events.Event{ReminderDays: sr.ReminderDays}.ReminderDaysText(),
		RemindersOff: sr.RemindersOff, ThanksOff: sr.ThanksOff, FollowUpURL: sr.FollowUpURL,
	}
}

// eventInputOf is the edit form's starting point: the stored event.
func eventInputOf(ev events.Event) events.EventInput {
	return events.EventInput{
		DetailsInput: detailsInputOf(ev.Type, ev.Title, ev.Description, ev.Venue, ev.Mode, ev.CapacityOnSite, ev.CapacityDigital,
			ev.Visibility, ev.TargetAreas, ev.PriorityAreas, ev.Municipality, ev.Contact),
		Start:              orgLocalInput(ev.Start),
		End:                orgLocalInput(ev.End),
		OnlineURL:          ev.OnlineURL,
		RegistrationOpens:  orgLocalInput(ev.RegistrationOpens),
		RegistrationCloses: orgLocalInput(ev.RegistrationCloses),
		ReminderDays:       ev.ReminderDaysText(),
		RemindersOff:       ev.RemindersOff,
		ThanksOff:          ev.ThanksOff,
		FollowUpURL:        ev.FollowUpURL,
	}
}

// --- session form ---------------------------------------------------------------

type orgSessionForm struct {
	webForm
	EventID, SessionID string
	In                 events.SessionInput
}

var orgSessionOrder = []string{"start", "end", "title_sv", "title_en", "kind", "room", "track",
	"speakers_text", "description_sv", "description_en", "target_areas", "seat_limit"}

var orgSessionNumeric = []string{"seat_limit"}

func (f orgSessionForm) Field(name string) webField {
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
		opts := make([]webOption, len(events.SessionKinds))
		for i, k := range events.SessionKinds {
			opts[i] = webOption{Value: string(k), Label: tr(f.Lang, "org.kind."+string(k))}
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

func (f orgSessionForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgSessionForm) Summary() webSummary               { return f.summary(f.Field, orgSessionOrder) }

// sessionInputOf is the edit form's starting point: the stored session.
func sessionInputOf(se events.Session) events.SessionInput { return events.SessionInputOf(se) }

// --- series form ----------------------------------------------------------------

type orgSeriesForm struct {
	webForm
	orgPick
	In events.SeriesInput
}

var orgSeriesOrder = []string{"org", "type", "title_sv", "title_en", "description_sv", "description_en",
	"freq", "interval", "ordinal", "weekday", "start_date", "start_time", "end_time", "until", "skip_months", "skip_dates", "skip_holidays",
	"mode", "venue_name", "venue_address", "venue_city", "municipality", "online_url", "reminder_days", "reminders_off", "thanks_off", "followup_url", "contact_name", "contact_email", "contact_phone",
	"capacity_on_site", "capacity_digital", "visibility", "target_areas", "priority_areas"}

var orgSeriesNumeric = append([]string{"interval"}, orgDetailsNumeric...)

// Picker tells whether the form asks which organisation arranges the series.
func (f orgSeriesForm) Picker() bool { return f.OrgID == "" }

func (f orgSeriesForm) Field(name string) webField {
	if fl, ok := f.detailsField(f.In.DetailsInput, name); ok {
		return fl
	}
	lang := f.Lang
	switch name {
	case "org":
		return f.organisationPicker(f.OrgID, f.Orgs)
	case "freq":
		opts := []webOption{{Value: "", Label: tr(lang, "org.choose")}}
		for _, fr := range []events.Frequency{events.Weekly, events.Monthly, events.Yearly} {
			opts = append(opts, webOption{Value: string(fr), Label: tr(lang, "org.freq."+string(fr))})
		}
		return required(f.selectOne(name, "org.f.freq", f.In.Freq, opts))
	case "interval":
		return f.number(name, "org.f.interval", f.In.Interval, false)
	case "ordinal":
		var opts []webOption
		for _, o := range []int{1, 2, 3, 4, -1, 0} {
			opts = append(opts, webOption{Value: strconv.Itoa(o), Label: tr(lang, "org.ordinal."+strconv.Itoa(o))})
		}
		return f.selectOne(name, "org.f.ordinal", strconv.Itoa(f.In.Ordinal), opts)
	case "weekday":
		var opts []webOption
		for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
			opts = append(opts, webOption{Value: strconv.Itoa(d), Label: tr(lang, "org.weekday."+strconv.Itoa(d))})
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
	case "skip_months":
		var opts []webOption
		var on []string
		for m := 1; m <= 12; m++ {
			opts = append(opts, webOption{Value: strconv.Itoa(m), Label: events.MonthName(time.Month(m), lang)})
			if slices.Contains(f.In.SkipMonths, m) {
				on = append(on, strconv.Itoa(m))
			}
		}
		return f.group("checkboxes", name, "org.f.skip_months", opts, on...)
	case "skip_dates":
		return f.input("text", name, "org.f.skip_dates", f.In.SkipDates)
	case "online_url":
		fl := f.input("url", name, "org.f.online_url", f.In.OnlineURL)
		fl.Autocomplete = "url"
		return fl
	case "skip_holidays":
		return f.yesBox(name, "org.f.skip_holidays", "org.f.skip_holidays.option", f.In.SkipHolidays)
	}
	if fl, ok := f.mailField(name, f.In.ReminderDays, f.In.RemindersOff, f.In.ThanksOff, f.In.FollowUpURL); ok {
		return fl
	}
	panic("series form has no field " + name)
}

func (f orgSeriesForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgSeriesForm) Summary() webSummary {
	order := orgSeriesOrder
	if !f.Picker() {
		order = order[1:]
	}
	return f.summary(f.Field, order)
}

// --- generate form (series page) ------------------------------------------------

type orgGenerateForm struct {
	webForm
	Until   string
	Preview *orgGeneratePreview // the dates that would be made, before they are
}

func (f orgGenerateForm) Field(name string) webField {
	if name == "until" {
		return required(f.input("date", name, "org.f.generate_until", f.Until))
	}
	panic("generate form has no field " + name)
}

func (f orgGenerateForm) Summary() webSummary { return f.summary(f.Field, []string{"until"}) }
