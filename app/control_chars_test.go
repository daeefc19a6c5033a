package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/platform/datastore/storetest"
)

// NUL, ESC, BEL and the right-to-left override, typed into every kind of text the
// service takes (a participant's registration as form and JSON, an organiser's
// organisation, event, session with speakers, invitation note, scanner link and API
// token), never reach the store; and a formula hidden behind an invisible character
// is defused in the CSV.
func TestControlCharactersNeverReachTheStore(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(regNow), apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0"))
	s.Deps.Registrations.SetClock(func() time.Time { return regNow })
	bad := func(text string) string { return "\x00" + text + "\x1b[31m\x07\u202e" }
	must := func(r apptest.Response, status int, what string) apptest.Response {
		t.Helper()
		if r.Status != status {
			t.Fatalf("%s: %d %s", what, r.Status, r.Body)
		}
		return r
	}
	var org struct{ ID string }
	must(s.SendJSON(t, "POST", "/api/v1/organisations", map[string]string{"name": bad("Region Norrbotten"), "kind": "region", "county": "25"}), 201, "organisation").JSON(t, &org)
	ev := conferenceJSON()
	ev["title_sv"], ev["description_sv"], ev["venue_name"] = bad("Folkhälsodagen"), bad("Rad ett")+"\n"+bad("Rad två"), bad("Kulturens hus")
	ev["start"], ev["end"], ev["online_url"] = "2026-10-14T09:00", "2026-10-14T16:00", "https://meet.example.se/x\u202e"
	var event struct{ ID string }
	must(s.SendJSON(t, "POST", "/api/v1/organisations/"+org.ID+"/events", ev), 201, "event").JSON(t, &event)
	base := "/api/v1/events/" + event.ID
	must(s.SendJSON(t, "POST", base+"/sessions", map[string]any{
		"title_sv": bad("Öppning"), "start": "2026-10-14T09:00", "end": "2026-10-14T09:30", "room": bad("Stora salen"), "kind": "plenary",
		"speakers": []map[string]string{{"name": bad("Áile Ŋuvttet"), "title": bad("Strateg"), "organisation": bad("Sametinget")}},
	}), 201, "session")
	var q struct{ ID string }
	must(s.SendJSON(t, "POST", base+"/questions", map[string]any{"kind": "text", "label_sv": bad("Fråga till panelen"), "label_en": bad("Question")}), 201, "question").JSON(t, &q)
	must(s.SendJSON(t, "POST", base+"/questions", map[string]any{"kind": "multi", "label_sv": bad("Dagar"), "options": []string{bad("Dag 1") + " | " + bad("Day 1"), bad("Dag 2")}}), 201, "question with options")
	must(s.SendJSON(t, "POST", base+"/status", map[string]string{"status": "published"}), 200, "publish")
	must(s.SendJSON(t, "POST", base+"/invitations", map[string]any{"max_uses": 2, "note": bad("Kommunledningen")}), 201, "invitation")
	must(s.SendJSON(t, "POST", base+"/scanner-links", map[string]any{"station": bad("Entré A")}), 201, "scanner link")
	must(s.PostForm(t, "/organiser/organisations/"+org.ID+"/tokens", url.Values{"name": {bad("Intranätet")}, "role": {"viewer"}}), 201, "API token")

	person := regJSONPerson("anna@lulea.se")
	person["first_name"], person["last_name"], person["role"] = bad("Anna"), bad("Berg"), bad("Strateg")
	person["answers"] = map[string]any{q.ID: bad("Hur når vi unga?")}
	person["mode"], person["organisation"], person["diet"] = "on_site", "\x00\u200b=HYPERLINK(\"http://evil.example\",\"klicka\")", bad("Vegansk")+"\n"+bad("utan nötter")
	must(s.SendJSON(t, "POST", "/api/v1/public/events/"+event.ID+"/registrations", person, "X-Forwarded-For", "10.9.0.1"), 201, "registration (JSON)")
	form := regPerson("bo@lulea.se", "mode", "digital", "first_name", bad("Bo"), "organisation", bad("Luleå kommun"), "accessibility", bad("Hörslinga")+"\r\n"+bad("Ramp"))
	form["q_"+q.ID] = []string{bad("Om skolan")}
	must(s.PostForm(t, "/events/"+event.ID+"/register", form, "X-Forwarded-For", "10.9.0.2"), 303, "registration (form)")

	// Every string in every document of every collection.
	ctx := storetest.Ctx(t)
	names, err := s.DB.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range names {
		cur, err := s.DB.Collection(name).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			walkStrings(d, func(path, v string) {
				checked++
				if name == "audit_log" && strings.HasSuffix(path, "path") {
					return // routes, as the router saw them
				}
				for _, r := range v {
					if (unicode.Is(unicode.Cc, r) && r != '\n') || (unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d') {
						t.Errorf("%s %v: %s = %q holds %U", name, d["_id"], path, v, r)
						return
					}
				}
			})
		}
	}
	if checked < 100 {
		t.Fatalf("only %d strings stored: the test did not store what it meant to", checked)
	}

	csv := must(s.Get(t, "/organiser/events/"+event.ID+"/participants.csv"), 200, "CSV").Text()
	if !strings.Contains(csv, `;"'=HYPERLINK(`) || strings.Contains(csv, ";=HYPERLINK(") || strings.Contains(csv, `;"=HYPERLINK(`) {
		t.Errorf("the formula behind an invisible character is not defused:\n%s", csv)
	}
	if !strings.Contains(csv, "Anna") || strings.ContainsAny(csv, "\x00\x1b\x07\u202e\u200b") {
		t.Errorf("CSV:\n%q", csv)
	}
}

// walkStrings calls f for every string in a document, with its path.
func walkStrings(v any, f func(path, s string), path ...string) {
	switch x := v.(type) {
	case string:
		f(strings.Join(path, "."), x)
	case bson.M:
		for k, e := range x {
			walkStrings(e, f, append(path, k)...)
		}
	case bson.D:
		for _, e := range x {
			walkStrings(e.Value, f, append(path, e.Key)...)
		}
	case bson.A:
		for i, e := range x {
			walkStrings(e, f, append(path, fmt.Sprint(i))...)
		}
	}
}
