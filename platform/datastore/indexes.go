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

// EnsureIndexes creates the indexes if they are missing. Creating an index that
// already exists with the same definition is a no-op on MongoDB and FerretDB, so this
// runs at every start. Partial and TTL indexes are not used: FerretDB 1.x lacks them.
func EnsureIndexes(ctx context.Context, coll *mongo.Collection, models ...mongo.IndexModel) error {
	// One at a time: FerretDB 1.24 panics on a createIndexes command that names two or
	// more indexes which all exist already, i.e. on every restart after the first.
	for _, m := range models {
		if _, err := coll.Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("create index on %s: %w", coll.Name(), err)
		}
	}
	return nil
}
