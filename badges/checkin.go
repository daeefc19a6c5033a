package badges

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/metrics"
)

// One check-in per badge and scope is held by the store rule (README): a check-in is
// the document "<registration>|<scope>", and only one insert of an _id can succeed.
// Five stations scanning one badge at the same moment all insert it; one wins ("ok"),
// the others get a duplicate key, read the winner's document by _id and answer
// "already checked in" with its time and station. Nothing is ever updated, so nothing
// can be lost, and the door's work is _id lookups, inserts and deletes only. Undoing
// deletes the document (and records who did it), after which the badge can check in
// again.

// Outcome is what the station screen shows after a scan.
type Outcome string

const (
	OutcomeOK               Outcome = "ok"
	OutcomeAlreadyCheckedIn Outcome = "already_checked_in"
	OutcomeCancelled        Outcome = "cancelled"
	OutcomeWaitingList      Outcome = "waiting_list"
	OutcomeWrongEvent       Outcome = "wrong_event"
	OutcomeInvalid          Outcome = "invalid"
	OutcomeNotOnSite        Outcome = "not_on_site"      // a digital participant
	OutcomeNoWorkshopSeat   Outcome = "no_workshop_seat" // no confirmed seat in this workshop
)

// ScopeEvent is the scope of the check-in at the entrance of an event within one
// day; at a multi-day event each day has its own, "day:<YYYY-MM-DD>", so that the
// badge checks in again on day 2; a workshop's is "session:<session id>".
const ScopeEvent = "event"

// scopeDayPrefix starts the scope of one day of a multi-day event.
const scopeDayPrefix = "day:"

// Scope names a workshop's check-ins (sessionID "": a single-day event's entrance).
func Scope(sessionID string) string { return scopeOf(sessionID) }

func scopeOf(sessionID string) string {
	if sessionID == "" {
		return ScopeEvent
	}
	return "session:" + sessionID
}

// entrance reports whether a scope is the event's own (a day or the whole event), not a workshop's.
func entrance(scope string) bool {
	return scope == ScopeEvent || strings.HasPrefix(scope, scopeDayPrefix)
}

// scopeFor is the scope of a check-in now: a workshop's, or the event's, which for a
// multi-day event is today's (the first or last day, when scanned before or after).
func (s *Service) scopeFor(ctx context.Context, eventID, sessionID string) (string, error) {
	if sessionID != "" {
		return scopeOf(sessionID), nil
	}
	days, err := s.eventDays(ctx, eventID)
	if err != nil || len(days) <= 1 {
		return ScopeEvent, err
	}
	today := s.now().In(events.Stockholm).Format("2006-01-02")
	switch {
	case today < days[0]:
		today = days[0]
	case today > days[len(days)-1]:
		today = days[len(days)-1]
	}
	return scopeDayPrefix + today, nil
}

func checkinID(registrationID, scope string) string { return registrationID + "|" + scope }

// ScanResult is the answer to a scan or a manual check-in. The person's details are
// filled in only for ok and already_checked_in: that is what the door needs, and a
// badge of the wrong event or a cancelled one shows no more than its outcome.
type ScanResult struct {
	Outcome        Outcome  `json:"outcome"`
	RegistrationID string   `json:"registration_id,omitempty"`
	Name           string   `json:"name,omitempty"`
	Organisation   string   `json:"organisation,omitempty"`
	Category       Category `json:"category,omitempty"`
	Diet           string   `json:"diet,omitempty"`
	Accessibility  string   `json:"accessibility,omitempty"`
	// CheckedInAt and Station are the check-in's (for already_checked_in: the first one's).
	CheckedInAt time.Time `json:"checked_in_at,omitzero"`
	Station     string    `json:"station,omitempty"`
	SessionID   string    `json:"session_id,omitempty"`
	// CheckedIn and Expected are the scope's figures for the station screen; they may
	// lag other instances' check-ins by a few seconds (see countCache).
	CheckedIn int `json:"checked_in"`
	Expected  int `json:"expected"`
}

// Actor is who acts at the door: a scanner link (its station) or an organiser.
type Actor struct {
	EventID   string // the event the actor may act on
	LinkID    string
	Station   string
	Organiser string // the organiser's user id or e-mail, when not a link
}

// ByLink is the actor of a scanner link.
func ByLink(l Link) Actor { return Actor{EventID: l.EventID, LinkID: l.ID, Station: l.Station} }

