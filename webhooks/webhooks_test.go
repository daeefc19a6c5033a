package webhooks_test

import (
	"crypto/hmac"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/webhooks"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// receiver is the organisation's system: it checks every signature as a receiver
// following Standard Webhooks would, and answers with the statuses it is told to.
type receiver struct {
	mu       sync.Mutex
	secret   string
	answers  []int // popped per request; 200 when empty
	got      []map[string]any
	verified int
	problems []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	id, ts, sig := r.Header.Get("Webhook-Id"), r.Header.Get("Webhook-Timestamp"), r.Header.Get("Webhook-Signature")
	key, err := webhooks.SecretBytes(rc.secret)
	want := "v1," + webhooks.Sign(key, id, ts, body)
	sec, _ := strconv.ParseInt(ts, 10, 64)
	switch {
	case err != nil || !hmac.Equal([]byte(sig), []byte(want)):
		rc.problems = append(rc.problems, "bad signature "+sig)
	case id == "" || sec == 0:
		rc.problems = append(rc.problems, "no id or timestamp")
	default:
		rc.verified++
	}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	rc.got = append(rc.got, m)
	status := 200
	if len(rc.answers) > 0 {
		status, rc.answers = rc.answers[0], rc.answers[1:]
	}
	w.WriteHeader(status)
}

// A notification reaches the endpoint signed; a 500 is retried after the backoff, and
// the log keeps both answers.
func TestDeliveredSignedAndRetriedAfterA500(t *testing.T) {
	ctx := storetest.Ctx(t)
	db := storetest.DB(t)
	evs := events.NewStore(db)
	now := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	svc := webhooks.New(db, evs, []byte("test-secret-test-secret-test-secret"), webhooks.Config{AllowPrivate: true}, nil)
	svc.SetClock(func() time.Time { return now })
	if err := svc.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	rc := &receiver{answers: []int{500}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	e, err := svc.Add(ctx, "org-1", webhooks.EndpointInput{URL: srv.URL + "/hooks", Kinds: []string{webhooks.RegistrationCreated}}, "admin@example.se")
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = svc.Secret(e.ID)
	svc.Emit(ctx, "org-1", webhooks.RegistrationCreated, "reg-1|created", map[string]string{"id": "reg-1"})
	svc.Emit(ctx, "org-1", webhooks.RegistrationCreated, "reg-1|created", map[string]string{"id": "reg-1"}) // once only
	svc.Emit(ctx, "org-1", webhooks.CheckInCreated, "", map[string]string{"id": "reg-1"})                   // not subscribed
	svc.Emit(ctx, "org-2", webhooks.RegistrationCreated, "reg-2|created", map[string]string{"id": "reg-2"}) // another organisation

	if n, err := svc.DeliverDue(ctx); err != nil || n != 0 {
		t.Fatalf("first pass: %d delivered, %v (the endpoint answers 500)", n, err)
	}
	log, err := svc.Log(ctx, e.ID, 10)
	if err != nil || len(log) != 1 || log[0].Status != webhooks.StatusPending || len(log[0].Attempts) != 1 || log[0].Attempts[0].StatusCode != 500 || log[0].NextAttempt.IsZero() {
		t.Fatalf("log after the 500: %+v (%v)", log, err)
	}
	// Not again before the backoff.
	if n, _ := svc.DeliverDue(ctx); n != 0 || len(rc.got) != 1 {
		t.Fatalf("retried before the backoff: %d requests", len(rc.got))
	}
	now = log[0].NextAttempt.Add(time.Second)
	if n, err := svc.DeliverDue(ctx); err != nil || n != 1 {
		t.Fatalf("retry: %d delivered, %v", n, err)
	}
	log, _ = svc.Log(ctx, e.ID, 10)
	if log[0].Status != webhooks.StatusDelivered || len(log[0].Attempts) != 2 || log[0].Attempts[1].StatusCode != 200 {
		t.Fatalf("log after the retry: %+v", log[0])
	}
	if rc.verified != 2 || len(rc.problems) > 0 {
		t.Fatalf("signatures verified %d, problems %v", rc.verified, rc.problems)
	}
	if got := rc.got[1]; got["type"] != webhooks.RegistrationCreated || got["id"] != "reg-1|created" || got["organisation_id"] != "org-1" {
		t.Errorf("body: %v", got)
	}
	if len(rc.got) != 2 {
		t.Errorf("the endpoint got %d requests, want the two attempts of one notification", len(rc.got))
	}
}

// Production sends only to public HTTPS addresses: http is refused when added, and an
// address inside the network is refused when dialled.
func TestPrivateAddressesAreRefusedInProduction(t *testing.T) {
	ctx := storetest.Ctx(t)
	db := storetest.DB(t)
	svc := webhooks.New(db, events.NewStore(db), []byte("test-secret-test-secret-test-secret"), webhooks.Config{}, nil)
	if err := svc.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Add(ctx, "org-1", webhooks.EndpointInput{URL: "http://crm.example.se/hooks", Kinds: []string{webhooks.RegistrationCreated}}, ""); err == nil {
		t.Fatal("an http endpoint was accepted in production")
	}
	rc := &receiver{}
	srv := httptest.NewTLSServer(rc)
	defer srv.Close()
	e, err := svc.Add(ctx, "org-1", webhooks.EndpointInput{URL: srv.URL, Kinds: []string{webhooks.RegistrationCreated}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Test(ctx, e); err != nil {
		t.Fatal(err)
	}
	log, _ := svc.Log(ctx, e.ID, 10)
	if len(rc.got) != 0 || len(log) != 1 || len(log[0].Attempts) != 1 || !strings.Contains(log[0].Attempts[0].Error, "not public") {
		t.Fatalf("a loopback endpoint was called: %d requests, log %+v", len(rc.got), log)
	}
}
