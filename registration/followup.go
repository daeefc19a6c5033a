package registration

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/sanitize"
)

// ListFilter narrows the organiser's participant list. Zero fields do not filter.
type ListFilter struct {
	Status       Status
	Mode         events.Mode
	Municipality string
	OrgType      OrgType
}

// List returns the event's registrations matching f, sorted by last name, then first
// name. The status is matched after the transitions (transitions.go), the rest in the
// store; a page that shows both a filtered list and the counts reads all once and
// uses Match and Summarise instead.
func (s *Service) List(ctx context.Context, eventID string, f ListFilter) ([]Registration, error) {
	q := bson.D{} // the mode is matched after the transitions, like the status (switch.go)
	if f.Municipality != "" {
		q = append(q, bson.E{Key: "municipality", Value: f.Municipality})
	}
	if f.OrgType != "" {
		q = append(q, bson.E{Key: "org_type", Value: f.OrgType})
	}
	var status []Status
	if f.Status != "" {
		status = []Status{f.Status}
	}
	list, err := s.find(ctx, eventID, q, status...)
	if err != nil {
		return nil, err
	}
	list = ListFilter{Mode: f.Mode}.Filter(list)
	SortByName(list)
	return list, nil
}

// SortByName sorts registrations by last name, then first name, in Swedish order.
func SortByName(list []Registration) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := strings.ToLower(list[i].LastName+" "+list[i].FirstName), strings.ToLower(list[j].LastName+" "+list[j].FirstName)
		return events.CompareSwedish(a, b) < 0
	})
}

// Match reports whether r passes the filter.
func (f ListFilter) Match(r Registration) bool {
	return (f.Status == "" || r.Status == f.Status) && (f.Mode == "" || r.Mode == f.Mode) &&
		(f.Municipality == "" || r.Municipality == f.Municipality) && (f.OrgType == "" || r.OrgType == f.OrgType)
}

// Filter keeps the registrations that pass the filter, in their order.
func (f ListFilter) Filter(list []Registration) []Registration {
	out := make([]Registration, 0, len(list))
	for _, r := range list {
		if f.Match(r) {
			out = append(out, r)
		}
	}
	return out
}

// WorkshopCount is one workshop's booking state.
type WorkshopCount struct {
	Session   events.Session `json:"session"`
	Confirmed int            `json:"confirmed"`
	Waiting   int            `json:"waiting"`
	SeatsLeft int            `json:"seats_left"` // -1: no limit
}

// Counts is the follow-up an organiser needs: how many, which kinds, from where.
type Counts struct {
	Confirmed        int             `json:"confirmed"`
	Waiting          int             `json:"waiting"`
	Cancelled        int             `json:"cancelled"`
	ConfirmedOnSite  int             `json:"confirmed_on_site"` // holding a public seat (not Seatless)
	ConfirmedDigital int             `json:"confirmed_digital"`
	SeatsLeftOnSite  int             `json:"seats_left_on_site"` // -1: no limit
	SeatsLeftDigital int             `json:"seats_left_digital"` // -1: no limit
	Workshops        []WorkshopCount `json:"workshops"`
	// Reach, among confirmed participants and guests (the waiting list is not
	// reached; speakers, staff and organisers are not whom the work reached). The
	// raw counts stay in Go: pages and the API show them under the small-cell rule
	// (the followup package).
	ByMunicipality map[string]int `json:"-"`
	ByCounty       map[string]int `json:"-"`
	ByOrgType      map[string]int `json:"-"`
	// ByGender counts only those who answered; "" is not counted.
	ByGender map[string]int `json:"-"`
}

// Count computes the event's counts from its registrations.
func (s *Service) Count(ctx context.Context, ev events.Event) (Counts, error) {
	list, err := s.find(ctx, ev.ID, bson.D{})
	if err != nil {
		return Counts{}, err
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return Counts{}, err
	}
	return Summarise(ev, sessions, list), nil
}

