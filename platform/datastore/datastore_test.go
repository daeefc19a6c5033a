package datastore_test

import (
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// The store rule: concurrent inserts of one _id leave exactly one document, and every
// loser gets an error recognised as a duplicate key. Capacity, one-registration-per-email
// and one-check-in-per-badge all rest on this.
func TestConcurrentInsertsOfOneIDExactlyOneWins(t *testing.T) {
	db := storetest.DB(t)
	ctx := storetest.Ctx(t)
	coll := db.Collection("seats")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "warm-up"}}); err != nil {
		t.Fatal(err)
	}

	const n = 200
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "seat-1"}, {Key: "by", Value: i}})
		}()
	}
	wg.Wait()

	var won, dup int
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case datastore.IsDuplicate(err):
			dup++
		default:
			t.Errorf("insert %d: unexpected error %v", i, err)
		}
	}
	if won != 1 || dup != n-1 {
		t.Fatalf("won=%d duplicates=%d, want 1 and %d", won, dup, n-1)
	}
	count, err := coll.CountDocuments(ctx, bson.D{{Key: "_id", Value: "seat-1"}})
	if err != nil || count != 1 {
		t.Fatalf("documents with _id seat-1: %d (%v), want 1", count, err)
	}
}

func TestUniqueIndexHoldsUnderConcurrency(t *testing.T) {
	db := storetest.DB(t)
	ctx := storetest.Ctx(t)
	coll := db.Collection("registrations")
	if err := datastore.EnsureIndexes(ctx, coll, datastore.Unique("uniq_event_email", "event_id", "email")); err != nil {
		t.Fatal(err)
	}
	const n = 100
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = coll.InsertOne(ctx, bson.D{{Key: "event_id", Value: "e1"}, {Key: "email", Value: "anna@example.se"}})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if !datastore.IsDuplicate(err) {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d inserts won, want 1", won)
	}
}

func TestEnsureIndexesIsIdempotent(t *testing.T) {
	db := storetest.DB(t)
	ctx := storetest.Ctx(t)
	coll := db.Collection("things")
	for range 3 {
		if err := datastore.EnsureIndexes(ctx, coll, datastore.Unique("uniq_code", "code"), datastore.Index("by_event", "event_id")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "code", Value: "x"}}); err != nil {
		t.Fatal(err)
	}
	_, err := coll.InsertOne(ctx, bson.D{{Key: "code", Value: "x"}})
	if !datastore.IsDuplicate(err) {
		t.Fatalf("second insert: %v, want duplicate key", err)
	}
}
