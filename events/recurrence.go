package events

import (
	"fmt"
	"slices"
	"time"

	"github.com/rickar/cal/v2/se"
)

// maxOccurrences bounds one generation so a mistyped rule cannot create thousands of events.
const maxOccurrences = 200

// dates returns the local dates (midnight, Stockholm) the rule produces from its
// StartDate up to and including the earlier of until and the rule's own Until.
func (r Recurrence) dates(until time.Time) ([]time.Time, error) {
	first, err := parseDate(r.StartDate)
	if err != nil {
		return nil, err
	}
	last := until
	if r.Until != "" {
		u, err := parseDate(r.Until)
		if err != nil {
			return nil, err
		}
		if u.Before(last) {
			last = u
		}
	}
	var out []time.Time
	for i := 0; len(out) <= maxOccurrences; i++ {
		d, ok := r.nth(first, i)
		if d.After(last) {
			break
		}
		if ok && !d.Before(first) && !r.skips(d) {
			out = append(out, d)
		}
	}
	if len(out) > maxOccurrences {
		return nil, fmt.Errorf("more than %d occurrences", maxOccurrences)
	}
	return out, nil
}

// nth returns the date of the i-th period after first. ok is false when the period has
// no such day (e.g. the 31st in a 30-day month), which is then skipped, as RFC 5545 does.
func (r Recurrence) nth(first time.Time, i int) (time.Time, bool) {
	n := i * r.Interval
	switch r.Freq {
	case Weekly:
		return first.AddDate(0, 0, 7*n), true
	case Yearly:
		if r.Ordinal != 0 { // "the third Tuesday of March"
			return weekdayInMonth(first.Year()+n, first.Month(), time.Weekday(r.Weekday), r.Ordinal), true
		}
		d := time.Date(first.Year()+n, first.Month(), first.Day(), 0, 0, 0, 0, Stockholm)
		return d, d.Day() == first.Day() // 29 February only in leap years
	default: // Monthly
		y, m := first.Year(), first.Month()+time.Month(n)
		if r.Ordinal == 0 {
			d := time.Date(y, m, first.Day(), 0, 0, 0, 0, Stockholm)
			return d, d.Day() == first.Day()
		}
		return weekdayInMonth(y, m, time.Weekday(r.Weekday), r.Ordinal), true
	}
}

// skips reports whether the rule leaves date d out.
func (r Recurrence) skips(d time.Time) bool {
	if slices.Contains(r.SkipMonths, int(d.Month())) || slices.Contains(r.SkipDates, d.Format(time.DateOnly)) {
		return true
	}
	return r.SkipHolidays && isSwedishHoliday(d)
}

// isSwedishHoliday: the public holidays and the eves most workplaces keep free
// (midsummer, Christmas and New Year's eve), from rickar/cal's Swedish calendar.
func isSwedishHoliday(d time.Time) bool {
	day := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, Stockholm)
	for _, h := range append(slices.Clone(se.Holidays), se.Paskdagen, se.Pingstdagen) {
		actual, _ := h.Calc(day.Year())
		if actual.Year() == day.Year() && actual.Month() == day.Month() && actual.Day() == day.Day() {
			return true
		}
	}
	return false
}

// weekdayInMonth finds e.g. the first Tuesday (ordinal 1) or the last Thursday (-1).
func weekdayInMonth(y int, m time.Month, wd time.Weekday, ordinal int) time.Time {
	if ordinal > 0 {
		d := time.Date(y, m, 1, 0, 0, 0, 0, Stockholm)
		offset := (int(wd) - int(d.Weekday()) + 7) % 7
		return d.AddDate(0, 0, offset+7*(ordinal-1))
	}
	d := time.Date(y, m+1, 0, 0, 0, 0, 0, Stockholm) // last day of month m
	offset := (int(d.Weekday()) - int(wd) + 7) % 7
	return d.AddDate(0, 0, -offset)
}

// at combines a local date with an HH:MM wall-clock time in Stockholm. Building the
// instant from the wall clock (not by adding hours) keeps 09:00 at 09:00 across DST.
func at(date time.Time, hhmm string) (time.Time, error) {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(hhmm) != 5 {
		return time.Time{}, fmt.Errorf("not a time of day: %q", hhmm)
	}
	return time.Date(date.Year(), date.Month(), date.Day(), h, m, 0, 0, Stockholm), nil
}

func parseDate(s string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02", s, Stockholm)
}
