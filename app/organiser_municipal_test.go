package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app/apptest"
	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The county's municipalities: every one listed with its step, phase and this year's
// reach; a municipality's path and phase kept in order with who set them; contacts
// and agreements added (and a contact removed); a municipality of another county is
// not found.
func TestMunicipalitiesOfTheCounty(t *testing.T) {
	s, ctx, org, _ := municipalityFixture(t, "Umeå", "Umeå", "Umeå", "Umeå")
	base := "/organiser/organisations/" + org.ID + "/municipalities"
	page := s.Get(t, base, "Accept", "text/html")
	checkPage(t, "municipalities", page.Text())
	doc := parse(t, page.Text())
	if keys := rowKeys(doc, "municipalities"); len(keys) != 15 || keys[0] != "2403" {
		t.Fatalf("the county's 15 municipalities, Bjurholm first: %v", keys)
	}

	umea := base + "/2480"
	for _, step := range []string{"2", "3"} {
		if r := s.PostForm(t, umea+"/step", url.Values{"value": {step}}); r.Status != 303 {
			t.Fatalf("set step %s: %d %s", step, r.Status, mainOf(r.Text()))
		}
	}
	if r := s.PostForm(t, umea+"/phase", url.Values{"value": {"1"}}); r.Status != 303 {
		t.Fatalf("set phase: %d", r.Status)
	}
	if r := s.PostForm(t, umea+"/step", url.Values{"value": {"9"}}); r.Status != 422 {
		t.Errorf("step 9: %d", r.Status)
	}
	if r := s.PostForm(t, umea+"/colour", url.Values{"value": {"1"}}); r.Status != 404 {
		t.Errorf("an unknown mark: %d", r.Status)
	}
	bad := s.PostForm(t, umea+"/contacts", url.Values{"name": {"Eva Ek"}, "role": {"Folkhälsostrateg"}, "email": {"inte en adress"}})
	if bad.Status != 422 || !strings.Contains(fieldError(t, bad.Text(), "email"), "e-postadress") {
		t.Errorf("a bad address: %d", bad.Status)
	}
	for _, c := range []url.Values{{"name": {"Eva Ek"}, "role": {"Folkhälsostrateg"}, "email": {"Eva.Ek@Umea.se"}}, {"name": {"Olle Berg"}, "role": {"Kommundirektör"}}} {
		if r := s.PostForm(t, umea+"/contacts", c); r.Status != 303 {
			t.Fatalf("add contact: %d %s", r.Status, mainOf(r.Text()))
		}
	}
	if r := s.PostForm(t, umea+"/agreements", url.Values{"kind": {"avsiktsforklaring"}, "signed": {"2024-05-01"}, "from": {"2024-05-01"}, "to": {"2027-12-31"},
		"document": {"https://www.lansstyrelsen.se/avsiktsforklaring.pdf"}}); r.Status != 303 {
		t.Fatalf("add agreement: %d %s", r.Status, mainOf(r.Text()))
	}
	if r := s.PostForm(t, umea+"/agreements", url.Values{"kind": {"avsiktsforklaring"}, "signed": {"maj 2024"}}); r.Status != 422 {
		t.Errorf("a bad date: %d", r.Status)
	}

	var one struct {
		Municipality struct {
			Steps []struct {
				Value int
				By    string
			} `json:"steps"`
			Contacts []struct {
				ID, Name, Email string
			} `json:"contacts"`
			Agreements []struct{ Kind string } `json:"agreements"`
		} `json:"municipality"`
		Step, Phase int
		Reached     int
	}
	s.Get(t, "/api/v1/organisations/"+org.ID+"/municipalities/2480").JSON(t, &one)
	m := one.Municipality
	if one.Step != 3 || one.Phase != 1 || len(m.Steps) != 2 || m.Steps[0].Value != 2 || m.Steps[1].Value != 3 || m.Steps[0].By == "" {
		t.Errorf("the path in order with who set it: %+v", one)
	}
	if len(m.Contacts) != 2 || m.Contacts[0].Name != "Eva Ek" || m.Contacts[0].Email != "eva.ek@umea.se" || len(m.Agreements) != 1 {
		t.Errorf("contacts and agreements: %+v", m)
	}
	if one.Reached != 4 {
		t.Errorf("reached this year: %d, want 4 (the follow-up's figure)", one.Reached)
	}
	text := s.Get(t, umea, "Accept", "text/html").Text()
	checkPage(t, "municipality", text)
	hist := text[strings.Index(text, `id="mun-history"`):]
	if i, j := strings.Index(hist, "Steg 2: Kommundialog"), strings.Index(hist, "Steg 3: Besök hos kommunledningen"); i < 0 || j < i {
		t.Errorf("history in order:\n%s", mainOf(text))
	}
	if r := s.PostForm(t, umea+"/contacts/"+m.Contacts[1].ID+"/delete", url.Values{}); r.Status != 303 {
		t.Fatalf("remove contact: %d", r.Status)
	}
	if n, _ := s.DB.Collection("municipal_contacts").CountDocuments(ctx, map[string]any{"name": "Olle Berg"}); n != 0 {
		t.Error("the removed contact is still stored")
	}

	var all struct {
		Municipalities []struct {
			Code        string
			Step, Phase int
		} `json:"municipalities"`
	}
	s.Get(t, "/api/v1/organisations/"+org.ID+"/municipalities").JSON(t, &all)
	if len(all.Municipalities) != 15 {
		t.Fatalf("overview JSON: %d", len(all.Municipalities))
	}
	for _, x := range all.Municipalities {
		if x.Code == "2480" && (x.Step != 3 || x.Phase != 1) {
			t.Errorf("Umeå in the overview: %+v", x)
		}
	}
	if csvText := string(s.Get(t, base+".csv").Body); !strings.Contains(csvText, "2480;Umeå;3. Besök hos kommunledningen;1. Kartläggning och analys;;0;0;1;4;1") {
		t.Errorf("overview CSV:\n%s", csvText)
	}
	if r := s.Get(t, base+"/0180", "Accept", "text/html"); r.Status != 404 {
		t.Errorf("Stockholm is not in the county: %d", r.Status)
	}

	// The audit log records who looked at the contacts and who changed them, in words.
	entries, err := s.Deps.Accounts.Audit(ctx, accounts.AuditFilter{OrgIDs: []string{org.ID}})
	if err != nil {
		t.Fatal(err)
	}
	views := 0
	for _, e := range entries {
		if e.Action == "view_personal_data" && strings.HasSuffix(e.Route, "/municipalities/:code") && e.Params["code"] == "2480" {
			views++
		}
	}
	if views < 2 {
		t.Errorf("%d views of Umeå's contacts in the audit log, want the page and the API", views)
	}
	audit := s.Get(t, "/organiser/audit?org="+org.ID, "Accept", "text/html").Text()
	for _, want := range []string{"visade kontaktpersonerna för Umeå", "lade till en kontaktperson för Umeå", "tog bort en kontaktperson för Umeå",
		"ändrade steg eller fas för Umeå", "lade till en överenskommelse med Umeå"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log does not say %q:\n%s", want, mainOf(audit))
		}
	}
}

