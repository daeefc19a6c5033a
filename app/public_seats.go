package app

import (
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
)

// Seats left, in words, for the public list, the event page and the form
// (registration/availability.go): "3 platser kvar", "Fullbokat – väntelista"; per
// participation mode on a hybrid event. Pools without a limit say nothing.

// seatsText is one pool's figure in words ("" without a limit).
func seatsText(x registration.Seats, lang string) string {
	switch {
	case !x.Limited():
		return ""
	case x.Full():
		return tr(lang, "avail.full")
	}
	return locale.N(lang, "avail.left", x.Left)
}

// seatsNote is seatsText inside a label, in lower case: "Sal A, 3 platser kvar".
func seatsNote(x registration.Seats, lang string) string {
	return strings.ToLower(seatsText(x, lang))
}

// availabilityLines are an event's figures, one line per participation mode it offers.
func availabilityLines(ev events.Event, a registration.Availability, lang string) []string {
	var out []string
	add := func(mode events.Mode, x registration.Seats) {
		text := seatsText(x, lang)
		if text == "" {
			return
		}
		if ev.Mode == events.ModeHybrid {
			text = tr(lang, "avail.mode", events.ModeLabels[mode].In(lang), text)
		}
		out = append(out, text)
	}
	if ev.Mode.HasOnSite() {
		add(events.ModeOnSite, a.OnSite)
	}
	if ev.Mode != events.ModeOnSite {
		add(events.ModeDigital, a.Digital)
	}
	return out
}

// workshopSeats are the figures of an event's bookable workshops, by session id.
func workshopSeats(a registration.Availability, lang string) map[string]string {
	out := map[string]string{}
	for id, x := range a.Workshops {
		if text := seatsText(x, lang); text != "" {
			out[id] = text
		}
	}
	return out
}
