package datastore

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Embedded is a FerretDB 1.x server running inside this process on a loopback port,
// storing its data in SQLite files. It exists so that `go run .` and `go test ./...`
// need nothing installed; production uses MongoDB through MONGODB_URI.
type Embedded struct {
	uri, addr string
	dir       string // the SQLite files, one per database
	cancel    context.CancelFunc
	done      chan struct{}
}

// StartEmbedded starts FerretDB with its SQLite files in dir, listening on addr
// (a loopback host:port; port 0 picks a free one).
func StartEmbedded(dir, addr string, logger *slog.Logger) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create embedded store directory: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(abs) + "/",
		Logger:    logger.With("component", "ferretdb"),
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded store: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI blocks until the listener has its address.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case uri := <-uriCh:
		// SQLite lets one writer in at a time: a large client pool only makes requests
		// queue inside the store until its busy timeout, so clients keep few connections.
		e := &Embedded{uri: uri + "?maxPoolSize=" + embeddedPoolSize, dir: abs, cancel: cancel, done: done}
		e.addr = strings.TrimSuffix(strings.TrimPrefix(uri, "mongodb://"), "/")
		return e, nil
	case <-done:
		cancel()
		return nil, fmt.Errorf("embedded store stopped while starting (is %s free?)", addr)
	case <-time.After(30 * time.Second):
		cancel()
		return nil, fmt.Errorf("embedded store did not start listening on %s within 30s", addr)
	}
}

// embeddedPoolSize caps each client's connections to the embedded store.
const embeddedPoolSize = "16"

// URI is the mongodb:// address clients connect to.
func (e *Embedded) URI() string { return e.uri }

// Addr is the host:port the store listens on.
func (e *Embedded) Addr() string { return e.addr }

// Dir is where the SQLite files are.
func (e *Embedded) Dir() string { return e.dir }

// Connect opens a client to this store that EnsureIndexes recognises, so that the
// collections it prepares get the _id lookup index (sqliteindex.go).
func (e *Embedded) Connect(ctx context.Context) (*mongo.Client, error) {
	client, err := Connect(ctx, e.uri)
	if err != nil {
		return nil, err
	}
	e.adopt(client)
	return client, nil
}

// embeddedClients maps each client of an embedded store started in this process to
// that store, so EnsureIndexes, which domain packages call with a collection only,
// can reach the store's SQLite files. It is the one piece of package state: the
// alternative would thread the store through every domain constructor for the sake
// of a development-only store.
var embeddedClients sync.Map // *mongo.Client → *Embedded

func (e *Embedded) adopt(client *mongo.Client) { embeddedClients.Store(client, e) }

func embeddedOf(client *mongo.Client) *Embedded {
	if e, ok := embeddedClients.Load(client); ok {
		return e.(*Embedded)
	}
	return nil
}

// Stop closes the listener and the SQLite files, waiting at most until ctx ends.
func (e *Embedded) Stop(ctx context.Context) error {
	embeddedClients.Range(func(k, v any) bool {
		if v == e {
			embeddedClients.Delete(k)
		}
		return true
	})
	e.cancel()
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("embedded store did not stop: %w", ctx.Err())
	}
}
