package events

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reminders: participants with a seat get a mail some days before the event (by
// default 7 and 1), with its practical details. An organiser may choose other days
// or none; registration/reminders.go sends them.

// DefaultReminderDays are the days before the start a reminder goes out, unless the
// event says otherwise.
var DefaultReminderDays = []int{7, 1}

const maxReminders, maxReminderDays = 4, 60

// ReminderDaysDue are the days before the start this event's reminders go out,
// earliest first: none when switched off.
func (ev Event) ReminderDaysDue() []int {
	if ev.RemindersOff {
		return nil
	}
	if ev.ReminderDays == nil {
		return DefaultReminderDays
	}
	return ev.ReminderDays
}

// ReminderDue is when the reminder d days before the start goes: that time of day,
// d days earlier (Stockholm calendar days, so a reminder keeps its clock time across
// a change of summer time).
func (ev Event) ReminderDue(d int) time.Time {
	return ev.Start.In(Stockholm).AddDate(0, 0, -d)
}

// reminderInput reads "7, 1" (days before the start, any order); "" keeps the
// defaults.
func reminderInput(v *ValidationError, raw string, off bool) ([]int, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, off
	}
	var days []int
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		d, err := strconv.Atoi(part)
		if err != nil || d < 1 || d > maxReminderDays {
			v.Add("reminder_days", "events.err.reminder_days", maxReminderDays)
			return nil, off
		}
		if !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	if len(days) > maxReminders {
		v.Add("reminder_days", "events.err.reminder_days.count", maxReminders)
		return nil, off
	}
	slices.SortFunc(days, func(a, b int) int { return b - a })
	return days, off
}

// ReminderDaysText is the form's value for the event's days: "7, 1".
func (ev Event) ReminderDaysText() string {
	days := ev.ReminderDays
	if days == nil {
		days = DefaultReminderDays
	}
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ", ")
}
