package datastore

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Unique is a named unique index over the given fields, ascending.
func Unique(name string, fields ...string) mongo.IndexModel {
	m := Index(name, fields...)
	m.Options.SetUnique(true)
	return m
}

// Index is a named plain index over the given fields, ascending.
func Index(name string, fields ...string) mongo.IndexModel {
	keys := bson.D{}
	for _, f := range fields {
		keys = append(keys, bson.E{Key: f, Value: 1})
	}
	return mongo.IndexModel{Keys: keys, Options: options.Index().SetName(name)}
}

// EnsureIndexes creates the collection and the indexes if they are missing. Creating
// an index that already exists with the same definition is a no-op on MongoDB and
// FerretDB, so this runs at every start. Partial and TTL indexes are not used:
// FerretDB 1.x lacks them. On the embedded store the collection also gets its _id
// lookup index (sqliteindex.go).
func EnsureIndexes(ctx context.Context, coll *mongo.Collection, models ...mongo.IndexModel) error {
	if len(models) == 0 {
		return EnsureCollection(ctx, coll)
	}
	embedded := embeddedOf(coll.Database().Client()) != nil
	// One at a time: FerretDB 1.24 panics on a createIndexes command that names two or
	// more indexes which all exist already, i.e. on every restart after the first.
	for _, m := range models {
		if embedded && !unique(m) {
			// The embedded store answers every filter but a lone _id by reading the
			// whole collection, so a plain index there never serves a query and only
			// makes every write slower. Unique indexes stay: they hold invariants.
			continue
		}
		if _, err := coll.Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("create index on %s: %w", coll.Name(), err)
		}
	}
	if embedded {
		return EnsureCollection(ctx, coll)
	}
	return nil
}

// EnsureCollection creates a collection that needs no index of its own (documents
// found by _id only), so that it exists, with its _id lookup index on the embedded
// store, before the first request uses it.
func EnsureCollection(ctx context.Context, coll *mongo.Collection) error {
	err := coll.Database().CreateCollection(ctx, coll.Name())
	var ce mongo.CommandError
	if err != nil && !(errorAs(err, &ce) && ce.Code == namespaceExists) {
		return fmt.Errorf("create collection %s: %w", coll.Name(), err)
	}
	return indexIDs(ctx, coll)
}

// namespaceExists is the server's error code for creating a collection that exists.
const namespaceExists = 48

func indexIDs(ctx context.Context, coll *mongo.Collection) error {
	if e := embeddedOf(coll.Database().Client()); e != nil {
		return e.indexIDs(ctx, coll.Database().Name(), coll.Name())
	}
	return nil
}

func unique(m mongo.IndexModel) bool {
	if m.Options == nil {
		return false
	}
	var o options.IndexOptions
	for _, set := range m.Options.List() {
		_ = set(&o)
	}
	return o.Unique != nil && *o.Unique
}
