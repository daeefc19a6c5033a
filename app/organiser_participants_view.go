package app

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/registration"
)

// What the participant pages show, built from the registration service's lists and
// counts: every label translated here, so the templates only lay things out.

type partListPage struct {
	Notice    string
	Event     events.Event
	EventPath string // the event's organiser overview
	Path      string // this page
	CSVURL    string // the CSV of the list as filtered
	Filtered  bool
	Filter    partFilterForm
	Rows      []partRow
	Total     int // registrations of the event, whatever the filter
	Counts    partCounts
	Reach     partReach
	Published bool
	CheckIn   bool // check-in was used: the list shows attendance
}

// Showing is "Visar 2 av 5 anmälningar.".
func (p partListPage) Showing(lang string) string {
	return fmt.Sprintf(tr(lang, "part.list.showing"), len(p.Rows), p.Total)
}

// partRow is one registration in the list.
type partRow struct {
	ID, Name, Email, Organisation, OrgType, Municipality, County, Mode, Status string
	Waiting, Cancelled                                                         bool
	Position                                                                   int // on the waiting list, 1 = next
	Workshops                                                                  []string
	Diet, Accessibility                                                        string
	Answers                                                                    []regDetail // to the event's own questions
	// Attendance in words once check-in was used ("Närvarande", "Dag 1, dag 2",
	// "Ej närvarande"); CanMark: may be marked as present (confirmed, on site, not yet).
	Attendance      string
	CanMark, Marked bool
}

