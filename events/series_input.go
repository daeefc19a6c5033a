package events

import (
	"slices"
	"strings"
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
}

func (in SeriesInput) validate() (details, Recurrence, error) {
	var v ValidationError
	d := in.DetailsInput.validate(&v)
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
		v.Add("freq", "Välj varje vecka, månad eller år.", "Choose weekly, monthly or yearly.")
	}
	if r.Interval < 1 || r.Interval > 12 {
		v.Add("interval", "Intervallet ska vara 1–12.", "The interval must be 1–12.")
	}
	if r.Freq != Monthly {
		r.Ordinal, r.Weekday = 0, 0
	}
	if !slices.Contains([]int{-1, 0, 1, 2, 3, 4}, r.Ordinal) {
		v.Add("ordinal", "Välj första, andra, tredje, fjärde eller sista veckodagen.", "Choose the first, second, third, fourth or last weekday.")
	}
	if r.Weekday < 0 || r.Weekday > 6 {
		v.Add("weekday", "Välj en veckodag.", "Choose a weekday.")
	}
	start, err := parseDate(r.StartDate)
	if err != nil {
		v.Add("start_date", "Ange första datum som 2026-01-13.", "Give the first date as 2026-01-13.")
	}
	if r.Until != "" {
		if until, err := parseDate(r.Until); err != nil {
			v.Add("until", "Ange slutdatum som 2026-12-31.", "Give the last date as 2026-12-31.")
		} else if !start.IsZero() && until.Before(start) {
			v.Add("until", "Slutdatumet kan inte ligga före första datum.", "The last date cannot be before the first.")
		}
	}
	from, errFrom := at(start, r.StartTime)
	to, errTo := at(start, r.EndTime)
	if errFrom != nil {
		v.Add("start_time", "Ange starttid som 09:00.", "Give the start time as 09:00.")
	}
	if errTo != nil {
		v.Add("end_time", "Ange sluttid som 12:00.", "Give the end time as 12:00.")
	}
	if errFrom == nil && errTo == nil && !to.After(from) {
		v.Add("end_time", "Sluttiden måste vara efter starttiden.", "The end time must be after the start time.")
	}
	return d, r, v.Err()
}
