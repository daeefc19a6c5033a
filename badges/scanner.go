package badges

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// A scanner link lets whoever holds it check people in at one event, at one named
// station ("Entré A"), during a time window, until an organiser revokes it. Staff open
// it on a phone or tablet; no account is needed. The URL carries "<link id>.<secret>";
// only the secret's SHA-256 is stored, and Authorize finds the link by _id.

// Link is one scanner link (never its secret).
type Link struct {
	ID         string    `json:"id"`
	EventID    string    `json:"event_id"`
	Station    string    `json:"station"`
	ValidFrom  time.Time `json:"valid_from"`
	ValidUntil time.Time `json:"valid_until"`
	CreatedAt  time.Time `json:"created_at"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"` // zero while not revoked
}

// Revoked reports whether an organiser has revoked the link.
func (l Link) Revoked() bool { return !l.RevokedAt.IsZero() }

// ValidAt reports whether the link's window contains t (from inclusive, until exclusive).
func (l Link) ValidAt(t time.Time) bool { return !t.Before(l.ValidFrom) && t.Before(l.ValidUntil) }

// LinkInput is the organiser's form for a new scanner link.
type LinkInput struct {
	Station    string
	ValidFrom  time.Time
	ValidUntil time.Time
}

const (
	maxStation    = 60
	maxLinkWindow = 14 * 24 * time.Hour
)

type linkDoc struct {
	ID         string     `bson:"_id"`
	EventID    string     `bson:"event_id"`
	Station    string     `bson:"station"`
	ValidFrom  time.Time  `bson:"valid_from"`
	ValidUntil time.Time  `bson:"valid_until"`
	SecretHash []byte     `bson:"secret_hash"`
	CreatedAt  time.Time  `bson:"created_at"`
	RevokedAt  *time.Time `bson:"revoked_at,omitempty"`
}

func (d linkDoc) link() Link {
	l := Link{ID: d.ID, EventID: d.EventID, Station: d.Station, ValidFrom: d.ValidFrom, ValidUntil: d.ValidUntil, CreatedAt: d.CreatedAt}
	if d.RevokedAt != nil {
		l.RevokedAt = *d.RevokedAt
	}
	return l
}

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateLink creates a scanner link for the event and returns it with the token for
// its URL, which is shown once and cannot be recovered later. Invalid input is an
// *events.ValidationError.
func (s *Service) CreateLink(ctx context.Context, eventID string, in LinkInput) (Link, string, error) {
	station := events.CleanText(in.Station)
	var v events.ValidationError
	events.RequireText(&v, "station", in.Station, maxStation, "label.station")
	if in.ValidFrom.IsZero() {
		v.Add("valid_from", "badges.err.valid_from")
	}
	if in.ValidUntil.IsZero() {
		v.Add("valid_until", "badges.err.valid_until")
	}
	switch {
	case in.ValidFrom.IsZero() || in.ValidUntil.IsZero():
	case !in.ValidUntil.After(in.ValidFrom):
		v.Add("valid_until", "badges.err.valid_until.2")
	case in.ValidUntil.Sub(in.ValidFrom) > maxLinkWindow:
		v.Add("valid_until", "badges.err.valid_until.3")
	case !in.ValidUntil.After(s.now()):
		v.Add("valid_until", "badges.err.valid_until.4")
	}
	if strings.TrimSpace(eventID) == "" {
		v.Add("event_id", "badges.err.event_id")
	}
	if err := v.Err(); err != nil {
		return Link{}, "", err
	}
	secret := datastore.NewToken()
	d := linkDoc{
		ID:         datastore.NewID(),
		EventID:    eventID,
		Station:    station,
		ValidFrom:  in.ValidFrom.UTC().Truncate(time.Millisecond),
		ValidUntil: in.ValidUntil.UTC().Truncate(time.Millisecond),
		SecretHash: hashSecret(secret),
		CreatedAt:  s.stamp(),
	}
	if _, err := s.links.InsertOne(ctx, d); err != nil {
		return Link{}, "", fmt.Errorf("create scanner link: %w", err)
	}
	s.log.Info("badges: scanner link created", "event_id", eventID, "link_id", d.ID, "station", station)
	return d.link(), d.ID + "." + secret, nil
}

// Authorize returns the link a token opens. An unknown, garbled or wrong token is
// ErrNotFound (nothing tells which part was wrong); a revoked link is ErrLinkRevoked,
// one outside its window (by the service clock) ErrLinkExpired.
func (s *Service) Authorize(ctx context.Context, token string) (Link, error) {
	id, secret, ok := strings.Cut(strings.TrimSpace(token), ".")
	if !ok || !validID(strings.ToUpper(id)) || id != strings.ToLower(id) || secret == "" || len(secret) > 64 {
		return Link{}, ErrNotFound
	}
	var d linkDoc
	err := s.links.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Link{}, ErrNotFound
	}
	if err != nil {
		return Link{}, fmt.Errorf("find scanner link: %w", err)
	}
	if subtle.ConstantTimeCompare(hashSecret(secret), d.SecretHash) != 1 {
		return Link{}, ErrNotFound
	}
	l := d.link()
	if l.Revoked() {
		return Link{}, ErrLinkRevoked
	}
	if !l.ValidAt(s.now()) {
		return Link{}, ErrLinkExpired
	}
	return l, nil
}

// RevokeLink ends a link of the event for good; revoking twice keeps the first time.
// A link of another event is ErrNotFound.
func (s *Service) RevokeLink(ctx context.Context, eventID, linkID string) error {
	var d linkDoc
	err := s.links.FindOne(ctx, bson.D{{Key: "_id", Value: linkID}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && d.EventID != eventID) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("find scanner link: %w", err)
	}
	if d.RevokedAt != nil {
		return nil
	}
	// A plain $set of one field of a document nobody else writes: a concurrent second
	// revoke can at worst move the time by a moment.
	if _, err := s.links.UpdateOne(ctx, bson.D{{Key: "_id", Value: linkID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revoked_at", Value: s.stamp()}}}}); err != nil {
		return fmt.Errorf("revoke scanner link: %w", err)
	}
	s.log.Info("badges: scanner link revoked", "event_id", eventID, "link_id", linkID)
	return nil
}

// Links returns the event's scanner links, oldest first, revoked ones included.
func (s *Service) Links(ctx context.Context, eventID string) ([]Link, error) {
	cur, err := s.links.Find(ctx, bson.D{{Key: "event_id", Value: eventID}},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list scanner links: %w", err)
	}
	var docs []linkDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list scanner links: %w", err)
	}
	out := make([]Link, len(docs))
	for i, d := range docs {
		out[i] = d.link()
	}
	return out, nil
}
