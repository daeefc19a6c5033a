package events_test

import (
	"slices"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// What participants are told about: time, place (for those on site), mode, the online
// link (for those online) and a cancellation; not edits of texts or seats, and
// nothing at all while the event is a draft.
func TestChangesListsWhatParticipantsHear(t *testing.T) {
	base := icsEvent("ev", time.Date(2026, 10, 14, 7, 0, 0, 0, time.UTC))
	for name, tc := range map[string]struct {
		change func(*events.Event)
		want   []events.ChangeField
	}{
		"texts and seats":  {func(e *events.Event) { e.Title.SV, e.CapacityOnSite = "Ny titel", 300 }, nil},
		"time":             {func(e *events.Event) { e.End = e.End.Add(time.Hour) }, []events.ChangeField{events.ChangedTime}},
		"venue":            {func(e *events.Event) { e.Venue.Name = "Väven" }, []events.ChangeField{events.ChangedPlace}},
		"online link only": {func(e *events.Event) { e.OnlineURL = "https://meet.example.se/ny" }, nil}, // on site: nobody has the link
		"mode and link": {func(e *events.Event) { e.Mode, e.OnlineURL = events.ModeHybrid, "https://meet.example.se/ny" },
			[]events.ChangeField{events.ChangedMode, events.ChangedOnlineURL}},
		"cancelled": {func(e *events.Event) { e.Status, e.Start = events.StatusCancelled, e.Start.Add(time.Hour) },
			[]events.ChangeField{events.ChangedCancelled}},
	} {
		after := base
		tc.change(&after)
		if got := events.Changes(base, after); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
	draft := base
	draft.Status = events.StatusDraft
	moved := draft
	moved.Start = moved.Start.Add(time.Hour)
	if got := events.Changes(draft, moved); got != nil {
		t.Errorf("a draft's change: %v, want none", got)
	}
}

// A recorded change is read back by its id, within its event only, and recording
// the same version twice keeps one record.
func TestRecordedChangesAreReadByID(t *testing.T) {
	s := newStore(t)
	ctx := storetest.Ctx(t)
	org := newOrg(t, s)
	ev, err := s.CreateEvent(ctx, org.ID, conferenceInput())
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.SetStatus(ctx, ev.ID, events.StatusPublished)
	if err != nil {
		t.Fatal(err)
	}
	in := conferenceInput()
	in.Start = "2026-10-14T10:00"
	after, err := s.UpdateEvent(ctx, ev.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	ch, ok, err := s.RecordChange(ctx, before, after)
	if err != nil || !ok || ch.ID != events.ChangeID(ev.ID, after.Sequence) {
		t.Fatalf("record: %+v %v %v", ch, ok, err)
	}
	if _, _, err := s.RecordChange(ctx, before, after); err != nil {
		t.Fatalf("recording again: %v", err)
	}
	got, err := s.Change(ctx, ev.ID, ch.ID)
	if err != nil || !got.Before.Start.Equal(before.Start) || !got.After.Start.Equal(after.Start) || !slices.Equal(got.Fields, []events.ChangeField{events.ChangedTime}) {
		t.Errorf("read back: %+v %v", got, err)
	}
	if _, err := s.Change(ctx, "another-event", ch.ID); err != events.ErrNotFound {
		t.Errorf("through another event: %v, want ErrNotFound", err)
	}
}
