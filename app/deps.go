package app

import (
	"context"
	"log/slog"

	"folkhalsa-events/app/datastore"
	"folkhalsa-events/config"
	"folkhalsa-events/events"
)

// BuildDeps creates every domain store on the database and makes sure their indexes
// exist. main and the tests share it, so both run the same wiring.
func BuildDeps(ctx context.Context, cfg config.Config, store *datastore.Store, logger *slog.Logger) (Deps, error) {
	deps := Deps{Logger: logger, Store: store, Events: events.NewStore(store.DB)}
	if err := deps.Events.EnsureIndexes(ctx); err != nil {
		return Deps{}, err
	}
	return deps, nil
}
