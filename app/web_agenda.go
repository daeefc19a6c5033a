package app

import (
	"time"

	"folkhalsa-events/events"
)

// agendaDay is one day of an agenda; slots are the distinct start times of that day,
// each holding the sessions that start then (parallel sessions side by side).
type agendaDay struct {
	Label string // the day as the page shows it
	Date  string // YYYY-MM-DD, for <time datetime>
	Slots []agendaSlot
}

type agendaSlot struct {
	Label    string // "09:00–10:30": the start and the latest end among the slot's sessions
	Sessions []events.Session
}

// groupAgenda groups sessions (sorted by start, as the store returns them) by day and
// start time, for the public event page and the organiser's overview alike; dayLabel
// writes a day in the page's style.
func groupAgenda(sessions []events.Session, lang string, dayLabel func(time.Time, string) string) []agendaDay {
	var days []agendaDay
	var slotEnd time.Time
	for _, se := range sessions {
		date := orgISODate(se.Start)
		if len(days) == 0 || days[len(days)-1].Date != date {
			days = append(days, agendaDay{Label: dayLabel(se.Start, lang), Date: date})
		}
		day := &days[len(days)-1]
		n := len(day.Slots)
		if n == 0 || !day.Slots[n-1].Sessions[0].Start.Equal(se.Start) {
			day.Slots = append(day.Slots, agendaSlot{})
			slotEnd = se.End
		}
		slot := &day.Slots[len(day.Slots)-1]
		slot.Sessions = append(slot.Sessions, se)
		if se.End.After(slotEnd) {
			slotEnd = se.End
		}
		slot.Label = events.Clock(se.Start) + "–" + events.Clock(slotEnd)
		if orgISODate(slotEnd) != date {
			slot.Label = events.Clock(se.Start) + "–" + orgDateTime(slotEnd, lang)
		}
	}
	return days
}