func (s *server) partRows(c *fiber.Ctx, ev events.Event, list []registration.Registration, sessions []events.Session, attendance map[string][]string) ([]partRow, error) {
	lang := language(c)
	positions, err := s.regs.Positions(c.UserContext(), ev, list)
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, se := range sessions {
		titles[se.ID] = se.Title.In(lang)
	}
	rows := make([]partRow, 0, len(list))
	for _, r := range list {
		row := partRow{
			ID: r.ID, Name: r.FullName(), Email: r.Email, Organisation: r.Organisation,
			OrgType:      registration.LabelOf(registration.OrgTypes, r.OrgType, lang),
			Municipality: r.Municipality, County: r.County,
			Mode:      events.ModeLabels[r.Mode].In(lang),
			Status:    registration.StatusLabels[r.Status].In(lang),
			Waiting:   r.Status == registration.StatusWaiting,
			Cancelled: r.Status == registration.StatusCancelled,
			Diet:      r.Diet, Accessibility: r.Accessibility,
		}
		row.Position = positions[r.ID]
		row.Attendance, row.Marked = partAttendance(ev, attendance, r, lang)
		row.CanMark = noShowCandidate(r) && ev.Status == events.StatusPublished
		for _, a := range answerRows(ev.Questions, r, lang) {
			if a.Value != tr(lang, "reg.manage.none") {
				row.Answers = append(row.Answers, a)
			}
		}
		for _, w := range r.Workshops {
			title := titles[w.SessionID]
			if title == "" {
				title = w.SessionID
			}
			if w.Status == registration.StatusWaiting {
				title += " " + tr(lang, "part.ws.waiting")
			}
			row.Workshops = append(row.Workshops, title)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// partMunicipalities are the distinct municipalities of the registrations, in Swedish order.
func partMunicipalities(list []registration.Registration) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range list {
		if r.Municipality != "" && !seen[r.Municipality] {
			seen[r.Municipality] = true
			out = append(out, r.Municipality)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return events.CompareSwedish(strings.ToLower(out[i]), strings.ToLower(out[j])) < 0
	})
	return out
}

// --- counts ---------------------------------------------------------------------

type partCounts struct {
	registration.Counts
	Active    int           // confirmed and waiting
	Seats     []partSeatRow // one per way of taking part the event offers
	Workshops []partWorkshopRow
}

type partSeatRow struct {
	Label     string
	Confirmed int
	SeatsLeft int // -1: no limit
}

type partWorkshopRow struct {
	Title, When                   string
	Confirmed, Waiting, SeatsLeft int
}

func partCountsOf(c registration.Counts, ev events.Event, lang string) partCounts {
	out := partCounts{Counts: c, Active: c.Confirmed + c.Waiting}
	if ev.Mode.HasOnSite() {
		out.Seats = append(out.Seats, partSeatRow{events.ModeLabels[events.ModeOnSite].In(lang), c.ConfirmedOnSite, c.SeatsLeftOnSite})
	}
	if ev.Mode.HasDigital() {
		out.Seats = append(out.Seats, partSeatRow{events.ModeLabels[events.ModeDigital].In(lang), c.ConfirmedDigital, c.SeatsLeftDigital})
	}
	for _, w := range c.Workshops {
		out.Workshops = append(out.Workshops, partWorkshopRow{
			Title: w.Session.Title.In(lang), When: orgDate(w.Session.Start, lang) + " " + events.Clock(w.Session.Start) + "–" + events.Clock(w.Session.End),
			Confirmed: w.Confirmed, Waiting: w.Waiting, SeatsLeft: w.SeatsLeft,
		})
	}
	return out
}

// --- reach ----------------------------------------------------------------------

// partReach is whom the event reached, among confirmed registrations (the waiting
// list is not reached), under the small-cell rule (followup/cells.go).
type partReach struct {
	Total          int
	Municipalities []partStatRow // by count, then name
	Counties       []partStatRow // by count, then name
	OrgTypes       []partStatRow // every type in form order, with zeros: who was not reached shows too
	Genders        []partStatRow // every answer in form order; shares of those who answered
	Answered       int           // how many answered the optional gender question
	MinCell        int
}

type partStatRow struct {
	Key   string // the stored value, for tests and the API
	Label string
	Count string // the figure, or "< 3"
	Share string // "40 %", or "–" where the figure is hidden
	n     int
}

// GenderNote is the note that the question was optional and who answered it.
func (r partReach) GenderNote(lang string) string {
	switch {
	case r.Answered == 0:
		return tr(lang, "part.reach.gender_none")
	case r.Answered < r.MinCell: // "< 3 of 2 answered" would say nothing true
		return fmt.Sprintf(tr(lang, "part.reach.gender_few"), r.MinCell)
	}
	return fmt.Sprintf(tr(lang, "part.reach.gender_note"), r.Answered, r.Total)
}

// partReachTables are the event's reach tables under the small-cell rule, for the
// page and the JSON: municipalities and counties by count, every kind of
// organisation, and the gender answers among those who answered.
func partReachTables(c registration.Counts, min int, lang string) (muni, county, orgTypes, genders followup.Table) {
	byCount := func(m map[string]int) followup.Table {
		rows := make([]partStatRow, 0, len(m))
		for k, n := range m {
			rows = append(rows, partStatRow{Key: k, Label: partLabel(k, lang), n: n})
		}
		partSortStats(rows)
		keys, labels := make([]string, len(rows)), make([]string, len(rows))
		for i, r := range rows {
			keys[i], labels[i] = r.Key, r.Label
		}
		return followup.NewTable(keys, labels, m, min)
	}
	muni, county = byCount(c.ByMunicipality), byCount(c.ByCounty)
	keys, labels := []string{}, []string{}
	known := map[string]bool{}
	for _, o := range registration.OrgTypes {
		keys, labels = append(keys, string(o.Value)), append(labels, o.Label.In(lang))
		known[string(o.Value)] = true
	}
	for k := range c.ByOrgType {
		if !known[k] {
			keys, labels = append(keys, k), append(labels, partLabel(k, lang))
		}
	}
	orgTypes = followup.NewTable(keys, labels, c.ByOrgType, min)
	keys, labels = nil, nil
	for _, g := range registration.Genders {
		keys, labels = append(keys, string(g.Value)), append(labels, g.Label.In(lang))
	}
	genders = followup.NewTable(keys, labels, c.ByGender, min)
	return muni, county, orgTypes, genders
}

func partReachOf(c registration.Counts, min int, lang string) partReach {
	r := partReach{MinCell: min}
	for _, n := range c.ByCounty { // those the reach counts: participants and guests
		r.Total += n
	}
	muni, county, orgTypes, genders := partReachTables(c, min, lang)
	for _, n := range c.ByGender {
		r.Answered += n
	}
	r.Municipalities = partRows(muni, r.Total, min, lang)
	r.Counties = partRows(county, r.Total, min, lang)
	r.OrgTypes = partRows(orgTypes, r.Total, min, lang)
	r.Genders = partRows(genders, r.Answered, min, lang)
	return r
}

// partRows are a table's rows with their shares of total; a hidden figure has none.
func partRows(t followup.Table, total, min int, lang string) []partStatRow {
	out := make([]partStatRow, len(t.Rows))
	for i, row := range t.Rows {
		out[i] = partStatRow{Key: row.Key, Label: row.Label, Count: row.Count.Text(min), Share: "–", n: row.Count.N}
		if !row.Count.Suppressed {
			out[i].Share = partShare(row.Count.N, total, lang)
		}
	}
	return out
}

// partSortStats orders rows by count, most first, then by label in Swedish order.
func partSortStats(rows []partStatRow) {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].n != rows[j].n {
			return rows[i].n > rows[j].n
		}
		return events.CompareSwedish(strings.ToLower(rows[i].Label), strings.ToLower(rows[j].Label)) < 0
	})
}

