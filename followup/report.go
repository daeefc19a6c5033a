package followup

import (
	"slices"
	"sort"
	"strings"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Filter narrows a report: a period, and optionally a series, a type of event, a
// target area, a priority area and a participation mode.
type Filter struct {
	From, To     time.Time // local dates; events that start from From up to the end of To
	SeriesID     string
	Type         events.Type
	TargetArea   int
	PriorityArea string
	Mode         events.Mode // on_site: events held on site (and hybrid); digital likewise
}

// Who counts. A registration reaches someone when it is confirmed, is a participant
// or a guest (speakers, staff and the organiser's own people are not whom the work
// reached), and the person came: checked in, where the event used check-in, or simply
// confirmed where it did not (and always online, where nobody is checked in). The
// waiting list never counts. Figures are participations: a person at three events
// counts three times, since nothing links one person's registrations.

// An event of the period is held once it has ended, and only then counts: in reach,
// attendance and every table. An event of the period still to come (or under way) is
// planned: listed apart with its registrations, never counted as reached.
const (
	StateHeld    = "held"
	StatePlanned = "planned"
)

// EventRow is one event held in the period.
type EventRow struct {
	ID         string      `json:"id"`
	State      string      `json:"state"` // StateHeld
	Title      events.Text `json:"title"`
	Start      time.Time   `json:"start"`
	Type       events.Type `json:"type"`
	Mode       events.Mode `json:"mode"`
	SeriesID   string      `json:"series_id,omitempty"`
	CheckIn    bool        `json:"check_in"`   // the event used check-in: attendance is known
	Registered int         `json:"registered"` // confirmed participants and guests
	Attended   int         `json:"attended"`   // checked in
	NoShow     int         `json:"no_show"`    // confirmed on site, not checked in (check-in used)
	Reached    int         `json:"reached"`
	Waiting    int         `json:"waiting"`
}

// PlannedRow is an event of the period that has not ended yet: what is known is who
// registered, not whom it reached.
type PlannedRow struct {
	ID         string      `json:"id"`
	State      string      `json:"state"` // StatePlanned
	Title      events.Text `json:"title"`
	Start      time.Time   `json:"start"`
	End        time.Time   `json:"end"`
	Type       events.Type `json:"type"`
	Mode       events.Mode `json:"mode"`
	SeriesID   string      `json:"series_id,omitempty"`
	Registered int         `json:"registered"` // confirmed participants and guests so far
	Waiting    int         `json:"waiting"`
}

// Row is one line of a table about people.
type Row struct {
	Key      string `json:"key"` // municipality code, county code, kind of organisation, gender
	Label    string `json:"label"`
	Count    Cell   `json:"count"`
	InCounty bool   `json:"in_county,omitempty"` // municipalities: of the organisation's county
}

// Table is a table about people with its total, under the small-cell rule.
type Table struct {
	Rows  []Row `json:"rows"`
	Total Cell  `json:"total"`
}

// AreaRow is a target or priority area: events that worked on it, and the reach of those.
type AreaRow struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Events  int    `json:"events"`
	Reached int    `json:"reached"`
}

// Repeat is a municipality or kind of organisation present at several events.
type Repeat struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Events int    `json:"events"`
}

// Report is an organisation's follow-up of a period.
type Report struct {
	Organisation string    `json:"organisation"`
	County       string    `json:"county,omitempty"`
	From         time.Time `json:"from"`
	To           time.Time `json:"to"`
	MinCell      int       `json:"min_cell"`

	// Events are the events held (ended) in the period: everything below counts
	// them alone. Planned are the period's events not yet ended, with their
	// registrations so far.
	Events            []EventRow   `json:"events"`
	Held              int          `json:"events_held"`
	Planned           []PlannedRow `json:"planned"`
	PlannedCount      int          `json:"events_planned"`
	PlannedRegistered int          `json:"planned_registered"`
	WithoutCheckIn    int          `json:"events_without_check_in"`
	Registered        int          `json:"registered"`
	Attended          int          `json:"attended"`
	NoShow            int          `json:"no_show"`
	Reached           int          `json:"reached"`
	// Municipalities lists every municipality of the county, reached or not.
	Municipalities Table `json:"municipalities"`
	Counties       Table `json:"counties"`
	OrgTypes       Table `json:"org_types"`
	// Genders is among those reached; the last row holds those who did not answer.
	Genders       Table     `json:"genders"`
	TargetAreas   []AreaRow `json:"target_areas"`
	PriorityAreas []AreaRow `json:"priority_areas"`
	// RepeatMunicipalities: present at two events or more. RepeatOrganisations the
	// same, for organisations that the period reached at least MinCell times (a
	// smaller one could point at a person). Series: those present at half or more of
	// a series' meetings.
	RepeatMunicipalities []Repeat       `json:"repeat_municipalities"`
	RepeatOrganisations  []Repeat       `json:"repeat_organisations"`
	Series               []SeriesRepeat `json:"series"`
	// Presence is each event's reach by municipality (code), for the municipality
	// pages; not part of the report's JSON, whose tables hold the same under the
	// small-cell rule.
	Presence []EventPresence `json:"-"`
}

