package registration

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The data subject's rights (GDPR Art. 15 and 17): what is held about an e-mail
// address, and erasing a registration on request. Erasing keeps what the retention
// pass keeps (retention.go): the anonymous figures the follow-up counts, never a name,
// an address or free text. The seat is given back first, so the waiting list moves,
// and no mail goes to the person (they asked to be forgotten, not told).

// ByEmail is every registration of the address, in any event, newest first.
func (s *Service) ByEmail(ctx context.Context, email string) ([]Registration, error) {
	email = NormaliseEmail(email)
	if email == "" {
		return nil, nil
	}
	cur, err := s.regs.Find(ctx, bson.D{{Key: "email", Value: email}}, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("registrations of an address: %w", err)
	}
	out := []Registration{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("registrations of an address: %w", err)
	}
	return out, nil
}

// Erase cancels the registration if it was not (quietly, moving the waiting list),
// then removes its personal data, e-mail keys, manage links and personal invitation
// code. It returns the registration as it was, so that the caller can forget the mail
// sent to it too. Erasing twice does nothing more.
func (s *Service) Erase(ctx context.Context, id, by string) (Registration, error) {
	r, err := s.document(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	if !r.AnonymisedAt.IsZero() {
		return r, nil
	}
	if r.Status != StatusCancelled {
		first, err := s.record(ctx, transitionDoc{ID: cancelledID(r.ID), EventID: r.EventID, RegistrationID: r.ID, Kind: kindCancelled, By: by})
		if err != nil {
			return Registration{}, err
		}
		if first {
			metricsCancelled()
		}
		r.CancelledAt = s.now().UTC()
		cancelled := r
		cancelled.Status = StatusCancelled
		if err := s.finishCancel(ctx, cancelled, false); err != nil {
			return Registration{}, err
		}
		if err := s.Promote(ctx, r.EventID); err != nil {
			s.log.Error("promote after erasure", "event", r.EventID, "error", err)
		}
		// Only that it happened: the person asked to be forgotten.
		s.notify(ctx, "", NotifyCancelled, r.ID+"|cancelled", Registration{ID: r.ID, EventID: r.EventID, Status: StatusCancelled, CancelledAt: r.CancelledAt})
	}
	if err := s.anonymiseOne(ctx, r.ID, s.now().UTC()); err != nil {
		return Registration{}, err
	}
	if _, err := s.keys.DeleteMany(ctx, bson.D{{Key: "registration_id", Value: r.ID}}); err != nil {
		return Registration{}, fmt.Errorf("erase: e-mail keys: %w", err)
	}
	if r.Email != "" {
		if _, err := s.invitations.DeleteOne(ctx, bson.D{{Key: "_id", Value: s.personalCode(r.EventID, r.Email)}}); err != nil {
			return Registration{}, fmt.Errorf("erase: invitation: %w", err)
		}
	}
	s.log.Info("registration erased on request", "registration_id", r.ID, "event_id", r.EventID)
	return r, nil
}
