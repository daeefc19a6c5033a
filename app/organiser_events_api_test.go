package app_test

import (
	"net/http"
	"strings"
	"testing"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

func createOrgAPI(t *testing.T, s *apptest.Server) string {
	t.Helper()
	r := s.SendJSON(t, "POST", "/api/v1/organisations", map[string]string{"name": "Region Västerbotten", "kind": "region", "county": "Västerbotten"})
	if r.Status != http.StatusCreated {
		t.Fatalf("create organisation: %d %s", r.Status, r.Body)
	}
	var org events.Organisation
	r.JSON(t, &org)
	return org.ID
}

func conferenceJSON() map[string]any {
	return map[string]any{
		"type": "conference", "title_sv": "Folkhälsokonferensen 2026", "title_en": "Public Health Conference 2026",
		"description_sv": "Två dagar om jämlik hälsa.", "start": "2026-10-14T09:00", "end": "2026-10-15T16:00",
		"venue_name": "Folkets hus", "venue_city": "Umeå", "mode": "hybrid", "online_url": "https://meet.example.se/hemlig",
		"capacity_on_site": 120, "capacity_digital": 300, "target_areas": []int{1, 6}, "municipality": "Umeå",
	}
}

func createEventAPI(t *testing.T, s *apptest.Server, orgID string) events.Event {
	t.Helper()
	r := s.SendJSON(t, "POST", "/api/v1/organisations/"+orgID+"/events", conferenceJSON())
	if r.Status != http.StatusCreated {
		t.Fatalf("create event: %d %s", r.Status, r.Body)
	}
	var ev events.Event
	r.JSON(t, &ev)
	return ev
}

func TestEventAPIFlow(t *testing.T) {
	s := apptest.New(t)
	orgID := createOrgAPI(t, s)
	ev := createEventAPI(t, s, orgID)
	if ev.Status != events.StatusDraft || ev.County != "Västerbottens län" {
		t.Fatalf("created: %+v", ev)
	}
	base := "/api/v1/events/" + ev.ID

	add := func(body map[string]any) apptest.Response {
		return s.SendJSON(t, "POST", base+"/sessions", body)
	}
	r := add(map[string]any{"title_sv": "Öppning", "start": "2026-10-14T09:00", "end": "2026-10-14T09:30", "room": "Stora salen", "kind": "plenary",
		"speakers": []map[string]string{{"name": "Áile Ŋuvttet Čorgŋa", "title": "Folkhälsostrateg", "organisation": "Sametinget"}}})
	if r.Status != http.StatusCreated {
		t.Fatalf("add session: %d %s", r.Status, r.Body)
	}
	for _, room := range []string{"Sal A", "Sal B"} {
		if r := add(map[string]any{"title_sv": "Workshop i " + room, "start": "2026-10-14T10:00", "end": "2026-10-14T11:00", "room": room, "kind": "workshop", "seat_limit": 20}); r.Status != http.StatusCreated {
			t.Fatalf("parallel workshop: %d %s", r.Status, r.Body)
		}
	}
	// A clash answers 422 with the message naming both sessions, in the client's language.
	r = s.SendJSON(t, "POST", base+"/sessions?lang=en", map[string]any{"title_sv": "Krock", "start": "2026-10-14T10:30", "end": "2026-10-14T11:30", "room": "Sal A"})
	var body struct {
		Error struct {
			Code   string
			Fields map[string]string
		}
	}
	r.JSON(t, &body)
	if r.Status != http.StatusUnprocessableEntity || body.Error.Code != "validation_failed" ||
		!strings.Contains(body.Error.Fields["room"], "Workshop i Sal A") || !strings.Contains(body.Error.Fields["room"], "Krock") {
		t.Fatalf("room clash: %d %s", r.Status, r.Body)
	}
	r = add(map[string]any{"title_sv": "Panel", "start": "2026-10-14T09:15", "end": "2026-10-14T10:00", "room": "Sal C",
		"speakers": []map[string]string{{"name": "áile ŋuvttet čorgŋa"}}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text(), "Öppning") {
		t.Fatalf("speaker clash: %d %s", r.Status, r.Body)
	}

	var got struct {
		Event    events.Event
		Sessions []events.Session
	}
	s.Get(t, base).JSON(t, &got)
	if len(got.Sessions) != 3 || got.Event.OnlineURL == "" {
		t.Fatalf("organiser view: %d sessions, online url %q", len(got.Sessions), got.Event.OnlineURL)
	}

	// Drafts are invisible to the public; publishing shows the event without its online link.
	if r := s.Get(t, "/api/v1/public/events/"+ev.ID); r.Status != http.StatusNotFound {
		t.Fatalf("public draft: %d", r.Status)
	}
	if r := s.SendJSON(t, "POST", base+"/status", map[string]string{"status": "published"}); r.Status != 200 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	r = s.Get(t, "/api/v1/public/events/"+ev.ID)
	if r.Status != 200 || strings.Contains(r.Text(), "meet.example.se") || !strings.Contains(r.Text(), "Áile Ŋuvttet Čorgŋa") {
		t.Fatalf("public event: %d %s", r.Status, r.Body)
	}
	if r := s.Do(t, apptest.NewRequest("DELETE", base, nil)); r.Status != http.StatusConflict || r.ErrorCode() != "not_draft" {
		t.Fatalf("delete published: %d %s", r.Status, r.Body)
	}
}

func TestEventAPIRefusesBadInputAndStoresNothing(t *testing.T) {
	s := apptest.New(t)
	orgID := createOrgAPI(t, s)
	path := "/api/v1/organisations/" + orgID + "/events"
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"not json", "{title", http.StatusBadRequest, "bad_request"},
		{"invalid utf-8", []byte("{\"title_sv\": \"Hej \xff\"}"), http.StatusBadRequest, "invalid_encoding"},
		{"missing fields", map[string]any{"type": "seminar"}, http.StatusUnprocessableEntity, "validation_failed"},
		{"wrong types", `{"capacity_on_site": "many"}`, http.StatusBadRequest, "bad_request"},
		{"unknown municipality", func() map[string]any { m := conferenceJSON(); m["municipality"] = "Gotham"; return m }(), http.StatusUnprocessableEntity, "validation_failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.SendJSON(t, "POST", path, tc.body)
			if r.Status != tc.status || r.ErrorCode() != tc.code {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
		})
	}
	n, err := s.DB.Collection("events").CountDocuments(storetest.Ctx(t), map[string]any{})
	if err != nil || n != 0 {
		t.Fatalf("%d events stored from bad input (%v)", n, err)
	}
}

