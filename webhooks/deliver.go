package webhooks

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/logctx"
)

// Status of a delivery.
type Status string

const (
	StatusPending   Status = "pending"
	StatusDelivered Status = "delivered"
	StatusFailed    Status = "failed" // every attempt failed
)

// MaxAttempts bounds the tries of one delivery; backoff spaces them.
const MaxAttempts = 8

// lease is how long an attempt's claim keeps others away; longer than a request.
const lease = time.Minute

const requestTimeout = 10 * time.Second

// backoff is the wait after the n-th failed attempt: 30 s, 2 min, 8 min … at most 6 h.
func backoff(n int) time.Duration {
	d := 30 * time.Second << (2 * (n - 1))
	if d <= 0 || d > 6*time.Hour {
		return 6 * time.Hour
	}
	return d
}

// delivery is one notification to one endpoint.
type delivery struct {
	ID            string     `bson:"_id"` // "<notification>|<endpoint>"
	Notification  string     `bson:"notification"`
	EndpointID    string     `bson:"endpoint_id"`
	OrgID         string     `bson:"org_id"`
	Kind          string     `bson:"kind"`
	Body          string     `bson:"body"` // the JSON sent, made once
	Status        Status     `bson:"status"`
	Attempts      int        `bson:"attempts"`
	CreatedAt     time.Time  `bson:"created_at"`
	NextAttemptAt time.Time  `bson:"next_attempt_at"`
	DeliveredAt   *time.Time `bson:"delivered_at,omitempty"`
	LastStatus    int        `bson:"last_status,omitempty"`
	LastError     string     `bson:"last_error,omitempty"`
	RequestID     string     `bson:"request_id,omitempty"`
}

// attempt is one try, claimed by inserting it; its holder alone records the outcome.
type attempt struct {
	ID         string    `bson:"_id"` // "<delivery>|<n>"
	DeliveryID string    `bson:"delivery_id"`
	N          int       `bson:"n"`
	Worker     string    `bson:"worker"`
	StartedAt  time.Time `bson:"started_at"`
	Done       bool      `bson:"done"`
	StatusCode int       `bson:"status_code,omitempty"`
	Error      string    `bson:"error,omitempty"`
	Millis     int64     `bson:"ms"`
}

func attemptID(deliveryID string, n int) string { return deliveryID + "|" + strconv.Itoa(n) }

