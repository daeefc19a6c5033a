package app

import (
	"context"
	"errors"
	"log/slog"

	"folkhalsa-events/accounts"
	"folkhalsa-events/badges"
	"folkhalsa-events/config"
	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/metrics"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/privacy"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// BuildDeps creates every domain store on the database and makes sure their indexes
// exist. main and the tests share it, so both run the same wiring.
func BuildDeps(ctx context.Context, cfg config.Config, store *datastore.Store, logger *slog.Logger) (Deps, error) {
	deps := Deps{
		Logger:   logger,
		Store:    store,
		Events:   events.NewStore(store.DB),
		Outbox:   outbox.New(store.DB, cfg.SMTP, logger),
		Accounts: accounts.New(store.DB, accounts.Config{IdleTimeout: cfg.SessionIdle, MaxAge: cfg.SessionMaxAge}, logger),
	}
	deps.Registrations = registration.NewService(store.DB, deps.Events, outboxMailer{deps.Outbox}, cfg.BaseURL.String(), cfg.SecretKey, logger)
	deps.Registrations.SetRepairGrace(cfg.RepairGrace)
	deps.Outbox.SetGuardGrace(cfg.RepairGrace)
	deps.Badges = badges.NewService(store.DB, badgePeople{deps.Registrations}, cfg.SecretKey, logger)
	deps.Registrations.SetAttendance(deps.Badges)
	deps.Badges.SetEventDays(func(ctx context.Context, id string) ([]string, error) {
		ev, err := deps.Events.Event(ctx, id)
		if errors.Is(err, events.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return events.Days(ev), nil
	})
	mailFiles{deps.Registrations, deps.Badges}.register(deps.Outbox)
	deps.Evaluations = evaluation.NewService(store.DB, cfg.SecretKey, logger)
	deps.Municipal = municipal.NewStore(store.DB, deps.Outbox)
	deps.Webhooks = webhooks.New(store.DB, deps.Events, cfg.SecretKey, webhooks.Config{AllowPrivate: cfg.Mode == config.Development}, logger)
	notifyWebhooks(deps)
	deps.Privacy = privacy.New(store.DB, cfg.SecretKey, deps.Events, deps.Registrations, deps.Badges, deps.Outbox, deps.Municipal)
	deps.Registrations.SetEvaluations(func(ctx context.Context, eventID string) (bool, error) {
		f, err := deps.Evaluations.FormOf(ctx, eventID)
		return f.Enabled(), err
	})
	deps.FollowUp = followup.NewService(store.DB, deps.Events, deps.Registrations, deps.Badges, cfg.FollowUpMinCell, logger)
	err := errors.Join(
		deps.Events.EnsureIndexes(ctx),
		deps.Outbox.EnsureIndexes(ctx),
		deps.Registrations.EnsureIndexes(ctx),
		deps.Badges.EnsureIndexes(ctx),
		deps.Accounts.EnsureIndexes(ctx),
		deps.FollowUp.EnsureIndexes(ctx),
		deps.Evaluations.EnsureIndexes(ctx),
		deps.Municipal.EnsureIndexes(ctx),
		deps.Webhooks.EnsureIndexes(ctx),
	)
	if err != nil {
		return Deps{}, err
	}
	metrics.SetOutboxQueue(deps.Outbox.QueueLength)
	return deps, nil
}

// outboxMailer lets the registration package queue mail without knowing the outbox.
type outboxMailer struct{ o *outbox.Outbox }

func (m outboxMailer) Send(ctx context.Context, mail registration.Mail) error {
	msg := outbox.Message{ID: mail.ID, To: mail.To, ReplyTo: mail.ReplyTo, Subject: mail.Subject, Text: mail.Text,
		HTML: mail.HTML, Lang: mail.Lang, Kind: mail.Kind, Ref: mail.Ref, Attach: mail.Attach}
	if mail.ForRegistration != "" {
		msg.Guard = &outbox.Guard{Collection: registration.RegistrationsCollection, ID: mail.ForRegistration}
	}
	_, err := m.o.Enqueue(ctx, msg)
	return err
}

func (m outboxMailer) Withdraw(ctx context.Context, id string) error { return m.o.Withdraw(ctx, id) }

// mailFiles makes the files participants' mails carry, when the outbox sends them.
type mailFiles struct {
	regs   *registration.Service
	badges *badges.Service
}

func (f mailFiles) register(o *outbox.Outbox) {
	o.SetAttacher(registration.AttachCalendar, f.calendar)
	o.SetAttacher(registration.AttachCalendarCancel, f.calendarCancel)
	o.SetAttacher(registration.AttachBadge, f.badge)
}

func (f mailFiles) calendar(ctx context.Context, regID, _ string) (outbox.Attachment, error) {
	name, data, err := f.regs.CalendarFile(ctx, regID, false)
	return outbox.Attachment{Filename: name, ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: data}, err
}

func (f mailFiles) calendarCancel(ctx context.Context, regID, _ string) (outbox.Attachment, error) {
	name, data, err := f.regs.CalendarFile(ctx, regID, true)
	return outbox.Attachment{Filename: name, ContentType: "text/calendar; charset=utf-8; method=CANCEL", Data: data}, err
}

func (f mailFiles) badge(ctx context.Context, regID, _ string) (outbox.Attachment, error) {
	r, err := f.regs.Registration(ctx, regID)
	if err != nil {
		return outbox.Attachment{}, err
	}
	ev, err := f.regs.EventOf(ctx, r)
	if err != nil {
		return outbox.Attachment{}, err
	}
	doc, err := badges.SingleBadge(eventInfo(ev, r.Lang), badges.Badge{Person: toPerson(r), Code: f.badges.Coder().Code(r.ID)}, r.Lang)
	return outbox.Attachment{Filename: "namnbricka.pdf", ContentType: "application/pdf", Data: doc}, err
}
