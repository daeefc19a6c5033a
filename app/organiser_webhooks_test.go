package app_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/webhooks"
)

// hookSink is the organisation's other system: it checks signatures and keeps bodies.
type hookSink struct {
	mu     sync.Mutex
	secret string
	types  []string
	bodies []map[string]any
	bad    int
}

func (h *hookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	key, _ := webhooks.SecretBytes(h.secret)
	if r.Header.Get("Webhook-Signature") != "v1,"+webhooks.Sign(key, r.Header.Get("Webhook-Id"), r.Header.Get("Webhook-Timestamp"), body) {
		h.bad++
	}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	h.types = append(h.types, m["type"].(string))
	h.bodies = append(h.bodies, m)
}

// An admin adds a webhook in the organiser pages; registrations, check-ins and the
// event's cancellation reach it signed, "send test" sends a ping at once, and the
// endpoint's page shows each delivery with the status code it got.
func TestAdminsWebhookHearsWhatHappens(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	sink := &hookSink{}
	srv := httptest.NewServer(sink)
	defer srv.Close()
	admin := h.s.SessionFor(t, h.s.CreateAccount(t, "admin@region.example.se", "", apptest.Member(h.org.ID, accounts.RoleAdmin)))
	path := "/organiser/organisations/" + h.org.ID + "/webhooks"
	checkPage(t, "webhooks", admin.Get(t, path).Text())
	if r := admin.PostForm(t, path, url.Values{"url": {"ftp://x"}, "kinds": {"registration.created"}}); r.Status != 422 || !strings.Contains(r.Text(), "https://") {
		t.Fatalf("a bad address: %d", r.Status)
	}
	added := admin.PostForm(t, path, url.Values{"url": {srv.URL + "/hooks"}, "description": {"Länets CRM"},
		"kinds": {webhooks.RegistrationCreated, webhooks.RegistrationCancelled, webhooks.CheckInCreated, webhooks.EventCancelled}})
	loc := added.Header.Get("Location")
	if added.Status != 303 || !strings.HasPrefix(loc, path+"/") {
		t.Fatalf("add: %d %s", added.Status, loc)
	}
	endpoint := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], path+"/")
	sink.secret = h.s.Deps.Webhooks.Secret(endpoint)
	page := admin.Get(t, path+"/"+endpoint)
	checkPage(t, "webhook", page.Text())
	shown := regexp.MustCompile(`id="secret" value="([^"]+)"`).FindStringSubmatch(page.Text())
	if shown == nil || html.UnescapeString(shown[1]) != sink.secret {
		t.Fatal("the endpoint's page does not show its secret")
	}

	h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("kim@example.se"), 201)
	if r := admin.PostForm(t, path+"/"+endpoint+"/test", url.Values{}); r.Status != 303 {
		t.Fatalf("send test: %d", r.Status)
	}
	if _, err := h.s.Deps.Events.SetStatus(h.ctx, ev.ID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Webhooks.DeliverDue(h.ctx); err != nil {
		t.Fatal(err)
	}
	sink.mu.Lock()
	types := strings.Join(sink.types, ",")
	bad := sink.bad
	var reg map[string]any
	for _, b := range sink.bodies {
		if b["type"] == webhooks.RegistrationCreated {
			reg, _ = b["data"].(map[string]any)
		}
	}
	sink.mu.Unlock()
	for _, want := range []string{webhooks.RegistrationCreated, webhooks.Ping, webhooks.EventCancelled} {
		if !strings.Contains(types, want) {
			t.Errorf("the endpoint did not hear %s (heard %s)", want, types)
		}
	}
	if bad > 0 {
		t.Errorf("%d notifications with a wrong signature", bad)
	}
	// Each body fits what the OpenAPI description says that notification carries.
	doc, err := openapi3.NewLoader().LoadFromData(h.s.Get(t, "/api/v1/openapi.json").Body)
	if err != nil {
		t.Fatal(err)
	}
	sink.mu.Lock()
	for _, b := range sink.bodies {
		hook := doc.Webhooks[b["type"].(string)]
		if hook == nil {
			t.Errorf("the description has no webhook %v", b["type"])
			continue
		}
		schema := hook.Post.RequestBody.Value.Content.Get("application/json").Schema.Value
		if err := schema.VisitJSON(b, openapi3.EnableJSONSchema2020()); err != nil {
			t.Errorf("%v notification does not fit its description: %v", b["type"], err)
		}
	}
	sink.mu.Unlock()
	if reg["email"] != "kim@example.se" || reg["event_id"] != ev.ID || reg["status"] != "confirmed" {
		t.Errorf("registration notification: %v", reg)
	}
	if _, has := reg["diet"]; has {
		t.Error("the notification carries the person's needs")
	}
	log := admin.Get(t, path+"/"+endpoint).Text()
	if !strings.Contains(log, "HTTP 200") || !strings.Contains(log, "registration.created") {
		t.Errorf("the delivery log lacks the answers:\n%s", log)
	}
	// Another organisation's admin cannot see it.
	other, err := h.s.Deps.Events.CreateOrganisation(h.ctx, events.OrganisationInput{Name: "Umeå kommun", Kind: "kommun", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	stranger := h.s.SessionFor(t, h.s.CreateAccount(t, "admin@umea.example.se", "", apptest.Member(other.ID, accounts.RoleAdmin)))
	if r := stranger.Get(t, path+"/"+endpoint); r.Status != 404 {
		t.Errorf("another organisation's admin: %d", r.Status)
	}
	if r := stranger.Get(t, "/organiser/organisations/"+other.ID+"/webhooks/"+endpoint); r.Status != 404 {
		t.Errorf("through their own organisation: %d", r.Status)
	}
}
