package registration

import (
	"context"
	"fmt"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
	"folkhalsa-events/platform/datastore"
)

// The thank-you mail: ThanksAfter the end of an event, those checked in at it get a
// thanks with the evaluation link (events.Event.FollowUpURL) and their own page,
// where later follow-up (evaluation, certificate) is gathered. Where check-in was
// not used, everyone with a seat gets it. An organiser can switch it off per event.
// As with reminders, every instance runs the pass: each mail's id is
// "<registration>|thanks", and once all are queued a marker with the event's _id
// goes into thanks_sent, so later passes read nobody.

// ThanksCollection holds one marker per event thanked.
const ThanksCollection = "thanks_sent"

const (
	// ThanksAfter is how long after the end the thanks goes.
	ThanksAfter = 2 * time.Hour
	// ThanksLatest: an instance that was down longer than this after an event sends
	// no thanks at all rather than a late one.
	ThanksLatest = 7 * 24 * time.Hour
)

// EvaluationAsked tells whether an event asks its participants for an evaluation
// (the evaluation package); the thanks then links each person's own form.
type EvaluationAsked func(ctx context.Context, eventID string) (bool, error)

// SetEvaluations wires the evaluations in; without it the thanks links none.
func (s *Service) SetEvaluations(f EvaluationAsked) { s.evaluations = f }

// ThanksDue reports whether ev's thanks is due at now.
func ThanksDue(ev events.Event, now time.Time) bool {
	due := ev.End.Add(ThanksAfter)
	return ev.Status == events.StatusPublished && !ev.ThanksOff && !now.Before(due) && now.Before(due.Add(ThanksLatest))
}

// SendThanks queues the thanks of ev if it is due at now and returns how many.
func (s *Service) SendThanks(ctx context.Context, ev events.Event, now time.Time) (int, error) {
	if !ThanksDue(ev, now) {
		return 0, nil
	}
	if done, err := datastore.Exists(ctx, s.thanks, ev.ID); err != nil || done {
		return 0, err
	}
	list, err := s.ThanksRecipients(ctx, ev.ID)
	if err != nil {
		return 0, err
	}
	org := s.arranger(ctx, ev)
	asked := false
	if s.evaluations != nil {
		if asked, err = s.evaluations(ctx, ev.ID); err != nil {
			return 0, err
		}
	}
	for i, r := range list {
		l, err := s.linkedLetter(ctx, mails.Thanks, ev, org, r)
		if err != nil {
			return i, err
		}
		l.FollowUpURL = ev.FollowUpURL
		if asked {
			l.EvaluationURL = l.ManageURL + "/evaluation"
		}
		if err := s.mailer.Send(ctx, addressed(mailID(r.ID, "thanks"), mails.Thanks, r, l)); err != nil {
			return i, fmt.Errorf("queue thanks: %w", err)
		}
	}
	marker := struct {
		ID    string    `bson:"_id"`
		Count int       `bson:"count"`
		At    time.Time `bson:"at"`
	}{ev.ID, len(list), now.UTC()}
	if _, err := s.thanks.InsertOne(ctx, marker); err != nil && !datastore.IsDuplicate(err) {
		return len(list), fmt.Errorf("mark thanks sent: %w", err)
	}
	return len(list), nil
}

// ThanksRecipients are those checked in at the event or, when nobody was, everyone
// confirmed; online participants, who are never checked in, always when confirmed;
// never anyone anonymised.
func (s *Service) ThanksRecipients(ctx context.Context, eventID string) ([]Registration, error) {
	arrived, err := s.arrived(ctx, eventID)
	if err != nil {
		return nil, err
	}
	all, err := s.List(ctx, eventID, ListFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]Registration, 0, len(all))
	for _, r := range all {
		confirmed := r.Status == StatusConfirmed
		came := arrived[r.ID] || (confirmed && (len(arrived) == 0 || r.Mode == events.ModeDigital))
		if came && r.Email != "" {
			out = append(out, r)
		}
	}
	return out, nil
}
