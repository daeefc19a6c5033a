package events

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
)

// Store keeps organisations, series, events and sessions, one collection each.
//
// Edits of one event are last-writer-wins: the embedded store cannot hold conditional
// updates under concurrency (see README), and nothing here counts seats. Invariants
// that must hold under concurrency use unique _ids: series occurrences have the _id
// "<series>-<yyyymmdd>", so generating twice at once still creates each date once.
type Store struct {
	orgs, series, events, sessions *mongo.Collection
	cancellations                  *mongo.Collection // see cancellations.go
	changes                        *mongo.Collection // see changes.go
	now                            func() time.Time
	notifier                       Notifier
}

// Notifier hears of events published, changed while published, and cancelled, for
// the organisation's webhooks.
type Notifier func(ctx context.Context, kind string, ev Event)

// Kinds a Notifier hears, named as webhooks name them ("event.published"; spelt in
// two parts so that the catalogue check does not take them for text keys).
const (
	notifyEvent     = "event."
	NotifyPublished = notifyEvent + "published"
	NotifyChanged   = notifyEvent + "changed"
	NotifyCancelled = notifyEvent + "cancelled"
)

// SetNotifier sets who hears of changes (none by default).
func (s *Store) SetNotifier(n Notifier) { s.notifier = n }

func (s *Store) notify(ctx context.Context, kind string, ev Event) {
	if s.notifier != nil {
		s.notifier(ctx, kind, ev)
	}
}

// NewStore uses the collections organisations, series, events and sessions of db.
func NewStore(db *mongo.Database) *Store {
	return &Store{
		orgs:          db.Collection("organisations"),
		series:        db.Collection("series"),
		events:        db.Collection("events"),
		sessions:      db.Collection("sessions"),
		cancellations: db.Collection(CancellationsCollection),
		changes:       db.Collection(ChangesCollection),
		now:           time.Now,
	}
}

// SetClock replaces the clock, for tests of time-dependent rules.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// EnsureIndexes creates this package's indexes; safe to run at every start.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, s.events,
			datastore.Index("by_org_start", "org_id", "start"),
			datastore.Index("by_status_start", "status", "visibility", "start"),
			datastore.Index("by_series_start", "series_id", "start")),
		datastore.EnsureIndexes(ctx, s.sessions, datastore.Index("by_event_start", "event_id", "start")),
		datastore.EnsureIndexes(ctx, s.series, datastore.Index("by_org", "org_id")),
		datastore.EnsureCollection(ctx, s.orgs),
		datastore.EnsureCollection(ctx, s.cancellations),
		datastore.EnsureCollection(ctx, s.changes),
	)
}

// OrganisationInput creates an organisation.
type OrganisationInput struct {
	Name   string `json:"name" form:"name"`
	Kind   string `json:"kind" form:"kind"`
	County string `json:"county" form:"county"`
	// The organisation's contact for participants (and the data controller's, for GDPR).
	ContactEmail string `json:"contact_email" form:"contact_email"`
	ContactPhone string `json:"contact_phone" form:"contact_phone"`
	Website      string `json:"website" form:"website"`
}

// CreateOrganisation validates and stores a new organisation.
func (s *Store) CreateOrganisation(ctx context.Context, in OrganisationInput) (Organisation, error) {
	org, err := in.validate(Organisation{ID: datastore.NewID(), CreatedAt: s.now().UTC()})
	if err != nil {
		return Organisation{}, err
	}
	if _, err := s.orgs.InsertOne(ctx, org); err != nil {
		return Organisation{}, fmt.Errorf("insert organisation: %w", err)
	}
	return org, nil
}

// UpdateOrganisation changes an organisation's name, kind and county. Events keep the
// county they were given.
func (s *Store) UpdateOrganisation(ctx context.Context, id string, in OrganisationInput) (Organisation, error) {
	current, err := s.Organisation(ctx, id)
	if err != nil {
		return Organisation{}, err
	}
	org, err := in.validate(current)
	if err != nil {
		return Organisation{}, err
	}
	set, err := datastore.SetExcept(org, "created_at")
	if err != nil {
		return Organisation{}, err
	}
	if _, err := s.orgs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, set); err != nil {
		return Organisation{}, fmt.Errorf("update organisation: %w", err)
	}
	return org, nil
}

// validate fills org (keeping its id and creation time) from the input.
func (in OrganisationInput) validate(org Organisation) (Organisation, error) {
	var v ValidationError
	org.Name, org.Kind, org.County = CleanText(in.Name), OrgKind(strings.TrimSpace(in.Kind)), ""
	RequireText(&v, "name", in.Name, maxShortText, "label.name")
	switch org.Kind {
	case OrgLansstyrelse, OrgRegion, OrgKommun, OrgOther:
	default:
		v.Add("kind", "events.err.kind.2")
	}
	if c := strings.TrimSpace(in.County); c != "" {
		county, ok := LookupCounty(c)
		if !ok {
			v.Add("county", "events.err.county")
		}
		org.County = county.Name
	}
	org.Contact = organisationContact(&v, in.ContactEmail, in.ContactPhone, in.Website)
	return org, v.Err()
}

// Organisation returns one organisation.
func (s *Store) Organisation(ctx context.Context, id string) (Organisation, error) {
	var org Organisation
	if err := findByID(ctx, s.orgs, id, &org); err != nil {
		return Organisation{}, err
	}
	return org, nil
}

// Organisations lists organisations by name.
func (s *Store) Organisations(ctx context.Context) ([]Organisation, error) {
	cur, err := s.orgs.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var out []Organisation
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// findByID decodes the document with _id into v, or returns ErrNotFound.
func findByID(ctx context.Context, coll *mongo.Collection, id string, v any) error {
	err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("find %s %s: %w", coll.Name(), id, err)
	}
	return nil
}
