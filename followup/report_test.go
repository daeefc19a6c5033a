package followup

import (
	"fmt"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Repeat participation: municipalities at two events or more, organisations reached
// often enough to be named, and per series those at half of its meetings or more.
func TestRepeatParticipation(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, events.Stockholm)
	var evs []events.Event
	var regs []registration.Registration
	// Four meetings of a series: Umeå at all four, Skellefteå at two, Lycksele at one.
	present := map[int][]string{0: {"Umeå", "Skellefteå"}, 1: {"Umeå", "Lycksele"}, 2: {"Umeå", "Skellefteå"}, 3: {"Umeå"}}
	for i := range 4 {
		ev := events.Event{ID: fmt.Sprintf("m%d", i), SeriesID: "s1", Status: events.StatusPublished, Mode: events.ModeDigital,
			Start: from.AddDate(0, i+1, 0), End: from.AddDate(0, i+1, 0).Add(2 * time.Hour)}
		evs = append(evs, ev)
		for j, place := range present[i] {
			m, _ := events.LookupMunicipality(place)
			regs = append(regs, registration.Registration{ID: fmt.Sprintf("r%d%d", i, j), EventID: ev.ID, Status: registration.StatusConfirmed,
				Category: registration.CategoryParticipant, Mode: events.ModeDigital, Municipality: m.Name, County: m.County,
				Organisation: map[bool]string{true: "Umeå kommun", false: "Lilla Firman AB"}[place == "Umeå"]})
		}
	}
	rep := Build(Input{Filter: Filter{From: from, To: from.AddDate(0, 11, 30)}, Now: from.AddDate(1, 0, 0), Events: evs, Regs: regs, MinCell: 3, Lang: "sv"})
	if len(rep.RepeatMunicipalities) != 2 || rep.RepeatMunicipalities[0].Label != "Umeå" || rep.RepeatMunicipalities[0].Events != 4 ||
		rep.RepeatMunicipalities[1].Label != "Skellefteå" {
		t.Errorf("repeat municipalities: %+v", rep.RepeatMunicipalities)
	}
	// Umeå kommun: four events, four people; Lilla Firman AB three events but three
	// people only at min 3 → shown; at min 4 it would not be.
	if len(rep.RepeatOrganisations) != 2 {
		t.Errorf("repeat organisations: %+v", rep.RepeatOrganisations)
	}
	rep4 := Build(Input{Filter: Filter{From: from, To: from.AddDate(0, 11, 30)}, Now: from.AddDate(1, 0, 0), Events: evs, Regs: regs, MinCell: 4, Lang: "sv"})
	if len(rep4.RepeatOrganisations) != 1 || rep4.RepeatOrganisations[0].Label != "Umeå kommun" {
		t.Errorf("an organisation reached fewer times than the smallest count is not named: %+v", rep4.RepeatOrganisations)
	}
	if len(rep.Series) != 1 || rep.Series[0].Meetings != 4 || len(rep.Series[0].Municipalities) != 2 {
		t.Fatalf("series: %+v", rep.Series)
	}
	if m := rep.Series[0].Municipalities; m[0].Label != "Umeå" || m[1].Label != "Skellefteå" || m[1].Events != 2 {
		t.Errorf("at half the meetings or more: %+v (Lycksele at one of four is not)", m)
	}
}

// An event is held once it has ended: a meeting at 13:00 today is planned at 01:00
// and while it runs, held from its end. Planned events are listed with their
// registrations and enter no figure.
func TestOnlyEndedEventsAreHeld(t *testing.T) {
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, events.Stockholm)
	meeting := events.Event{ID: "today", Status: events.StatusPublished, Mode: events.ModeDigital,
		Start: day.Add(13 * time.Hour), End: day.Add(15 * time.Hour)}
	var regs []registration.Registration
	for i := range 5 {
		regs = append(regs, registration.Registration{ID: fmt.Sprint(i), EventID: meeting.ID, Status: registration.StatusConfirmed,
			Category: registration.CategoryParticipant, Mode: events.ModeDigital, Municipality: "Umeå", County: "Västerbottens län"})
	}
	regs = append(regs, registration.Registration{ID: "w", EventID: meeting.ID, Status: registration.StatusWaiting, Mode: events.ModeDigital})
	f := Filter{From: time.Date(2026, 1, 1, 0, 0, 0, 0, events.Stockholm), To: time.Date(2026, 12, 31, 0, 0, 0, 0, events.Stockholm)}
	for _, tc := range []struct {
		name string
		now  time.Time
		held bool
	}{
		{"at 01:00", day.Add(time.Hour), false},
		{"while it runs", day.Add(14 * time.Hour), false},
		{"at its end", day.Add(15 * time.Hour), true},
		{"the day after", day.AddDate(0, 0, 1), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Build(Input{Filter: f, Now: tc.now, Events: []events.Event{meeting}, Regs: regs, MinCell: 3, Lang: "sv"})
			if tc.held {
				if rep.Held != 1 || rep.Reached != 5 || rep.PlannedCount != 0 || len(rep.Planned) != 0 || rep.Events[0].State != StateHeld {
					t.Errorf("held: %+v", rep)
				}
				return
			}
			if rep.Held != 0 || rep.Reached != 0 || rep.Registered != 0 || len(rep.Events) != 0 || rep.Municipalities.Total.N != 0 || rep.Genders.Total.N != 0 {
				t.Errorf("a planned event counted: held %d reached %d registered %d tables %d/%d", rep.Held, rep.Reached, rep.Registered,
					rep.Municipalities.Total.N, rep.Genders.Total.N)
			}
			if rep.PlannedCount != 1 || rep.PlannedRegistered != 5 || rep.Planned[0].Waiting != 1 || rep.Planned[0].State != StatePlanned {
				t.Errorf("planned: %+v", rep.Planned)
			}
		})
	}
}
