package app

import (
	"context"
	"errors"
	"log/slog"

	"folkhalsa-events/app/auth"
	"folkhalsa-events/badges"
	"folkhalsa-events/config"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// BuildDeps creates every domain store on the database and makes sure their indexes
// exist. main and the tests share it, so both run the same wiring.
func BuildDeps(ctx context.Context, cfg config.Config, store *datastore.Store, logger *slog.Logger) (Deps, error) {
	deps := Deps{
		Logger: logger,
		Store:  store,
		Events: events.NewStore(store.DB),
		Outbox: outbox.New(store.DB, cfg.SMTP, logger),
		Auth:   auth.New(store.DB, auth.Config{IdleTimeout: cfg.SessionIdle, MaxAge: cfg.SessionMaxAge}, logger),
	}
	deps.Registrations = registration.NewService(store.DB, deps.Events, outboxMailer{deps.Outbox}, cfg.BaseURL.String(), logger)
	deps.Badges = badges.NewService(store.DB, badgePeople{deps.Registrations}, cfg.SecretKey, logger)
	deps.Registrations.SetBadgeMaker(confirmationBadges{deps.Badges})
	err := errors.Join(
		deps.Events.EnsureIndexes(ctx),
		deps.Outbox.EnsureIndexes(ctx),
		deps.Registrations.EnsureIndexes(ctx),
		deps.Badges.EnsureIndexes(ctx),
		deps.Auth.EnsureIndexes(ctx),
	)
	if err != nil {
		return Deps{}, err
	}
	return deps, nil
}

// outboxMailer lets the registration package queue mail without knowing the outbox.
type outboxMailer struct{ o *outbox.Outbox }

func (m outboxMailer) Send(ctx context.Context, mail registration.Mail) error {
	msg := outbox.Message{To: mail.To, Subject: mail.Subject, Text: mail.Text, Lang: mail.Lang, Kind: mail.Kind, Ref: mail.Ref}
	for _, a := range mail.Attachments {
		msg.Attachments = append(msg.Attachments, outbox.Attachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	_, err := m.o.Enqueue(ctx, msg)
	return err
}
