// Package webhooks tells an organisation's other systems what happens to its events
// and registrations: HTTPS endpoints an admin adds, each with the kinds of
// notification it wants, signed as the Standard Webhooks specification has it
// (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of
// "id.timestamp.body">), queued and sent by a worker with retries and backoff, with a
// log of every attempt and its status code.
//
// The queue follows the store rule the mail outbox follows (platform/outbox), in its
// own collections because what it sends is HTTP, not mail: a notification to an
// endpoint is a document inserted once ("<notification>|<endpoint>"), and each attempt
// is claimed by inserting "<delivery>|<attempt>", so two workers never send the same
// attempt and only the claim's holder writes the outcome.
package webhooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// Kinds of notification.
const (
	RegistrationCreated   = "registration.created"
	RegistrationChanged   = "registration.changed"
	RegistrationCancelled = "registration.cancelled"
	RegistrationPromoted  = "registration.promoted"
	CheckInCreated        = "checkin.created"
	EventPublished        = events.NotifyPublished
	EventChanged          = events.NotifyChanged
	EventCancelled        = events.NotifyCancelled
	Ping                  = "ping" // the "send test" button
)

// Kinds lists what an endpoint can subscribe to, in form order.
var Kinds = []string{RegistrationCreated, RegistrationChanged, RegistrationCancelled, RegistrationPromoted,
	CheckInCreated, EventPublished, EventChanged, EventCancelled}

// Collections.
const (
	EndpointsCollection  = "webhook_endpoints"
	DeliveriesCollection = "webhook_deliveries"
	AttemptsCollection   = "webhook_attempts"
)

var (
	ErrNotFound = errors.New("webhooks: not found")
	// ErrPrivateAddress: the endpoint's host resolves to an address inside the network.
	ErrPrivateAddress = errors.New("webhooks: the endpoint's address is not public")
)

// Endpoint is where an organisation wants notifications.
type Endpoint struct {
	ID          string    `bson:"_id" json:"id"`
	OrgID       string    `bson:"org_id" json:"org_id"`
	URL         string    `bson:"url" json:"url"`
	Description string    `bson:"description,omitempty" json:"description,omitempty"`
	Kinds       []string  `bson:"kinds" json:"kinds"`
	CreatedAt   time.Time `bson:"created_at" json:"created_at"`
	CreatedBy   string    `bson:"created_by,omitempty" json:"created_by,omitempty"`
}

// Wants reports whether the endpoint subscribed to kind (everyone gets pings).
func (e Endpoint) Wants(kind string) bool { return kind == Ping || slices.Contains(e.Kinds, kind) }

// EndpointInput is the admin's form.
type EndpointInput struct {
	URL         string   `json:"url" form:"url"`
	Description string   `json:"description" form:"description"`
	Kinds       []string `json:"kinds" form:"kinds"`
}

// Config: what the service may send to.
type Config struct {
	// AllowPrivate lets endpoints be http:// and inside the network (development and
	// tests); production sends only to public https addresses.
	AllowPrivate bool
}

// Service keeps the endpoints and the queue.
type Service struct {
	endpoints, deliveries, attempts *mongo.Collection
	events                          *events.Store
	secret                          []byte
	cfg                             Config
	log                             *slog.Logger
	now                             func() time.Time
	worker                          string
	client                          httpDoer
	wake                            chan struct{}

	mu        sync.Mutex
	cache     map[string]cachedEndpoints // by organisation
	eventOrgs sync.Map                   // event id → organisation id (emit.go)
}

type cachedEndpoints struct {
	at   time.Time
	list []Endpoint
}

// New builds the service on db; secret derives each endpoint's signing secret.
func New(db *mongo.Database, evs *events.Store, secret []byte, cfg Config, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Service{endpoints: db.Collection(EndpointsCollection), deliveries: db.Collection(DeliveriesCollection),
		attempts: db.Collection(AttemptsCollection), events: evs, secret: secret, cfg: cfg, log: logger, now: time.Now,
		worker: datastore.NewID(), wake: make(chan struct{}, 1), cache: map[string]cachedEndpoints{}}
	s.client = newClient(cfg.AllowPrivate)
	return s
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// EnsureIndexes creates the lookups the worker and the log use, one at a time.
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, s.endpoints, datastore.Index("by_org", "org_id")),
		datastore.EnsureIndexes(ctx, s.deliveries, datastore.Index("due", "status", "next_attempt_at"), datastore.Index("by_endpoint", "endpoint_id")),
		datastore.EnsureIndexes(ctx, s.attempts, datastore.Index("by_delivery", "delivery_id")),
	)
}

