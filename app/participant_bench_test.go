package app_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The registration path against the floor under it: one raw driver insert of a
// registration-sized document on the same store, measured side by side in one run
// (these machines are noisy, ratios are what compare). Figures: docs/benchmarks.md.
//
//	go test ./app -run XXX -bench RegistrationCost -benchtime 1x
func BenchmarkRegistrationCost(b *testing.B) {
	for b.Loop() {
		// Rounds of 50 inserts and 50 registrations, alternating, so that both see the
		// same machine and the same growing store.
		rounds, each := 8, 50
		s, ev := benchEvent(b, 500)
		raw := s.DB.Collection("bench_raw")
		ctx := storetest.Ctx(b)
		var rawTime, regTime time.Duration
		for round := range rounds {
			t0 := time.Now()
			for i := range each {
				if _, err := raw.InsertOne(ctx, rawRegistration(round*each+i)); err != nil {
					b.Fatal(err)
				}
			}
			rawTime += time.Since(t0)
			t0 = time.Now()
			for i := range each {
				benchRegister(b, s, ev.ID, round*each+i)
			}
			regTime += time.Since(t0)
		}
		n := time.Duration(rounds * each)
		b.ReportMetric(float64(rawTime/n)/1e6, "raw-insert-ms")
		b.ReportMetric(float64(regTime/n)/1e6, "registration-ms")
		b.ReportMetric(float64(regTime)/float64(rawTime), "registration/insert")
	}
}

// BenchmarkRegistrationBurstVsInserts: 2,000 registrations for 500 seats at
// concurrency 50 through the JSON API, against 2,000 raw inserts at concurrency 50.
//
//	go test ./app -run XXX -bench RegistrationBurstVsInserts -benchtime 1x
func BenchmarkRegistrationBurstVsInserts(b *testing.B) {
	for b.Loop() {
		n, concurrency := 2000, 50
		s, ev := benchEvent(b, 500)
		raw := s.DB.Collection("bench_raw")
		ctx := storetest.Ctx(b)
		run := func(op func(i int)) float64 {
			work := make(chan int, n)
			for i := range n {
				work <- i
			}
			close(work)
			var wg sync.WaitGroup
			t0 := time.Now()
			for range concurrency {
				wg.Go(func() {
					for i := range work {
						op(i)
					}
				})
			}
			wg.Wait()
			return float64(n) / time.Since(t0).Seconds()
		}
		inserts := run(func(i int) {
			if _, err := raw.InsertOne(ctx, rawRegistration(i)); err != nil {
				b.Error(err)
			}
		})
		registrations := run(func(i int) { benchRegister(b, s, ev.ID, i) })
		b.ReportMetric(inserts, "inserts/s")
		b.ReportMetric(registrations, "registrations/s")
		b.ReportMetric(registrations/inserts, "registrations/inserts")
	}
}

func benchEvent(b *testing.B, seats int) (*apptest.Server, events.Event) {
	b.Helper()
	s := apptest.New(b, apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0"), apptest.WithEnv("PARTICIPANT_CONCURRENCY", "64"), apptest.Anonymous())
	ctx := storetest.Ctx(b)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Dalarna", Kind: "region", County: "20"})
	if err != nil {
		b.Fatal(err)
	}
	day := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen", VenueName: "Dalarnas museum", VenueCity: "Falun", Mode: "on_site", CapacityOnSite: seats},
		Start:        day + "T09:00", End: day + "T16:00",
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		b.Fatal(err)
	}
	return s, ev
}

func benchRegister(b *testing.B, s *apptest.Server, eventID string, i int) {
	body := regJSONPerson(fmt.Sprintf("person%05d@falun.se", i))
	body["waitlist_ok"] = true
	r := s.SendJSON(b, "POST", "/api/v1/public/events/"+eventID+"/registrations", body, "X-Forwarded-For", fmt.Sprintf("10.3.%d.%d", i/250, i%250))
	if r.Status != 201 {
		b.Errorf("registration %d: %d %s", i, r.Status, r.Body)
	}
}

// rawRegistration is a document of the size and shape of a stored registration.
func rawRegistration(i int) bson.D {
	now := time.Now().UTC()
	return bson.D{{Key: "_id", Value: fmt.Sprintf("raw%05d-%d", i, now.UnixNano())}, {Key: "event_id", Value: "e1"},
		{Key: "first_name", Value: "Kim"}, {Key: "last_name", Value: "Lindqvist"}, {Key: "email", Value: fmt.Sprintf("person%05d@falun.se", i)},
		{Key: "organisation", Value: "Skellefteå kommun"}, {Key: "org_type", Value: "kommun"}, {Key: "municipality", Value: "Skellefteå"},
		{Key: "county", Value: "Västerbottens län"}, {Key: "mode", Value: "on_site"}, {Key: "list_consent", Value: false},
		{Key: "lang", Value: "sv"}, {Key: "category", Value: "participant"}, {Key: "workshops", Value: bson.A{}},
		{Key: "status", Value: "confirmed"}, {Key: "waitlist_ok", Value: true}, {Key: "arrived_at", Value: now.UnixNano()},
		{Key: "ticket", Value: int64(i)}, {Key: "created_at", Value: now}, {Key: "updated_at", Value: now}}
}

// BenchmarkParticipantList: the organiser's participant page and the registrations
// API for an event with 3,000 registrations (2,500 confirmed, 500 waiting).
//
//	go test ./app -run XXX -bench ParticipantList -benchtime 5x
func BenchmarkParticipantList(b *testing.B) {
	s := apptest.New(b)
	ctx := storetest.Ctx(b)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Dalarna", Kind: "region", County: "20"})
	if err != nil {
		b.Fatal(err)
	}
	day := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen", VenueName: "Lugnet", VenueCity: "Falun", Mode: "on_site", CapacityOnSite: 2500},
		Start:        day + "T09:00", End: day + "T16:00",
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		b.Fatal(err)
	}
	work := make(chan int, 3000)
	for i := range 3000 {
		work <- i
	}
	close(work)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range work {
				in := registration.Input{FirstName: "Kim", LastName: fmt.Sprintf("Lindqvist %05d", i), Email: fmt.Sprintf("p%05d@falun.se", i),
					Organisation: "Falu kommun", OrgType: "kommun", Municipality: "Falun", PrivacyOK: true, WaitlistOK: true}
				if _, err := s.Deps.Registrations.Register(ctx, ev.ID, in, "sv"); err != nil {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	page, api := time.Duration(0), time.Duration(0)
	for b.Loop() {
		t0 := time.Now()
		if r := s.Get(b, "/organiser/events/"+ev.ID+"/participants", "Accept", "text/html"); r.Status != 200 {
			b.Fatalf("page: %d", r.Status)
		}
		page += time.Since(t0)
		t0 = time.Now()
		if r := s.Get(b, "/api/v1/events/"+ev.ID+"/registrations"); r.Status != 200 {
			b.Fatalf("api: %d", r.Status)
		}
		api += time.Since(t0)
	}
	b.ReportMetric(float64(page)/float64(b.N)/1e6, "page-ms")
	b.ReportMetric(float64(api)/float64(b.N)/1e6, "api-ms")
}
