package webhooks

import (
	"context"
	"fmt"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/logctx"
)

// Emit queues a notification of kind about an event of the organisation to each of
// its endpoints that wants it. id names the notification once ("<registration>|created"),
// so emitting it again queues nothing more; "" makes a new one. The domain change has
// happened when Emit is called, so a failure is logged, not returned.
func (s *Service) Emit(ctx context.Context, orgID, kind, id string, data any) {
	if err := s.emit(ctx, orgID, kind, id, data, ""); err != nil {
		s.log.Error("webhooks: notification not queued", "kind", kind, "org", orgID, "error", err)
	}
}

// EmitForEvent is Emit for the organisation of an event. Every check-in asks, so the
// event's organisation, which never changes, is looked up once per event.
func (s *Service) EmitForEvent(ctx context.Context, eventID, kind, id string, data any) {
	org, ok := s.eventOrgs.Load(eventID)
	if !ok {
		ev, err := s.events.Event(ctx, eventID)
		if err != nil {
			s.log.Error("webhooks: notification not queued", "kind", kind, "event", eventID, "error", err)
			return
		}
		org, _ = s.eventOrgs.LoadOrStore(eventID, ev.OrgID)
	}
	s.Emit(ctx, org.(string), kind, id, data)
}

// Test queues a ping to one endpoint and sends it at once.
func (s *Service) Test(ctx context.Context, e Endpoint) error {
	if err := s.emit(ctx, e.OrgID, Ping, "", map[string]string{"message": "Test från folkhalsa-events"}, e.ID); err != nil {
		return err
	}
	_, err := s.DeliverDue(ctx)
	return err
}

func (s *Service) emit(ctx context.Context, orgID, kind, id string, data any, only string) error {
	list, err := s.cached(ctx, orgID)
	if err != nil {
		return err
	}
	if id == "" {
		id = datastore.NewID()
	}
	now := s.now().UTC()
	queued := false
	for _, e := range list {
		if !e.Wants(kind) || (only != "" && e.ID != only) {
			continue
		}
		b, err := body(notification{ID: id, Type: kind, CreatedAt: now, OrgID: orgID, Data: data})
		if err != nil {
			return fmt.Errorf("webhooks: body: %w", err)
		}
		d := delivery{ID: id + "|" + e.ID, Notification: id, EndpointID: e.ID, OrgID: orgID, Kind: kind, Body: b,
			Status: StatusPending, CreatedAt: now, NextAttemptAt: now, RequestID: logctx.RequestID(ctx)}
		if _, err := s.deliveries.InsertOne(ctx, d); err != nil && !datastore.IsDuplicate(err) {
			return fmt.Errorf("webhooks: queue: %w", err)
		}
		queued = true
	}
	if queued {
		s.poke()
	}
	return nil
}