// ByOrganiser is an organiser acting on an event (access is checked by the caller).
func ByOrganiser(eventID, organiser string) Actor {
	return Actor{EventID: eventID, Organiser: organiser}
}

const (
	methodScan   = "scan"
	methodManual = "manual"
)

type checkinDoc struct {
	ID             string    `bson:"_id"` // "<registration>|<scope>"
	EventID        string    `bson:"event_id"`
	RegistrationID string    `bson:"registration_id"`
	Scope          string    `bson:"scope"`
	SessionID      string    `bson:"session_id,omitempty"`
	At             time.Time `bson:"at"`
	Station        string    `bson:"station"`
	LinkID         string    `bson:"link_id,omitempty"`
	Method         string    `bson:"method"`
	Category       Category  `bson:"category"`
}

// undoDoc is the audit record of one undone check-in.
type undoDoc struct {
	ID             string    `bson:"_id"`
	EventID        string    `bson:"event_id"`
	RegistrationID string    `bson:"registration_id"`
	Scope          string    `bson:"scope"`
	UndoneAt       time.Time `bson:"undone_at"`
	LinkID         string    `bson:"link_id,omitempty"`
	Station        string    `bson:"station,omitempty"`
	Organiser      string    `bson:"organiser,omitempty"`
	CheckedInAt    time.Time `bson:"checked_in_at"`
	CheckedInAtSt  string    `bson:"checked_in_station"`
}

// UndoRecord is one undone check-in, for the organiser's log.
type UndoRecord struct {
	RegistrationID   string
	Scope            string
	UndoneAt         time.Time
	LinkID           string
	Station          string
	Organiser        string
	CheckedInAt      time.Time
	CheckedInStation string
}

func checkinFilter(eventID, scope string) bson.D {
	return bson.D{{Key: "event_id", Value: eventID}, {Key: "scope", Value: scope}}
}

// expectedAt reports whether p is expected in the scope: a confirmed on-site person,
// and for a workshop one with a confirmed seat in it.
func expectedAt(p Person, sessionID string) bool {
	return p.Status == StatusConfirmed && p.OnSite && (sessionID == "" || slices.Contains(p.Workshops, sessionID))
}

func countExpected(people []Person, sessionID string) int {
	n := 0
	for _, p := range people {
		if expectedAt(p, sessionID) {
			n++
		}
	}
	return n
}

// Scan checks in the holder of a badge code at the link's station, for the event
// (sessionID "") or one of its workshops. Every answer about the badge is an Outcome;
// an error means the store or People failed and the scan should be repeated (which is
// safe: scanning is idempotent).
func (s *Service) Scan(ctx context.Context, link Link, code string, sessionID string) (ScanResult, error) {
	regID, err := s.coder.Parse(code)
	if err != nil {
		return counted(s.withFigures(ctx, link.EventID, ScanResult{Outcome: OutcomeInvalid, SessionID: sessionID}), nil)
	}
	return counted(s.checkIn(ctx, link, regID, sessionID, methodScan))
}

// ManualCheckIn checks in someone found by Search who has no badge with them; the
// outcomes are those of Scan.
func (s *Service) ManualCheckIn(ctx context.Context, link Link, registrationID string, sessionID string) (ScanResult, error) {
	return counted(s.checkIn(ctx, link, strings.TrimSpace(registrationID), sessionID, methodManual))
}

// counted adds an answered scan to the check-in metrics by its outcome.
func counted(res ScanResult, err error) (ScanResult, error) {
	if err == nil {
		metrics.CheckIns.WithLabelValues(string(res.Outcome)).Inc()
	}
	return res, err
}

