package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// Participant registration is driven the way a browser without JavaScript drives it:
// GET the form, POST it, follow the 303 to the manage page. Outcomes are checked in
// the store, in the mail that goes out and in the HTML, and every page passes the
// organiser pages' structural accessibility checks (checkPage).

// regNow is the test clock: a month before the events.
var regNow = time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)

type regHarness struct {
	t   *testing.T
	s   *apptest.Server
	ctx context.Context
	org events.Organisation
	ip  atomic.Int64 // a new client address for each post, unless a test picks one
}

// newRegHarness builds the app with the test clock (the registration service keeps
// its own clock) and trusts the test connection as a proxy, so that each request can
// name its client address in X-Forwarded-For and the rate limits stay out of the way.
func newRegHarness(t *testing.T, opts ...apptest.Option) *regHarness {
	t.Helper()
	opts = append([]apptest.Option{apptest.WithClock(regNow), apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0")}, opts...)
	s := apptest.New(t, opts...)
	s.Deps.Registrations.SetClock(func() time.Time { return regNow })
	h := &regHarness{t: t, s: s, ctx: storetest.Ctx(t)}
	org, err := s.Deps.Events.CreateOrganisation(h.ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	h.org = org
	return h
}

// event creates and publishes an on-site conference; change adjusts the input first.
func (h *regHarness) event(change func(*events.EventInput)) events.Event {
	h.t.Helper()
	in := events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen i Umeå", TitleEN: "Public Health Conference in Umeå",
			VenueName: "Folkets hus", VenueCity: "Umeå", Mode: "on_site", CapacityOnSite: 100, Municipality: "Umeå"},
		Start: "2026-10-14T09:00", End: "2026-10-14T16:00",
	}
	if change != nil {
		change(&in)
	}
	ev, err := h.s.Deps.Events.CreateEvent(h.ctx, h.org.ID, in)
	if err != nil {
		h.t.Fatal(err)
	}
	if ev, err = h.s.Deps.Events.SetStatus(h.ctx, ev.ID, events.StatusPublished); err != nil {
		h.t.Fatal(err)
	}
	return ev
}

func (h *regHarness) workshop(ev events.Event, title, start, end, room string, seats int) events.Session {
	h.t.Helper()
	se, err := h.s.Deps.Events.AddSession(h.ctx, ev.ID, events.SessionInput{
		TitleSV: title, TitleEN: title + " (en)", Start: start, End: end, Kind: "workshop", Room: room, SeatLimit: seats})
	if err != nil {
		h.t.Fatal(err)
	}
	return se
}

// count is the number of registration documents stored, whatever their status.
func (h *regHarness) count() int64 {
	h.t.Helper()
	// Tombstones (datastore.Tombstone) settle tries that never became registrations.
	n, err := h.s.DB.Collection("registrations").CountDocuments(h.ctx, bson.D{{Key: "void", Value: bson.D{{Key: "$ne", Value: true}}}})
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *regHarness) list(ev events.Event) []registration.Registration {
	h.t.Helper()
	list, err := h.s.Deps.Registrations.List(h.ctx, ev.ID, registration.ListFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

// nextIP is a client address no earlier request used.
func (h *regHarness) nextIP() string {
	n := h.ip.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
}

// page GETs a page as a browser, expects status and checks its structure.
func (h *regHarness) page(path string, status int, headers ...string) string {
	h.t.Helper()
	r := h.s.Get(h.t, path, append([]string{"Accept", "text/html"}, headers...)...)
	if r.Status != status {
		h.t.Fatalf("GET %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		checkRegPage(h.t, "GET "+path, r.Text())
	}
	return r.Text()
}

// post sends a form from a fresh client address (unless headers name one), expects
// status and checks the structure of any page that comes back.
func (h *regHarness) post(path string, form url.Values, status int, headers ...string) apptest.Response {
	h.t.Helper()
	r := h.s.PostForm(h.t, path, form, append([]string{"X-Forwarded-For", h.nextIP()}, headers...)...)
	if r.Status != status {
		h.t.Fatalf("POST %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		checkRegPage(h.t, "POST "+path, r.Text())
	}
	return r
}

// postJSON sends a JSON body from a fresh client address and expects status.
func (h *regHarness) postJSON(path string, body any, status int, headers ...string) apptest.Response {
	h.t.Helper()
	r := h.s.SendJSON(h.t, "POST", path, body, append([]string{"X-Forwarded-For", h.nextIP()}, headers...)...)
	if r.Status != status {
		h.t.Fatalf("POST %s: %d, want %d\n%s", path, r.Status, status, r.Body)
	}
	return r
}

// register posts a valid form and returns the manage path it redirects to.
func (h *regHarness) register(ev events.Event, form url.Values) string {
	h.t.Helper()
	r := h.post("/events/"+ev.ID+"/register", form, 303)
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/manage/") || !strings.HasSuffix(loc, "?welcome=1") {
		h.t.Fatalf("registration redirects to %q", loc)
	}
	return strings.TrimSuffix(loc, "?welcome=1")
}

// regPerson is a valid registration form; changes are name, value pairs.
func regPerson(email string, changes ...string) url.Values {
	f := url.Values{
		"first_name": {"Kim"}, "last_name": {"Lindqvist"}, "email": {email},
		"organisation": {"Skellefteå kommun"}, "org_type": {"kommun"}, "municipality": {"Skellefteå"},
		"role": {"Folkhälsostrateg"}, "privacy_accepted": {"true"},
	}
	return with(f, changes...)
}

// regJSONPerson is a valid registration as JSON.
func regJSONPerson(email string) map[string]any {
	return map[string]any{
		"first_name": "Kim", "last_name": "Lindqvist", "email": email, "organisation": "Skellefteå kommun",
		"org_type": "kommun", "municipality": "Skellefteå", "privacy_accepted": true,
	}
}

var (
	regUntranslated = regexp.MustCompile(`\breg\.[a-z_]+(\.[a-z_]+)*\b`)
	regManageLink   = regexp.MustCompile(`http://events\.test(/manage/[a-z0-9]+/[a-z0-9]+)`)
)

// checkRegPage is checkPage plus the participant pages' own text keys.
func checkRegPage(t *testing.T, name, body string) {
	t.Helper()
	checkPage(t, name, body)
	if key := regUntranslated.FindString(text(find(parse(t, body), tag("main")))); key != "" {
		t.Errorf("%s: untranslated text key %q", name, key)
	}
}

// fieldError is the message shown next to the field with this id ("" if none), after
// checking that the control points at it and is marked invalid.
func fieldError(t *testing.T, body, id string) string {
	t.Helper()
	doc := parse(t, body)
	ctl := byID(doc, id)
	if ctl == nil {
		t.Fatalf("no element #%s", id)
	}
	errID := id + "-error" // for a group, id is its first option's
	msg := byID(doc, errID)
	if msg == nil {
		return ""
	}
	if attr(ctl, "aria-invalid") != "true" {
		t.Errorf("#%s has an error but no aria-invalid", id)
	}
	described := attr(ctl, "aria-describedby")
	if described == "" { // groups: the fieldset carries aria-describedby
		for n := ctl.Parent; n != nil; n = n.Parent {
			if n.Data == "fieldset" {
				described = attr(n, "aria-describedby")
				break
			}
		}
	}
	if !strings.Contains(described, errID) {
		t.Errorf("#%s: aria-describedby %q does not name %s", id, described, errID)
	}
	return text(msg)
}

// summaryLinks are the hrefs of the error summary at the top of a page.
func summaryLinks(t *testing.T, body string) []string {
	t.Helper()
	doc := parse(t, body)
	sum := find(doc, hasClassFn("org-summary"))
	if sum == nil {
		return nil
	}
	if attr(sum, "role") != "alert" {
		t.Error("error summary without role=alert")
	}
	var out []string
	for _, a := range findAll(sum, tag("a")) {
		out = append(out, attr(a, "href"))
	}
	return out
}

// inputValue is the value attribute of the element with this id.
func inputValue(t *testing.T, body, id string) string {
	t.Helper()
	return attr(byID(parse(t, body), id), "value")
}
