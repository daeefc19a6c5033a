package events

import (
	"errors"
	"strings"

	"folkhalsa-events/platform/locale"
)

var (
	// ErrNotFound: no such organisation, series, event or session (or not visible to the caller).
	ErrNotFound = errors.New("events: not found")
	// ErrNotDraft: only drafts can be deleted; published events are cancelled instead.
	ErrNotDraft = errors.New("events: only drafts can be deleted")
	// ErrCancelled: a cancelled event cannot be changed any more.
	ErrCancelled = errors.New("events: event is cancelled")
)

// Problem is what is wrong with one field: a catalogue key and its parameters
// (platform/locale), turned into words in the reader's language by FieldMessages.
type Problem struct {
	Field string
	Key   string
	Args  []any
}

// ValidationError lists what is wrong with the input, field by field. Every package
// that validates input returns it; the web layer shows each problem next to its field.
type ValidationError struct {
	problems []Problem
}

// Add records a problem with field; the first problem of a field is the one shown.
func (e *ValidationError) Add(field, key string, args ...any) {
	if !e.Has(field) {
		e.problems = append(e.problems, Problem{Field: field, Key: key, Args: args})
	}
}

// Has reports whether field has a problem.
func (e *ValidationError) Has(field string) bool {
	for _, p := range e.problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// Problems lists the problems in the order they were found.
func (e *ValidationError) Problems() []Problem { return e.problems }

// Err returns nil when nothing was added, so validators can end with `return v.Err()`.
func (e *ValidationError) Err() error {
	if len(e.problems) == 0 {
		return nil
	}
	return e
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.problems))
	for i, p := range e.problems {
		parts[i] = p.Field + ": " + p.Key
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// FieldMessages returns one message per invalid field in lang, from the catalogue.
func (e *ValidationError) FieldMessages(lang string) map[string]string {
	out := make(map[string]string, len(e.problems))
	for _, p := range e.problems {
		out[p.Field] = locale.T(lang, p.Key, p.Args...)
	}
	return out
}
