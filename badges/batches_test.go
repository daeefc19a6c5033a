package badges_test

import (
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore/storetest"
)

func TestPrintedBatches(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)

	printed, err := d.svc.Printed(ctx, "ev1")
	if err != nil || len(printed) != 0 {
		t.Fatalf("nothing printed yet: %v, %v", printed, err)
	}
	if err := d.svc.RecordPrinted(ctx, "ev1", nil); err != nil {
		t.Fatalf("an empty batch: %v", err)
	}

	first := eventDay.Add(-48 * time.Hour)
	d.setClock(first)
	if err := d.svc.RecordPrinted(ctx, "ev1", []string{"aaaa", "bbbb", "aaaa"}); err != nil {
		t.Fatal(err)
	}
	// Another event's batch, including an id of the first one and an event id that
	// begins like the first event's.
	if err := d.svc.RecordPrinted(ctx, "ev10", []string{"aaaa", "zzzz"}); err != nil {
		t.Fatal(err)
	}

	// A second batch: one new, one printed before (keeps its first time).
	second := eventDay.Add(-24 * time.Hour)
	d.setClock(second)
	if err := d.svc.RecordPrinted(ctx, "ev1", []string{"bbbb", "cccc"}); err != nil {
		t.Fatalf("a batch with an already printed badge: %v", err)
	}

	printed, err = d.svc.Printed(ctx, "ev1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"aaaa": first, "bbbb": first, "cccc": second}
	if len(printed) != len(want) {
		t.Fatalf("printed %v, want %v", printed, want)
	}
	for id, at := range want {
		if !printed[id].Equal(at) {
			t.Errorf("%s printed at %v, want %v", id, printed[id], at)
		}
	}
	other, err := d.svc.Printed(ctx, "ev10")
	if err != nil || len(other) != 2 || other["zzzz"].IsZero() {
		t.Errorf("the other event's batch: %v, %v", other, err)
	}

	// One document per event and registration, with the agreed _id.
	docs := d.find("badge_printed", bson.D{})
	if len(docs) != 5 {
		t.Errorf("%d documents, want 5", len(docs))
	}
	if n := len(d.find("badge_printed", bson.D{{Key: "_id", Value: "ev1|aaaa"}})); n != 1 {
		t.Errorf("no document ev1|aaaa")
	}
}

func TestPrintedBatchesConcurrently(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	ids := []string{"r1", "r2", "r3", "r4", "r5", "r6"}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errs <- d.svc.RecordPrinted(ctx, "ev1", ids) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent batch: %v", err)
		}
	}
	printed, err := d.svc.Printed(ctx, "ev1")
	if err != nil || len(printed) != len(ids) {
		t.Errorf("printed %v (%v), want %d", printed, err, len(ids))
	}
	if n := len(d.find("badge_printed", bson.D{})); n != len(ids) {
		t.Errorf("%d documents, want %d", n, len(ids))
	}
}
