package badges

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
)

// Stats are the live arrival figures of an event or one of its workshops, computed
// from the registrations and the check-in documents themselves: no counter document
// is kept (the store rule), so the figures cannot drift from what happened.
type Stats struct {
	EventID   string `json:"event_id"`
	SessionID string `json:"session_id,omitempty"`
	// Expected: confirmed on-site people (for a workshop: with a confirmed seat in it).
	Expected int `json:"expected"`
	// CheckedIn: check-ins in the scope, including anyone cancelled after arriving.
	CheckedIn int `json:"checked_in"`
	// StillExpected: expected people not checked in yet.
	StillExpected int             `json:"still_expected"`
	ByCategory    []CategoryStats `json:"by_category"`
	// Arrivals are check-ins per quarter hour (Stockholm time), from the first
	// arrival's quarter to the last's, empty quarters included.
	Arrivals    []Bucket  `json:"arrivals"`
	GeneratedAt time.Time `json:"generated_at"`
}

// CategoryStats are the figures of one badge category.
type CategoryStats struct {
	Category  Category `json:"category"`
	Expected  int      `json:"expected"`
	CheckedIn int      `json:"checked_in"`
}

// Bucket is the number of check-ins in the quarter hour that begins at Start.
type Bucket struct {
	Start time.Time `json:"start"`
	Count int       `json:"count"`
}

// BucketSize is the width of an arrivals bucket.
const BucketSize = 15 * time.Minute

var categoryOrder = []Category{CategoryParticipant, CategorySpeaker, CategoryOrganiser, CategoryStaff, CategoryGuest}

// Stats computes the figures for the event (sessionID "") or one workshop. It reads
// the event's registrations through People and the scope's check-ins with one query
// on event_id and scope; this is the organisers' dashboard, not the door's path.
func (s *Service) Stats(ctx context.Context, eventID, sessionID string) (Stats, error) {
	people, err := s.people.People(ctx, eventID)
	if err != nil {
		return Stats{}, fmt.Errorf("read registrations: %w", err)
	}
	scope, err := s.scopeFor(ctx, eventID, sessionID)
	if err != nil {
		return Stats{}, err
	}
	cur, err := s.checkins.Find(ctx, checkinFilter(eventID, scope),
		options.Find().SetProjection(bson.D{{Key: "registration_id", Value: 1}, {Key: "at", Value: 1}, {Key: "category", Value: 1}}))
	if err != nil {
		return Stats{}, fmt.Errorf("read check-ins: %w", err)
	}
	var checkins []checkinDoc
	if err := cur.All(ctx, &checkins); err != nil {
		return Stats{}, fmt.Errorf("read check-ins: %w", err)
	}

	st := Stats{EventID: eventID, SessionID: sessionID, ByCategory: []CategoryStats{}, Arrivals: []Bucket{}, GeneratedAt: s.now().In(events.Stockholm)}
	cats := map[Category]*CategoryStats{}
	cat := func(c Category) *CategoryStats {
		if cs, ok := cats[c]; ok {
			return cs
		}
		cs := &CategoryStats{Category: c}
		cats[c] = cs
		return cs
	}
	for _, c := range categoryOrder {
		cat(c)
	}

	byID := make(map[string]Person, len(people))
	for _, p := range people {
		if p.EventID != eventID {
			continue
		}
		byID[p.RegistrationID] = p
		if expectedAt(p, sessionID) {
			st.Expected++
			cat(p.Category).Expected++
		}
	}
	arrived := make(map[string]bool, len(checkins))
	perQuarter := map[time.Time]int{}
	var first, last time.Time
	for _, c := range checkins {
		st.CheckedIn++
		arrived[c.RegistrationID] = true
		category := c.Category
		if p, ok := byID[c.RegistrationID]; ok {
			category = p.Category
		}
		cat(category).CheckedIn++
		// Stockholm's offsets are whole hours, so quarters in UTC are quarters there too.
		q := c.At.UTC().Truncate(BucketSize)
		perQuarter[q]++
		if first.IsZero() || q.Before(first) {
			first = q
		}
		if q.After(last) {
			last = q
		}
	}
	for id, p := range byID {
		if expectedAt(p, sessionID) && !arrived[id] {
			st.StillExpected++
		}
	}
	if !first.IsZero() {
		for q := first; !q.After(last); q = q.Add(BucketSize) {
			st.Arrivals = append(st.Arrivals, Bucket{Start: q.In(events.Stockholm), Count: perQuarter[q]})
		}
	}

	for _, c := range categoryOrder {
		st.ByCategory = append(st.ByCategory, *cats[c])
	}
	var others []Category
	for c := range cats {
		if !slices.Contains(categoryOrder, c) {
			others = append(others, c)
		}
	}
	slices.Sort(others)
	for _, c := range others {
		st.ByCategory = append(st.ByCategory, *cats[c])
	}
	return st, nil
}
