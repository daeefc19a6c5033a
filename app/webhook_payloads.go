package app

import (
	"context"
	"time"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// What the organisation's webhooks are told (webhooks/): the registration as the
// organiser API shows it, without the needs (diet, accessibility) and free-text answers,
// which another system has no use for; the event as the public sees it.

type registrationHook struct {
	ID           string                        `json:"id"`
	EventID      string                        `json:"event_id"`
	Status       registration.Status           `json:"status"`
	Category     registration.Category         `json:"category"`
	Mode         events.Mode                   `json:"mode"`
	FirstName    string                        `json:"first_name"`
	LastName     string                        `json:"last_name"`
	Email        string                        `json:"email"`
	Organisation string                        `json:"organisation"`
	OrgType      registration.OrgType          `json:"org_type"`
	Municipality string                        `json:"municipality"`
	County       string                        `json:"county"`
	Role         string                        `json:"role,omitempty"`
	Workshops    []registration.WorkshopChoice `json:"workshops"`
	CreatedAt    time.Time                     `json:"created_at,omitzero"`
	CancelledAt  time.Time                     `json:"cancelled_at,omitzero"`
}

func registrationPayload(r registration.Registration) registrationHook {
	ws := r.Workshops
	if ws == nil {
		ws = []registration.WorkshopChoice{}
	}
	return registrationHook{ID: r.ID, EventID: r.EventID, Status: r.Status, Category: r.Category, Mode: r.Mode, FirstName: r.FirstName,
		LastName: r.LastName, Email: r.Email, Organisation: r.Organisation, OrgType: r.OrgType, Municipality: r.Municipality,
		County: r.County, Role: r.Role, Workshops: ws, CreatedAt: r.CreatedAt, CancelledAt: r.CancelledAt}
}

type checkInHook struct {
	RegistrationID string `json:"registration_id"`
	EventID        string `json:"event_id"`
	badges.CheckIn
}

// notifyWebhooks makes the domain stores tell the webhooks what happened.
func notifyWebhooks(deps Deps) {
	hooks := deps.Webhooks
	deps.Registrations.SetNotifier(func(ctx context.Context, orgID, eventID, kind, id string, r registration.Registration) {
		if orgID == "" {
			hooks.EmitForEvent(ctx, eventID, kind, id, registrationPayload(r))
			return
		}
		hooks.Emit(ctx, orgID, kind, id, registrationPayload(r))
	})
	deps.Badges.SetNotifier(func(ctx context.Context, eventID string, c badges.CheckIn, regID string) {
		hooks.EmitForEvent(ctx, eventID, webhooks.CheckInCreated, "", checkInHook{RegistrationID: regID, EventID: eventID, CheckIn: c})
	})
	deps.Events.SetNotifier(func(ctx context.Context, kind string, ev events.Event) {
		hooks.Emit(ctx, ev.OrgID, kind, "", toPublic(ev, nil))
	})
}
