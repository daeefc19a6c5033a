package events

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
)

// CreateSeries stores a recurring event family; no events exist until Generate.
func (s *Store) CreateSeries(ctx context.Context, orgID string, in SeriesInput) (Series, error) {
	if _, err := s.Organisation(ctx, orgID); err != nil {
		return Series{}, err
	}
	d, rule, online, err := in.validate()
	if err != nil {
		return Series{}, err
	}
	now := s.now().UTC()
	sr := Series{ID: datastore.NewID(), OrgID: orgID, CreatedAt: now, UpdatedAt: now}
	sr.apply(d, rule)
	sr.setMail(online)
	if _, err := s.series.InsertOne(ctx, sr); err != nil {
		return Series{}, fmt.Errorf("insert series: %w", err)
	}
	return sr, nil
}

// UpdateSeries changes the template and rule; events already generated keep their own edits.
func (s *Store) UpdateSeries(ctx context.Context, id string, in SeriesInput) (Series, error) {
	sr, err := s.Series(ctx, id)
	if err != nil {
		return Series{}, err
	}
	d, rule, online, err := in.validate()
	if err != nil {
		return Series{}, err
	}
	sr.apply(d, rule)
	sr.setMail(online)
	sr.Sequence++
	sr.UpdatedAt = s.now().UTC()
	set, err := datastore.SetExcept(sr, "org_id", "created_at")
	if err != nil {
		return Series{}, err
	}
	if _, err := s.series.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, set); err != nil {
		return Series{}, fmt.Errorf("update series: %w", err)
	}
	return sr, nil
}

// Series returns one series.
func (s *Store) Series(ctx context.Context, id string) (Series, error) {
	var sr Series
	if err := findByID(ctx, s.series, id, &sr); err != nil {
		return Series{}, err
	}
	return sr, nil
}

