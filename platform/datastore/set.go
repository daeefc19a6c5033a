package datastore

import (
	"fmt"
	"reflect"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// SetExcept is the update of every field of the struct v except the named ones and
// _id: $set of those it has, $unset of those it leaves out (an omitempty field now
// empty, e.g. an online link removed). Edits write through it rather than replacing
// the document, so fields an edit does not own (a status, a creation time) are never
// written back from a copy read earlier: a cancellation stored in between stays.
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
	set, present := bson.D{}, map[string]bool{}
	for _, e := range doc {
		present[e.Key] = true
		if !skip[e.Key] {
			set = append(set, e)
		}
	}
	unset := bson.D{}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("bson"), ",")
		if name != "" && name != "-" && !present[name] && !skip[name] {
			unset = append(unset, bson.E{Key: name, Value: ""})
		}
	}
	update := bson.D{{Key: "$set", Value: set}}
	if len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	return update, nil
}
