// Package badges owns what happens at the door: the signed code on a participant's
// badge, badge PDFs (one, or sheets for printing), scanner links for staff, check-ins
// (per event and per workshop) and the live arrival figures. It knows nothing of HTTP
// and reads registrations only through the People interface below.
package badges

import (
	"context"
	"time"
)

// Category decides a badge's colour band.
type Category string

const (
	CategoryParticipant Category = "participant"
	CategorySpeaker     Category = "speaker"
	CategoryOrganiser   Category = "organiser"
	CategoryStaff       Category = "staff"
	CategoryGuest       Category = "guest"
)

// PersonStatus is where a person's registration stands.
type PersonStatus string

const (
	StatusConfirmed PersonStatus = "confirmed"
	StatusWaiting   PersonStatus = "waiting"
	StatusCancelled PersonStatus = "cancelled"
)

// Person is what badges need to know about one registration.
type Person struct {
	RegistrationID string
	EventID        string
	FirstName      string
	LastName       string
	Organisation   string
	Municipality   string
	Role           string
	Category       Category
	Status         PersonStatus
	OnSite         bool // digital participants get no badge and are not checked in
	Diet           string
	Accessibility  string
	// Workshops are the session IDs with a confirmed seat.
	Workshops    []string
	RegisteredAt time.Time
}

// FullName is "First Last".
func (p Person) FullName() string { return p.FirstName + " " + p.LastName }

// People reads registrations; the app wires it to the registration package.
type People interface {
	// Person returns one registration; an unknown id is ErrUnknownPerson.
	Person(ctx context.Context, registrationID string) (Person, error)
	// People returns all registrations of an event, in any status.
	People(ctx context.Context, eventID string) ([]Person, error)
}

// EventInfo is what a badge shows about the event.
type EventInfo struct {
	ID    string
	Title string
	Start time.Time
	End   time.Time
	Venue string
}
