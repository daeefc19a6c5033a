package events

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// Dates and times, always in Stockholm time.

func (w *programmeWriter) clock(t time.Time) string {
	return t.In(Stockholm).Format("15" + w.l.clockSeparator + "04")
}

func (w *programmeWriter) dayMonth(t time.Time) string {
	t = t.In(Stockholm)
	return fmt.Sprintf("%d %s", t.Day(), MonthName(t.Month(), w.lang))
}

func (w *programmeWriter) fullDate(t time.Time) string {
	return fmt.Sprintf("%s %d", w.dayMonth(t), t.In(Stockholm).Year())
}

// weekdayDate is a day heading: "Onsdag 14 oktober 2026".
func (w *programmeWriter) weekdayDate(t time.Time) string {
	weekday := WeekdayName(t.In(Stockholm).Weekday(), w.lang)
	r, size := utf8.DecodeRuneInString(weekday)
	return string(unicode.ToUpper(r)) + weekday[size:] + " " + w.fullDate(t)
}

// dateRange gives "14 oktober 2026", "14–16 oktober 2026", "30 september – 2 oktober
// 2026" or "30 december 2026 – 2 januari 2027".
func (w *programmeWriter) dateRange(start, end time.Time) string {
	start, end = start.In(Stockholm), end.In(Stockholm)
	if start.IsZero() {
		return ""
	}
	switch {
	case end.Before(start) || progSameDate(start, end):
		return w.fullDate(start)
	case start.Year() != end.Year():
		return w.fullDate(start) + " – " + w.fullDate(end)
	case start.Month() != end.Month():
		return w.dayMonth(start) + " – " + w.fullDate(end)
	default:
		return fmt.Sprintf("%d–%s", start.Day(), w.fullDate(end))
	}
}

func (w *programmeWriter) timeRange(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	if end.Before(start) || progSameDate(start.In(Stockholm), end.In(Stockholm)) {
		return fmt.Sprintf(w.l.timeOneDay, w.clock(start), w.clock(end))
	}
	return fmt.Sprintf(w.l.timeDays, w.dayMonth(start), w.clock(start), w.dayMonth(end), w.clock(end))
}

func (w *programmeWriter) venue(ev Event) string {
	if !ev.Mode.HasOnSite() {
		return w.l.online
	}
	v := ev.Venue
	place := strings.Join(progNonEmpty(progText(v.Name), strings.Join(progNonEmpty(progText(v.Address), progText(v.City)), ", ")), "\n")
	if place == "" {
		place = w.l.venueLater
	}
	if ev.Mode.HasDigital() {
		place += "\n" + w.l.alsoOnline
	}
	return place
}

func progSameDate(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

func progSameDay(a, b Session) bool {
	return progSameDate(a.Start.In(Stockholm), b.Start.In(Stockholm))
}

// sortedForProgramme orders a copy of the sessions by start, then room, so parallel
// sessions always appear in the same columns.
func sortedForProgramme(sessions []Session) []Session {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b Session) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Room, b.Room))
	})
	return sorted
}

// progSplit cuts sorted sessions into runs whose neighbours belong together.
func progSplit(sessions []Session, together func(a, b Session) bool) [][]Session {
	var groups [][]Session
	for i, s := range sessions {
		if i == 0 || !together(sessions[i-1], s) {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], s)
	}
	return groups
}

// progText makes user text drawable; tabs would show as boxes in DejaVu.
func progText(s string) string {
	return strings.ReplaceAll(pdfkit.Sanitize(s), "\t", " ")
}

// progOneLine is for places with room for one line only (footer, address under the QR).
func progOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func progNonEmpty(values ...string) []string {
	return slices.DeleteFunc(values, func(v string) bool { return strings.TrimSpace(v) == "" })
}

func progJoin(values ...string) string {
	return strings.Join(progNonEmpty(values...), " · ")
}

// programmeLabels is every fixed text of the programme in one language.
type programmeLabels struct {
	clockSeparator string
	page           string // with %d for the page and gofpdf's alias for the total
	timeOneDay     string
	timeDays       string

	date, time, venue, format, organiser      string
	online, alsoOnline, venueLater            string
	targetAreas, targetAreasShort, priorities string
	moreInfo, programme, parallel, continued  string
	noSessions, cancelled, room, track        string
}

// programmeLabelsFor reads the programme's fixed texts from the catalogue
// (pdf.programme.*). Swedish writes times with a full stop (Språkrådet): kl. 09.30.
func programmeLabelsFor(lang string) programmeLabels {
	t := func(key string) string { return locale.T(lang, "pdf.programme."+key) }
	return programmeLabels{
		clockSeparator:   t("clockSeparator"),
		page:             t("page"),
		timeOneDay:       t("timeOneDay"),
		timeDays:         t("timeDays"),
		date:             t("date"),
		time:             t("time"),
		venue:            t("venue"),
		format:           t("format"),
		organiser:        t("organiser"),
		online:           t("online"),
		alsoOnline:       t("alsoOnline"),
		venueLater:       t("venueLater"),
		targetAreas:      t("targetAreas"),
		targetAreasShort: t("targetAreasShort"),
		priorities:       t("priorities"),
		moreInfo:         t("moreInfo"),
		programme:        t("programme"),
		parallel:         t("parallel"),
		continued:        t("continued"),
		noSessions:       t("noSessions"),
		cancelled:        t("cancelled"),
		room:             t("room"),
		track:            t("track"),
	}
}
