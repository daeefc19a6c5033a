package events

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
)

// CreateEvent validates the input and stores a new draft event of the organisation.
func (s *Store) CreateEvent(ctx context.Context, orgID string, in EventInput) (Event, error) {
	org, err := s.Organisation(ctx, orgID)
	if err != nil {
		return Event{}, err
	}
	d, t, err := in.validate()
	if err != nil {
		return Event{}, err
	}
	now := s.now().UTC()
	ev := Event{ID: datastore.NewID(), OrgID: orgID, Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
	ev.apply(d, t, org)
	if _, err := s.events.InsertOne(ctx, ev.stored()); err != nil {
		return Event{}, fmt.Errorf("insert event: %w", err)
	}
	return ev.local(), nil
}

// Event returns one event in any status; callers decide who may see drafts.
func (s *Store) Event(ctx context.Context, id string) (Event, error) {
	var ev Event
	if err := findByID(ctx, s.events, id, &ev); err != nil {
		return Event{}, err
	}
	one := []Event{ev}
	if err := s.withCancellations(ctx, one); err != nil {
		return Event{}, err
	}
	return one[0].local(), nil
}

// UpdateEvent replaces the editable fields. Existing agenda sessions must still fit the
// new time span; every change bumps the calendar SEQUENCE.
func (s *Store) UpdateEvent(ctx context.Context, id string, in EventInput) (Event, error) {
	ev, err := s.Event(ctx, id)
	if err != nil {
		return Event{}, err
	}
	if ev.Status == StatusCancelled {
		return Event{}, ErrCancelled
	}
	org, err := s.Organisation(ctx, ev.OrgID)
	if err != nil {
		return Event{}, err
	}
	d, t, err := in.validate()
	if err != nil {
		return Event{}, err
	}
	sessions, err := s.Sessions(ctx, id)
	if err != nil {
		return Event{}, err
	}
	var v ValidationError
	for _, se := range sessions {
		if se.Start.Before(t.start) || se.End.After(t.end) {
			v.Add("start", "events.err.session_outside", se.Title, span(se.Start, se.End))
		}
	}
	if err := v.Err(); err != nil {
		return Event{}, err
	}
	ev.apply(d, t, org)
	ev.Sequence++
	ev.UpdatedAt = s.now().UTC()
	// Only what the edit owns: never the status, which a cancellation may have set
	// since ev was read (and which the cancellation document decides anyway).
	set, err := datastore.SetExcept(ev.stored(), "status", "org_id", "series_id", "occurrence", "created_at", "questions")
	if err != nil {
		return Event{}, err
	}
	if err := s.updateEvent(ctx, id, set); err != nil {
		return Event{}, err
	}
	updated, err := s.Event(ctx, id)
	if err == nil && updated.Status == StatusPublished {
		s.notify(ctx, NotifyChanged, updated)
	}
	return updated, err
}

// SetStatus publishes, unpublishes or cancels. Cancelling is final.
func (s *Store) SetStatus(ctx context.Context, id string, status Status) (Event, error) {
	ev, err := s.Event(ctx, id)
	if err != nil {
		return Event{}, err
	}
	switch {
	case ev.Status == status:
		return ev, nil
	case ev.Status == StatusCancelled:
		return Event{}, ErrCancelled
	case status != StatusDraft && status != StatusPublished && status != StatusCancelled:
		var v ValidationError
		v.Add("status", "events.err.status")
		return Event{}, v.Err()
	}
	if status == StatusCancelled {
		if _, err := s.recordCancellation(ctx, id); err != nil {
			return Event{}, err
		}
	}
	ev.Status = status
	ev.Sequence++
	ev.UpdatedAt = s.now().UTC()
	err = s.updateEvent(ctx, id, bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: ev.Status}, {Key: "sequence", Value: ev.Sequence}, {Key: "updated_at", Value: ev.UpdatedAt},
	}}})
	if err != nil {
		return Event{}, err
	}
	// Publishing or unpublishing while someone cancels: the cancellation wins.
	updated, err := s.Event(ctx, id)
	if err == nil && updated.Status == status {
		switch status {
		case StatusPublished:
			s.notify(ctx, NotifyPublished, updated)
		case StatusCancelled:
			s.notify(ctx, NotifyCancelled, updated)
		}
	}
	return updated, err
}

// DeleteEvent removes a draft and its agenda. Published events are cancelled instead,
// so that participants and calendars learn about it.
func (s *Store) DeleteEvent(ctx context.Context, id string) error {
	ev, err := s.Event(ctx, id)
	if err != nil {
		return err
	}
	if ev.Status != StatusDraft {
		return ErrNotDraft
	}
	if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "event_id", Value: id}}); err != nil {
		return fmt.Errorf("delete sessions: %w", err)
	}
	if _, err := s.events.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete event: %w", err)
	}
	return nil
}

