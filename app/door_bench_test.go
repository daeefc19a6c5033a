package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// BenchmarkScanLatency measures the door: 4 stations (4 scanner links, 4 HTTP clients
// with keep-alive) scan fresh badges as fast as they can over a real loopback
// listener, each scan a POST /api/v1/scan/<token> that authorises the link, checks
// the code, reads the registration and inserts the check-in. b.N is the number of
// badges; it reports the median and 99th percentile latency per scan and scans/s.
//
//	go test ./app -run XXX -bench ScanLatency -benchtime 500x
func BenchmarkScanLatency(b *testing.B) {
	const stations = 4
	s := apptest.New(b, apptest.WithClock(doorNow))
	ctx := storetest.Ctx(b)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		b.Fatal(err)
	}
	ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen 2026", VenueName: "Folkets hus", VenueCity: "Umeå", Mode: "on_site"},
		Start:        "2026-10-14T09:00", End: "2026-10-14T16:00",
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		b.Fatal(err)
	}

	// b.N participants, registered 4 at a time a month before (their badges are made
	// only when their mail is sent, which nothing does here).
	s.Deps.Registrations.SetClock(func() time.Time { return doorRegister })
	codes := make([]string, b.N)
	var wg sync.WaitGroup
	next := make(chan int)
	for range stations {
		wg.Go(func() {
			for i := range next {
				res, err := s.Deps.Registrations.Register(ctx, ev.ID, registration.Input{
					FirstName: "Deltagare", LastName: fmt.Sprintf("Nummer %05d", i), Email: fmt.Sprintf("p%05d@example.se", i),
					Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true,
				}, "sv")
				if err != nil {
					b.Error(err)
					return
				}
				codes[i] = s.Deps.Badges.Coder().Code(res.Registration.ID)
			}
		})
	}
	for i := range b.N {
		next <- i
	}
	close(next)
	wg.Wait()
	s.Deps.Registrations.SetClock(func() time.Time { return doorNow })
	if b.Failed() {
		return
	}
	var tokens []string
	for i := range stations {
		r := s.SendJSON(b, "POST", "/api/v1/events/"+ev.ID+"/scanner-links", map[string]string{"station": fmt.Sprintf("Entré %d", i+1)})
		var out struct{ Token string }
		r.JSON(b, &out)
		tokens = append(tokens, out.Token)
	}
	base := apptest.Listen(b, s.App)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: stations}, Timeout: 30 * time.Second}
	// One scan per station first, so connections and the station figures are warm.
	for _, tok := range tokens {
		resp, err := client.Post(base+"/api/v1/scan/"+tok, "application/json", bytes.NewReader([]byte(`{"code":"WARMUP"}`)))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}

	runtime.GC()
	latencies := make([]time.Duration, b.N)
	work := make(chan int, b.N)
	for i := range b.N {
		work <- i
	}
	close(work)
	b.ResetTimer()
	start := time.Now()
	for st := range stations {
		wg.Go(func() {
			for i := range work {
				body, _ := json.Marshal(map[string]string{"code": codes[i]})
				t0 := time.Now()
				resp, err := client.Post(base+"/api/v1/scan/"+tokens[st], "application/json", bytes.NewReader(body))
				if err != nil {
					b.Error(err)
					return
				}
				var res struct{ Outcome string }
				err = json.NewDecoder(resp.Body).Decode(&res)
				resp.Body.Close()
				latencies[i] = time.Since(t0)
				if err != nil || res.Outcome != "ok" {
					b.Errorf("scan %d: %v %q", i, err, res.Outcome)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	// Does the door slow down as check-ins pile up? Scans were taken in order, so the
	// first and last quarters of the indexes are the first and last quarters in time.
	quarter := func(part []time.Duration) float64 {
		part = slices.Clone(part)
		slices.Sort(part)
		return float64(part[len(part)/2]) / float64(time.Millisecond)
	}
	if b.N >= 8 {
		q1, q4 := quarter(latencies[:b.N/4]), quarter(latencies[b.N-b.N/4:])
		b.ReportMetric(q1, "q1-p50-ms")
		b.ReportMetric(q4, "q4-p50-ms")
		b.ReportMetric(q4/q1, "q4/q1")
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "scans/s")
}
