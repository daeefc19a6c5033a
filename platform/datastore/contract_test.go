package datastore_test

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

// The contract: the MongoDB behaviour the app relies on, checked on the embedded store
// in `go test ./...` and, unchanged, on a real MongoDB when MONGODB_URI is set (README).
// Each expectation is MongoDB's documented behaviour, not what the embedded store
// happened to do.

// Single-document atomicity: concurrent $inc of one document all count (the embedded
// store's patch 1, third_party/ferretdb/PATCHES.md).
func TestContractConcurrentIncrementsAllCount(t *testing.T) {
	coll, ctx := storetest.DB(t).Collection("counters"), storetest.Ctx(t)
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "c"}, {Key: "n", Value: 0}, {Key: "kept", Value: "yes"}}); err != nil {
		t.Fatal(err)
	}
	const n = 500
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: "c"}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var got struct {
		N    int    `bson:"n"`
		Kept string `bson:"kept"`
	}
	if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: "c"}}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.N != n || got.Kept != "yes" {
		t.Errorf("after %d concurrent $inc: n = %d, kept = %q", n, got.N, got.Kept)
	}
}

// A conditional update is a claim: 20 clients take free seats of 5 with
// findOneAndUpdate, and exactly 5 win, each seat once.
func TestContractConditionalUpdatesClaimEachDocumentOnce(t *testing.T) {
	coll, ctx := storetest.DB(t).Collection("claims"), storetest.Ctx(t)
	for i := range 5 {
		if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("seat-%d", i)}, {Key: "free", Value: true}}); err != nil {
			t.Fatal(err)
		}
	}
	const clients = 20
	won := make([]string, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			var doc struct {
				ID string `bson:"_id"`
			}
			err := coll.FindOneAndUpdate(ctx, bson.D{{Key: "free", Value: true}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "free", Value: false}, {Key: "by", Value: i}}}}).Decode(&doc)
			switch {
			case errors.Is(err, mongo.ErrNoDocuments):
			case err != nil:
				errs[i] = err
			default:
				won[i] = doc.ID
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	seats := map[string]int{}
	for _, id := range won {
		if id != "" {
			seats[id]++
		}
	}
	if len(seats) != 5 {
		t.Errorf("%d seats taken, want 5: %v", len(seats), seats)
	}
	for id, n := range seats {
		if n != 1 {
			t.Errorf("%s taken by %d clients", id, n)
		}
	}
	if n, err := coll.CountDocuments(ctx, bson.D{{Key: "free", Value: false}}); err != nil || n != 5 {
		t.Errorf("taken seats in the store: %d (%v)", n, err)
	}
}

