package badges

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Arrived returns the registrations checked in at the event itself (not only at a
// workshop), on any of its days, for messages to those who came or did not, and the
// thank-you mail. An empty set means check-in was not used.
func (s *Service) Arrived(ctx context.Context, eventID string) (map[string]bool, error) {
	all, err := s.ArrivedIn(ctx, []string{eventID})
	if err != nil {
		return nil, err
	}
	if all[eventID] == nil {
		return map[string]bool{}, nil
	}
	return all[eventID], nil
}

// Attendance is who checked in on which day of an event: registration → the days
// (YYYY-MM-DD, in order), "" standing for the whole of an event within one day. An
// empty map means check-in was not used.
func (s *Service) Attendance(ctx context.Context, eventID string) (map[string][]string, error) {
	docs, err := s.entrances(ctx, []string{eventID})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, d := range docs {
		out[d.RegistrationID] = append(out[d.RegistrationID], strings.TrimPrefix(strings.TrimPrefix(d.Scope, ScopeEvent), scopeDayPrefix))
	}
	for _, days := range out {
		slices.Sort(days)
	}
	return out, nil
}

// entrances reads the check-ins at the events' entrances (a day or the whole event).
// On the embedded store the scope cannot narrow the read, so it is matched here.
func (s *Service) entrances(ctx context.Context, eventIDs []string) ([]checkinDoc, error) {
	q := bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: eventIDs}}}}
	cur, err := s.checkins.Find(ctx, q, options.Find().SetProjection(bson.D{{Key: "event_id", Value: 1}, {Key: "registration_id", Value: 1}, {Key: "scope", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read check-ins: %w", err)
	}
	var docs []checkinDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read check-ins: %w", err)
	}
	return slices.DeleteFunc(docs, func(d checkinDoc) bool { return !entrance(d.Scope) }), nil
}

// ArrivedIn is Arrived for several events in one read: event → registrations checked
// in on any day. An event without an entry did not use check-in.
func (s *Service) ArrivedIn(ctx context.Context, eventIDs []string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	if len(eventIDs) == 0 {
		return out, nil
	}
	docs, err := s.entrances(ctx, eventIDs)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if out[d.EventID] == nil {
			out[d.EventID] = map[string]bool{}
		}
		out[d.EventID][d.RegistrationID] = true
	}
	return out, nil
}

// CheckIn is one check-in of a registration, for what a person may see of their data.
type CheckIn struct {
	Scope     string    `json:"scope"` // "event", "day:2026-10-14" or "session:<id>"
	SessionID string    `json:"session_id,omitempty"`
	At        time.Time `json:"at"`
	Station   string    `json:"station"`
	Method    string    `json:"method"`
}

// CheckInsOf lists a registration's check-ins, earliest first.
func (s *Service) CheckInsOf(ctx context.Context, registrationID string) ([]CheckIn, error) {
	cur, err := s.checkins.Find(ctx, bson.D{{Key: "registration_id", Value: registrationID}}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("check-ins of a registration: %w", err)
	}
	var docs []checkinDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("check-ins of a registration: %w", err)
	}
	out := []CheckIn{}
	for _, d := range docs {
		out = append(out, CheckIn{Scope: d.Scope, SessionID: d.SessionID, At: d.At, Station: d.Station, Method: d.Method})
	}
	return out, nil
}