// EventPresence is one event and how many it reached from each municipality.
type EventPresence struct {
	Event          EventRow
	Municipalities map[string]int
}

// SeriesRepeat is one series of the period: its meetings held, and the
// municipalities present at half of them or more.
type SeriesRepeat struct {
	SeriesID       string   `json:"series_id"`
	Meetings       int      `json:"meetings"`
	Municipalities []Repeat `json:"municipalities"`
}

// Input is what a report is computed from; Build reads nothing.
type Input struct {
	Org     events.Organisation
	Filter  Filter
	Now     time.Time                   // events ended by now are held, the others of the period planned
	Events  []events.Event              // the organisation's, any status; Build keeps those of the period
	Regs    []registration.Registration // of those events
	Arrived map[string]map[string]bool  // event → registrations checked in (none: check-in not used)
	MinCell int
	Lang    string
}

// counted reports whether a registration is of someone the work reached (see above).
func counted(r registration.Registration) bool {
	return r.Status == registration.StatusConfirmed &&
		(r.Category == registration.CategoryParticipant || r.Category == registration.CategoryGuest || r.Category == "")
}

// Held reports whether an event of the period has taken place: it has ended by now.
// Only held events count; one at 13:00 today is not held at 01:00, nor at 14:00.
func Held(ev events.Event, now time.Time) bool { return !ev.End.After(now) }

// Matches is whether an event belongs to the period: published (not a draft, not
// cancelled), starting within it, and matching the filter; held or planned.
func (f Filter) Matches(ev events.Event) bool {
	if ev.Status != events.StatusPublished || ev.Start.Before(f.From) || !ev.Start.Before(f.To.AddDate(0, 0, 1)) {
		return false
	}
	switch {
	case f.SeriesID != "" && ev.SeriesID != f.SeriesID,
		f.Type != "" && ev.Type != f.Type,
		f.TargetArea != 0 && !slices.Contains(ev.TargetAreas, f.TargetArea),
		f.PriorityArea != "" && !slices.ContainsFunc(ev.PriorityAreas, func(p string) bool { return strings.EqualFold(p, f.PriorityArea) }),
		f.Mode == events.ModeOnSite && !ev.Mode.HasOnSite(),
		f.Mode == events.ModeDigital && !ev.Mode.HasDigital():
		return false
	}
	return true
}

// Count is one key's count in an event's figures.
type Count struct {
	Key string `bson:"k"`
	N   int    `bson:"n"`
}

// eventFigures are one event's figures, what a report adds up: its row and its
// reached people by municipality (code), county, kind of organisation and gender.
// Summaries of events long over are stored as they are (summaries.go).
type eventFigures struct {
	Row            EventRow `bson:"row"`
	Municipalities []Count  `bson:"municipalities,omitempty"`
	Counties       []Count  `bson:"counties,omitempty"`
	OrgTypes       []Count  `bson:"org_types,omitempty"`
	Genders        []Count  `bson:"genders,omitempty"`
	// Organisations are the reached people's organisations, by name as first written
	// (matched without case or surrounding space).
	Organisations []Count `bson:"organisations,omitempty"`
}

