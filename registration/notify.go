package registration

import "context"

// Notifier hears of registrations made, changed, cancelled and promoted, for the
// organisation's webhooks. orgID may be "" where the event was not at hand; id names
// the notification once ("<registration>|created"), "" for a new one each time.
type Notifier func(ctx context.Context, orgID, eventID, kind, id string, r Registration)

// Kinds a Notifier hears.
const (
	NotifyCreated   = "registration.created"
	NotifyChanged   = "registration.changed"
	NotifyCancelled = "registration.cancelled"
	NotifyPromoted  = "registration.promoted"
)

// SetNotifier sets who hears of changes (none by default).
func (s *Service) SetNotifier(n Notifier) { s.notifier = n }

func (s *Service) notify(ctx context.Context, orgID, kind, id string, r Registration) {
	if s.notifier != nil {
		s.notifier(ctx, orgID, r.EventID, kind, id, r)
	}
}
