package datastore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

// BenchmarkIDLookups measures, at several collection sizes, the p50 and p99 of an _id
// lookup of the oldest document, of the newest and of a missing one, of an insert and
// of an update by _id; once on a collection prepared by EnsureCollection (with the
// lookup index, sqliteindex.go) and once on one made by its first insert (without).
// Figures and command: docs/benchmarks.md.
func BenchmarkIDLookups(b *testing.B) {
	for _, size := range []int{100, 1000, 5000, 20000} {
		for _, indexed := range []bool{true, false} {
			name := fmt.Sprintf("docs=%d/lookup-index=%v", size, indexed)
			b.Run(name, func(b *testing.B) {
				if !indexed && storetest.Embedded() == nil {
					b.Skip("MongoDB always has its _id index")
				}
				db := storetest.DB(b)
				ctx := storetest.Ctx(b)
				coll := db.Collection("things")
				if indexed {
					if err := datastore.EnsureCollection(ctx, coll); err != nil {
						b.Fatal(err)
					}
				}
				fill(b, ctx, coll, size)
				for b.Loop() {
					measure(b, ctx, coll, size)
				}
			})
		}
	}
}

// fill inserts size documents shaped like registrations, in batches.
func fill(b *testing.B, ctx context.Context, coll *mongo.Collection, size int) {
	b.Helper()
	for start := 0; start < size; start += 1000 {
		var docs []any
		for i := start; i < min(size, start+1000); i++ {
			docs = append(docs, doc(i))
		}
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
}

func doc(i int) bson.D {
	return bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%06d", i)}, {Key: "event_id", Value: "e1"},
		{Key: "first_name", Value: "Åsa"}, {Key: "last_name", Value: fmt.Sprintf("Öberg %d", i)},
		{Key: "email", Value: fmt.Sprintf("asa%d@umea.se", i)}, {Key: "organisation", Value: "Umeå kommun"},
		{Key: "municipality", Value: "Umeå"}, {Key: "status", Value: "confirmed"}, {Key: "at", Value: time.Now()}}
}

const probes = 100

func measure(b *testing.B, ctx context.Context, coll *mongo.Collection, size int) {
	b.Helper()
	timeOf := func(op func(i int) error) (p50, p99 float64) {
		d := make([]time.Duration, probes)
		for i := range probes {
			t0 := time.Now()
			if err := op(i); err != nil {
				b.Fatal(err)
			}
			d[i] = time.Since(t0)
		}
		slices.Sort(d)
		ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
		return ms(d[probes/2]), ms(d[probes*99/100])
	}
	find := func(id string) error {
		err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Err()
		if err == mongo.ErrNoDocuments && id == "missing" {
			return nil
		}
		return err
	}
	oldest50, oldest99 := timeOf(func(int) error { return find("doc-000000") })
	newest50, newest99 := timeOf(func(int) error { return find(fmt.Sprintf("doc-%06d", size-1)) })
	miss50, _ := timeOf(func(int) error { return find("missing") })
	next := size + int(time.Now().UnixNano()%1_000_000)*1000
	ins50, ins99 := timeOf(func(i int) error { _, err := coll.InsertOne(ctx, doc(next+i)); return err })
	upd50, upd99 := timeOf(func(i int) error {
		_, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%06d", size-1-i)}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "cancelled"}}}})
		return err
	})
	b.ReportMetric(oldest50, "oldest-p50-ms")
	b.ReportMetric(oldest99, "oldest-p99-ms")
	b.ReportMetric(newest50, "newest-p50-ms")
	b.ReportMetric(newest99, "newest-p99-ms")
	b.ReportMetric(newest50/oldest50, "newest/oldest")
	b.ReportMetric(miss50, "miss-p50-ms")
	b.ReportMetric(ins50, "insert-p50-ms")
	b.ReportMetric(ins99, "insert-p99-ms")
	b.ReportMetric(upd50, "update-p50-ms")
	b.ReportMetric(upd99, "update-p99-ms")
}

// BenchmarkEventOfOthers finds the 100 registration-shaped documents of one event by
// equality on event_id, in a collection of only them and in one that also holds
// 30,000 of other events, and reports the ratio: a find's cost should follow its
// answer, not the collection (patch 2 of third_party/ferretdb). Figures:
// docs/benchmarks.md.
func BenchmarkEventOfOthers(b *testing.B) {
	db, ctx := storetest.DB(b), storetest.Ctx(b)
	alone, crowded := db.Collection("alone"), db.Collection("crowded")
	for _, coll := range []*mongo.Collection{alone, crowded} {
		if err := datastore.EnsureIndexes(ctx, coll, datastore.Index("by_event", "event_id")); err != nil {
			b.Fatal(err)
		}
	}
	batch := func(coll *mongo.Collection, event string, from, n int) {
		docs := make([]any, 0, n)
		for i := range n {
			docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("%s-%06d", event, from+i)}, {Key: "event_id", Value: event},
				{Key: "first_name", Value: "Förnamn"}, {Key: "last_name", Value: "Efternamn"}, {Key: "email", Value: fmt.Sprintf("p%d@example.se", i)},
				{Key: "organisation", Value: "Umeå kommun"}, {Key: "municipality", Value: "Umeå"}, {Key: "status", Value: "confirmed"},
				{Key: "workshops", Value: bson.A{}}, {Key: "created_at", Value: time.Now()}})
		}
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
	batch(alone, "mine", 0, 100)
	for i := range 300 {
		batch(crowded, fmt.Sprintf("other%03d", i), 0, 100)
	}
	batch(crowded, "mine", 0, 100)
	find := func(coll *mongo.Collection) time.Duration {
		start := time.Now()
		cur, err := coll.Find(ctx, bson.D{{Key: "event_id", Value: "mine"}})
		if err != nil {
			b.Fatal(err)
		}
		var out []bson.M
		if err := cur.All(ctx, &out); err != nil || len(out) != 100 {
			b.Fatalf("%d found: %v", len(out), err)
		}
		return time.Since(start)
	}
	var a, c []time.Duration
	for b.Loop() {
		for range 5 { // interleaved, so both sides see the same machine
			a, c = append(a, find(alone)), append(c, find(crowded))
		}
	}
	slices.Sort(a)
	slices.Sort(c)
	b.ReportMetric(float64(a[len(a)/2].Microseconds())/1000, "alone-ms")
	b.ReportMetric(float64(c[len(c)/2].Microseconds())/1000, "crowded-ms")
	b.ReportMetric(float64(c[len(c)/2])/float64(a[len(a)/2]), "crowded/alone")
}