func partLabel(v, lang string) string {
	if v == "" {
		return tr(lang, "part.unknown")
	}
	return v
}

// partShare is a whole percentage: "40 %" in Swedish (with a no-break space), "40%" in English.
func partShare(n, total int, lang string) string {
	if total == 0 {
		return "–"
	}
	p := int(math.Round(float64(n) * 100 / float64(total)))
	if lang == langEN {
		return fmt.Sprintf("%d%%", p)
	}
	return fmt.Sprintf("%d\u00a0%%", p)
}

// --- needs ----------------------------------------------------------------------

type partNeedsPage struct {
	Event         events.Event
	EventPath     string
	Place         string
	OnSite        int
	HasOnSite     bool
	Diets         []partStatRow // by count, then name; shares of those on site
	NoDiet        int
	Accessibility []string
	Compiled      string
	// Catering and Choices count the answers to the event's own questions.
	Catering, Choices []registration.QuestionCounts
}

func partNeedsOf(n registration.Needs, ev events.Event, lang string) partNeedsPage {
	p := partNeedsPage{Event: ev, EventPath: orgEventPath(ev.ID), Place: events.Place(ev, lang), OnSite: n.OnSite,
		HasOnSite: ev.Mode.HasOnSite(), Accessibility: n.Accessibility, NoDiet: n.OnSite,
		Catering: n.Catering, Choices: n.Choices}
	for diet, count := range n.Diets {
		p.Diets = append(p.Diets, partStatRow{Key: diet, Label: partUpperFirst(diet), Count: strconv.Itoa(count), Share: partShare(count, n.OnSite, lang), n: count})
		p.NoDiet -= count
	}
	partSortStats(p.Diets)
	p.NoDiet = max(p.NoDiet, 0)
	return p
}

// partUpperFirst capitalises the first letter: the service groups diets in lower case.
func partUpperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// participantFuncs are template functions of the participant pages.
var participantFuncs = template.FuncMap{
	// partSeats shows a number of seats left, where -1 means no limit.
	"partSeats": func(n int, lang string) string {
		if n < 0 {
			return tr(lang, "part.unlimited")
		}
		return strconv.Itoa(n)
	},
	// partStat gathers what the "part-stat" table of org_participants.html shows.
	"partStat": func(id, caption, column string, rows []partStatRow, p page) partStatTable {
		return partStatTable{ID: id, Caption: caption, Column: column, Rows: rows, Page: p}
	},
	// followUpRepeats gathers what the "followup-repeats" list of followup.html shows.
	"followUpRepeats": func(id string, list []followup.Repeat, p page) followUpRepeatList {
		return followUpRepeatList{ID: id, List: list, Page: p}
	},
}

type followUpRepeatList struct {
	ID   string
	List []followup.Repeat
	Page page
}

// partStatTable is one statistics table: a row per value with its count and share.
type partStatTable struct {
	ID, Caption, Column string
	Rows                []partStatRow
	Page                page
}

// partAttendance is a registration's attendance in words, once check-in was used, and
// whether the person checked in at all.
func partAttendance(ev events.Event, attendance map[string][]string, r registration.Registration, lang string) (string, bool) {
	if len(attendance) == 0 {
		return "", false
	}
	came := attendance[r.ID]
	if len(came) == 0 {
		if noShowCandidate(r) {
			return tr(lang, "part.attendance.no"), false
		}
		return "", false
	}
	days := events.Days(ev)
	if len(days) <= 1 {
		return tr(lang, "part.attendance.yes"), true
	}
	var names []string
	for i, d := range days {
		if slices.Contains(came, d) {
			names = append(names, fmt.Sprintf(tr(lang, "part.attendance.day"), i+1))
		}
	}
	return strings.Join(names, ", "), true
}
