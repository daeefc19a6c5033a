package registration_test

import (
	"sync"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// BenchmarkRegistrationBurst registers 1,000 people at once for 100 on-site seats and
// a 20-seat workshop (the opening minute of a popular conference), on the embedded
// store. Figures: docs/benchmarks.md.
func BenchmarkRegistrationBurst(b *testing.B) {
	for range b.N {
		b.StopTimer()
		w := newWorld(b)
		ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = 100 })
		ws := w.workshop(ev, "Workshop", "2026-10-14T13:00", "2026-10-14T14:00", 20)
		ctx := storetest.Ctx(b)
		b.StartTimer()
		var wg sync.WaitGroup
		for j := range 1000 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := person(j)
				in.Workshops = []string{ws.ID}
				if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/burst")
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "registrations/s")
}
