package app

import (
	"fmt"
	"time"

	"folkhalsa-events/events"
)

var (
	weekdaysSV = [...]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}
	monthsSV   = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
)

// longDate is "tisdag 14 oktober 2026" / "Tuesday 14 October 2026", in Stockholm time.
func longDate(t time.Time, lang string) string {
	t = t.In(events.Stockholm)
	if lang == langEN {
		return t.Format("Monday 2 January 2006")
	}
	return fmt.Sprintf("%s %d %s %d", weekdaysSV[t.Weekday()], t.Day(), monthsSV[t.Month()-1], t.Year())
}

// clock is "09:00" in Stockholm time.
func clock(t time.Time) string { return t.In(events.Stockholm).Format("15:04") }

// when describes an event's time span: one day with times, or first and last day.
func when(start, end time.Time, lang string) string {
	start, end = start.In(events.Stockholm), end.In(events.Stockholm)
	if start.Format("2006-01-02") == end.Format("2006-01-02") {
		return fmt.Sprintf("%s, %s–%s", longDate(start, lang), clock(start), clock(end))
	}
	return fmt.Sprintf("%s %s – %s %s", longDate(start, lang), clock(start), longDate(end, lang), clock(end))
}
