package datastore

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Tombstones. Some work is done in steps whose last step inserts a document with a
// known _id (a registration, say). When a step before it was taken by a request that
// then died, a repair pass must be sure the last insert will never come, or it could
// undo steps of a request that is merely slow. It inserts a tombstone, {_id, void:
// true}, under that _id: if the insert succeeds, the real document can never be
// inserted (its insert fails as a duplicate), so what led up to it may be undone; if
// it fails as a duplicate, the real document exists. The store rule again (README).
// Readers treat a tombstone as "not found".

// Tombstone inserts a tombstone under id and reports whether it did (false: a
// document with that _id exists, real or void).
func Tombstone(ctx context.Context, coll *mongo.Collection, id string, now time.Time) (bool, error) {
	_, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "void", Value: true}, {Key: "voided_at", Value: now.UTC()}})
	if IsDuplicate(err) {
		return false, nil
	}
	return err == nil, err
}

// Exists reports whether a document with id exists and is not a tombstone.
func Exists(ctx context.Context, coll *mongo.Collection, id string) (bool, error) {
	found, void, err := Lookup(ctx, coll, id)
	return found && !void, err
}

// Lookup tells whether a document with id exists, and whether it is a tombstone.
func Lookup(ctx context.Context, coll *mongo.Collection, id string) (found, void bool, err error) {
	var doc struct {
		Void bool `bson:"void"`
	}
	err = coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(bson.D{{Key: "void", Value: 1}})).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	return true, doc.Void, nil
}

func errorAs(err error, target any) bool { return errors.As(err, target) }
