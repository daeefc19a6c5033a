// Package demo fills an empty store with an invented season of a county's public-health
// work, so that a newcomer sees the product with data in it:
//
//	folkhalsa-events demo     (go run . demo)
//
// Länsstyrelsen Västerbotten, Region Västerbotten and three municipalities as
// organisations; a two-day yearly conference with parallel workshops and speakers; a
// monthly network-meeting series; a training, seminars and a webinar; a kommundialog
// with Lycksele recorded with its agreed actions; a visit request in the inbox; some
// four hundred registrations from the county's municipalities, with check-ins at the
// events already held. Everything is dated around the day the command runs. It
// refuses a store that holds any data, and prints the sign-in of the demo organiser,
// an admin of all five organisations.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/app"
	"folkhalsa-events/config"
	"folkhalsa-events/platform/datastore"
)

// ErrNotEmpty: the store holds data the demo would mix with.
var ErrNotEmpty = errors.New("the store is not empty")

// Run carries out "demo" and returns the exit code.
func Run(ctx context.Context, args []string, getenv config.Getenv, out, errOut io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(errOut, "usage: folkhalsa-events demo\n\nFills an empty store (the embedded one under DATA_DIR, or MONGODB_URI) with an invented season; takes no arguments, got %q\n", args[0])
		return 2
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(errOut, "demo: configuration:\n%v\n", err)
		return 1
	}
	if cfg.NeedsGeneratedSecret() {
		// The service started later on this data directory uses the same key, so the
		// season's badges and manage links stay valid.
		if cfg.SecretKey, _, err = config.LoadOrCreateDevSecret(cfg.DataDir); err != nil {
			fmt.Fprintln(errOut, "demo:", err)
			return 1
		}
	}
	logger := slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store, err := datastore.Open(ctx, cfg, logger)
	if err != nil {
		fmt.Fprintln(errOut, "demo:", err)
		return 1
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
		defer cancel()
		_ = store.Close(closeCtx)
	}()
	empty, err := isEmpty(ctx, store.DB)
	if err == nil && !empty {
		where := "the embedded store under " + cfg.DataDir
		if !cfg.Embedded() {
			where = "the database of MONGODB_URI"
		}
		fmt.Fprintf(errOut, "demo: %s holds data already; the demo fills only an empty store (use a new DATA_DIR, e.g. DATA_DIR=demo-data go run . demo)\n", where)
		return 1
	}
	var season Season
	if err == nil {
		fmt.Fprintln(out, "Making the demo season…")
		season, err = Fill(ctx, cfg, store, logger, time.Now())
	}
	if err != nil {
		fmt.Fprintln(errOut, "demo:", err)
		return 1
	}
	Summary(out, cfg, season)
	return 0
}

// Fill seeds the season on an empty store (ErrNotEmpty otherwise).
func Fill(ctx context.Context, cfg config.Config, store *datastore.Store, logger *slog.Logger, now time.Time) (Season, error) {
	empty, err := isEmpty(ctx, store.DB)
	if err != nil {
		return Season{}, err
	}
	if !empty {
		return Season{}, ErrNotEmpty
	}
	deps, err := app.BuildDeps(ctx, cfg, store, logger)
	if err != nil {
		return Season{}, err
	}
	return Seed(ctx, deps, now, password())
}

// Summary prints where to look and how to sign in.
func Summary(out io.Writer, cfg config.Config, s Season) {
	base := cfg.BaseURL.String()
	fmt.Fprintf(out, "Made %d organisations, %d events, %d registrations and %d check-ins.\n\n", s.Organisations, s.Events, s.Registrations, s.CheckIns)
	fmt.Fprintf(out, "Start the service with the same settings (go run .), then open:\n")
	fmt.Fprintf(out, "  the public list      %s/\n", base)
	fmt.Fprintf(out, "  the conference       %s/events/%s\n", base, s.ConferenceID)
	fmt.Fprintf(out, "  organiser sign-in    %s/organiser/sign-in\n", base)
	fmt.Fprintf(out, "      e-mail           %s\n", s.Email)
	fmt.Fprintf(out, "      password         %s\n", s.Password)
	fmt.Fprintf(out, "  the follow-up        %s/organiser/organisations/%s/followup\n", base, s.County.ID)
	fmt.Fprintf(out, "  the municipalities   %s/organiser/organisations/%s/municipalities\n", base, s.County.ID)
	fmt.Fprintf(out, "Every address in the demo ends in .example: no mail can reach anyone.\n")
}

// isEmpty reports whether no collection of the database holds a document.
func isEmpty(ctx context.Context, db *mongo.Database) (bool, error) {
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return false, fmt.Errorf("list collections: %w", err)
	}
	for _, name := range names {
		if strings.HasPrefix(name, "system.") {
			continue
		}
		n, err := db.Collection(name).CountDocuments(ctx, bson.D{}, options.Count().SetLimit(1))
		if err != nil {
			return false, fmt.Errorf("count %s: %w", name, err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// password is the demo organiser's: random, so that a demo on a reachable store
// cannot be signed into by anyone who read this file.
func password() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyz23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "demo-" + string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:12]) + "-" + string(b[12:])
}