// Summarise computes the counts of an event from all its registrations (as List
// returns them) and its agenda, without reading anything.
func Summarise(ev events.Event, sessions []events.Session, list []Registration) Counts {
	c := Counts{ByMunicipality: map[string]int{}, ByCounty: map[string]int{}, ByOrgType: map[string]int{}, ByGender: map[string]int{}}
	ws := map[string]*WorkshopCount{}
	for _, se := range sessions {
		if Bookable(se) {
			c.Workshops = append(c.Workshops, WorkshopCount{Session: se})
		}
	}
	for i := range c.Workshops {
		ws[c.Workshops[i].Session.ID] = &c.Workshops[i]
	}
	for _, r := range list {
		switch r.Status {
		case StatusConfirmed:
			c.Confirmed++
			switch {
			case r.Seatless: // added by the organiser without a public seat
			case r.Mode == events.ModeDigital:
				c.ConfirmedDigital++
			default:
				c.ConfirmedOnSite++
			}
			for _, w := range r.Workshops {
				if wc := ws[w.SessionID]; wc != nil {
					if w.Status == StatusConfirmed {
						wc.Confirmed++
					} else {
						wc.Waiting++
					}
				}
			}
		case StatusWaiting:
			c.Waiting++
			continue
		case StatusCancelled:
			c.Cancelled++
			continue
		default:
			continue
		}
		if r.Category != CategoryParticipant && r.Category != CategoryGuest && r.Category != "" {
			continue
		}
		c.ByMunicipality[r.Municipality]++
		c.ByCounty[r.County]++
		c.ByOrgType[string(r.OrgType)]++
		if r.Gender != "" {
			c.ByGender[string(r.Gender)]++
		}
	}
	c.SeatsLeftOnSite = seatsLeft(ev.CapacityOnSite, c.ConfirmedOnSite, ev.Mode.HasOnSite())
	c.SeatsLeftDigital = seatsLeft(ev.CapacityDigital, c.ConfirmedDigital, ev.Mode.HasDigital())
	for i := range c.Workshops {
		c.Workshops[i].SeatsLeft = seatsLeft(c.Workshops[i].Session.SeatLimit, c.Workshops[i].Confirmed, true)
	}
	return c
}

func seatsLeft(capacity, taken int, applies bool) int {
	if !applies {
		return 0
	}
	if capacity == 0 {
		return -1
	}
	return max(0, capacity-taken)
}

// Needs is the caterer's and the venue's summary: on-site confirmed participants'
// dietary requirements and accessibility needs, without other personal details.
type Needs struct {
	OnSite        int            `json:"on_site"`
	Diets         map[string]int `json:"diets"` // requirement as written → how many
	Accessibility []string       `json:"accessibility"`
	// Catering counts the days and meals chosen by those coming on site; Choices the
	// answers of every confirmed participant to the event's other choice and yes/no
	// questions (answers.go).
	Catering []QuestionCounts `json:"catering"`
	Choices  []QuestionCounts `json:"choices"`
}

// Needs summarises dietary and accessibility needs of those coming on site, and
// counts the answers to the event's choice questions qs, with labels in lang.
func (s *Service) Needs(ctx context.Context, eventID string, qs []events.Question, lang string) (Needs, error) {
	all, err := s.find(ctx, eventID, bson.D{}, StatusConfirmed)
	if err != nil {
		return Needs{}, err
	}
	list := slices.DeleteFunc(slices.Clone(all), func(r Registration) bool { return r.Mode != events.ModeOnSite })
	n := Needs{OnSite: len(list), Diets: map[string]int{}, Accessibility: []string{}}
	if len(qs) > 0 {
		n.Catering = countAnswers(qs, list, lang, func(q events.Question) bool { return q.Kind == events.QuestionCatering })
		n.Choices = countAnswers(qs, all, lang, func(q events.Question) bool {
			return q.Kind != events.QuestionCatering && (q.Kind.HasOptions() || q.Kind == events.QuestionYesNo)
		})
	}
	for _, r := range list {
		if d := strings.TrimSpace(r.Diet); d != "" {
			n.Diets[strings.ToLower(d)]++
		}
		if a := strings.TrimSpace(r.Accessibility); a != "" {
			n.Accessibility = append(n.Accessibility, a)
		}
	}
	sort.Strings(n.Accessibility)
	return n, nil
}