func TestUnknownOrganisationAndEventAre404(t *testing.T) {
	s := apptest.New(t)
	if r := s.SendJSON(t, "POST", "/api/v1/organisations/nope/events", conferenceJSON()); r.Status != 404 {
		t.Errorf("unknown organisation: %d", r.Status)
	}
	for _, path := range []string{"/api/v1/events/nope", "/api/v1/events/nope/sessions", "/events/nope", "/events/nope/programme.pdf", "/events/nope/event.ics", "/series/nope/feed.ics"} {
		if r := s.Get(t, path); r.Status != 404 {
			t.Errorf("%s: %d", path, r.Status)
		}
	}
}

// The organiser routes need a signed-in account in production as in development; the
// public API stays open. (Before accounts existed, production refused them all.)
func TestOrganiserRoutesNeedSignInInProduction(t *testing.T) {
	s := apptest.New(t, apptest.WithEnv("APP_ENV", "production"), apptest.WithEnv("OPERATOR_EMAIL", "operator@example.se"), apptest.WithEnv("MONGODB_URI", storetest.URI()), apptest.WithEnv("SMTP_HOST", "smtp.example.se"))
	if r := s.Get(t, "/api/v1/events", "Cookie", "lang=sv"); r.Status != http.StatusUnauthorized || r.ErrorCode() != "sign_in_required" {
		t.Errorf("API without a session in production: %d %s", r.Status, r.Body)
	}
	if r := s.Get(t, "/organiser/", "Cookie", "lang=sv", "Accept", "text/html"); r.Status != http.StatusSeeOther ||
		r.Header.Get("Location") != "/organiser/sign-in?next=%2Forganiser%2F" {
		t.Errorf("page without a session in production: %d %s", r.Status, r.Header.Get("Location"))
	}
	for _, path := range []string{"/api/v1/events", "/organiser/"} {
		if r := s.Get(t, path); r.Status != http.StatusOK {
			t.Errorf("%s signed in, in production: %d", path, r.Status)
		}
	}
	if r := s.Get(t, "/api/v1/public/events", "Cookie", "lang=sv"); r.Status != 200 {
		t.Errorf("public API must stay open: %d", r.Status)
	}
}

