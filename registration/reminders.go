package registration

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
	"folkhalsa-events/platform/datastore"
)

// Reminders go to everyone with a seat some days before the event (events.
// ReminderDaysDue), with the practical details, the online link for those who take
// part online and the badge for those on site. Every instance runs the pass
// (jobs.RunParticipantMail); it is safe when several run at the same moment:
//   - each mail's id is "<registration>|reminder|<days>", so it is queued once
//     however many passes queue it;
//   - once a day's reminders are all queued, a marker "<event>|<days>" is inserted in
//     reminders_sent, and later passes skip that day without reading anyone.
//
// Only the latest reminder that is due goes: someone who registers two days before
// gets the one-day reminder, not a late seven-day one, and an instance that was down
// for a day does not send two at once.

// RemindersCollection holds one marker per event and reminder day sent.
const RemindersCollection = "reminders_sent"

// SendReminders queues the reminders of ev that are due at now and returns how many.
func (s *Service) SendReminders(ctx context.Context, ev events.Event, now time.Time) (int, error) {
	if ev.Status != events.StatusPublished || !now.Before(ev.Start) {
		return 0, nil
	}
	due := -1
	for _, d := range ev.ReminderDaysDue() {
		if !now.Before(ev.ReminderDue(d)) && (due < 0 || d < due) {
			due = d
		}
	}
	if due < 0 {
		return 0, nil
	}
	marker := ev.ID + "|" + strconv.Itoa(due)
	if done, err := datastore.Exists(ctx, s.reminders, marker); err != nil || done {
		return 0, err
	}
	list, err := s.List(ctx, ev.ID, ListFilter{Status: StatusConfirmed})
	if err != nil {
		return 0, err
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return 0, err
	}
	org := s.arranger(ctx, ev)
	for i, r := range list {
		l, err := s.linkedLetter(ctx, mails.Reminder, ev, org, r)
		if err != nil {
			return i, err
		}
		l = withWorkshops(l, r, sessions)
		l.Days = due
		m := addressed(r.ID+"|reminder|"+strconv.Itoa(due), mails.Reminder, r, l)
		m.Attach = confirmationFiles(r)
		if err := s.mailer.Send(ctx, m); err != nil {
			return i, fmt.Errorf("queue reminder: %w", err)
		}
	}
	// Every reminder of the day is queued: later passes need not read anyone.
	if _, err := s.reminders.InsertOne(ctx, reminderMarker{ID: marker, EventID: ev.ID, Days: due, At: now.UTC()}); err != nil && !datastore.IsDuplicate(err) {
		return len(list), fmt.Errorf("mark reminders sent: %w", err)
	}
	return len(list), nil
}

type reminderMarker struct {
	ID      string    `bson:"_id"`
	EventID string    `bson:"event_id"`
	Days    int       `bson:"days"`
	At      time.Time `bson:"at"`
}
