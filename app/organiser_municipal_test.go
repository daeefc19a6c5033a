package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The county's municipalities: every one listed with its step, phase and this year's
// reach; a municipality's path and phase kept in order with who set them; contacts
// and agreements added (and a contact removed); a municipality of another county is
// not found.
func TestMunicipalitiesOfTheCounty(t *testing.T) {
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
	for i := range 4 {
		if _, err := s.Deps.Registrations.Register(ctx, ev.ID, registration.Input{FirstName: "P", LastName: fmt.Sprint(i), Email: fmt.Sprintf("p%d@umea.se", i),
			Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true}, "sv"); err != nil {
			t.Fatal(err)
		}
	}
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
	if csvText := string(s.Get(t, base+".csv").Body); !strings.Contains(csvText, "2480;Umeå;3. Besök hos kommunledningen;1. Kartläggning och analys;1;4") {
		t.Errorf("overview CSV:\n%s", csvText)
	}
	if r := s.Get(t, base+"/0180", "Accept", "text/html"); r.Status != 404 {
		t.Errorf("Stockholm is not in the county: %d", r.Status)
	}
}
