package datastore

import (
	"context"
	"fmt"
	"slices"
	"strings"

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
	e := embeddedOf(coll.Database().Client())
	var equalities []string
	// One at a time: FerretDB 1.24 panics on a createIndexes command that names two or
	// more indexes which all exist already, i.e. on every restart after the first.
	for _, m := range models {
		if e != nil && !unique(m) {
			// FerretDB's own index would be on an expression its queries never use;
			// the embedded store gets the SQLite indexes its pushed-down equality on
			// the first field uses instead (sqliteindex.go). Unique indexes stay:
			// they hold invariants.
			if f := firstField(m); equalityField(f) && !slices.Contains(equalities, f) {
				equalities = append(equalities, f)
			}
			continue
		}
		if _, err := coll.Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("create index on %s: %w", coll.Name(), err)
		}
	}
	if e != nil {
		if err := EnsureCollection(ctx, coll); err != nil {
			return err
		}
		return e.indexEqualities(ctx, coll.Database().Name(), coll.Name(), equalities)
	}
	return nil
}

// firstField is the first key of an index.
func firstField(m mongo.IndexModel) string {
	if keys, ok := m.Keys.(bson.D); ok && len(keys) > 0 {
		return keys[0].Key
	}
	return ""
}

// equalityField tells whether an index's first field is one the embedded store
// finds by equality: a name FerretDB pushes down (letters, digits, underscores),
// and not a time or a position, which indexes are for ranges and order, which the
// embedded store does not push down.
func equalityField(f string) bool {
	if f == "" || f == "at" || f == "start" || f == "number" || strings.HasSuffix(f, "_at") {
		return false
	}
	for _, r := range f {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
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
