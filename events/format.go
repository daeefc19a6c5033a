package events

import (
	"fmt"
	"time"
)

// The names and labels every view of an event uses (pages, PDFs, e-mails, calendars).

var (
	monthNames = [2][12]string{
		{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
		{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	}
	weekdayNames = [2][7]string{
		{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
		{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	}
	// TypeLabels, ModeLabels and KindLabels name the enumerations for people.
	TypeLabels = map[Type]Text{
		TypeConference: {"Konferens", "Conference"}, TypeNetworkMeeting: {"Nätverksträff", "Network meeting"},
		TypeSeminar: {"Seminarium", "Seminar"}, TypeTraining: {"Utbildning", "Training"},
		TypeDialogueVisit: {"Kommundialog", "Municipal dialogue visit"},
	}
	ModeLabels = map[Mode]Text{
		ModeOnSite: {"På plats", "On site"}, ModeDigital: {"Digitalt", "Online"}, ModeHybrid: {"På plats och digitalt", "On site and online"},
	}
	KindLabels = map[SessionKind]Text{
		KindPlenary: {"Plenum", "Plenary"}, KindWorkshop: {"Workshop", "Workshop"}, KindBreak: {"Paus", "Break"},
		KindLunch: {"Lunch", "Lunch"}, KindDialogue: {"Dialog", "Dialogue"},
	}
)

func langIndex(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

// MonthName is "oktober" / "October".
func MonthName(m time.Month, lang string) string { return monthNames[langIndex(lang)][m-1] }

// WeekdayName is "tisdag" / "Tuesday".
func WeekdayName(d time.Weekday, lang string) string { return weekdayNames[langIndex(lang)][d] }

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
