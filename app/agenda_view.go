package app

import (
	"folkhalsa-events/events"
)

// agendaDay is one day of an agenda; slots are the distinct start times of that day,
// each holding the sessions that start then (parallel sessions side by side).
type agendaDay struct {
	Date  string
	Slots []agendaSlot
}

type agendaSlot struct {
	Start, End string // End is the latest end among the slot's sessions
	Sessions   []events.Session
}

// groupAgenda expects sessions sorted by start (as the store returns them).
func groupAgenda(sessions []events.Session, lang string) []agendaDay {
	var days []agendaDay
	for _, se := range sessions {
		date := longDate(se.Start, lang)
		if len(days) == 0 || days[len(days)-1].Date != date {
			days = append(days, agendaDay{Date: date})
		}
		day := &days[len(days)-1]
		start := clock(se.Start)
		if len(day.Slots) == 0 || day.Slots[len(day.Slots)-1].Start != start {
			day.Slots = append(day.Slots, agendaSlot{Start: start})
		}
		slot := &day.Slots[len(day.Slots)-1]
		slot.Sessions = append(slot.Sessions, se)
		if end := clock(se.End); end > slot.End {
			slot.End = end
		}
	}
	return days
}
