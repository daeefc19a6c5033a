// Package datastore connects the service to its document store: MongoDB when
// MONGODB_URI is set, otherwise an embedded FerretDB started in-process.
//
// Domain packages receive a *mongo.Database from here and own their collections;
// nothing else in this package knows about events, registrations or badges.
package datastore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"folkhalsa-events/config"
	"folkhalsa-events/platform/metrics"
)

// Store is an open connection to the database the service uses.
type Store struct {
	Client   *mongo.Client
	DB       *mongo.Database
	embedded *Embedded
	health   *health
}

// Open connects according to cfg, starting the embedded store when no MONGODB_URI is set.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*Store, error) {
	uri := cfg.MongoURI
	var emb *Embedded
	if cfg.Embedded() {
		var err error
		emb, err = StartEmbedded(filepath.Join(cfg.DataDir, "ferretdb"), cfg.EmbeddedAddr, quietLogger(logger))
		if err != nil {
			return nil, err
		}
		uri = emb.URI()
		logger.Info("store: embedded FerretDB (development only)", "data_dir", filepath.Join(cfg.DataDir, "ferretdb"),
			"uri", uri, "other_instances", "MONGODB_URI=mongodb://"+emb.Addr()+"/ (pin EMBEDDED_DB_ADDR so it stays the same)")
	} else {
		logger.Info("store: MongoDB from MONGODB_URI", "database", cfg.Database)
	}
	h := &health{}
	client, err := connect(ctx, uri, h, emb == nil)
	if err != nil {
		if emb != nil {
			_ = emb.Stop(ctx)
		}
		return nil, err
	}
	if emb != nil {
		emb.adopt(client)
	}
	return &Store{Client: client, DB: client.Database(cfg.Database), embedded: emb, health: h}, nil
}

// Connect opens a client and waits until the server answers a ping.
func Connect(ctx context.Context, uri string) (*mongo.Client, error) {
	return connect(ctx, uri, nil, false)
}

// ConnectStore opens a Store on a database of an already running server (a test's
// second instance, a command-line tool).
func ConnectStore(ctx context.Context, uri, database string) (*Store, error) {
	h := &health{}
	client, err := connect(ctx, uri, h, false)
	if err != nil {
		return nil, err
	}
	return &Store{Client: client, DB: client.Database(database), health: h}, nil
}

// Wrap makes a Store of a client someone else opened (tests share one per binary).
// Its Available always says yes; errors still tell when the store does not answer.
func Wrap(db *mongo.Database) *Store {
	return &Store{Client: db.Client(), DB: db}
}

// heartbeat is how often the driver checks a server it cannot reach; after an outage
// requests are let through again at most this long after the store is back.
const heartbeat = 2 * time.Second

// The driver bounds waiting for a server and for a pooled connection together by its
// server selection timeout (30 s by default), and each operation by its context: a
// request waits for a connection until its own deadline. A store that is down is not
// waited for at all: Available tells the web layer at once (storeGate).

// durable is what the service relies on from a MongoDB replica set (docs/scaling.md):
// an insert counts once a majority has it, so a failover cannot roll back a ticket
// or an e-mail key someone was told they have; reads see only such writes; a write
// cut off by a failover is retried once by the driver, and the server knows a retry
// of an insert it already did.
func durable(opts *options.ClientOptions) *options.ClientOptions {
	return opts.SetWriteConcern(writeconcern.Majority()).
		SetReadConcern(readconcern.Majority()).
		SetRetryWrites(true).
		SetRetryReads(true)
}

// commandLatency feeds the store's latency metric from the driver's command events.
var commandLatency = &event.CommandMonitor{
	Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) {
		metrics.StoreCommands.WithLabelValues(e.CommandName, "ok").Observe(e.Duration.Seconds())
	},
	Failed: func(_ context.Context, e *event.CommandFailedEvent) {
		metrics.StoreCommands.WithLabelValues(e.CommandName, "error").Observe(e.Duration.Seconds())
	},
}

func connect(ctx context.Context, uri string, h *health, mongoDB bool) (*mongo.Client, error) {
	opts := options.Client().ApplyURI(uri).
		SetAppName("folkhalsa-events").
		SetHeartbeatInterval(heartbeat).
		SetMonitor(commandLatency)
	if mongoDB {
		opts = durable(opts)
	}
	if h != nil {
		opts.SetServerMonitor(&event.ServerMonitor{TopologyDescriptionChanged: h.changed})
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to store: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := client.Ping(pingCtx, readpref.Primary()); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store does not answer: %w", err)
	}
	if h != nil {
		h.up.Store(true) // the ping went through, whatever the monitor has seen so far
	}
	return client, nil
}

// health follows the driver's view of the deployment: whether some server takes
// writes. The driver updates it on every heartbeat and on every network error.
type health struct {
	up atomic.Bool
}

func (h *health) changed(e *event.TopologyDescriptionChangedEvent) {
	up := false
	for _, s := range e.NewDescription.Servers {
		switch s.Kind {
		case "Standalone", "RSPrimary", "Mongos", "LoadBalancer":
			up = true
		}
	}
	h.up.Store(up)
}

// Available reports whether the driver currently knows a server that takes writes.
// While it does not, the web layer answers 503 at once instead of letting every
// request wait for server selection.
func (s *Store) Available() bool {
	if s.health == nil {
		return true
	}
	return s.health.up.Load()
}

// Embedded is the store this process runs itself, or nil on MongoDB.
func (s *Store) Embedded() *Embedded { return s.embedded }

// Ping tells whether the store answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error {
	return s.Client.Ping(ctx, readpref.Primary())
}

// Close disconnects and stops the embedded store, if any.
func (s *Store) Close(ctx context.Context) error {
	err := s.Client.Disconnect(ctx)
	if s.embedded != nil {
		err = errors.Join(err, s.embedded.Stop(ctx))
	}
	return err
}

// quietLogger keeps only FerretDB's errors: it logs every connection at info and
// every command it does not implement (such as the driver's endSessions) at warn.
func quietLogger(logger *slog.Logger) *slog.Logger {
	return slog.New(levelFloor{Handler: logger.Handler(), min: slog.LevelError})
}

type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelFloor) WithAttrs(attrs []slog.Attr) slog.Handler {
	return levelFloor{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h levelFloor) WithGroup(name string) slog.Handler {
	return levelFloor{Handler: h.Handler.WithGroup(name), min: h.min}
}
