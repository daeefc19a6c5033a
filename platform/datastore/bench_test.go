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