func (s *Store) updateEvent(ctx context.Context, id string, update bson.D) error {
	res, err := s.events.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
	if err != nil {
		return fmt.Errorf("update event: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// EventFilter selects events for lists. Zero fields do not filter.
type EventFilter struct {
	OrgIDs []string // organiser scope: only these organisations' events
	// Public limits to what anyone may see: published or cancelled, publicly listed.
	Public       bool
	Status       Status
	Type         Type
	TargetArea   int
	Municipality string
	County       string
	Mode         Mode // on_site also finds hybrid events, digital too
	SeriesID     string
	From, To     time.Time // events that have not ended by From and start before To
	EndedBefore  time.Time // events that had ended by then (the organiser's "past")
	Newest       bool      // latest start first (default: earliest first)
	Limit        int       // default 50, at most 200
	Offset       int
}

// EventPage is one page of a list.
type EventPage struct {
	Events []Event `json:"events"`
	Total  int64   `json:"total"`
	Limit  int     `json:"limit"`
	Offset int     `json:"offset"`
}

// ListEvents returns events by start time.
func (s *Store) ListEvents(ctx context.Context, f EventFilter) (EventPage, error) {
	q := bson.D{}
	if f.OrgIDs != nil {
		q = append(q, bson.E{Key: "org_id", Value: bson.D{{Key: "$in", Value: f.OrgIDs}}})
	}
	if f.Public {
		q = append(q, bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: []Status{StatusPublished, StatusCancelled}}}},
			bson.E{Key: "visibility", Value: VisibilityPublic})
	}
	if f.Status != "" {
		q = append(q, bson.E{Key: "status", Value: f.Status})
	}
	if f.Type != "" {
		q = append(q, bson.E{Key: "type", Value: f.Type})
	}
	if f.TargetArea != 0 {
		q = append(q, bson.E{Key: "target_areas", Value: f.TargetArea})
	}
	if f.Municipality != "" {
		q = append(q, bson.E{Key: "municipality", Value: f.Municipality})
	}
	if f.County != "" {
		q = append(q, bson.E{Key: "county", Value: f.County})
	}
	switch f.Mode {
	case ModeOnSite:
		q = append(q, bson.E{Key: "mode", Value: bson.D{{Key: "$in", Value: []Mode{ModeOnSite, ModeHybrid}}}})
	case ModeDigital:
		q = append(q, bson.E{Key: "mode", Value: bson.D{{Key: "$in", Value: []Mode{ModeDigital, ModeHybrid}}}})
	case ModeHybrid:
		q = append(q, bson.E{Key: "mode", Value: ModeHybrid})
	}
	if f.SeriesID != "" {
		q = append(q, bson.E{Key: "series_id", Value: f.SeriesID})
	}
	if !f.From.IsZero() {
		q = append(q, bson.E{Key: "end", Value: bson.D{{Key: "$gt", Value: f.From.UTC()}}})
	}
	if !f.To.IsZero() {
		q = append(q, bson.E{Key: "start", Value: bson.D{{Key: "$lt", Value: f.To.UTC()}}})
	}
	if !f.EndedBefore.IsZero() {
		q = append(q, bson.E{Key: "end", Value: bson.D{{Key: "$lte", Value: f.EndedBefore.UTC()}}})
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	total, err := s.events.CountDocuments(ctx, q)
	if err != nil {
		return EventPage{}, fmt.Errorf("count events: %w", err)
	}
	order := 1
	if f.Newest {
		order = -1
	}
	cur, err := s.events.Find(ctx, q, options.Find().
		SetSort(bson.D{{Key: "start", Value: order}, {Key: "_id", Value: order}}).
		SetSkip(int64(f.Offset)).SetLimit(int64(f.Limit)))
	if err != nil {
		return EventPage{}, fmt.Errorf("list events: %w", err)
	}
	page := EventPage{Events: []Event{}, Total: total, Limit: f.Limit, Offset: f.Offset}
	if err := cur.All(ctx, &page.Events); err != nil {
		return EventPage{}, fmt.Errorf("list events: %w", err)
	}
	if err := s.withCancellations(ctx, page.Events); err != nil {
		return EventPage{}, err
	}
	for i := range page.Events {
		page.Events[i] = page.Events[i].local()
	}
	return page, nil
}

// apply copies validated input into the event.
func (ev *Event) apply(d details, t eventTimes, org Organisation) {
	ev.Type, ev.Title, ev.Description = d.typ, d.title, d.desc
	ev.Venue, ev.Mode = d.venue, d.mode
	ev.CapacityOnSite, ev.CapacityDigital = d.capOnSite, d.capDigital
	ev.Visibility, ev.TargetAreas, ev.PriorityAreas = d.visibility, d.targetAreas, d.priorityAreas
	ev.Municipality, ev.County, ev.Contact = d.municipality, d.county, d.contact
	if ev.County == "" {
		ev.County = org.County
	}
	ev.Start, ev.End = t.start, t.end
	ev.RegistrationOpens, ev.RegistrationCloses = t.opens, t.closes
	ev.OnlineURL = t.onlineURL
	ev.ReminderDays, ev.RemindersOff = t.reminderDays, t.remindersOff
	ev.ThanksOff, ev.FollowUpURL = t.thanksOff, t.followUpURL
}

// stored is the event with its times in UTC, as kept in the store.
func (ev Event) stored() Event {
	ev.Start, ev.End = ev.Start.UTC(), ev.End.UTC()
	ev.RegistrationOpens, ev.RegistrationCloses = utcOrZero(ev.RegistrationOpens), utcOrZero(ev.RegistrationCloses)
	return ev
}

// local is the event with its times in Stockholm, as callers see it.
func (ev Event) local() Event {
	ev.Start, ev.End = ev.Start.In(Stockholm), ev.End.In(Stockholm)
	ev.RegistrationOpens, ev.RegistrationCloses = localOrZero(ev.RegistrationOpens), localOrZero(ev.RegistrationCloses)
	if ev.TargetAreas == nil {
		ev.TargetAreas = []int{}
	}
	if ev.PriorityAreas == nil {
		ev.PriorityAreas = []string{}
	}
	return ev
}

func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func localOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(Stockholm)
}
