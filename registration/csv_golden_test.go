package registration_test

import (
	"bytes"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/testtools"
	"folkhalsa-events/registration"
)

// The participant CSV as Excel opens it, in both languages, against golden files in
// testdata/ (go test ./registration -update rewrites them after a deliberate change).
// The rows cover every column's kinds of value: a workshop seat and a workshop
// waiting place, a person who did not say their gender, a cell that would be a
// spreadsheet formula, a workshop taken off the agenda since (left out), and a
// cancelled registration.
func TestParticipantCSVGoldenFiles(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2026, 9, d, h, m, 0, 0, events.Stockholm) }
	sessions := []events.Session{
		{ID: "ws1", Title: events.Text{SV: "Barns uppväxtvillkor", EN: "Children's living conditions"}},
		{ID: "ws2", Title: events.Text{SV: "Psykisk hälsa", EN: "Mental health"}},
	}
	list := []registration.Registration{
		{
			ID: "r1", FirstName: "Åsa", LastName: "Öberg", Email: "asa.oberg@umea.se", Organisation: "Umeå kommun",
			OrgType: "kommun", Municipality: "Umeå", County: "Västerbottens län", Role: "Folkhälsostrateg",
			Mode: events.ModeOnSite, Status: registration.StatusConfirmed, Diet: "Vegetarisk", Accessibility: "Hörslinga",
			Gender: "kvinna", ListConsent: true, CreatedAt: at(1, 9, 5),
			Workshops: []registration.WorkshopChoice{{SessionID: "ws1", Status: registration.StatusConfirmed}, {SessionID: "removed-since", Status: registration.StatusConfirmed}, {SessionID: "ws2", Status: registration.StatusWaiting}},
		},
		{
			ID: "r2", FirstName: "Erik", LastName: "Lind", Email: "erik.lind@regionvasterbotten.se", Organisation: `=HYPERLINK("http://evil.example")`,
			OrgType: "region", Municipality: "Skellefteå", County: "Västerbottens län",
			Mode: events.ModeDigital, Status: registration.StatusConfirmed, Gender: "vill_inte_uppge", CreatedAt: at(2, 14, 30),
		},
		{
			ID: "r3", FirstName: "Lena", LastName: "Berg", Email: "lena@civil.example", Organisation: "Länets föreningar",
			OrgType: "civilsamhalle", Municipality: "Luleå", County: "Norrbottens län",
			Mode: events.ModeOnSite, Status: registration.StatusCancelled, CreatedAt: at(3, 8, 0),
		},
	}
	for _, lang := range []string{"sv", "en"} {
		var buf bytes.Buffer
		if err := registration.WriteCSV(&buf, list, registration.CSVExtra{Sessions: sessions}, lang); err != nil {
			t.Fatal(err)
		}
		testtools.Golden(t, "participants."+lang+".csv", buf.Bytes())
	}
}
