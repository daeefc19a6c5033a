package datastore

import (
	"context"
	"errors"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// IsDuplicate reports whether err is a unique-key violation: the signal every
// "can exist only once" invariant in this service relies on.
func IsDuplicate(err error) bool { return mongo.IsDuplicateKeyError(err) }

// ErrUnavailable is wrapped by errors that mean "the store did not answer in time":
// the request may be repeated later, and the web layer answers 503 with Retry-After.
var ErrUnavailable = errors.New("datastore: the store is unavailable")

// IsUnavailable reports whether err means the store is down, overloaded or too slow
// for the request's deadline, as opposed to a request the store refused: timeouts
// (the request's deadline, waiting for a pooled connection, server selection),
// network errors, a closed client, and the embedded store's "database is locked".
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, mongo.ErrClientDisconnected) || mongo.IsTimeout(err) || mongo.IsNetworkError(err) {
		return true
	}
	var sel topology.ServerSelectionError
	if errors.As(err, &sel) || errors.Is(err, topology.ErrTopologyClosed) || errors.Is(err, topology.ErrPoolClosed) || errors.Is(err, topology.ErrServerClosed) {
		return true
	}
	// SQLite behind the embedded FerretDB gives up after its busy timeout with
	// SQLITE_BUSY, which FerretDB passes on as an internal error.
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}