// ListSeries returns the organisations' series (all when orgIDs is nil), by title.
func (s *Store) ListSeries(ctx context.Context, orgIDs []string) ([]Series, error) {
	q := bson.D{}
	if orgIDs != nil {
		q = bson.D{{Key: "org_id", Value: bson.D{{Key: "$in", Value: orgIDs}}}}
	}
	cur, err := s.series.Find(ctx, q, options.Find().SetSort(bson.D{{Key: "title.sv", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	out := []Series{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	return out, nil
}

// seriesDates is the series and the dates its rule gives up to until.
func (s *Store) seriesDates(ctx context.Context, id string, until time.Time) (Series, []time.Time, error) {
	sr, err := s.Series(ctx, id)
	if err != nil {
		return Series{}, nil, err
	}
	dates, err := sr.Rule.dates(until)
	if err != nil {
		var v ValidationError
		v.Add("until", "events.err.until.3")
		return Series{}, nil, v.Err()
	}
	return sr, dates, nil
}

// GenerateDates are the dates Generate would create up to until: the rule's dates
// not generated yet. Organisers see them before anything is made.
func (s *Store) GenerateDates(ctx context.Context, seriesID string, until time.Time) ([]time.Time, error) {
	sr, dates, err := s.seriesDates(ctx, seriesID, until)
	if err != nil {
		return nil, err
	}
	cur, err := s.events.Find(ctx, bson.D{{Key: "series_id", Value: sr.ID}}, options.Find().SetProjection(bson.D{{Key: "occurrence", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list occurrences: %w", err)
	}
	var have []struct {
		Occurrence string `bson:"occurrence"`
	}
	if err := cur.All(ctx, &have); err != nil {
		return nil, fmt.Errorf("list occurrences: %w", err)
	}
	made := map[string]bool{}
	for _, h := range have {
		made[h.Occurrence] = true
	}
	out := dates[:0]
	for _, d := range dates {
		if !made[d.Format(time.DateOnly)] {
			out = append(out, d)
		}
	}
	return out, nil
}

// Generate creates the series' occurrences up to and including the date until, as
// drafts copied from the template. Dates already generated are left as they are (and
// may have been edited): each occurrence's _id is derived from its date, so running
// Generate twice, even at the same time, creates every date exactly once.
func (s *Store) Generate(ctx context.Context, seriesID string, until time.Time) ([]Event, error) {
	sr, dates, err := s.seriesDates(ctx, seriesID, until)
	if err != nil {
		return nil, err
	}
	org, err := s.Organisation(ctx, sr.OrgID)
	if err != nil {
		return nil, err
	}
	created := []Event{}
	for _, date := range dates {
		ev, err := sr.occurrence(date, org, s.now().UTC())
		if err != nil {
			return nil, err
		}
		if _, err := s.events.InsertOne(ctx, ev.stored()); err != nil {
			if datastore.IsDuplicate(err) {
				continue
			}
			return nil, fmt.Errorf("insert occurrence: %w", err)
		}
		created = append(created, ev.local())
	}
	return created, nil
}

// occurrence builds the draft event of the series on a local date.
func (sr Series) occurrence(date time.Time, org Organisation, now time.Time) (Event, error) {
	start, err := at(date, sr.Rule.StartTime)
	if err != nil {
		return Event{}, err
	}
	end, err := at(date, sr.Rule.EndTime)
	if err != nil {
		return Event{}, err
	}
	ev := Event{
		ID:         sr.ID + "-" + date.Format("20060102"),
		OrgID:      sr.OrgID,
		SeriesID:   sr.ID,
		Occurrence: date.Format("2006-01-02"),
		Status:     StatusDraft,
		CreatedAt:  now,
		UpdatedAt:  now,
	}
	ev.apply(sr.details(), eventTimes{start: start, end: end, onlineURL: sr.OnlineURL,
		reminderDays: sr.ReminderDays, remindersOff: sr.RemindersOff, thanksOff: sr.ThanksOff, followUpURL: sr.FollowUpURL}, org)
	return ev, nil
}

func (sr *Series) setMail(m seriesMail) {
	sr.OnlineURL, sr.FollowUpURL, sr.ThanksOff = m.online, m.followUp, m.thanksOff
	sr.ReminderDays, sr.RemindersOff = m.reminderDays, m.remindersOff
}

func (sr *Series) apply(d details, rule Recurrence) {
	sr.Type, sr.Title, sr.Description = d.typ, d.title, d.desc
	sr.Venue, sr.Mode = d.venue, d.mode
	sr.CapacityOnSite, sr.CapacityDigital = d.capOnSite, d.capDigital
	sr.Visibility, sr.TargetAreas, sr.PriorityAreas = d.visibility, d.targetAreas, d.priorityAreas
	sr.Municipality, sr.County, sr.Contact = d.municipality, d.county, d.contact
	sr.Rule = rule
}

func (sr Series) details() details {
	return details{
		typ: sr.Type, title: sr.Title, desc: sr.Description, venue: sr.Venue, mode: sr.Mode,
		capOnSite: sr.CapacityOnSite, capDigital: sr.CapacityDigital, visibility: sr.Visibility,
		targetAreas: sr.TargetAreas, priorityAreas: sr.PriorityAreas,
		municipality: sr.Municipality, county: sr.County, contact: sr.Contact,
	}
}

// DeleteSeries removes a series and its occurrences that are still drafts (drafts
// take no registrations). Occurrences that were published or cancelled stay, as
// events of their own: only their series_id is removed. It returns how many were
// deleted and how many kept.
func (s *Store) DeleteSeries(ctx context.Context, id string) (deleted, kept int, err error) {
	sr, err := s.Series(ctx, id)
	if err != nil {
		return 0, 0, err
	}
	list, err := s.seriesOccurrences(ctx, sr.ID)
	if err != nil {
		return 0, 0, err
	}
	for _, ev := range list {
		if ev.Status == StatusDraft {
			if _, err := s.events.DeleteOne(ctx, bson.D{{Key: "_id", Value: ev.ID}}); err != nil {
				return deleted, kept, fmt.Errorf("delete occurrence: %w", err)
			}
			if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "event_id", Value: ev.ID}}); err != nil {
				return deleted, kept, fmt.Errorf("delete occurrence agenda: %w", err)
			}
			deleted++
			continue
		}
		// Only the one field: a concurrent edit of the event keeps its changes.
		if _, err := s.events.UpdateOne(ctx, bson.D{{Key: "_id", Value: ev.ID}}, bson.D{{Key: "$unset", Value: bson.D{{Key: "series_id", Value: ""}}}}); err != nil {
			return deleted, kept, fmt.Errorf("detach occurrence: %w", err)
		}
		kept++
	}
	if _, err := s.series.DeleteOne(ctx, bson.D{{Key: "_id", Value: sr.ID}}); err != nil {
		return deleted, kept, fmt.Errorf("delete series: %w", err)
	}
	return deleted, kept, nil
}

// SeriesCounts are how many occurrences a series has, and how many are drafts.
func (s *Store) SeriesCounts(ctx context.Context, id string) (total, drafts int, err error) {
	list, err := s.seriesOccurrences(ctx, id)
	for _, ev := range list {
		total++
		if ev.Status == StatusDraft {
			drafts++
		}
	}
	return total, drafts, err
}

func (s *Store) seriesOccurrences(ctx context.Context, id string) ([]Event, error) {
	cur, err := s.events.Find(ctx, bson.D{{Key: "series_id", Value: id}}, options.Find().SetProjection(bson.D{{Key: "status", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list occurrences: %w", err)
	}
	var list []Event
	if err := cur.All(ctx, &list); err != nil {
		return nil, fmt.Errorf("list occurrences: %w", err)
	}
	// A cancellation is its own document (cancellations.go).
	return list, s.withCancellations(ctx, list)
}