// figuresOf counts one event's registrations; arrived is who checked in (nil: check-in not used).
func figuresOf(ev events.Event, regs []registration.Registration, arrived map[string]bool) eventFigures {
	row := EventRow{ID: ev.ID, Title: ev.Title, Start: ev.Start, Type: ev.Type, Mode: ev.Mode, SeriesID: ev.SeriesID, CheckIn: arrived != nil}
	muni, county, orgType, gender := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	orgs, orgName := map[string]int{}, map[string]string{}
	for _, r := range regs {
		if r.Status == registration.StatusWaiting {
			row.Waiting++
		}
		if !counted(r) {
			continue
		}
		row.Registered++
		came := arrived[r.ID]
		switch {
		case came:
			row.Attended++
		case row.CheckIn && r.Mode != events.ModeDigital:
			row.NoShow++
			continue
		}
		row.Reached++
		key := r.Municipality
		if m, ok := events.LookupMunicipality(r.Municipality); ok {
			key = m.Code
		}
		muni[key]++
		county[r.County]++
		orgType[string(r.OrgType)]++
		gender[answeredGender(r.Gender)]++
		if name := strings.TrimSpace(r.Organisation); name != "" {
			k := strings.ToLower(name)
			if orgName[k] == "" {
				orgName[k] = name
			}
			orgs[orgName[k]]++
		}
	}
	return eventFigures{Row: row, Municipalities: countsOf(muni), Counties: countsOf(county), OrgTypes: countsOf(orgType),
		Genders: countsOf(gender), Organisations: countsOf(orgs)}
}

