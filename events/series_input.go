package events

import (
	"slices"
	"strings"

	"folkhalsa-events/platform/sanitize"
)

// SeriesInput is an organiser's series form or JSON body: the common details that each
// generated occurrence starts from, plus the recurrence rule.
type SeriesInput struct {
	DetailsInput
	Freq      string `json:"freq" form:"freq"`
	Interval  int    `json:"interval" form:"interval"`
	Weekday   int    `json:"weekday" form:"weekday"`
	Ordinal   int    `json:"ordinal" form:"ordinal"`
	StartDate string `json:"start_date" form:"start_date"`
	StartTime string `json:"start_time" form:"start_time"`
	EndTime   string `json:"end_time" form:"end_time"`
	Until     string `json:"until" form:"until"`
	// SkipMonths (1–12), SkipDates ("2026-12-24, 2027-01-06") and SkipHolidays leave
	// dates out (Recurrence).
	SkipMonths   []int  `json:"skip_months" form:"skip_months"`
	SkipDates    string `json:"skip_dates" form:"skip_dates"`
	SkipHolidays bool   `json:"skip_holidays" form:"skip_holidays"`
	// OnlineURL is copied into each occurrence (shown to registered participants only),
	// and so are the participant-mail settings (as EventInput's).
	OnlineURL    string `json:"online_url" form:"online_url"`
	ReminderDays string `json:"reminder_days" form:"reminder_days"`
	RemindersOff bool   `json:"reminders_off" form:"reminders_off"`
	ThanksOff    bool   `json:"thanks_off" form:"thanks_off"`
	FollowUpURL  string `json:"followup_url" form:"followup_url"`
}

// seriesMail is what each occurrence gets besides its details and times.
type seriesMail struct {
	online, followUp        string
	reminderDays            []int
	remindersOff, thanksOff bool
}

func (in SeriesInput) validate() (details, Recurrence, seriesMail, error) {
	var v ValidationError
	d := in.DetailsInput.validate(&v)
	online := seriesMail{online: sanitize.Line(in.OnlineURL), followUp: sanitize.Line(in.FollowUpURL), thanksOff: in.ThanksOff}
	if online.online != "" && !validURL(online.online) {
		v.Add("online_url", "events.err.online_url")
	}
	if online.followUp != "" && !validURL(online.followUp) {
		v.Add("followup_url", "events.err.followup_url")
	}
	online.reminderDays, online.remindersOff = reminderInput(&v, in.ReminderDays, in.RemindersOff)
	r := Recurrence{
		Freq:      Frequency(strings.TrimSpace(in.Freq)),
		Interval:  in.Interval,
		Weekday:   in.Weekday,
		Ordinal:   in.Ordinal,
		StartDate: strings.TrimSpace(in.StartDate),
		StartTime: strings.TrimSpace(in.StartTime),
		EndTime:   strings.TrimSpace(in.EndTime),
		Until:     strings.TrimSpace(in.Until),
	}
	if r.Interval == 0 {
		r.Interval = 1
	}
	if !slices.Contains([]Frequency{Weekly, Monthly, Yearly}, r.Freq) {
		v.Add("freq", "events.err.freq")
	}
	if r.Interval < 1 || r.Interval > 12 {
		v.Add("interval", "events.err.interval")
	}
	if r.Freq == Weekly {
		r.Ordinal, r.Weekday = 0, 0
	}
	r.SkipHolidays = in.SkipHolidays
	for _, m := range in.SkipMonths {
		if m < 1 || m > 12 {
			v.Add("skip_months", "events.err.skip_months")
			break
		}
		if !slices.Contains(r.SkipMonths, m) {
			r.SkipMonths = append(r.SkipMonths, m)
		}
	}
	slices.Sort(r.SkipMonths)
	for _, part := range strings.FieldsFunc(in.SkipDates, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' }) {
		if _, err := parseDate(part); err != nil {
			v.Add("skip_dates", "events.err.skip_dates", part)
			break
		}
		if !slices.Contains(r.SkipDates, part) {
			r.SkipDates = append(r.SkipDates, part)
		}
	}
	slices.Sort(r.SkipDates)
	if !slices.Contains([]int{-1, 0, 1, 2, 3, 4}, r.Ordinal) {
		v.Add("ordinal", "events.err.ordinal")
	}
	if r.Weekday < 0 || r.Weekday > 6 {
		v.Add("weekday", "events.err.weekday")
	}
	start, err := parseDate(r.StartDate)
	if err != nil {
		v.Add("start_date", "events.err.start_date")
	}
	if r.Until != "" {
		if until, err := parseDate(r.Until); err != nil {
			v.Add("until", "events.err.until")
		} else if !start.IsZero() && until.Before(start) {
			v.Add("until", "events.err.until.2")
		}
	}
	from, errFrom := at(start, r.StartTime)
	to, errTo := at(start, r.EndTime)
	if errFrom != nil {
		v.Add("start_time", "events.err.start_time")
	}
	if errTo != nil {
		v.Add("end_time", "events.err.end_time")
	}
	if errFrom == nil && errTo == nil && !to.After(from) {
		v.Add("end_time", "events.err.end_time.2")
	}
	return d, r, online, v.Err()
}
