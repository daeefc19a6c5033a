package events

import (
	"errors"
	"sort"
	"strings"
)

var (
	// ErrNotFound: no such organisation, series, event or session (or not visible to the caller).
	ErrNotFound = errors.New("events: not found")
	// ErrNotDraft: only drafts can be deleted; published events are cancelled instead.
	ErrNotDraft = errors.New("events: only drafts can be deleted")
	// ErrCancelled: a cancelled event cannot be changed any more.
	ErrCancelled = errors.New("events: event is cancelled")
)

// ValidationError lists what is wrong with the input, field by field, in Swedish and English.
type ValidationError struct {
	fields map[string]Text
}

// Add records a problem with field; the first problem of a field is the one shown.
func (e *ValidationError) Add(field, sv, en string) {
	if e.fields == nil {
		e.fields = map[string]Text{}
	}
	if _, exists := e.fields[field]; !exists {
		e.fields[field] = Text{SV: sv, EN: en}
	}
}

// Has reports whether field has a problem.
func (e *ValidationError) Has(field string) bool { _, ok := e.fields[field]; return ok }

// Err returns nil when nothing was added, so validators can end with `return v.Err()`.
func (e *ValidationError) Err() error {
	if len(e.fields) == 0 {
		return nil
	}
	return e
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.fields))
	for k := range e.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.fields[k].EN
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// FieldMessages returns one message per invalid field in lang ("sv" or "en").
func (e *ValidationError) FieldMessages(lang string) map[string]string {
	out := make(map[string]string, len(e.fields))
	for k, t := range e.fields {
		out[k] = t.In(lang)
	}
	return out
}
