package registration

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
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
	// Send queues m. A Mail with an ID is queued once: sending it again is a no-op.
	Send(ctx context.Context, m Mail) error
	// Withdraw removes a queued Mail by its ID, if it has not gone out.
	Withdraw(ctx context.Context, id string) error
}

// Mail is one e-mail to a participant.
type Mail struct {
	// ID, when set, makes the mail exist once: "<registration>|<kind>".
	ID                string
	To, Subject, Text string
	HTML              string // the same as Text, for clients that show HTML
	ReplyTo           string // the event's contact e-mail, if any
	Lang, Kind, Ref   string
	// ForRegistration, when set, holds the mail back until that registration exists,
	// and drops it if it never comes to be (Register queues the confirmation first).
	ForRegistration string
	// Attach names files made when the mail is sent, for the registration in Ref:
	// AttachCalendar, AttachCalendarCancel, AttachBadge.
	Attach []string
}

// Files a Mail can carry, made by the sender when the mail goes out (see app wiring).
const (
	AttachCalendar       = "calendar"        // the event as ICS, with the online link for digital participants
	AttachCalendarCancel = "calendar-cancel" // the ICS that takes the event out of the calendar (METHOD:CANCEL)
	AttachBadge          = "badge"           // the participant's badge PDF
)

// Service holds the registration collections and the rules over them.
type Service struct {
	regs, keys, invitations *mongo.Collection
	transitions, links      *mongo.Collection
	reminders               *mongo.Collection // see reminders.go
	thanks                  *mongo.Collection // see thanks.go
	// messages.go
	messages, messageRecipients, messagesQueued *mongo.Collection
	attendance                                  Attendance
	background                                  sync.WaitGroup
	lines                                       *lines
	events                                      EventSource
	mailer                                      Mailer
	baseURL                                     string
	secret                                      []byte
	grace                                       time.Duration // see repair.go
	recent                                      recentReads   // see recent.go
	seats                                       seatCache     // see availability.go
	log                                         *slog.Logger
	now                                         func() time.Time
	evaluations                                 EvaluationAsked // thanks.go
	notifier                                    Notifier        // notify.go
}

// Collection names, for operators and tests that look into the store.
const (
	RegistrationsCollection = "registrations"
	KeysCollection          = "registration_keys"
	TransitionsCollection   = "registration_transitions"
	LinksCollection         = "registration_links"
)

// NewService uses the collections registrations, registration_keys,
// registration_transitions, registration_links, invitations and the line_* collections
// of lines.go. secret (SECRET_KEY) derives the manage links.
func NewService(db *mongo.Database, ev EventSource, mailer Mailer, baseURL string, secret []byte, logger *slog.Logger) *Service {
	s := &Service{
		regs:              db.Collection(RegistrationsCollection),
		keys:              db.Collection(KeysCollection),
		transitions:       db.Collection(TransitionsCollection),
		links:             db.Collection(LinksCollection),
		reminders:         db.Collection(RemindersCollection),
		thanks:            db.Collection(ThanksCollection),
		messages:          db.Collection(MessagesCollection),
		messageRecipients: db.Collection(messageRecipientsCollection),
		messagesQueued:    db.Collection(messagesQueuedCollection),
		invitations:       db.Collection("invitations"),
		events:            ev,
		mailer:            mailer,
		baseURL:           baseURL,
		secret:            secret,
		grace:             DefaultRepairGrace,
		recent:            newRecentReads(),
		log:               logger,
		now:               time.Now,
	}
	s.lines = newLines(db, func() time.Time { return s.now() })
	return s
}

// SetClock replaces the clock, for tests of opening and closing times.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// EnsureIndexes creates this package's collections and indexes; safe at every start.
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, s.regs,
			datastore.Index("by_event_status", "event_id", "status", "arrived_at"),
			datastore.Index("by_event_name", "event_id", "last_name")),
		datastore.EnsureIndexes(ctx, s.invitations, datastore.Index("by_event", "event_id")),
		datastore.EnsureIndexes(ctx, s.keys, datastore.Index("by_at", "at"), datastore.Index("by_event", "event_id")),
		datastore.EnsureIndexes(ctx, s.transitions, datastore.Index("by_event", "event_id"), datastore.Index("by_at", "at")),
		datastore.EnsureCollection(ctx, s.links),
		datastore.EnsureIndexes(ctx, s.messages, datastore.Index("by_event", "event_id"), datastore.Index("by_created", "created_at")),
		s.lines.ensureIndexes(ctx),
	)
}