// Secret is the endpoint's signing secret ("whsec_…"), derived from the service's key,
// so it is never stored and an admin can read it again at any time.
func (s *Service) Secret(endpointID string) string {
	return "whsec_" + base64.StdEncoding.EncodeToString(s.secretBytes(endpointID))
}

func (s *Service) secretBytes(endpointID string) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("webhook-endpoint|" + endpointID))
	return m.Sum(nil)
}

// Add stores a new endpoint of the organisation.
func (s *Service) Add(ctx context.Context, orgID string, in EndpointInput, by string) (Endpoint, error) {
	var v events.ValidationError
	raw := strings.TrimSpace(in.URL)
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		v.Add("url", "err.required", "webhooks.f.url")
	case err != nil || u.Host == "" || len(raw) > 500 || (u.Scheme != "https" && !(s.cfg.AllowPrivate && u.Scheme == "http")) || u.User != nil:
		v.Add("url", "webhooks.err.url")
	}
	events.LimitText(&v, "description", in.Description, 200, "webhooks.f.description")
	var kinds []string
	for _, k := range in.Kinds {
		k = strings.TrimSpace(k)
		if k == "" || slices.Contains(kinds, k) {
			continue
		}
		if !slices.Contains(Kinds, k) {
			v.Add("kinds", "webhooks.err.kinds")
			break
		}
		kinds = append(kinds, k)
	}
	if len(kinds) == 0 && !v.Has("kinds") {
		v.Add("kinds", "webhooks.err.kinds.none")
	}
	if err := v.Err(); err != nil {
		return Endpoint{}, err
	}
	e := Endpoint{ID: datastore.NewID(), OrgID: orgID, URL: raw, Description: events.CleanText(in.Description), Kinds: kinds,
		CreatedAt: s.now().UTC().Truncate(time.Millisecond), CreatedBy: by}
	if _, err := s.endpoints.InsertOne(ctx, e); err != nil {
		return Endpoint{}, fmt.Errorf("webhooks: add endpoint: %w", err)
	}
	s.forget(orgID)
	return e, nil
}

// Remove deletes an endpoint; its log goes with the retention of deliveries.
func (s *Service) Remove(ctx context.Context, orgID, id string) error {
	res, err := s.endpoints.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "org_id", Value: orgID}})
	if err != nil {
		return fmt.Errorf("webhooks: remove endpoint: %w", err)
	}
	if res.DeletedCount == 0 {
		return ErrNotFound
	}
	s.forget(orgID)
	return nil
}

// Endpoint returns one endpoint of the organisation.
func (s *Service) Endpoint(ctx context.Context, orgID, id string) (Endpoint, error) {
	var e Endpoint
	err := s.endpoints.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && e.OrgID != orgID) {
		return Endpoint{}, ErrNotFound
	}
	if err != nil {
		return Endpoint{}, fmt.Errorf("webhooks: read endpoint: %w", err)
	}
	return e, nil
}

// Endpoints lists the organisation's endpoints, oldest first.
func (s *Service) Endpoints(ctx context.Context, orgID string) ([]Endpoint, error) {
	cur, err := s.endpoints.Find(ctx, bson.D{{Key: "org_id", Value: orgID}}, options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("webhooks: list endpoints: %w", err)
	}
	out := []Endpoint{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("webhooks: list endpoints: %w", err)
	}
	return out, nil
}

// cached is Endpoints kept a few seconds: every registration asks, most
// organisations have none.
func (s *Service) cached(ctx context.Context, orgID string) ([]Endpoint, error) {
	s.mu.Lock()
	c, ok := s.cache[orgID]
	s.mu.Unlock()
	if ok && time.Since(c.at) < 10*time.Second {
		return c.list, nil
	}
	list, err := s.Endpoints(ctx, orgID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[orgID] = cachedEndpoints{at: time.Now(), list: list}
	s.mu.Unlock()
	return list, nil
}

func (s *Service) forget(orgID string) {
	s.mu.Lock()
	delete(s.cache, orgID)
	s.mu.Unlock()
}
