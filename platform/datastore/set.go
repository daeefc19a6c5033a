package datastore

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// SetExcept is a $set update of every field v has (as it marshals) except the named
// ones and _id. Edits write through it rather than replacing the document, so fields
// an edit does not own (a status, a creation time) are never written back from a
// copy read earlier: a cancellation stored in between stays.
func SetExcept(v any, except ...string) (bson.D, error) {
	raw, err := bson.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("set: %w", err)
	}
	var doc bson.D
	if err := bson.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("set: %w", err)
	}
	skip := map[string]bool{"_id": true}
	for _, f := range except {
		skip[f] = true
	}
	set := bson.D{}
	for _, e := range doc {
		if !skip[e.Key] {
			set = append(set, e)
		}
	}
	return bson.D{{Key: "$set", Value: set}}, nil
}
