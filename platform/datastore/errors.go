package datastore

import "go.mongodb.org/mongo-driver/v2/mongo"

// IsDuplicate reports whether err is a unique-key violation: the signal every
// "can exist only once" invariant in this service relies on.
func IsDuplicate(err error) bool { return mongo.IsDuplicateKeyError(err) }
