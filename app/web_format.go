package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	xlanguage "golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"folkhalsa-events/events"
)

// decimal is f with at most one decimal in lang's notation ("2,5", "2.5").
func decimal(f float64, lang string) string {
	tag := xlanguage.Swedish
	if lang == langEN {
		tag = xlanguage.BritishEnglish
	}
	return message.NewPrinter(tag).Sprint(number.Decimal(f, number.MaxFractionDigits(1), number.MinFractionDigits(1)))
}

// Dates and times on the organiser pages, always in Stockholm time:
// "tis 14 okt 2026 09:00" in Swedish, "Tue 14 Oct 2026 09:00" in English.

// orgDate is "tis 14 okt 2026" / "Tue 14 Oct 2026"; empty for the zero time.
func orgDate(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(events.Stockholm)
	return fmt.Sprintf("%s %d %s %d", tr(lang, "weekday.short."+strconv.Itoa(int(t.Weekday()))), t.Day(),
		tr(lang, "month.short."+strconv.Itoa(int(t.Month()))), t.Year())
}

// orgDateTime is "tis 14 okt 2026 09:00"; empty for the zero time.
// orgDay is a stored day (YYYY-MM-DD) as orgDate writes it; "" when there is none.
func orgDay(day, lang string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, events.Stockholm)
	if err != nil {
		return ""
	}
	return orgDate(t, lang)
}

func orgDateTime(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	return orgDate(t, lang) + " " + events.Clock(t)
}

// orgSpan is "tis 14 okt 2026 09:00–16:00", or both dates when the span crosses midnight.
func orgSpan(start, end time.Time, lang string) string {
	start, end = start.In(events.Stockholm), end.In(events.Stockholm)
	if start.Format("2006-01-02") == end.Format("2006-01-02") {
		return orgDateTime(start, lang) + "–" + events.Clock(end)
	}
	return orgDateTime(start, lang) + " – " + orgDateTime(end, lang)
}

// orgLocalInput is the value of an <input type="datetime-local">; empty for the zero time.
func orgLocalInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(events.Stockholm).Format("2006-01-02T15:04")
}

// orgISODate is a date as YYYY-MM-DD (for <input type="date"> and <time datetime>).
func orgISODate(t time.Time) string { return t.In(events.Stockholm).Format("2006-01-02") }

// orgRule describes a recurrence in words: "Varje månad, första tisdagen, 09:00–12:00".
func orgRule(r events.Recurrence, lang string) string {
	unit := string(r.Freq)
	var every string
	switch {
	case r.Interval <= 1:
		every = tr(lang, "org.rule.every."+unit)
	case r.Interval == 2 && lang != langEN:
		every = tr(lang, "org.rule.every2."+unit)
	default:
		every = fmt.Sprintf(tr(lang, "org.rule.everyn."+unit), r.Interval)
	}
	parts := []string{every}
	first, err := time.ParseInLocation("2006-01-02", r.StartDate, events.Stockholm)
	switch r.Freq {
	case events.Monthly:
		if r.Ordinal != 0 {
			parts = append(parts, fmt.Sprintf(tr(lang, "org.rule.nth"),
				tr(lang, "org.ordinal."+strconv.Itoa(r.Ordinal)), tr(lang, "org.weekday.def."+strconv.Itoa(r.Weekday))))
		} else if err == nil {
			parts = append(parts, fmt.Sprintf(tr(lang, "org.rule.day"), orgDayOrdinal(first.Day(), lang)))
		}
	case events.Weekly:
		if err == nil {
			parts = append(parts, tr(lang, "org.weekday.plural."+strconv.Itoa(int(first.Weekday()))))
		}
	case events.Yearly:
		switch {
		case err != nil:
		case r.Ordinal != 0:
			parts = append(parts, fmt.Sprintf(tr(lang, "org.rule.nth_of"),
				tr(lang, "org.ordinal."+strconv.Itoa(r.Ordinal)), tr(lang, "org.weekday.def."+strconv.Itoa(r.Weekday)), events.MonthName(first.Month(), lang)))
		default:
			parts = append(parts, fmt.Sprintf("%d %s", first.Day(), events.MonthName(first.Month(), lang)))
		}
	}
	parts = append(parts, r.StartTime+"–"+r.EndTime)
	var skips []string
	for _, m := range r.SkipMonths {
		skips = append(skips, events.MonthName(time.Month(m), lang))
	}
	skips = append(skips, r.SkipDates...)
	if r.SkipHolidays {
		skips = append(skips, tr(lang, "org.rule.holidays"))
	}
	if len(skips) > 0 {
		parts = append(parts, tr(lang, "org.rule.except", strings.Join(skips, ", ")))
	}
	return strings.Join(parts, ", ")
}

// orgDayOrdinal is "1:a", "2:a", "3:e" … "21:a" in Swedish and "1" … "31" in English.
func orgDayOrdinal(day int, lang string) string {
	n := strconv.Itoa(day)
	if lang == langEN {
		return n
	}
	if d := day % 10; (d == 1 || d == 2) && day != 11 && day != 12 {
		return n + ":a"
	}
	return n + ":e"
}

// Shorthands for the templates and handlers; the formats live in events.
func longDate(t time.Time, lang string) string      { return events.LongDate(t, lang) }
func clock(t time.Time) string                      { return events.Clock(t) }
func when(start, end time.Time, lang string) string { return events.When(start, end, lang) }
