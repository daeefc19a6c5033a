package app_test

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/testtools"
	"folkhalsa-events/registration"
)

// Attendance at a two-day conference: a check-in each day; the participant list, the
// CSV and the JSON show who came on which day; the no-show list; the organiser marks
// someone present from the list.
func TestAttendancePerDayInTheParticipantList(t *testing.T) {
	var now atomic.Pointer[time.Time]
	set := func(at time.Time) { now.Store(&at) }
	day1 := time.Date(2026, 10, 14, 9, 30, 0, 0, events.Stockholm)
	set(day1)
	s := apptest.New(t, apptest.WithClockFunc(func() time.Time { return *now.Load() }),
		apptest.WithEnv("SESSION_IDLE_TIMEOUT", "72h"))
	s.Deps.Registrations.SetClock(func() time.Time { return time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm) })
	ctx := storetest.Ctx(t)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "conference",
		TitleSV: "Folkhälsodagarna", VenueName: "Väven", VenueCity: "Umeå", Mode: "on_site", CapacityOnSite: 10},
		Start: "2026-10-14T09:00", End: "2026-10-15T16:00"})
	if err != nil {
		t.Fatal(err)
	}
	if ev, err = s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	reg := map[string]registration.Registration{}
	token := map[string]string{}
	for _, name := range []string{"Anna", "Bo", "Cecilia"} {
		res, err := s.Deps.Registrations.Register(ctx, ev.ID, registration.Input{FirstName: name, LastName: "Lund",
			Email: strings.ToLower(name) + "@umea.se", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true}, "sv")
		if err != nil {
			t.Fatal(err)
		}
		reg[name], token[name] = res.Registration, res.ManageToken
	}
	desk := badges.Link{EventID: ev.ID, Station: "Entré"}
	checkIn := func(name string) {
		t.Helper()
		res, err := s.Deps.Badges.ManualCheckIn(ctx, desk, reg[name].ID, "")
		if err != nil || res.Outcome != badges.OutcomeOK {
			t.Fatalf("check in %s: %s %v", name, res.Outcome, err)
		}
	}
	checkIn("Anna")
	checkIn("Bo")
	set(day1.Add(24 * time.Hour)) // day 2: Anna comes again; Bo does not
	checkIn("Anna")

	path := "/organiser/events/" + ev.ID + "/participants"
	page := s.Get(t, path, "Accept", "text/html")
	doc := parse(t, page.Text())
	want := map[string]string{"Anna Lund anna@umea.se": "dag 1, dag 2", "Bo Lund bo@umea.se": "dag 1", "Cecilia Lund cecilia@umea.se": "Ej närvarande"}
	for who, w := range want {
		if c := cells(t, doc, "participants", who); len(c) < 7 || !strings.HasPrefix(c[6], w) {
			t.Errorf("%s: attendance %q, want %q", who, c, w)
		}
	}
	noShow := parse(t, s.Get(t, path+"?attendance=no_show", "Accept", "text/html").Text())
	if got := rowKeys(noShow, "participants"); len(got) != 1 {
		t.Errorf("no-show list: %v, want only Cecilia", got)
	}
	if r := s.Get(t, path+"?attendance=maybe", "Accept", "text/html"); r.Status != 422 {
		t.Errorf("unknown attendance filter: %d", r.Status)
	}

	// The CSV: a column per day.
	csvResp := s.Get(t, path+".csv")
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvResp.Body, []byte("\ufeff"))))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("CSV: %v %d", err, len(rows))
	}
	head := strings.Join(rows[0], ";")
	if !strings.HasSuffix(head, "Närvarande dag 1;Närvarande dag 2") {
		t.Errorf("CSV header: %s", head)
	}
	for _, row := range rows[1:] {
		days := strings.Join(row[len(row)-2:], ",")
		if w := map[string]string{"Anna": "Ja,Ja", "Bo": "Ja,Nej", "Cecilia": "Nej,Nej"}[row[1]]; days != w {
			t.Errorf("CSV %s: %s, want %s", row[1], days, w)
		}
	}

	// The JSON.
	var out struct {
		Registrations []struct {
			FirstName    string   `json:"first_name"`
			Attended     *bool    `json:"attended"`
			AttendedDays []string `json:"attended_days"`
		} `json:"registrations"`
	}
	s.Get(t, "/api/v1/events/"+ev.ID+"/registrations").JSON(t, &out)
	for _, r := range out.Registrations {
		switch r.FirstName {
		case "Anna":
			if r.Attended == nil || !*r.Attended || len(r.AttendedDays) != 2 {
				t.Errorf("Anna in JSON: %+v", r)
			}
		case "Cecilia":
			if r.Attended == nil || *r.Attended || len(r.AttendedDays) != 0 {
				t.Errorf("Cecilia in JSON: %+v", r)
			}
		}
	}

	// Cecilia came after all on day 2: the organiser marks her present, then undoes it.
	r := s.PostForm(t, path+"/"+reg["Cecilia"].ID+"/attendance", url.Values{"present": {"yes"}})
	if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "notice=marked") {
		t.Fatalf("mark present: %d %s", r.Status, r.Header.Get("Location"))
	}
	att, err := s.Deps.Badges.Attendance(ctx, ev.ID)
	if err != nil || len(att[reg["Cecilia"].ID]) != 1 || att[reg["Cecilia"].ID][0] != "2026-10-15" {
		t.Errorf("Cecilia marked on day 2: %v %v", att, err)
	}
	if r := s.PostForm(t, path+"/"+reg["Cecilia"].ID+"/attendance", url.Values{"present": {"no"}}); r.Status != 303 {
		t.Fatalf("unmark: %d", r.Status)
	}
	if att, _ := s.Deps.Badges.Attendance(ctx, ev.ID); len(att[reg["Cecilia"].ID]) != 0 {
		t.Errorf("Cecilia unmarked: %v", att)
	}

	// Certificates: Anna's (two days, 14 hours) and Bo's (day 1, 7 hours) from their
	// manage links, none for Cecilia; all of them for the organiser.
	cert := func(name string, status int) string {
		t.Helper()
		path := "/manage/" + reg[name].ID + "/" + token[name]
		if status == 200 && !strings.Contains(s.Get(t, path, "Accept", "text/html").Text(), path+"/certificate.pdf") {
			t.Errorf("%s's manage page does not link the certificate", name)
		}
		r := s.Get(t, path+"/certificate.pdf")
		if r.Status != status {
			t.Fatalf("%s's certificate: %d", name, r.Status)
		}
		if status != 200 {
			return ""
		}
		return pdfToText(t, r.Body)
	}
	if text := cert("Anna", 200); !strings.Contains(text, "Intyg") || !strings.Contains(text, "Anna Lund") ||
		!strings.Contains(text, "Folkhälsodagarna") || !strings.Contains(text, "Omfattning: 14 timmar") || !strings.Contains(text, "Region Västerbotten") {
		t.Errorf("Anna's certificate:\n%s", text)
	}
	if text := cert("Bo", 200); !strings.Contains(text, "Omfattning: 7 timmar") || !strings.Contains(text, "Deltog: onsdag 14 oktober 2026") {
		t.Errorf("Bo's certificate:\n%s", text)
	}
	cert("Cecilia", 404)
	all := s.Get(t, "/organiser/events/"+ev.ID+"/certificates.pdf")
	if all.Status != 200 {
		t.Fatalf("bulk certificates: %d", all.Status)
	}
	if text := pdfToText(t, all.Body); strings.Count(text, "Härmed intygas att") != 2 || strings.Contains(text, "Cecilia") {
		t.Errorf("bulk certificates:\n%s", text)
	}
}

// pdfToText is a PDF's text (pdftotext), white space collapsed.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := testtools.RequireTool(t, "pdftotext", "poppler-utils")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-raw", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