// Run delivers until ctx ends: at every poll, and at once when Emit queues.
func (s *Service) Run(ctx context.Context, poll time.Duration) {
	if poll <= 0 {
		poll = 5 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("webhooks: delivery pass failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// DeliverDue makes one attempt at every delivery that is due and returns how many
// were delivered.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	cur, err := s.deliveries.Find(ctx, bson.D{{Key: "status", Value: StatusPending}, {Key: "next_attempt_at", Value: bson.D{{Key: "$lte", Value: s.now()}}}},
		options.Find().SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}).SetLimit(50))
	if err != nil {
		return 0, fmt.Errorf("webhooks: find due: %w", err)
	}
	var due []delivery
	if err := cur.All(ctx, &due); err != nil {
		return 0, fmt.Errorf("webhooks: find due: %w", err)
	}
	sent := 0
	for _, d := range due {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		ok, err := s.attempt(ctx, d)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// attempt claims and makes the next try of d.
func (s *Service) attempt(ctx context.Context, d delivery) (bool, error) {
	n := d.Attempts + 1
	now := s.now().UTC()
	claim := attempt{ID: attemptID(d.ID, n), DeliveryID: d.ID, N: n, Worker: s.worker, StartedAt: now}
	if _, err := s.attempts.InsertOne(ctx, claim); err != nil {
		if !datastore.IsDuplicate(err) {
			return false, fmt.Errorf("webhooks: claim: %w", err)
		}
		// Another worker has this attempt. If it stopped before recording it, count
		// the attempt as failed so that the next poll tries the next one.
		var other attempt
		if err := s.attempts.FindOne(ctx, bson.D{{Key: "_id", Value: claim.ID}}).Decode(&other); err == nil && !other.Done && now.Sub(other.StartedAt) > lease {
			s.setDelivery(ctx, d.ID, bson.D{{Key: "attempts", Value: n}, {Key: "last_error", Value: "the attempt did not finish (worker stopped)"}})
		}
		return false, nil
	}
	// The claim is ours: push the delivery past the lease, so that a crash leaves it
	// for another worker later rather than never.
	s.setDelivery(ctx, d.ID, bson.D{{Key: "next_attempt_at", Value: now.Add(lease)}})
	e, err := s.endpoint(ctx, d.EndpointID)
	if errors.Is(err, ErrNotFound) {
		s.finish(ctx, d, claim, 0, "the endpoint was removed", now)
		s.setDelivery(ctx, d.ID, bson.D{{Key: "status", Value: StatusFailed}, {Key: "attempts", Value: n}, {Key: "last_error", Value: "the endpoint was removed"}})
		return false, nil
	}
	if err != nil {
		return false, err
	}
	code, sendErr := s.send(ctx, e, d, now)
	msg := ""
	if sendErr != nil {
		msg = sendErr.Error()
	} else if code < 200 || code > 299 {
		msg = "HTTP " + strconv.Itoa(code)
	}
	s.finish(ctx, d, claim, code, msg, now)
	log := []any{"delivery", d.ID, "kind", d.Kind, "endpoint", e.ID, "attempt", n, "status_code", code}
	if d.RequestID != "" {
		log = append(log, logctx.Key, d.RequestID)
	}
	if msg == "" {
		at := s.now().UTC()
		s.setDelivery(ctx, d.ID, bson.D{{Key: "status", Value: StatusDelivered}, {Key: "attempts", Value: n}, {Key: "delivered_at", Value: at},
			{Key: "last_status", Value: code}, {Key: "last_error", Value: ""}})
		s.log.Info("webhooks: delivered", log...)
		return true, nil
	}
	set := bson.D{{Key: "attempts", Value: n}, {Key: "last_status", Value: code}, {Key: "last_error", Value: msg}}
	if n >= MaxAttempts {
		set = append(set, bson.E{Key: "status", Value: StatusFailed})
		s.log.Error("webhooks: giving up", append(log, "error", msg)...)
	} else {
		set = append(set, bson.E{Key: "next_attempt_at", Value: now.Add(backoff(n))})
		s.log.Warn("webhooks: attempt failed, will retry", append(log, "error", msg)...)
	}
	s.setDelivery(ctx, d.ID, set)
	return false, nil
}

// send POSTs the body, signed.
func (s *Service) send(ctx context.Context, e Endpoint, d delivery, now time.Time) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader([]byte(d.Body)))
	if err != nil {
		return 0, err
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "folkhalsa-events-webhooks/1")
	req.Header.Set("Webhook-Id", d.ID)
	req.Header.Set("Webhook-Timestamp", ts)
	req.Header.Set("Webhook-Signature", "v1,"+Sign(s.secretBytes(e.ID), d.ID, ts, []byte(d.Body)))
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// Sign is the Standard Webhooks signature: base64 of HMAC-SHA256 over
// "<id>.<timestamp>.<body>" with the secret's bytes.
func Sign(secret []byte, id, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(id + "." + timestamp + "."))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// SecretBytes decodes a "whsec_…" secret, as a receiver does.
func SecretBytes(secret string) ([]byte, error) {
	if len(secret) < 6 || secret[:6] != "whsec_" {
		return nil, errors.New("webhooks: not a whsec_ secret")
	}
	return base64.StdEncoding.DecodeString(secret[6:])
}

// finish records the attempt's outcome on its claim.
func (s *Service) finish(ctx context.Context, d delivery, a attempt, code int, msg string, started time.Time) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, err := s.attempts.UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "done", Value: true}, {Key: "status_code", Value: code}, {Key: "error", Value: msg}, {Key: "ms", Value: s.now().Sub(started).Milliseconds()}}}})
	if err != nil {
		s.log.Error("webhooks: could not record an attempt", "attempt", a.ID, "error", err)
	}
}

func (s *Service) setDelivery(ctx context.Context, id string, set bson.D) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := s.deliveries.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		s.log.Error("webhooks: could not record a delivery", "delivery", id, "error", err)
	}
}

func (s *Service) endpoint(ctx context.Context, id string) (Endpoint, error) {
	var e Endpoint
	err := s.endpoints.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Endpoint{}, ErrNotFound
	}
	return e, err
}

type httpDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// newClient sends without following redirects and, unless private addresses are
// allowed, refuses to connect inside the network (checked on the address dialled,
// so a name that resolves there later is refused too).
func newClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() {
				return ErrPrivateAddress
			}
			return nil
		}
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = dialer.DialContext
	transport.Proxy = nil
	return &http.Client{Transport: transport, Timeout: requestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// notification is the body every endpoint receives.
type notification struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	OrgID     string    `json:"organisation_id"`
	Data      any       `json:"data"`
}

func body(n notification) (string, error) {
	b, err := json.Marshal(n)
	return string(b), err
}
