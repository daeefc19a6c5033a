package registration_test

import (
	"fmt"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// Sending a message is one insert however many it goes to: the mails are queued
// after the request. BenchmarkMessageSend measures the request's part for 1 and 2,000
// confirmed participants side by side (their ratio is the figure that matters:
// docs/benchmarks.md); BenchmarkMessageDelivery2000 the queueing that follows.

// messageEvent is an event with n confirmed participants, stored as registering
// would leave them (inserted directly: registering 2,000 would dwarf the benchmark).
func messageEvent(b *testing.B, n int) (*world, events.Event) {
	w := newWorld(b)
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = n })
	docs := make([]any, n)
	for i := range docs {
		docs[i] = registration.Registration{
			ID: fmt.Sprintf("r%05d", i), EventID: ev.ID, FirstName: "Åsa", LastName: fmt.Sprintf("Öberg %05d", i),
			Email: fmt.Sprintf("asa.oberg%d@umea.se", i), Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå",
			Mode: events.ModeOnSite, Lang: "sv", Category: registration.CategoryParticipant, Status: registration.StatusConfirmed,
			Workshops: []registration.WorkshopChoice{}, ArrivedAt: int64(i), Ticket: int64(i + 1),
			CreatedAt: w.now.UTC(), UpdatedAt: w.now.UTC(),
		}
	}
	if _, err := w.db.Collection(registration.RegistrationsCollection).InsertMany(storetest.Ctx(b), docs); err != nil {
		b.Fatal(err)
	}
	return w, ev
}

var benchDraft = registration.MessageDraft{
	Subject: events.Text{SV: "Inför {evenemang}"},
	Body:    events.Text{SV: "Hej {förnamn}!\n\nProgrammet är klart.\n\nDin anmälan: {hanteringslänk}"},
}

func BenchmarkMessageSend(b *testing.B) {
	for _, n := range []int{1, 2000} {
		b.Run(fmt.Sprintf("recipients=%d", n), func(b *testing.B) {
			w, ev := messageEvent(b, n)
			ctx := storetest.Ctx(b)
			b.ResetTimer()
			for range b.N {
				if _, err := w.svc.SendMessage(ctx, ev, benchDraft, "bench"); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				w.svc.WaitBackground(ctx) // the delivery is not the request's
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/request")
		})
	}
}

func BenchmarkMessageDelivery2000(b *testing.B) {
	w, ev := messageEvent(b, 2000)
	ctx := storetest.Ctx(b)
	var total time.Duration
	for range b.N {
		b.StopTimer()
		msg, err := w.svc.SendMessage(ctx, ev, benchDraft, "bench")
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		b.StartTimer()
		w.svc.WaitBackground(ctx)
		total += time.Since(start)
		if got := len(w.mail.of("message", "")); got < 2000 {
			b.Fatalf("%d mails queued for message %s, want 2,000", got, msg.ID)
		}
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/delivery")
}
