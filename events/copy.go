package events

import (
	"context"
	"fmt"
	"strings"
	"time"

	"folkhalsa-events/platform/datastore"
)

// Copies, for a year that repeats the last: an event duplicated onto another day
// with its whole agenda, or last year's programme brought into this year's event.
// Times move by whole calendar days in Stockholm, so 09:00 stays 09:00 across a
// change of summer time.

// DuplicateEvent makes a draft copy of the event starting on startDate
// ("YYYY-MM-DD"): every detail and its agenda, with its times and registration window
// moved to that day. The copy belongs to no series and has no registrations.
func (s *Store) DuplicateEvent(ctx context.Context, id, startDate string) (Event, error) {
	src, err := s.Event(ctx, id)
	if err != nil {
		return Event{}, err
	}
	days, err := daysTo(src.Start, startDate)
	if err != nil {
		return Event{}, err
	}
	sessions, err := s.Sessions(ctx, src.ID)
	if err != nil {
		return Event{}, err
	}
	now := s.now().UTC()
	ev := src
	ev.ID, ev.SeriesID, ev.Occurrence = datastore.NewID(), "", ""
	ev.Status, ev.Sequence, ev.CreatedAt, ev.UpdatedAt = StatusDraft, 0, now, now
	ev.Start, ev.End = shiftDays(src.Start, days), shiftDays(src.End, days)
	ev.RegistrationOpens, ev.RegistrationCloses = shiftDays(src.RegistrationOpens, days), shiftDays(src.RegistrationCloses, days)
	ev.Questions = moveDateLabels(src.Questions, src, days)
	// The agenda first: an event without its sessions would look finished.
	if _, err := s.copySessions(ctx, sessions, ev.ID, days); err != nil {
		return Event{}, err
	}
	if _, err := s.events.InsertOne(ctx, ev.stored()); err != nil {
		return Event{}, fmt.Errorf("insert event: %w", err)
	}
	return ev.local(), nil
}

// CopyProgramme adds the agenda of event from to event to, moved so that from's
// first day falls on to's first day; each session is checked against to's agenda
// rules like one added by hand. It returns how many it added.
func (s *Store) CopyProgramme(ctx context.Context, fromID, toID string) (int, error) {
	from, err := s.Event(ctx, fromID)
	if err != nil {
		return 0, err
	}
	to, err := s.Event(ctx, toID)
	if err != nil {
		return 0, err
	}
	if from.OrgID != to.OrgID || from.ID == to.ID {
		return 0, ErrNotFound // only between two events of one organisation
	}
	sessions, err := s.Sessions(ctx, from.ID)
	if err != nil {
		return 0, err
	}
	days, err := daysTo(from.Start, to.Start.In(Stockholm).Format(time.DateOnly))
	if err != nil {
		return 0, err
	}
	added := 0
	for _, se := range sessions {
		in := SessionInputOf(se)
		in.Start = shiftDays(se.Start, days).Format("2006-01-02T15:04")
		in.End = shiftDays(se.End, days).Format("2006-01-02T15:04")
		if _, err := s.AddSession(ctx, to.ID, in); err != nil {
			return added, fmt.Errorf("%s: %w", se.Title.SV, err)
		}
		added++
	}
	return added, nil
}

// copySessions inserts the sessions, moved by days, under eventID.
func (s *Store) copySessions(ctx context.Context, sessions []Session, eventID string, days int) (int, error) {
	now := s.now().UTC()
	for i, se := range sessions {
		se.ID, se.EventID, se.CreatedAt, se.UpdatedAt = datastore.NewID(), eventID, now, now
		se.Start, se.End = shiftDays(se.Start, days).UTC(), shiftDays(se.End, days).UTC()
		if _, err := s.sessions.InsertOne(ctx, se); err != nil {
			return i, fmt.Errorf("copy session: %w", err)
		}
	}
	return len(sessions), nil
}

// SessionInputOf is a stored session as the input that would make it again.
func SessionInputOf(se Session) SessionInput {
	lines := make([]string, len(se.Speakers))
	for i, sp := range se.Speakers {
		lines[i] = strings.TrimRight(strings.Join([]string{sp.Name, sp.Title, sp.Organisation}, ", "), ", ")
	}
	return SessionInput{
		Start: se.Start.In(Stockholm).Format("2006-01-02T15:04"), End: se.End.In(Stockholm).Format("2006-01-02T15:04"),
		TitleSV: se.Title.SV, TitleEN: se.Title.EN, DescriptionSV: se.Description.SV, DescriptionEN: se.Description.EN,
		Kind: string(se.Kind), Room: se.Room, Track: se.Track, TargetAreas: append([]int(nil), se.TargetAreas...),
		SeatLimit: se.SeatLimit, SpeakersText: strings.Join(lines, "\n"),
	}
}

// daysTo is how many calendar days (Stockholm) lie from t's day to date.
func daysTo(t time.Time, date string) (int, error) {
	day, err := parseDate(strings.TrimSpace(date))
	if err != nil {
		var v ValidationError
		v.Add("start", "events.err.copy_date")
		return 0, v.Err()
	}
	local := t.In(Stockholm)
	from := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	to := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return int(to.Sub(from).Hours() / 24), nil
}

// shiftDays moves t by days calendar days, keeping its Stockholm clock time.
func shiftDays(t time.Time, days int) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(Stockholm).AddDate(0, 0, days)
}

// moveDateLabels is the event's questions with the dates their labels name moved by
// days: "Dag 1, tisdag 16 mars 2027" (as CateringOptions writes it) becomes the copy's
// first day. Every day of the event is looked for, in Swedish and English; option ids
// stay, so nothing else needs to know.
func moveDateLabels(qs []Question, ev Event, days int) []Question {
	if len(qs) == 0 || days == 0 {
		return qs
	}
	var pairs []string
	first := ev.Start.In(Stockholm)
	for d := first; !d.After(ev.End.In(Stockholm)) && d.Sub(first) < 15*24*time.Hour; d = d.AddDate(0, 0, 1) {
		for _, lang := range []string{"sv", "en"} {
			pairs = append(pairs, LongDate(d, lang), LongDate(shiftDays(d, days), lang))
		}
	}
	r := strings.NewReplacer(pairs...)
	move := func(t Text) Text { return Text{SV: r.Replace(t.SV), EN: r.Replace(t.EN)} }
	out := make([]Question, len(qs))
	for i, q := range qs {
		q.Label = move(q.Label)
		opts := make([]QuestionOption, len(q.Options))
		for j, o := range q.Options {
			opts[j] = QuestionOption{ID: o.ID, Label: move(o.Label)}
		}
		q.Options = opts
		out[i] = q
	}
	return out
}
