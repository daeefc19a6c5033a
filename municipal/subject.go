package municipal

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/registration"
)

// What an organisation's municipality records hold about one e-mail address, for a
// data subject's request (privacy/): the person as a contact of a municipality, and
// the visit requests they sent.

// Held is what the records hold about an address.
type Held struct {
	Contacts []Contact `json:"contacts"`
	Requests []Request `json:"requests"`
}

// Empty reports whether nothing is held.
func (h Held) Empty() bool { return len(h.Contacts) == 0 && len(h.Requests) == 0 }

// HeldAbout finds the organisation's contacts and requests with the address.
func (s *Store) HeldAbout(ctx context.Context, orgID, email string) (Held, error) {
	email = registration.NormaliseEmail(email)
	h := Held{Contacts: []Contact{}, Requests: []Request{}}
	if email == "" {
		return h, nil
	}
	q := bson.D{{Key: "org_id", Value: orgID}, {Key: "email", Value: email}}
	if err := findAll(ctx, s.contacts, q, &h.Contacts); err != nil {
		return Held{}, err
	}
	if err := findAll(ctx, s.requests, q, &h.Requests); err != nil {
		return Held{}, err
	}
	return h, nil
}

// Forget removes the address from the organisation's records: its contacts go, its
// requests keep the municipality, kind and topics (the history) and lose who sent
// them and what they wrote, with the text of the answers to them. It returns the
// requests' ids, whose mails the caller forgets too.
func (s *Store) Forget(ctx context.Context, orgID, email string) ([]string, error) {
	h, err := s.HeldAbout(ctx, orgID, email)
	if err != nil {
		return nil, err
	}
	for _, c := range h.Contacts {
		if _, err := s.contacts.DeleteOne(ctx, bson.D{{Key: "_id", Value: c.ID}}); err != nil {
			return nil, fmt.Errorf("forget contact: %w", err)
		}
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	var ids []string
	for _, r := range h.Requests {
		_, err := s.requests.UpdateOne(ctx, bson.D{{Key: "_id", Value: r.ID}}, bson.D{
			{Key: "$unset", Value: bson.D{{Key: "name", Value: ""}, {Key: "role", Value: ""}, {Key: "email", Value: ""}, {Key: "phone", Value: ""}, {Key: "message", Value: ""}, {Key: "period", Value: ""}}},
			{Key: "$set", Value: bson.D{{Key: "anonymised_at", Value: now}}}})
		if err != nil {
			return nil, fmt.Errorf("forget request: %w", err)
		}
		if _, err := s.answers.UpdateMany(ctx, bson.D{{Key: "request_id", Value: r.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "text", Value: ""}}}}); err != nil {
			return nil, fmt.Errorf("forget answers: %w", err)
		}
		ids = append(ids, r.ID)
	}
	return ids, nil
}
