package app_test

import (
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/jobs"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// The evaluation after an event: the organiser switches it on; the thank-you mail
// links each person's form; those who came answer once; the answers cannot be traced
// to anyone in the store; results show no breakdown until three have answered.
func TestEvaluationAfterTheEvent(t *testing.T) {
	after := time.Date(2026, 10, 14, 18, 30, 0, 0, events.Stockholm) // the event ended at 16:00
	s := apptest.New(t, apptest.WithClock(after))
	s.Deps.Registrations.SetClock(func() time.Time { return time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm) })
	ctx := storetest.Ctx(t)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "seminar",
		TitleSV: "Seminarium om levnadsvanor", VenueName: "Väven", VenueCity: "Umeå", Mode: "hybrid", CapacityOnSite: 10},
		Start: "2026-10-14T09:00", End: "2026-10-14T16:00", OnlineURL: "https://meet.example.se/x"})
	if err != nil {
		t.Fatal(err)
	}
	if ev, err = s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	type person struct {
		reg   registration.Registration
		token string
	}
	people := map[string]person{}
	for _, p := range []struct{ name, mode string }{{"Anna", "on_site"}, {"Bo", "on_site"}, {"Cecilia", "on_site"}, {"David", "digital"}} {
		res, err := s.Deps.Registrations.Register(ctx, ev.ID, registration.Input{FirstName: p.name, LastName: "Lund",
			Email: strings.ToLower(p.name) + "@umea.se", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå",
			Mode: p.mode, PrivacyOK: true}, "sv")
		if err != nil {
			t.Fatal(err)
		}
		people[p.name] = person{res.Registration, res.ManageToken}
	}
	for _, name := range []string{"Anna", "Bo"} { // Cecilia did not come
		if _, err := s.Deps.Badges.ManualCheckIn(ctx, badges.Link{EventID: ev.ID, Station: "Entré"}, people[name].reg.ID, ""); err != nil {
			t.Fatal(err)
		}
	}

	// The organiser switches it on with the default questions.
	epath := "/organiser/events/" + ev.ID + "/evaluation"
	page := s.Get(t, epath, "Accept", "text/html")
	checkPage(t, "evaluation", page.Text())
	if !strings.Contains(page.Text(), "Utvärderingen är avslagen") {
		t.Errorf("off at first:\n%s", mainOf(page.Text()))
	}
	form := map[string][]string{"questions": evaluation.Default}
	if r := s.PostForm(t, epath, form); r.Status != 303 {
		t.Fatalf("switch on: %d %s", r.Status, mainOf(r.Text()))
	}
	if r := s.SendJSON(t, "PUT", "/api/v1/events/"+ev.ID+"/evaluation", map[string]any{"questions": []string{"nonsense"}}); r.Status != 422 {
		t.Errorf("an unknown question: %d", r.Status)
	}

	// The thank-you mail links the person's own form.
	if _, err := jobs.ThanksOnce(ctx, s.Deps.Events, s.Deps.Registrations, ev.End.Add(registration.ThanksAfter+time.Minute)); err != nil {
		t.Fatal(err)
	}
	mails, err := s.Deps.Outbox.Messages(ctx, outbox.MessageFilter{Kind: "thanks"})
	if err != nil || len(mails) != 3 {
		t.Fatalf("thanks: %d %v (Anna, Bo and David online)", len(mails), err)
	}
	for _, m := range mails {
		if !strings.Contains(m.Text, "/evaluation") || !strings.Contains(m.Text, "utan ditt namn") {
			t.Errorf("thanks to %s lacks the evaluation:\n%s", m.To, m.Text)
		}
	}

	manage := func(name string) string { return "/manage/" + people[name].reg.ID + "/" + people[name].token }
	if mp := s.Get(t, manage("Anna"), "Accept", "text/html").Text(); !strings.Contains(mp, manage("Anna")+"/evaluation") {
		t.Errorf("Anna's page offers the evaluation:\n%s", mainOf(mp))
	}
	if r := s.Get(t, manage("Cecilia")+"/evaluation", "Accept", "text/html"); r.Status != 404 {
		t.Errorf("Cecilia did not come: %d", r.Status)
	}
	ef := s.Get(t, manage("Anna")+"/evaluation", "Accept", "text/html")
	checkPage(t, "evaluation form", ef.Text())
	for _, want := range []string{"Innehållet var relevant för mitt arbete", "Instämmer inte alls", "Instämmer helt", "Vad kan förbättras?"} {
		if !strings.Contains(ef.Text(), want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	// A step out of range is refused, and nothing is stored.
	bad := s.PostForm(t, manage("Anna")+"/evaluation", map[string][]string{"q_relevant": {"7"}})
	if bad.Status != 422 || fieldError(t, bad.Text(), "q_relevant-1") == "" {
		t.Fatalf("a bad step: %d", bad.Status)
	}
	if n, _ := s.DB.Collection(evaluation.AnswersCollection).CountDocuments(ctx, bson.D{}); n != 0 {
		t.Fatalf("a refused answer was stored")
	}
	answer := func(name string, vals map[string][]string, status int) {
		t.Helper()
		if r := s.PostForm(t, manage(name)+"/evaluation", vals); r.Status != status {
			t.Fatalf("%s answers: %d %s", name, r.Status, mainOf(r.Text()))
		}
	}
	answer("Anna", map[string][]string{"q_relevant": {"5"}, "q_overall": {"4"}, "q_best": {"Samtalen i pausen"}, "q_improve": {"Längre luncher"}}, 303)
	answer("Anna", map[string][]string{"q_relevant": {"1"}}, 409) // once only
	if mp := s.Get(t, manage("Anna"), "Accept", "text/html").Text(); !strings.Contains(mp, "Du har svarat på utvärderingen") {
		t.Errorf("Anna's page after answering:\n%s", mainOf(mp))
	}
	res := s.Get(t, epath, "Accept", "text/html").Text()
	if !strings.Contains(res, "1 person har svarat.") || !strings.Contains(res, "ingen fördelning") || strings.Contains(res, "Samtalen i pausen") {
		t.Errorf("one answer shows no breakdown:\n%s", mainOf(res))
	}
	answer("Bo", map[string][]string{"q_relevant": {"4"}, "q_best": {"Föreläsningen"}}, 303)
	if r := s.SendJSON(t, "POST", manage("David")+"/evaluation", map[string]any{"answers": map[string]string{"q": "x", "relevant": "3", "best": "Att kunna delta på distans"}}); r.Status != 200 {
		t.Fatalf("David (online) answers as JSON: %d %s", r.Status, r.Body)
	}
	var out struct {
		Results evaluation.Results `json:"results"`
	}
	s.Get(t, "/api/v1/events/"+ev.ID+"/evaluation").JSON(t, &out)
	rs := out.Results
	if rs.Responses != 3 || !rs.Shown || len(rs.Scales) == 0 || rs.Scales[0].ID != "relevant" || rs.Scales[0].Answered != 3 ||
		rs.Scales[0].Mean != 4 || rs.Scales[0].Counts[2] != 1 || rs.Scales[0].Counts[3] != 1 || rs.Scales[0].Counts[4] != 1 {
		t.Errorf("results: %+v", rs)
	}
	// The mean as each language writes it: a decimal comma in Swedish.
	if page := s.Get(t, epath, "Accept", "text/html").Text(); !strings.Contains(page, `<td class="part-num">4,0</td>`) {
		t.Errorf("the Swedish mean:\n%s", mainOf(page))
	}
	if page := s.Get(t, epath+"?lang=en", "Accept", "text/html").Text(); !strings.Contains(page, `<td class="part-num">4.0</td>`) {
		t.Errorf("the English mean:\n%s", mainOf(page))
	}
	for _, tx := range rs.Texts {
		switch tx.ID {
		case "best":
			if tx.Count != 3 || len(tx.Answers) != 3 {
				t.Errorf("three answers to 'best' are listed: %+v", tx)
			}
		case "improve":
			if tx.Count != 1 || len(tx.Answers) != 0 {
				t.Errorf("one answer to 'improve' is too few to show: %+v", tx)
			}
		}
	}
	for _, sc := range rs.Scales {
		if sc.ID == "overall" && (sc.Answered != 1 || sc.Counts != nil) {
			t.Errorf("one answer to 'overall' shows no breakdown: %+v", sc)
		}
	}
	// Locked once answered.
	if r := s.SendJSON(t, "PUT", "/api/v1/events/"+ev.ID+"/evaluation", map[string]any{"questions": []string{"relevant"}}); r.Status != 409 {
		t.Errorf("changing a form with answers: %d", r.Status)
	}

	// Nothing in the evaluation's collections points at a person: no registration id,
	// name, address, token, nor a time to match against other documents.
	for _, coll := range []string{evaluation.AnswersCollection, evaluation.AnsweredCollection} {
		cur, err := s.DB.Collection(coll).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			raw, _ := bson.Marshal(d)
			text := strings.ToLower(bson.Raw(raw).String())
			for name, p := range people {
				for _, secret := range []string{p.reg.ID, strings.ToLower(name), p.reg.Email, p.token} {
					if strings.Contains(text, strings.ToLower(secret)) {
						t.Errorf("%s holds %s's %q: %s", coll, name, secret, text)
					}
				}
			}
			if strings.Contains(text, "$date") {
				t.Errorf("%s holds a time: %s", coll, text)
			}
		}
	}
}
