package registration_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

func TestCountsNeedsAndCSV(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) { in.Mode, in.CapacityOnSite, in.CapacityDigital = "hybrid", 2, 0 })
	ws := w.workshop(ev, "Workshop om äldres hälsa", "2026-10-14T13:00", "2026-10-14T14:00", 1)
	ctx := storetest.Ctx(t)
	people := []struct {
		muni, orgType, gender, mode, diet, access string
	}{
		{"Umeå", "kommun", "kvinna", "on_site", "Vegetarisk", "Hörslinga"},
		{"Umeå", "region", "", "on_site", "vegetarisk", ""},
		{"Luleå", "civilsamhalle", "man", "on_site", "Glutenfri", ""}, // waits: two on-site seats
		{"Kiruna", "universitet", "vill_inte_uppge", "digital", "", ""},
	}
	for i, p := range people {
		in := person(i)
		in.Municipality, in.OrgType, in.Gender, in.Mode, in.Diet, in.Accessibility = p.muni, p.orgType, p.gender, p.mode, p.diet, p.access
		if p.mode == "on_site" {
			in.Workshops = []string{ws.ID}
		}
		if i == 0 {
			in.Organisation = `=HYPERLINK("http://evil.example")`
		}
		if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.svc.Count(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if c.Confirmed != 3 || c.Waiting != 1 || c.ConfirmedOnSite != 2 || c.ConfirmedDigital != 1 || c.SeatsLeftOnSite != 0 || c.SeatsLeftDigital != -1 {
		t.Errorf("counts: %+v", c)
	}
	// Reach counts the confirmed only: the one waiting (from Luleå) is not reached.
	if c.ByMunicipality["Umeå"] != 2 || c.ByMunicipality["Luleå"] != 0 || c.ByCounty["Västerbottens län"] != 2 || c.ByCounty["Norrbottens län"] != 1 || c.ByOrgType["kommun"] != 1 {
		t.Errorf("reach: %+v %+v %+v", c.ByMunicipality, c.ByCounty, c.ByOrgType)
	}
	if len(c.ByGender) != 2 || c.ByGender["kvinna"] != 1 || c.ByGender[""] != 0 {
		t.Errorf("gender counts only answers: %+v", c.ByGender)
	}
	if len(c.Workshops) != 1 || c.Workshops[0].Confirmed != 1 || c.Workshops[0].Waiting != 1 || c.Workshops[0].SeatsLeft != 0 {
		t.Errorf("workshop counts: %+v", c.Workshops)
	}

	needs, err := w.svc.Needs(ctx, ev.ID, nil, "sv")
	if err != nil {
		t.Fatal(err)
	}
	if needs.OnSite != 2 || needs.Diets["vegetarisk"] != 2 || len(needs.Diets) != 1 || len(needs.Accessibility) != 1 {
		t.Errorf("needs of confirmed on-site participants: %+v", needs)
	}

	list, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{})
	sessions, _ := w.events.Sessions(ctx, ev.ID)
	var buf bytes.Buffer
	if err := registration.WriteCSV(&buf, list, registration.CSVExtra{Sessions: sessions}, "sv"); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\ufeff") {
		t.Fatal("the CSV must start with a byte-order mark for Excel")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "Efternamn" || rows[0][5] != "Kommun" {
		t.Fatalf("rows: %v", rows)
	}
	if rows[1][0] != "Öberg 0000" || rows[1][1] != "Åsa" || rows[1][3] != `'=HYPERLINK("http://evil.example")` {
		t.Errorf("first row: %v", rows[1])
	}
	if !strings.Contains(raw, "Workshop om äldres hälsa") || !strings.Contains(raw, "Väntelista") {
		t.Error("workshops and statuses belong in the export")
	}
	filtered, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{Municipality: "Umeå", Mode: events.ModeOnSite})
	if len(filtered) != 2 {
		t.Errorf("filtered list: %d", len(filtered))
	}
}
