// Package storetest gives every test binary one real store and every test its own
// database in it: the embedded FerretDB by default, or the server in MONGODB_URI.
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//	func TestX(t *testing.T) { db := storetest.DB(t) ... }
package storetest

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

var (
	client   *mongo.Client
	uri      string
	embedded *datastore.Embedded // nil when MONGODB_URI is set
)

// Main starts the store, runs the tests and stops the store.
func Main(m *testing.M) {
	os.Exit(run(m, nil))
}

// MainThen is Main with a check after the tests, while the store is still up; a
// non-zero code from it fails the run (e.g. a package demanding that its tests saw
// every API operation work).
func MainThen(m *testing.M, after func() int) {
	os.Exit(run(m, after))
}

func run(m *testing.M, after func() int) int {
	ctx := context.Background()
	uri = os.Getenv("MONGODB_URI")
	if uri == "" {
		dir, err := os.MkdirTemp("", "folkhalsa-store-*")
		if err != nil {
			fmt.Fprintln(os.Stderr, "storetest:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		emb, err := datastore.StartEmbedded(dir, "127.0.0.1:0", testLogger())
		if err != nil {
			fmt.Fprintln(os.Stderr, "storetest:", err)
			return 1
		}
		defer emb.Stop(ctx)
		uri, embedded = emb.URI(), emb
	}
	var err error
	if embedded != nil {
		client, err = embedded.Connect(ctx) // so EnsureIndexes adds the _id lookup indexes
	} else {
		client, err = datastore.Connect(ctx, uri)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		return 1
	}
	defer client.Disconnect(ctx)
	code := m.Run()
	if code == 0 && after != nil {
		code = after()
	}
	return code
}

// URI is the address of the test store, for tests that connect a second client.
func URI() string { return uri }

// Embedded is the test binary's embedded store, or nil when the tests run against
// the server in MONGODB_URI.
func Embedded() *datastore.Embedded { return embedded }

// Client is the shared client of this test binary.
func Client() *mongo.Client { return client }

var unsafeChars = regexp.MustCompile(`[^a-zA-Z0-9_]`)

// DB returns a fresh database named after the test, dropped when the test ends.
func DB(t testing.TB) *mongo.Database {
	t.Helper()
	if client == nil {
		t.Fatal("storetest: call storetest.Main from TestMain")
	}
	name := DBName(t.Name())
	db := client.Database(name)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.Drop(ctx); err != nil {
		t.Fatalf("storetest: drop leftover %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.Drop(ctx)
	})
	return db
}

// DBName turns a test name into a valid database name (at most 63 characters,
// unique per test name thanks to a short hash).
func DBName(testName string) string {
	sum := sha1.Sum([]byte(testName))
	base := unsafeChars.ReplaceAllString(testName, "_")
	if len(base) > 48 {
		base = base[:48]
	}
	return "t_" + base + "_" + hex.EncodeToString(sum[:])[:8]
}

// Ctx is a context for a test's store work, bounded so a hung store fails the test.
// Five minutes: harnesses keep one for a whole test, and CI machines can be busy.
func Ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// testLogger hides the embedded store's log unless STORE_LOG=1.
func testLogger() *slog.Logger {
	if os.Getenv("STORE_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
