package app_test

import (
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The follow-up of a year: 60 events and 12,000 registrations (a third checked in),
// on the embedded store, as JSON and as the page, beside the floor under a count from
// the registrations: one raw read of the registrations and check-ins of those events.
// "cold" counts every event from its registrations (no summaries kept yet); the
// others read the kept summaries of events long over (followup/summaries.go).
// Figures and the command: docs/benchmarks.md.
//
//	go test ./app -run XXX -bench FollowUpYear -benchtime 5x
func BenchmarkFollowUpYear(b *testing.B) {
	s := apptest.New(b, apptest.WithClock(time.Date(2027, 1, 15, 12, 0, 0, 0, events.Stockholm)))
	ctx := storetest.Ctx(b)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "24"})
	if err != nil {
		b.Fatal(err)
	}
	places := []string{"Umeå", "Skellefteå", "Lycksele", "Vilhelmina", "Storuman", "Bjurholm", "Luleå", "Stockholm", "Sorsele"}
	var ids []string
	// The registrations are written straight into their collections, shaped as the
	// registration package writes them: the report only reads them, and 12,000
	// registrations through the form would take the setup minutes.
	regs := s.DB.Collection(registration.RegistrationsCollection)
	checkins := s.DB.Collection("badge_checkins")
	for e := range 60 {
		start := time.Date(2026, time.Month(1+e%11), 1+e%27, 9, 0, 0, 0, events.Stockholm)
		ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "network_meeting",
			TitleSV: fmt.Sprintf("Träff %d", e), VenueName: "Väven", VenueCity: "Umeå", Mode: "on_site", TargetAreas: []int{1 + e%8}},
			Start: start.Format("2006-01-02T15:04"), End: start.Add(3 * time.Hour).Format("2006-01-02T15:04")})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, ev.ID)
		var docs, arrived []any
		for i := range 200 {
			id := fmt.Sprintf("r%02d%03d", e, i)
			m, _ := events.LookupMunicipality(places[(e+i)%len(places)])
			docs = append(docs, registration.Registration{ID: id, EventID: ev.ID, FirstName: "Deltagare", LastName: fmt.Sprint(i),
				Email: id + "@example.se", Organisation: "Kommunen", OrgType: registration.OrgTypes[i%8].Value, Municipality: m.Name,
				County: m.County, Mode: events.ModeOnSite, Gender: registration.Genders[i%4].Value, Lang: "sv",
				Category: registration.CategoryParticipant, Status: registration.StatusConfirmed, Workshops: []registration.WorkshopChoice{},
				Ticket: int64(i + 1), CreatedAt: start.AddDate(0, 0, -10), UpdatedAt: start.AddDate(0, 0, -10)})
			if i%3 == 0 {
				arrived = append(arrived, bson.D{{Key: "_id", Value: id + "|event"}, {Key: "event_id", Value: ev.ID},
					{Key: "registration_id", Value: id}, {Key: "scope", Value: "event"}, {Key: "at", Value: start}})
			}
		}
		if _, err := regs.InsertMany(ctx, docs); err != nil {
			b.Fatal(err)
		}
		if _, err := checkins.InsertMany(ctx, arrived); err != nil {
			b.Fatal(err)
		}
	}
	in := bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: ids}}}}
	summaries := s.DB.Collection(followup.SummariesCollection)
	measure := func(name string, cold bool, f func()) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for b.Loop() {
				if cold {
					b.StopTimer()
					if _, err := summaries.DeleteMany(ctx, bson.D{}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				f()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MiB/op")
		})
	}
	year := "?from=2026-01-01&to=2026-12-31"
	measure("raw-read", false, func() {
		for _, coll := range []string{registration.RegistrationsCollection, "badge_checkins"} {
			cur, err := s.DB.Collection(coll).Find(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			var all []bson.Raw
			if err := cur.All(ctx, &all); err != nil {
				b.Fatal(err)
			}
		}
	})
	json := func() {
		if r := s.Get(b, "/api/v1/organisations/"+org.ID+"/followup"+year); r.Status != 200 || !strings.Contains(string(r.Body), `"reached":4020`) {
			b.Fatalf("JSON: %d %s", r.Status, regexp.MustCompile(`"events_held":[0-9]+|"registered":[0-9]+,"attended":[0-9]+,"no_show":[0-9]+,"reached":[0-9]+}?,"municipalities"`).FindAll(r.Body, -1))
		}
	}
	measure("json-cold", true, json)
	measure("json", false, json)
	measure("page", false, func() {
		if r := s.Get(b, "/organiser/organisations/"+org.ID+"/followup"+year, "Accept", "text/html"); r.Status != 200 {
			b.Fatalf("page: %d", r.Status)
		}
	})
}