// After a visit the organiser records who took part, the topics and the agreed
// actions; an action past its day is overdue on the municipality's page and on the
// county overview until marked done. The overview filters, sorts (hidden figures
// sorting as one), exports to CSV and PDF, and its reach is the follow-up report's,
// municipality by municipality, small-cell rule included.
func TestVisitRecordsAndOverdueActionsOnTheOverview(t *testing.T) {
	s, ctx, org, ev := municipalityFixture(t, "Umeå", "Umeå", "Umeå", "Umeå", "Skellefteå", "Lycksele", "Lycksele", "Lycksele")
	base := "/organiser/organisations/" + org.ID + "/municipalities"
	umea := base + "/2480"

	form := s.Get(t, umea+"/visits/new", "Accept", "text/html")
	checkPage(t, "visit form", form.Text())
	bad := s.PostForm(t, umea+"/visits", url.Values{"kind": {"leadership"}, "date": {"2026-10-20"}, "people": {""},
		"actions.0.what": {"Ta fram lägesbild"}, "actions.0.due": {"snart"}})
	if bad.Status != 422 || fieldError(t, bad.Text(), "people") == "" || fieldError(t, bad.Text(), "actions.0.who") == "" ||
		fieldError(t, bad.Text(), "actions.0.due") == "" {
		t.Errorf("a visit with problems: %d\n%s", bad.Status, mainOf(bad.Text()))
	}
	if n, _ := s.DB.Collection(municipal.VisitsCollection).CountDocuments(ctx, bson.D{}); n != 0 {
		t.Fatal("a refused visit was stored")
	}
	ok := s.PostForm(t, umea+"/visits", url.Values{"kind": {"leadership"}, "date": {"2026-10-20"}, "event_id": {ev.ID},
		"people": {"Kommundirektör, Olle Berg\nSocialchef\nLänsstyrelsen: utvecklare, Anna Berg"}, "topics": {"pf:andts", "ta:4"},
		"notes": {"Bra samtal."}, "next_contact": {"2027-01-15"},
		"actions.0.what": {"Ta fram lägesbild"}, "actions.0.who": {"Umeå kommun"}, "actions.0.due": {"2026-11-01"},
		"actions.1.what": {"Utbildning för nyckelpersoner"}, "actions.1.who": {"Länsstyrelsen"}, "actions.1.due": {"2026-12-15"}})
	if ok.Status != 303 {
		t.Fatalf("record visit: %d %s", ok.Status, mainOf(ok.Text()))
	}
	if r := s.SendJSON(t, "POST", "/api/v1/organisations/"+org.ID+"/municipalities/2480/visits", map[string]any{"kind": "dialogue",
		"date": "2026-10-06", "event_id": ev.ID, "people": []map[string]string{{"role": "Folkhälsostrateg"}}}); r.Status != 409 {
		t.Errorf("a second record of the event: %d %s", r.Status, r.Body)
	}
	var vis municipal.Visit
	if err := s.DB.Collection(municipal.VisitsCollection).FindOne(ctx, bson.D{}).Decode(&vis); err != nil {
		t.Fatal(err)
	}
	if len(vis.People) != 3 || vis.People[0] != (municipal.Person{Role: "Kommundirektör", Name: "Olle Berg"}) || vis.People[1].Name != "" || vis.EventID != ev.ID {
		t.Errorf("stored visit: %+v", vis)
	}

	edit := umea + "/visits/" + vis.ID
	checkPage(t, "visit edit", s.Get(t, edit+"/edit", "Accept", "text/html").Text())
	if r := s.PostForm(t, edit, url.Values{"kind": {"leadership"}, "date": {"20 okt"}, "people": {"Kommundirektör"}}); r.Status != 422 {
		t.Errorf("an edit with a bad date: %d", r.Status)
	}
	if r := s.PostForm(t, edit, url.Values{"kind": {"leadership"}, "date": {"2026-10-20"}, "people": {"Kommundirektör, Olle Berg\nSocialchef\nLänsstyrelsen: utvecklare, Anna Berg"},
		"topics": {"pf:andts", "ta:4"}, "notes": {"Bra samtal. Lägesbilden först."}, "next_contact": {"2027-01-15"}}); r.Status != 303 {
		t.Fatalf("edit: %d %s", r.Status, mainOf(r.Text()))
	}
	if err := s.DB.Collection(municipal.VisitsCollection).FindOne(ctx, bson.D{}).Decode(&vis); err != nil || vis.Notes != "Bra samtal. Lägesbilden först." || vis.EventID != ev.ID {
		t.Errorf("after the edit: %+v %v", vis, err)
	}

	type overview struct {
		Municipalities []struct {
			Code           string
			LatestContact  string                           `json:"latest_contact"`
			OpenActions    []struct{ ID, What, Due string } `json:"open_actions"`
			OverdueActions int                              `json:"overdue_actions"`
			Reach          struct {
				Attended json.RawMessage
				Events   int
			}
		} `json:"municipalities"`
	}
	var all overview
	s.Get(t, "/api/v1/organisations/"+org.ID+"/municipalities").JSON(t, &all)
	var rep struct {
		Municipalities struct {
			Rows []struct {
				Key   string
				Count json.RawMessage
			}
		} `json:"municipalities"`
	}
	s.Get(t, "/api/v1/organisations/"+org.ID+"/followup").JSON(t, &rep)
	reportReach := map[string]string{}
	for _, r := range rep.Municipalities.Rows {
		reportReach[r.Key] = string(r.Count)
	}
	overdueID := ""
	for _, m := range all.Municipalities {
		if got, want := string(m.Reach.Attended), reportReach[m.Code]; got != want {
			t.Errorf("%s: overview reach %s, follow-up report %s", m.Code, got, want)
		}
		switch m.Code {
		case "2480":
			if len(m.OpenActions) != 2 || m.OverdueActions != 1 || m.Reach.Events != 1 || m.LatestContact != "2026-10-20" {
				t.Errorf("Umeå: %+v", m)
			}
			for _, a := range m.OpenActions {
				if a.Due == "2026-11-01" {
					overdueID = a.ID
				}
			}
		case "2482":
			if string(m.Reach.Attended) != `{"suppressed":true,"reason":"small"}` {
				t.Errorf("Skellefteå's one person is shown: %s", m.Reach.Attended)
			}
		}
	}
	if reportReach["2480"] != "4" {
		t.Errorf("the report's Umeå: %q", reportReach["2480"])
	}

	page := s.Get(t, base+"?actions=overdue", "Accept", "text/html")
	checkPage(t, "municipalities", page.Text())
	if keys := rowKeys(parse(t, page.Text()), "municipalities"); len(keys) != 1 || keys[0] != "2480" {
		t.Errorf("overdue filter: %v", keys)
	}
	if !strings.Contains(page.Text(), "1 försenade") || !strings.Contains(page.Text(), `class="org-overdue-item" data-key="`+overdueID+`"`) {
		t.Errorf("the overdue action is not marked on the overview:\n%s", mainOf(page.Text()))
	}
	sorted := rowKeys(parse(t, s.Get(t, base+"?sort=reached&dir=desc", "Accept", "text/html").Text()), "municipalities")
	if len(sorted) != 15 || sorted[0] != "2480" || sorted[1] != "2481" {
		t.Errorf("by reach: %v", sorted)
	}
	// Skellefteå (1) and Vindeln (0) must not be told apart by the order of hidden figures:
	// hidden ones sort together, in name order.
	if csv := string(s.Get(t, base+".csv?actions=overdue").Body); !strings.Contains(csv, "\n2480;Umeå;–;–;2026-10-20;2;1;0;4;1\n") || strings.Contains(csv, "2482;") {
		t.Errorf("overview CSV:\n%s", csv)
	}
	pdf := s.Get(t, base+".pdf")
	if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("overview PDF: %d", pdf.Status)
	}
	if text := pdfToText(t, pdf.Body); !strings.Contains(text, "Umeå") || !strings.Contains(text, "Försenade") || !strings.Contains(text, "< 3") && !strings.Contains(text, "<3") {
		t.Errorf("overview PDF text: %s", text)
	}

	// Done: off the overview's open actions; the municipality page shows it done.
	if r := s.PostForm(t, umea+"/actions/"+overdueID+"/done", url.Values{}); r.Status != 303 {
		t.Fatalf("done: %d", r.Status)
	}
	if r := s.PostForm(t, umea+"/actions/"+overdueID+"/done", url.Values{}); r.Status != 303 {
		t.Fatalf("done twice: %d", r.Status)
	}
	s.Get(t, "/api/v1/organisations/"+org.ID+"/municipalities?actions=open").JSON(t, &all)
	if len(all.Municipalities) != 1 || len(all.Municipalities[0].OpenActions) != 1 || all.Municipalities[0].OverdueActions != 0 {
		t.Errorf("after done: %+v", all)
	}
	text := s.Get(t, umea, "Accept", "text/html").Text()
	checkPage(t, "municipality", text)
	for _, want := range []string{"Besök hos kommunledningen", "Kommundirektör (Olle Berg)", "Nätverksträff", "4 deltagare", "Nästa kontakt"} {
		if !strings.Contains(text, want) {
			t.Errorf("the municipality page lacks %q:\n%s", want, mainOf(text))
		}
	}
	if r := s.PostForm(t, umea+"/actions", url.Values{"what": {"Uppföljningsmöte"}, "who": {"Länsstyrelsen"}, "due": {""}}); r.Status != 422 {
		t.Errorf("an action without a day: %d", r.Status)
	}
	if r := s.SendJSON(t, "POST", "/api/v1/organisations/"+org.ID+"/municipalities/2480/actions", map[string]string{"what": "Uppföljningsmöte",
		"who": "Länsstyrelsen", "due": "2027-02-01"}); r.Status != 201 {
		t.Errorf("an action through the API: %d %s", r.Status, r.Body)
	}
}

// municipalityFixture is Länsstyrelsen Västerbotten on 20 November 2026 with an
// online network meeting in October, one registration from each municipality given.
func municipalityFixture(t *testing.T, from ...string) (*apptest.Server, context.Context, events.Organisation, events.Event) {
	t.Helper()
	s := apptest.New(t, apptest.WithClock(time.Date(2026, 11, 20, 12, 0, 0, 0, events.Stockholm)))
	s.Deps.Registrations.SetClock(func() time.Time { return time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm) })
	ctx := storetest.Ctx(t)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "network_meeting",
		TitleSV: "Nätverksträff", Mode: "digital"}, Start: "2026-10-06T09:00", End: "2026-10-06T11:00", OnlineURL: "https://meet.example.se/x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	for i, m := range from {
		if _, err := s.Deps.Registrations.Register(ctx, ev.ID, registration.Input{FirstName: "P", LastName: fmt.Sprint(i), Email: fmt.Sprintf("p%d@example.se", i),
			Organisation: m + " kommun", OrgType: "kommun", Municipality: m, PrivacyOK: true}, "sv"); err != nil {
			t.Fatal(err)
		}
	}
	return s, ctx, org, ev
}