// Registration returns one registration by id with its transitions applied
// (organiser use: no token check).
func (s *Service) Registration(ctx context.Context, id string) (Registration, error) {
	r, err := s.document(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	m, err := s.marksOf(ctx, r)
	if err != nil {
		return Registration{}, err
	}
	m.apply(&r)
	return r, nil
}

// document reads a registration as stored, without its transitions. A tombstone
// (repair.go) is not found.
func (s *Service) document(ctx context.Context, id string) (Registration, error) {
	var r Registration
	err := s.regs.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && r.EventID == "") {
		return Registration{}, ErrNotFound
	}
	if err != nil {
		return Registration{}, fmt.Errorf("find registration: %w", err)
	}
	return r, nil
}

// set writes only the given fields of a registration (and updated_at), by _id.
func (s *Service) set(ctx context.Context, id string, fields bson.D) error {
	fields = append(fields, bson.E{Key: "updated_at", Value: s.now().UTC()})
	if _, err := s.regs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: fields}}); err != nil {
		return fmt.Errorf("update registration: %w", err)
	}
	return nil
}

// find lists registrations of an event matching q, with their transitions applied,
// in arrival order (waiting lists: sort by Ticket). Filters on status are applied
// after the transitions, since the stored status may lag behind them; the store is
// asked for every status a registration may still show while in the wanted one
// (a status only moves forward: waiting, confirmed, cancelled), so MongoDB can use
// its index and still return every candidate.
func (s *Service) find(ctx context.Context, eventID string, q bson.D, status ...Status) ([]Registration, error) {
	q = append(bson.D{{Key: "event_id", Value: eventID}}, q...)
	if stored := storedStatuses(status); stored != nil {
		q = append(q, bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: stored}}})
	}
	cur, err := s.regs.Find(ctx, q, options.Find().SetSort(bson.D{{Key: "arrived_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	list := []Registration{}
	if err := cur.All(ctx, &list); err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	all, err := s.eventMarks(ctx, eventID)
	if err != nil {
		return nil, err
	}
	overlay(list, all)
	if len(status) == 0 {
		return list, nil
	}
	out := list[:0]
	for _, r := range list {
		if slices.Contains(status, r.Status) {
			out = append(out, r)
		}
	}
	return out, nil
}

// linesOf lists every line the registration may be in.
func linesOf(r Registration) []string {
	var out []string
	for _, p := range placesOf(r) {
		out = append(out, p.line)
	}
	return out
}

// place is a line a registration may be in, with the ticket its document records
// there (0: none recorded).
type place struct {
	line   string
	ticket int64
}

// placesOf lists the registration's lines with its known tickets.
func placesOf(r Registration) []place {
	out := []place{{eventLine(r.EventID, r.Mode), r.Ticket}}
	for _, w := range r.Workshops {
		out = append(out, place{lineWorkshop(r.EventID, w.SessionID), w.Ticket})
	}
	if r.Invitation != "" {
		out = append(out, place{lineInvitation(r.EventID, r.Invitation), r.InvitationTicket})
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

// EventOf returns the event of a registration.
func (s *Service) EventOf(ctx context.Context, r Registration) (events.Event, error) {
	return s.events.Event(ctx, r.EventID)
}

// storedStatuses are the stored statuses of registrations that may have one of the
// wanted statuses once their transitions are applied; nil: any.
func storedStatuses(wanted []Status) []Status {
	var out []Status
	for _, w := range wanted {
		switch w {
		case StatusWaiting:
			out = append(out, StatusWaiting)
		case StatusConfirmed:
			out = append(out, StatusWaiting, StatusConfirmed)
		default:
			return nil // cancelled: a stored status of any kind may be overlaid by a cancellation
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.Sort(out)
	return slices.Compact(out)
}