func (s *Service) checkIn(ctx context.Context, link Link, regID, sessionID, method string) (ScanResult, error) {
	res := ScanResult{SessionID: sessionID}
	p, err := s.people.Person(ctx, regID)
	if errors.Is(err, ErrUnknownPerson) {
		res.Outcome = OutcomeInvalid
		return s.withFigures(ctx, link.EventID, res), nil
	}
	if err != nil {
		return ScanResult{}, fmt.Errorf("read registration: %w", err)
	}
	switch {
	case p.EventID != link.EventID:
		res.Outcome = OutcomeWrongEvent
	case p.Status == StatusCancelled:
		res.Outcome = OutcomeCancelled
	case p.Status == StatusWaiting:
		res.Outcome = OutcomeWaitingList
	case p.Status != StatusConfirmed:
		s.log.Warn("badges: registration in unknown status scanned", "registration_id", regID, "status", p.Status)
		res.Outcome = OutcomeInvalid
	case !p.OnSite:
		res.Outcome = OutcomeNotOnSite
	case sessionID != "" && !slices.Contains(p.Workshops, sessionID):
		res.Outcome = OutcomeNoWorkshopSeat
	}
	if res.Outcome != "" {
		return s.withFigures(ctx, link.EventID, res), nil
	}

	scope, err := s.scopeFor(ctx, p.EventID, sessionID)
	if err != nil {
		return ScanResult{}, err
	}
	doc := checkinDoc{
		ID:             checkinID(p.RegistrationID, scope),
		EventID:        p.EventID,
		RegistrationID: p.RegistrationID,
		Scope:          scope,
		SessionID:      sessionID,
		At:             s.stamp(),
		Station:        link.Station,
		LinkID:         link.ID,
		Method:         method,
		Category:       p.Category,
	}
	for attempt := 1; res.Outcome == ""; attempt++ {
		_, err = s.checkins.InsertOne(ctx, doc)
		if err == nil {
			res.Outcome = OutcomeOK
			s.counts.adjust(p.EventID+"|"+scope, +1)
			if s.notifier != nil {
				s.notifier(ctx, p.EventID, CheckIn{Scope: scope, SessionID: sessionID, At: doc.At, Station: doc.Station, Method: method}, p.RegistrationID)
			}
			break
		}
		if !datastore.IsDuplicate(err) {
			return ScanResult{}, fmt.Errorf("insert check-in: %w", err)
		}
		// Someone was first: show their check-in. It can only be missing if it was
		// undone in between; then this scan tries again.
		first, ferr := s.findCheckin(ctx, doc.ID)
		switch {
		case ferr == nil:
			doc = first
			res.Outcome = OutcomeAlreadyCheckedIn
		case !errors.Is(ferr, ErrNotFound) || attempt == 3:
			return ScanResult{}, fmt.Errorf("check-in %s: %w", doc.ID, ferr)
		}
	}
	res.RegistrationID = p.RegistrationID
	res.Name = p.FullName()
	res.Organisation = p.Organisation
	res.Category = p.Category
	res.Diet = p.Diet
	res.Accessibility = p.Accessibility
	res.CheckedInAt = doc.At
	res.Station = doc.Station
	return s.withFigures(ctx, link.EventID, res), nil
}

// withFigures adds the scope's figures; failing to get them does not fail the scan.
func (s *Service) withFigures(ctx context.Context, eventID string, res ScanResult) ScanResult {
	in, exp, err := s.figures(ctx, eventID, res.SessionID)
	if err != nil {
		s.log.Warn("badges: station figures unavailable", "event_id", eventID, "error", err)
		return res
	}
	res.CheckedIn, res.Expected = in, exp
	return res
}

func (s *Service) findCheckin(ctx context.Context, id string) (checkinDoc, error) {
	var d checkinDoc
	err := s.checkins.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return checkinDoc{}, ErrNotFound
	}
	if err != nil {
		return checkinDoc{}, fmt.Errorf("read check-in: %w", err)
	}
	return d, nil
}

// Undo removes a check-in of the actor's event (sessionID "" for the event's), e.g.
// one made by mistake, and records who undid it, when, and which check-in it was.
// No such check-in is ErrNotFound.
func (s *Service) Undo(ctx context.Context, by Actor, registrationID string, sessionID string) error {
	scope, err := s.scopeFor(ctx, by.EventID, sessionID)
	if err != nil {
		return err
	}
	id := checkinID(registrationID, scope)
	d, err := s.findCheckin(ctx, id)
	if err != nil {
		return err
	}
	if d.EventID != by.EventID {
		return ErrNotFound
	}
	// The audit record comes first: an undo must never happen unrecorded.
	audit := undoDoc{
		ID:             datastore.NewID(),
		EventID:        d.EventID,
		RegistrationID: d.RegistrationID,
		Scope:          scope,
		UndoneAt:       s.stamp(),
		LinkID:         by.LinkID,
		Station:        by.Station,
		Organiser:      by.Organiser,
		CheckedInAt:    d.At,
		CheckedInAtSt:  d.Station,
	}
	if _, err := s.undos.InsertOne(ctx, audit); err != nil {
		return fmt.Errorf("record undo: %w", err)
	}
	// Delete exactly the check-in read above (by _id, and its time in case it was
	// undone and made again meanwhile).
	res, err := s.checkins.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: d.At}})
	if err == nil && res.DeletedCount == 0 {
		err = ErrNotFound
	}
	if err != nil {
		_, _ = s.undos.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: audit.ID}})
		if errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("undo check-in: %w", err)
	}
	s.counts.adjust(d.EventID+"|"+scope, -1)
	s.log.Info("badges: check-in undone", "event_id", d.EventID, "registration_id", registrationID, "scope", scope,
		"link_id", by.LinkID, "organiser", by.Organiser)
	return nil
}

