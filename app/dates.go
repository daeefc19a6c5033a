package app

import (
	"time"

	"folkhalsa-events/events"
)

// Shorthands for the templates and handlers; the formats live in events.
func longDate(t time.Time, lang string) string      { return events.LongDate(t, lang) }
func clock(t time.Time) string                      { return events.Clock(t) }
func when(start, end time.Time, lang string) string { return events.When(start, end, lang) }
