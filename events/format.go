package events

import (
	"fmt"
	"strconv"
	"time"

	"folkhalsa-events/platform/locale"
)

// The names and labels every view of an event uses (pages, PDFs, e-mails, calendars).

var (
	// TypeLabels, ModeLabels and KindLabels name the enumerations for people.
	TypeLabels = map[Type]locale.Key{
		TypeConference: "type.conference", TypeNetworkMeeting: "type.network_meeting",
		TypeSeminar: "type.seminar", TypeTraining: "type.training",
		TypeDialogueVisit: "type.dialogue_visit",
	}
	ModeLabels = map[Mode]locale.Key{
		ModeOnSite: "mode.on_site", ModeDigital: "mode.digital", ModeHybrid: "mode.hybrid",
	}
	KindLabels = map[SessionKind]locale.Key{
		KindPlenary: "kind.plenary", KindWorkshop: "kind.workshop", KindBreak: "kind.break",
		KindLunch: "kind.lunch", KindDialogue: "kind.dialogue",
	}
)

// MonthName is "oktober" / "October".
func MonthName(m time.Month, lang string) string {
	return locale.T(lang, "month."+strconv.Itoa(int(m)))
}

// WeekdayName is "tisdag" / "Tuesday" (weekday.0 is Sunday, as in time.Weekday).
func WeekdayName(d time.Weekday, lang string) string {
	return locale.T(lang, "weekday."+strconv.Itoa(int(d)))
}

// LongDate is "tisdag 14 oktober 2026" / "Tuesday 14 October 2026", in Stockholm time.
func LongDate(t time.Time, lang string) string {
	t = t.In(Stockholm)
	return fmt.Sprintf("%s %d %s %d", WeekdayName(t.Weekday(), lang), t.Day(), MonthName(t.Month(), lang), t.Year())
}

// Clock is "09:00" in Stockholm time.
func Clock(t time.Time) string { return t.In(Stockholm).Format("15:04") }

// When describes a time span: one day with its times, or the first and last day.
func When(start, end time.Time, lang string) string {
	start, end = start.In(Stockholm), end.In(Stockholm)
	if start.Format("2006-01-02") == end.Format("2006-01-02") {
		return fmt.Sprintf("%s, %s–%s", LongDate(start, lang), Clock(start), Clock(end))
	}
	return fmt.Sprintf("%s %s – %s %s", LongDate(start, lang), Clock(start), LongDate(end, lang), Clock(end))
}

// Place is where an event is, for one line of text: the venue, or "Digitalt"/"Online".
func Place(ev Event, lang string) string {
	if !ev.Mode.HasOnSite() {
		return ModeLabels[ModeDigital].In(lang)
	}
	place := ev.Venue.Name
	for _, part := range []string{ev.Venue.Address, ev.Venue.City} {
		if part != "" {
			if place != "" {
				place += ", "
			}
			place += part
		}
	}
	return place
}

// Days are the local dates (YYYY-MM-DD) an event takes place on, in order: one for an
// event within a day, one per calendar day for a multi-day event (at most 31).
func Days(ev Event) []string {
	start, end := ev.Start.In(Stockholm), ev.End.In(Stockholm)
	if end.After(start) && end.Hour() == 0 && end.Minute() == 0 {
		end = end.Add(-time.Minute) // ending at midnight: the day before is the last
	}
	d := time.Date(start.Year(), start.Month(), start.Day(), 12, 0, 0, 0, Stockholm)
	last := time.Date(end.Year(), end.Month(), end.Day(), 12, 0, 0, 0, Stockholm)
	var out []string
	for !d.After(last) && len(out) < 31 {
		out = append(out, d.Format("2006-01-02"))
		d = d.AddDate(0, 0, 1)
	}
	if len(out) == 0 {
		out = []string{start.Format("2006-01-02")}
	}
	return out
}