func TestSeriesAPIGeneratesOccurrences(t *testing.T) {
	s := apptest.New(t)
	orgID := createOrgAPI(t, s)
	r := s.SendJSON(t, "POST", "/api/v1/organisations/"+orgID+"/series", map[string]any{
		"type": "network_meeting", "title_sv": "Nätverket för folkhälsostrateger", "mode": "digital",
		"freq": "monthly", "ordinal": 1, "weekday": 2, "start_date": "2026-01-01", "start_time": "09:00", "end_time": "11:00",
	})
	if r.Status != http.StatusCreated {
		t.Fatalf("create series: %d %s", r.Status, r.Body)
	}
	var sr events.Series
	r.JSON(t, &sr)
	r = s.SendJSON(t, "POST", "/api/v1/series/"+sr.ID+"/generate", map[string]string{"until": "2026-06-30"})
	var gen struct{ Created []events.Event }
	r.JSON(t, &gen)
	if r.Status != http.StatusCreated || len(gen.Created) != 6 {
		t.Fatalf("generate: %d, %d created", r.Status, len(gen.Created))
	}
	if r := s.SendJSON(t, "POST", "/api/v1/series/"+sr.ID+"/generate", map[string]string{"until": "juni"}); r.Status != 422 {
		t.Errorf("bad until: %d", r.Status)
	}
}

func TestOrganisationUpdateByAdmins(t *testing.T) {
	s := apptest.New(t)
	orgID := createOrgAPI(t, s)
	r := s.SendJSON(t, "PUT", "/api/v1/organisations/"+orgID, map[string]string{"name": "Region Västerbotten, folkhälsoenheten", "kind": "region", "county": "24"})
	var org events.Organisation
	r.JSON(t, &org)
	if r.Status != 200 || org.ID != orgID || org.Name != "Region Västerbotten, folkhälsoenheten" || org.County != "Västerbottens län" {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	if r := s.SendJSON(t, "PUT", "/api/v1/organisations/"+orgID, map[string]string{"name": "", "kind": "sekt"}); r.Status != 422 {
		t.Errorf("invalid update: %d %s", r.Status, r.Body)
	}
	stored, err := s.Deps.Events.Organisation(storetest.Ctx(t), orgID)
	if err != nil || stored.Name != org.Name {
		t.Fatalf("stored after a refused update: %+v %v", stored, err)
	}
	organiser := s.CreateAccount(t, "per@region.se", "ett långt lösenord 1")
	if _, err := s.Deps.Accounts.AddMembership(storetest.Ctx(t), organiser.ID, orgID, "organiser"); err != nil {
		t.Fatal(err)
	}
	client := s.SignIn(t, "per@region.se", "ett långt lösenord 1")
	if r := client.SendJSON(t, "PUT", "/api/v1/organisations/"+orgID, map[string]string{"name": "Kapat", "kind": "region"}); r.Status != 403 {
		t.Errorf("an organiser (not admin) renaming: %d", r.Status)
	}
}
