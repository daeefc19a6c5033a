package badges_test

import (
	"context"
	"testing"
	"time"

	"folkhalsa-events/badges"
	"folkhalsa-events/platform/datastore/storetest"
)

// At a two-day conference the badge checks in once each day: a second scan on day 1
// says "already checked in", the first on day 2 is a new check-in; the station's
// figures, the undo and the attendance are per day, and arrival counts either day.
func TestMultiDayEventsCheckInPerDay(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	d.svc.SetEventDays(func(_ context.Context, id string) ([]string, error) {
		if id == "ev2" {
			return []string{"2026-10-14", "2026-10-15"}, nil
		}
		return []string{"2026-10-14"}, nil
	})
	_, token, err := d.svc.CreateLink(ctx, "ev2", badges.LinkInput{Station: "Entré", ValidFrom: eventDay.Add(-time.Hour), ValidUntil: eventDay.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := d.svc.Authorize(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	anna, bo := d.person("ev2", "Anna", "Berg"), d.person("ev2", "Bo", "Ek")

	d.setClock(eventDay.Add(10 * time.Minute))
	wantOutcome(t, "day 1", d.scan(l, d.code(anna), ""), badges.OutcomeOK)
	wantOutcome(t, "day 1 again", d.scan(l, d.code(anna), ""), badges.OutcomeAlreadyCheckedIn)
	res := d.scan(l, d.code(bo), "")
	wantOutcome(t, "Bo day 1", res, badges.OutcomeOK)
	if res.CheckedIn != 2 || res.Expected != 2 {
		t.Errorf("day 1 figures %d/%d", res.CheckedIn, res.Expected)
	}

	d.setClock(eventDay.Add(24*time.Hour + 5*time.Minute))
	res = d.scan(l, d.code(anna), "")
	wantOutcome(t, "day 2", res, badges.OutcomeOK)
	if res.CheckedIn != 1 {
		t.Errorf("day 2 counts its own check-ins: %d", res.CheckedIn)
	}
	wantOutcome(t, "day 2 again", d.scan(l, d.code(anna), ""), badges.OutcomeAlreadyCheckedIn)
	// Undoing today's check-in leaves day 1's.
	if err := d.svc.Undo(ctx, badges.ByLink(l), anna.RegistrationID, ""); err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, "day 2 after undo", d.scan(l, d.code(anna), ""), badges.OutcomeOK)

	att, err := d.svc.Attendance(ctx, "ev2")
	if err != nil {
		t.Fatal(err)
	}
	if got := att[anna.RegistrationID]; len(got) != 2 || got[0] != "2026-10-14" || got[1] != "2026-10-15" {
		t.Errorf("Anna's days: %v", got)
	}
	if got := att[bo.RegistrationID]; len(got) != 1 || got[0] != "2026-10-14" {
		t.Errorf("Bo came on day 1 only: %v", got)
	}
	arrived, err := d.svc.Arrived(ctx, "ev2")
	if err != nil || !arrived[anna.RegistrationID] || !arrived[bo.RegistrationID] || len(arrived) != 2 {
		t.Errorf("arrived on any day: %v %v", arrived, err)
	}
	// A scan the day after the last day counts on the last.
	d.setClock(eventDay.Add(48 * time.Hour))
	if st, err := d.svc.Stats(ctx, "ev2", ""); err != nil || st.CheckedIn != 1 {
		t.Errorf("the last day's figures after the event: %+v %v", st.CheckedIn, err)
	}
}
