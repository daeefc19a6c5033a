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
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"folkhalsa-events/config"
)

// Store is an open connection to the database the service uses.
type Store struct {
	Client   *mongo.Client
	DB       *mongo.Database
	embedded *Embedded
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
		logger.Info("store: embedded FerretDB (development only)", "data_dir", filepath.Join(cfg.DataDir, "ferretdb"), "uri", uri)
	} else {
		logger.Info("store: MongoDB from MONGODB_URI", "database", cfg.Database)
	}
	client, err := Connect(ctx, uri)
	if err != nil {
		if emb != nil {
			_ = emb.Stop(ctx)
		}
		return nil, err
	}
	return &Store{Client: client, DB: client.Database(cfg.Database), embedded: emb}, nil
}

// Connect opens a client and waits until the server answers a ping.
func Connect(ctx context.Context, uri string) (*mongo.Client, error) {
	client, err := mongo.Connect(options.Client().ApplyURI(uri).
		SetAppName("folkhalsa-events").
		SetServerSelectionTimeout(10 * time.Second))
	if err != nil {
		return nil, fmt.Errorf("connect to store: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := client.Ping(pingCtx, readpref.Primary()); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store does not answer: %w", err)
	}
	return client, nil
}

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
