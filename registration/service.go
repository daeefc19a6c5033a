package registration

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// EventSource is what registration needs from the events package.
type EventSource interface {
	Event(ctx context.Context, id string) (events.Event, error)
	Sessions(ctx context.Context, eventID string) ([]events.Session, error)
	Organisation(ctx context.Context, id string) (events.Organisation, error)
}

// Mailer queues an e-mail; it must return quickly (the outbox sends later).
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// Mail is one e-mail to a participant.
type Mail struct {
	To, Subject, Text string
	Lang, Kind, Ref   string
	Attachments       []Attachment
}

// Attachment is a file attached to a Mail.
type Attachment struct {
	Filename, ContentType string
	Data                  []byte
}

// BadgeMaker renders a participant's badge for the confirmation e-mail; until badges
// exist it may be nil and confirmations go out without one.
type BadgeMaker interface {
	BadgeAttachment(ctx context.Context, r Registration, ev events.Event) (Attachment, error)
}

// Service holds the registration collections and the rules over them.
type Service struct {
	regs, keys, invitations *mongo.Collection
	lines                   *lines
	events                  EventSource
	mailer                  Mailer
	badges                  BadgeMaker
	baseURL                 string
	log                     *slog.Logger
	now                     func() time.Time
}

// NewService uses the collections registrations, registration_keys, seats and invitations.
func NewService(db *mongo.Database, ev EventSource, mailer Mailer, baseURL string, logger *slog.Logger) *Service {
	s := &Service{
		regs:        db.Collection("registrations"),
		keys:        db.Collection("registration_keys"),
		invitations: db.Collection("invitations"),
		events:      ev,
		mailer:      mailer,
		baseURL:     baseURL,
		log:         logger,
		now:         time.Now,
	}
	s.lines = newLines(db)
	return s
}

// SetClock replaces the clock, for tests of opening and closing times.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// SetBadgeMaker attaches badges to confirmations from now on.
func (s *Service) SetBadgeMaker(b BadgeMaker) { s.badges = b }

// EnsureIndexes creates this package's indexes; safe at every start.
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, s.regs,
			datastore.Index("by_event_status", "event_id", "status", "arrived_at"),
			datastore.Index("by_event_name", "event_id", "last_name")),
		datastore.EnsureIndexes(ctx, s.invitations, datastore.Index("by_event", "event_id")),
		s.lines.ensureIndexes(ctx),
	)
}

// key documents make things exist once: "<event>|<email>" is an active registration of
// that address; "<registration>|promoted" marks that the promotion mail went out.
type keyDoc struct {
	ID             string `bson:"_id"`
	RegistrationID string `bson:"registration_id"`
}

func emailKey(eventID, email string) string { return eventID + "|" + email }

// Registration returns one registration by id (organiser use: no token check).
func (s *Service) Registration(ctx context.Context, id string) (Registration, error) {
	var r Registration
	err := s.regs.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Registration{}, ErrNotFound
	}
	if err != nil {
		return Registration{}, fmt.Errorf("find registration: %w", err)
	}
	return r, nil
}

func (s *Service) save(ctx context.Context, r Registration) error {
	r.UpdatedAt = s.now().UTC()
	if _, err := s.regs.ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.ID}}, r); err != nil {
		return fmt.Errorf("save registration: %w", err)
	}
	return nil
}

// find lists registrations of an event matching q, in arrival order (waiting lists:
// sort by Ticket).
func (s *Service) find(ctx context.Context, eventID string, q bson.D) ([]Registration, error) {
	q = append(bson.D{{Key: "event_id", Value: eventID}}, q...)
	cur, err := s.regs.Find(ctx, q, options.Find().SetSort(bson.D{{Key: "arrived_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	out := []Registration{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	return out, nil
}

// linesOf lists every line the registration may be in.
func linesOf(r Registration) []string {
	out := []string{eventLine(r.EventID, r.Mode)}
	for _, w := range r.Workshops {
		out = append(out, lineWorkshop(r.EventID, w.SessionID))
	}
	if r.Invitation != "" {
		out = append(out, lineInvitation(r.EventID, r.Invitation))
	}
	return out
}

// eventLine is the line for the event's seats of a participation mode.
func eventLine(eventID string, mode events.Mode) string {
	if mode == events.ModeDigital {
		return lineDigital(eventID)
	}
	return lineOnSite(eventID)
}

// capacity is the event's number of seats for a participation mode (0: no limit).
func capacity(ev events.Event, mode events.Mode) int {
	if mode == events.ModeDigital {
		return ev.CapacityDigital
	}
	return ev.CapacityOnSite
}