// Undos returns the event's undone check-ins, oldest first.
func (s *Service) Undos(ctx context.Context, eventID string) ([]UndoRecord, error) {
	cur, err := s.undos.Find(ctx, bson.D{{Key: "event_id", Value: eventID}},
		options.Find().SetSort(bson.D{{Key: "undone_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list undos: %w", err)
	}
	var docs []undoDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list undos: %w", err)
	}
	out := make([]UndoRecord, len(docs))
	for i, d := range docs {
		out[i] = UndoRecord{RegistrationID: d.RegistrationID, Scope: d.Scope, UndoneAt: d.UndoneAt, LinkID: d.LinkID,
			Station: d.Station, Organiser: d.Organiser, CheckedInAt: d.CheckedInAt, CheckedInStation: d.CheckedInAtSt}
	}
	return out, nil
}

// SearchHit is one person found by Search, with their check-in at the event.
type SearchHit struct {
	Person
	CheckedIn   bool
	CheckedInAt time.Time
	Station     string
}

const (
	defaultSearchLimit = 20
	maxSearchLimit     = 100
)

// Search finds the event's registrations (any status) whose first name, last name or
// organisation contain every word of the query, ignoring case and accents ("asa"
// finds "Åsa Öberg"), sorted by last and first name; at most limit (default 20,
// at most 100). It reads the event's registrations through People and filters here,
// which is fine for an event's size; it is the desk's fallback, not the door's path.
func (s *Service) Search(ctx context.Context, eventID, query string, limit int) ([]SearchHit, error) {
	terms := strings.Fields(fold(query))
	if len(terms) == 0 {
		return []SearchHit{}, nil
	}
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)
	people, err := s.people.People(ctx, eventID)
	if err != nil {
		return nil, fmt.Errorf("read registrations: %w", err)
	}
	type match struct {
		p       Person
		sortKey string
	}
	var found []match
	for _, p := range people {
		if p.EventID != eventID {
			continue
		}
		hay := fold(p.FirstName + " " + p.LastName + " " + p.Organisation)
		ok := true
		for _, t := range terms {
			if !strings.Contains(hay, t) {
				ok = false
				break
			}
		}
		if ok {
			found = append(found, match{p: p, sortKey: fold(p.LastName) + "\x00" + fold(p.FirstName) + "\x00" + p.RegistrationID})
		}
	}
	slices.SortFunc(found, func(a, b match) int { return strings.Compare(a.sortKey, b.sortKey) })
	if len(found) > limit {
		found = found[:limit]
	}
	hits := make([]SearchHit, len(found))
	scope, err := s.scopeFor(ctx, eventID, "")
	if err != nil {
		return nil, err
	}
	for i, m := range found {
		hits[i] = SearchHit{Person: m.p}
		d, err := s.findCheckin(ctx, checkinID(m.p.RegistrationID, scope))
		switch {
		case err == nil:
			hits[i].CheckedIn, hits[i].CheckedInAt, hits[i].Station = true, d.At, d.Station
		case !errors.Is(err, ErrNotFound):
			return nil, err
		}
	}
	return hits, nil
}

// fold lowers case and removes accents, for matching names typed on any keyboard.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if rep, ok := foldTable[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldTable = func() map[rune]string {
	groups := map[string]string{
		"a": "àáâãäåāăą", "ae": "æ", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě",
		"g": "ĝğġģ", "h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł",
		"n": "ñńņňŉŋ", "o": "òóôõöøōŏő", "oe": "œ", "r": "ŕŗř", "s": "śŝşšș", "ss": "ß",
		"t": "ţťŧț", "th": "þ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	m := map[rune]string{}
	for rep, runes := range groups {
		for _, r := range runes {
			m[r] = rep
		}
	}
	return m
}()