func countsOf(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, N: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Build computes the report from registrations (tests, and events still open).
func Build(in Input) Report {
	byEvent := byEvent(in.Regs)
	var figs []eventFigures
	var held, planned []events.Event
	for _, ev := range in.Events {
		switch {
		case !in.Filter.Matches(ev):
		case Held(ev, in.Now):
			held = append(held, ev)
			figs = append(figs, figuresOf(ev, byEvent[ev.ID], in.Arrived[ev.ID]))
		default:
			planned = append(planned, ev)
		}
	}
	rep := combine(in.Org, in.Filter, held, figs, in.MinCell, in.Lang)
	rep.addPlanned(planned, byEvent)
	return rep
}

// addPlanned lists the period's events not yet held, with their registrations so
// far (counted as figuresOf counts them); nothing of them enters the figures.
func (rep *Report) addPlanned(planned []events.Event, regs map[string][]registration.Registration) {
	rep.Planned = []PlannedRow{}
	for _, ev := range planned {
		row := figuresOf(ev, regs[ev.ID], nil).Row
		rep.Planned = append(rep.Planned, PlannedRow{ID: ev.ID, State: StatePlanned, Title: ev.Title, Start: ev.Start, End: ev.End,
			Type: ev.Type, Mode: ev.Mode, SeriesID: ev.SeriesID, Registered: row.Registered, Waiting: row.Waiting})
		rep.PlannedRegistered += row.Registered
	}
	sort.SliceStable(rep.Planned, func(i, j int) bool { return rep.Planned[i].Start.Before(rep.Planned[j].Start) })
	rep.PlannedCount = len(rep.Planned)
}

// byEvent groups registrations by their event.
func byEvent(regs []registration.Registration) map[string][]registration.Registration {
	out := map[string][]registration.Registration{}
	for _, r := range regs {
		out[r.EventID] = append(out[r.EventID], r)
	}
	return out
}

// combine adds up the held events' figures into the report.
func combine(org events.Organisation, f Filter, held []events.Event, figs []eventFigures, min int, lang string) Report {
	if min < 2 {
		min = DefaultMinCell
	}
	rep := Report{Organisation: org.Name, County: org.County, From: f.From, To: f.To, MinCell: min, Events: []EventRow{}, Planned: []PlannedRow{}}
	muni, county, orgType, gender := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	muniEvents := map[string]int{}
	areaReach, priorityReach := map[int]int{}, map[string]int{}
	byID := map[string]events.Event{}
	for _, ev := range held {
		byID[ev.ID] = ev
	}
	for _, fg := range figs {
		fg.Row.State = StateHeld
		rep.Events = append(rep.Events, fg.Row)
		pres := EventPresence{Event: fg.Row, Municipalities: map[string]int{}}
		for _, c := range fg.Municipalities {
			pres.Municipalities[c.Key] += c.N
		}
		rep.Presence = append(rep.Presence, pres)
		add := func(into map[string]int, cs []Count) {
			for _, c := range cs {
				into[c.Key] += c.N
			}
		}
		add(muni, fg.Municipalities)
		add(county, fg.Counties)
		add(orgType, fg.OrgTypes)
		add(gender, fg.Genders)
		for _, c := range fg.Municipalities {
			if c.N > 0 {
				muniEvents[c.Key]++
			}
		}
		ev := byID[fg.Row.ID]
		for _, a := range ev.TargetAreas {
			areaReach[a] += fg.Row.Reached
		}
		for _, p := range ev.PriorityAreas {
			priorityReach[p] += fg.Row.Reached
		}
	}
	sort.SliceStable(rep.Events, func(i, j int) bool { return rep.Events[i].Start.Before(rep.Events[j].Start) })
	rep.Held = len(rep.Events)
	for _, e := range rep.Events {
		if !e.CheckIn {
			rep.WithoutCheckIn++
		}
		rep.Registered += e.Registered
		rep.Attended += e.Attended
		rep.NoShow += e.NoShow
		rep.Reached += e.Reached
	}
	rep.Municipalities = municipalityTable(muni, org.County, min, lang)
	rep.Counties = countyTable(county, org.County, min, lang)
	rep.OrgTypes = orgTypeTable(orgType, min, lang)
	rep.Genders = genderTable(gender, min, lang)
	rep.TargetAreas, rep.PriorityAreas = areaRows(rep.Events, byID, areaReach, priorityReach, lang)
	for key, n := range muniEvents {
		if n >= 2 && key != "" {
			rep.RepeatMunicipalities = append(rep.RepeatMunicipalities, Repeat{Key: key, Label: municipalityName(key), Events: n})
		}
	}
	sortRepeats(rep.RepeatMunicipalities)
	orgEvents, orgTotal := map[string]int{}, map[string]int{}
	for _, fg := range figs {
		for _, c := range fg.Organisations {
			orgEvents[c.Key]++
			orgTotal[c.Key] += c.N
		}
	}
	for name, n := range orgEvents {
		if n >= 2 && orgTotal[name] >= min {
			rep.RepeatOrganisations = append(rep.RepeatOrganisations, Repeat{Key: name, Label: name, Events: n})
		}
	}
	sortRepeats(rep.RepeatOrganisations)
	rep.Series = seriesRepeats(figs)
	return rep
}

// seriesRepeats lists, per series, the municipalities present at half of its meetings or more.
func seriesRepeats(figs []eventFigures) []SeriesRepeat {
	meetings := map[string]int{}
	present := map[string]map[string]int{}
	var order []string
	for _, fg := range figs {
		id := fg.Row.SeriesID
		if id == "" {
			continue
		}
		if meetings[id] == 0 {
			order = append(order, id)
			present[id] = map[string]int{}
		}
		meetings[id]++
		for _, c := range fg.Municipalities {
			if c.N > 0 && c.Key != "" {
				present[id][c.Key]++
			}
		}
	}
	out := []SeriesRepeat{}
	for _, id := range order {
		sr := SeriesRepeat{SeriesID: id, Meetings: meetings[id], Municipalities: []Repeat{}}
		for key, n := range present[id] {
			if 2*n >= meetings[id] {
				sr.Municipalities = append(sr.Municipalities, Repeat{Key: key, Label: municipalityName(key), Events: n})
			}
		}
		sortRepeats(sr.Municipalities)
		out = append(out, sr)
	}
	return out
}

func sortRepeats(list []Repeat) {
	sort.Slice(list, func(i, j int) bool {
		if list[i].Events != list[j].Events {
			return list[i].Events > list[j].Events
		}
		return events.CompareSwedish(list[i].Label, list[j].Label) < 0
	})
}

// answeredGender is the gender row a registration counts in: "" for those who did not
// answer or did not want to say.
func answeredGender(g registration.Gender) string {
	if g == "vill_inte_uppge" {
		return ""
	}
	return string(g)
}

// table turns counts by key into a protected table, rows in the given order.
func table(keys, labels []string, counts map[string]int, min int) Table {
	ns := make([]int, len(keys))
	for i, k := range keys {
		ns[i] = counts[k]
	}
	cells, total := protect(ns, min)
	t := Table{Rows: make([]Row, len(keys)), Total: total}
	for i := range keys {
		t.Rows[i] = Row{Key: keys[i], Label: labels[i], Count: cells[i]}
	}
	return t
}

func municipalityName(key string) string {
	for _, m := range events.Municipalities() {
		if m.Code == key {
			return m.Name
		}
	}
	return key
}
