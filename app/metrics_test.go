package app_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
)

// metricValue reads one sample of the Prometheus text format ("" labels: the bare name).
func metricValue(t *testing.T, body, name, labels string) float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name+labels) + ` ([0-9.e+-]+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// /metrics counts requests by route template, registrations by outcome and the
// store's commands, and shows the outbox queue; the counters are per process, so the
// test compares before and after.
func TestMetricsCountRequestsRegistrationsAndTheStore(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	before := h.s.Get(t, "/metrics")
	if before.Status != 200 || !strings.Contains(before.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", before.Status, before.Header.Get("Content-Type"))
	}
	route := `{method="POST",route="/api/v1/public/events/:id/registrations",status="201"}`
	h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("kim@example.se"), 201)
	h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("alex@example.se"), 201)
	h.s.Get(t, "/no/such/page/"+ev.ID)
	link, _, err := h.s.Deps.Badges.CreateLink(h.ctx, ev.ID, badges.LinkInput{Station: "Entrén", ValidFrom: regNow, ValidUntil: regNow.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Badges.ManualCheckIn(h.ctx, link, h.list(ev)[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	after := h.s.Get(t, "/metrics").Text()
	okScan := `{outcome="ok"}`
	if d := metricValue(t, after, "folkhalsa_checkins_total", okScan) - metricValue(t, before.Text(), "folkhalsa_checkins_total", okScan); d < 1 {
		t.Errorf("check-ins counted %v, want at least this test's 1 (the counters are per process)", d)
	}

	if d := metricValue(t, after, "folkhalsa_http_requests_total", route) - metricValue(t, before.Text(), "folkhalsa_http_requests_total", route); d != 2 {
		t.Errorf("registration requests counted %v times, want 2", d)
	}
	confirmed := `{outcome="confirmed"}`
	if d := metricValue(t, after, "folkhalsa_registrations_total", confirmed) - metricValue(t, before.Text(), "folkhalsa_registrations_total", confirmed); d < 2 {
		t.Errorf("registrations counted %v, want at least this test's 2 (the counters are per process)", d)
	}
	if strings.Contains(after, ev.ID) {
		t.Error("a path no route knows became a metric label")
	}
	if metricValue(t, after, "folkhalsa_http_requests_total", `{method="GET",route="unmatched",status="404"}`) < 1 {
		t.Error("the unknown path is not counted as unmatched")
	}
	if metricValue(t, after, "folkhalsa_store_command_duration_seconds_count", `{command="insert",result="ok"}`) < 1 {
		t.Error("no store latency observed")
	}
	if !regexp.MustCompile(`(?m)^folkhalsa_outbox_queue_length [0-9]`).MatchString(after) {
		t.Error("no outbox queue length")
	}
	if !strings.Contains(after, `folkhalsa_http_request_duration_seconds_bucket{method="POST",route="/api/v1/public/events/:id/registrations"`) {
		t.Error("no latency by route")
	}
}

// With METRICS_TOKEN set, /metrics answers only a scraper that sends it.
func TestMetricsAskForTheTokenWhenOneIsSet(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous(), apptest.WithEnv("METRICS_TOKEN", "skrap-hemlighet"))
	if r := s.Get(t, "/metrics"); r.Status != 401 || r.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("without the token: %d", r.Status)
	}
	if r := s.Get(t, "/metrics", "Authorization", "Bearer fel"); r.Status != 401 {
		t.Fatalf("with a wrong token: %d", r.Status)
	}
	if r := s.Get(t, "/metrics", "Authorization", "Bearer skrap-hemlighet"); r.Status != 200 || !strings.Contains(r.Text(), "folkhalsa_http_requests_total") {
		t.Fatalf("with the token: %d", r.Status)
	}
}

// The request's id (X-Request-ID) is on its access-log line and on the mail it queued,
// whose delivery lines then carry it (platform/outbox).
func TestRequestIDReachesTheLogAndTheQueuedMail(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("kim@example.se"), 201)
	id := r.Header.Get("X-Request-ID")
	if id == "" {
		t.Fatal("no X-Request-ID")
	}
	found := false
	for _, line := range strings.Split(h.s.Logs(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "request" && rec["request_id"] == id {
			found = rec["path"] == "/api/v1/public/events/"+ev.ID+"/registrations"
		}
	}
	if !found {
		t.Errorf("no access-log line with request_id %s", id)
	}
	var mail struct {
		RequestID string `bson:"request_id"`
	}
	if err := h.s.DB.Collection("outbox").FindOne(h.ctx, bson.D{{Key: "to_addr", Value: "kim@example.se"}}).Decode(&mail); err != nil || mail.RequestID != id {
		t.Fatalf("queued confirmation: %+v (%v), want request_id %s", mail, err, id)
	}
}

// An id a client sends is kept when it is plain, replaced when it could garble a log.
func TestRequestIDFromTheClientIsKeptOnlyWhenPlain(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	if got := s.Get(t, "/healthz", "X-Request-ID", "lb-7f3a.9").Header.Get("X-Request-ID"); got != "lb-7f3a.9" {
		t.Errorf("plain id from the proxy: %q", got)
	}
	if got := s.Get(t, "/healthz", "X-Request-ID", "x\"} evil=1 "+strings.Repeat("a", 80)).Header.Get("X-Request-ID"); got == "" || strings.Contains(got, "evil") {
		t.Errorf("odd id from the client: %q", got)
	}
}