// The rest of what the code relies on, each a case.
func TestContractQueriesAndWrites(t *testing.T) {
	db, ctx := storetest.DB(t), storetest.Ctx(t)
	coll := db.Collection("contract")
	var docs []any
	for i := range 150 {
		docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("d%03d", i)}, {Key: "event_id", Value: fmt.Sprintf("e%d", i%3)},
			{Key: "n", Value: i}, {Key: "tags", Value: bson.A{"t" + fmt.Sprint(i%2), "all"}}, {Key: "note", Value: "keep"}})
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	ids := func(filter bson.D, opts ...options.Lister[options.FindOptions]) []string {
		t.Helper()
		cur, err := coll.Find(ctx, filter, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var out []struct {
			ID string `bson:"_id"`
		}
		if err := cur.All(ctx, &out); err != nil {
			t.Fatal(err)
		}
		list := make([]string, len(out))
		for i, d := range out {
			list[i] = d.ID
		}
		return list
	}
	t.Run("E11000 on a second insert of an _id", func(t *testing.T) {
		_, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "d000"}})
		if !datastore.IsDuplicate(err) {
			t.Errorf("second insert: %v", err)
		}
	})
	t.Run("a cursor past the first batch of 101", func(t *testing.T) {
		if got := ids(bson.D{}); len(got) != 150 {
			t.Errorf("%d documents, want 150", len(got))
		}
	})
	t.Run("equality on a field", func(t *testing.T) {
		if got := ids(bson.D{{Key: "event_id", Value: "e1"}}); len(got) != 50 {
			t.Errorf("event e1: %d, want 50", len(got))
		}
	})
	t.Run("$in", func(t *testing.T) {
		if got := ids(bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: bson.A{"e0", "e2"}}}}}); len(got) != 100 {
			t.Errorf("$in: %d, want 100", len(got))
		}
	})
	t.Run("a range of _id, sorted and limited", func(t *testing.T) {
		got := ids(bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: "d100"}, {Key: "$lt", Value: "d110"}}}},
			options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(3))
		if fmt.Sprint(got) != "[d109 d108 d107]" {
			t.Errorf("range: %v", got)
		}
	})
	t.Run("equality matches an element of an array", func(t *testing.T) {
		got := ids(bson.D{{Key: "tags", Value: "t1"}})
		sort.Strings(got)
		if len(got) != 75 || got[0] != "d001" {
			t.Errorf("array element: %d %v", len(got), got[:min(3, len(got))])
		}
	})
	t.Run("equality on strings however they are escaped", func(t *testing.T) {
		odd := []string{`<Umeå & Co> "citat"`, "tab\there", "emoji 🎉", `back\slash`, "ÅÄÖ åäö"}
		for i, v := range odd {
			if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("odd%d", i)}, {Key: "event_id", Value: "odd"}, {Key: "name", Value: v}}); err != nil {
				t.Fatal(err)
			}
		}
		for i, v := range odd {
			if got := ids(bson.D{{Key: "name", Value: v}, {Key: "event_id", Value: "odd"}}); fmt.Sprint(got) != fmt.Sprintf("[odd%d]", i) {
				t.Errorf("%q: %v", v, got)
			}
		}
	})
	t.Run("equality beside an operator, and on a field of another type", func(t *testing.T) {
		got := ids(bson.D{{Key: "event_id", Value: "e1"}, {Key: "n", Value: bson.D{{Key: "$lt", Value: 10}}}})
		if fmt.Sprint(got) != "[d001 d004 d007]" {
			t.Errorf("e1 below 10: %v", got)
		}
		if got := ids(bson.D{{Key: "n", Value: "1"}}); len(got) != 0 {
			t.Errorf("a string never equals a number: %v", got)
		}
	})
	t.Run("$set and $unset leave the other fields", func(t *testing.T) {
		if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: "d005"}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: -5}}}, {Key: "$unset", Value: bson.D{{Key: "tags", Value: ""}}}}); err != nil {
			t.Fatal(err)
		}
		var got bson.M
		if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: "d005"}}).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if _, has := got["tags"]; has || fmt.Sprint(got["n"]) != "-5" || got["note"] != "keep" || got["event_id"] != "e2" {
			t.Errorf("after $set and $unset: %v", got)
		}
	})
	t.Run("a conditional update that matches nothing changes nothing", func(t *testing.T) {
		res, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: "d006"}, {Key: "n", Value: 999}}, bson.D{{Key: "$set", Value: bson.D{{Key: "note", Value: "changed"}}}})
		if err != nil || res.MatchedCount != 0 {
			t.Fatalf("%+v %v", res, err)
		}
		var got bson.M
		if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: "d006"}}).Decode(&got); err != nil || got["note"] != "keep" {
			t.Errorf("d006: %v %v", got, err)
		}
	})
	t.Run("a delete by filter deletes what it matched", func(t *testing.T) {
		res, err := coll.DeleteMany(ctx, bson.D{{Key: "event_id", Value: "e0"}, {Key: "n", Value: bson.D{{Key: "$lt", Value: 30}}}})
		if err != nil || res.DeletedCount != 10 {
			t.Errorf("deleted %+v %v, want 10", res, err)
		}
	})
}