// csvColumns name the participant CSV's columns (their headers: csv.col.<name>).
var csvColumns = []string{"last_name", "first_name", "email", "organisation", "org_type", "municipality", "county", "role", "mode", "status", "workshops", "diet", "accessibility", "list_consent", "registered"}

// CSVExtra is what the participant CSV shows besides the registrations: the agenda
// (workshop titles), the event's own questions (a column each), and who checked in on
// which day (a column each day; none when check-in was not used).
type CSVExtra struct {
	Sessions   []events.Session
	Questions  []events.Question
	Days       []string            // the event's days (events.Days)
	Attendance map[string][]string // registration → days checked in ("" for a one-day event)
}

// WriteCSV writes the list for Excel: UTF-8 with a byte-order mark (so Excel shows
// å ä ö), semicolons (Swedish Excel's list separator) and headers in lang; after the
// fixed columns, one per question of the event's own, headed by the question, and the
// attendance.
func WriteCSV(w io.Writer, list []Registration, x CSVExtra, lang string) error {
	sessions, questions := x.Sessions, x.Questions
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	var header []string
	for _, col := range csvColumns {
		header = append(header, locale.T(lang, "csv.col."+col))
	}
	for _, q := range questions {
		header = append(header, sanitize.SpreadsheetCell(q.Label.In(lang)))
	}
	attendance := len(x.Attendance) > 0
	if attendance && len(x.Days) > 1 {
		for i := range x.Days {
			header = append(header, locale.T(lang, "csv.col.attended_day", i+1))
		}
	} else if attendance {
		header = append(header, locale.T(lang, "csv.col.attended"))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	titles := map[string]string{}
	for _, se := range sessions {
		titles[se.ID] = se.Title.In(lang)
	}
	yes := map[bool]string{true: locale.T(lang, "csv.yes"), false: locale.T(lang, "csv.no")}
	for _, r := range list {
		var ws []string
		for _, wc := range r.Workshops {
			entry, ok := titles[wc.SessionID]
			if !ok {
				continue // taken off the agenda since (its people were told)
			}
			if wc.Status == StatusWaiting {
				entry += " " + locale.T(lang, "csv.ws.waiting")
			}
			ws = append(ws, entry)
		}
		row := []string{
			r.LastName, r.FirstName, r.Email, r.Organisation, LabelOf(OrgTypes, r.OrgType, lang), r.Municipality, r.County, r.Role,
			events.ModeLabels[r.Mode].In(lang), StatusLabels[r.Status].In(lang), strings.Join(ws, ", "),
			r.Diet, r.Accessibility, yes[r.ListConsent],
			r.CreatedAt.In(events.Stockholm).Format("2006-01-02 15:04"),
		}
		for _, q := range questions {
			row = append(row, AnswerText(q, r.AnswerOf(q.ID), lang))
		}
		if attendance {
			came := x.Attendance[r.ID]
			if len(x.Days) > 1 {
				for _, d := range x.Days {
					row = append(row, yes[slices.Contains(came, d)])
				}
			} else {
				row = append(row, yes[len(came) > 0])
			}
		}
		for i, v := range row {
			row[i] = sanitize.SpreadsheetCell(v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// StatusLabels name the statuses for people.
var StatusLabels = map[Status]locale.Key{
	StatusPending:   "reg_status.pending",
	StatusConfirmed: "reg_status.confirmed",
	StatusWaiting:   "reg_status.waiting",
	StatusCancelled: "reg_status.cancelled",
}

// ForEvents lists the registrations of several events at once, with their transitions
// applied: two reads in all (registrations and transitions), however many events,
// since on the embedded store any read but by _id reads the whole collection. For
// follow-up across a period (the followup package).
func (s *Service) ForEvents(ctx context.Context, eventIDs []string) ([]Registration, error) {
	if len(eventIDs) == 0 {
		return []Registration{}, nil
	}
	in := bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: eventIDs}}}}
	cur, err := s.regs.Find(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	list := []Registration{}
	if err := cur.All(ctx, &list); err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	tcur, err := s.transitions.Find(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("list transitions: %w", err)
	}
	var ts []transitionDoc
	if err := tcur.All(ctx, &ts); err != nil {
		return nil, fmt.Errorf("list transitions: %w", err)
	}
	overlay(list, marksByRegistration(ts))
	return list, nil
}
