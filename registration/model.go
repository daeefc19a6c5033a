// Package registration owns participants' registrations for events: the form's rules,
// seats without overbooking, waiting lists, workshop choices, invitation codes, the
// secret manage link, the e-mails that go with them, and the organiser's follow-up
// (lists, counts, CSV). It knows nothing of HTTP.
package registration

import (
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Status of a registration.
type Status string

const (
	// StatusPending is a registration being placed; it becomes confirmed or waiting.
	StatusPending   Status = "pending"
	StatusConfirmed Status = "confirmed"
	StatusWaiting   Status = "waiting"
	StatusCancelled Status = "cancelled"
)

// OrgType is the kind of organisation a participant comes from; organisers follow up
// which kinds they reached.
type OrgType string

// Option is one choice of a form question, with the catalogue key of its label.
type Option[T ~string] struct {
	Value T
	Label locale.Key
}

func known[T ~string](opts []Option[T], v T) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// LabelOf returns the label of v in lang, or v itself when it is not an option.
func LabelOf[T ~string](opts []Option[T], v T, lang string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label.In(lang)
		}
	}
	return string(v)
}

// OrgTypes in form order, with their labels.
var OrgTypes = []Option[OrgType]{
	{"kommun", "org_type.kommun"},
	{"region", "org_type.region"},
	{"lansstyrelse", "org_type.lansstyrelse"},
	{"statlig_myndighet", "org_type.statlig_myndighet"},
	{"civilsamhalle", "org_type.civilsamhalle"},
	{"universitet", "org_type.universitet"},
	{"naringsliv", "org_type.naringsliv"},
	{"annan", "org_type.annan"},
}

// Gender is optional and used only for gender-disaggregated statistics.
type Gender string

// Genders in form order; the empty value means the question was not answered.
var Genders = []Option[Gender]{
	{"kvinna", "gender.kvinna"},
	{"man", "gender.man"},
	{"annat", "gender.annat"},
	{"vill_inte_uppge", "gender.vill_inte_uppge"},
}

// Category decides the colour band of a badge.
type Category string

const (
	CategoryParticipant Category = "participant"
	CategorySpeaker     Category = "speaker"
	CategoryOrganiser   Category = "organiser"
	CategoryStaff       Category = "staff"
	CategoryGuest       Category = "guest"
)

// WorkshopChoice is one chosen workshop (a session with a seat limit, or any workshop).
type WorkshopChoice struct {
	SessionID string `bson:"session_id" json:"session_id"`
	Status    Status `bson:"status" json:"status"` // confirmed or waiting
	// Ticket is the place in the workshop's line (0 until the person has an event seat).
	Ticket int64 `bson:"ticket" json:"-"`
}

// Registration is one person's registration for one event.
type Registration struct {
	ID      string `bson:"_id" json:"id"`
	EventID string `bson:"event_id" json:"event_id"`

	FirstName     string      `bson:"first_name" json:"first_name"`
	LastName      string      `bson:"last_name" json:"last_name"`
	Email         string      `bson:"email" json:"email"` // normalised: trimmed, lower case
	Organisation  string      `bson:"organisation" json:"organisation"`
	OrgType       OrgType     `bson:"org_type" json:"org_type"`
	Municipality  string      `bson:"municipality" json:"municipality"`
	County        string      `bson:"county" json:"county"`
	Role          string      `bson:"role,omitempty" json:"role,omitempty"`
	Mode          events.Mode `bson:"mode" json:"mode"` // on_site or digital
	Diet          string      `bson:"diet,omitempty" json:"diet,omitempty"`
	Accessibility string      `bson:"accessibility,omitempty" json:"accessibility,omitempty"`
	// Gender is used only for statistics under the small-cell rule; it never leaves
	// the service per person (no JSON, no CSV, no list).
	Gender      Gender   `bson:"gender,omitempty" json:"-"`
	ListConsent bool     `bson:"list_consent" json:"list_consent"`
	Lang        string   `bson:"lang" json:"lang"`
	Category    Category `bson:"category" json:"category"`

	// Answers to the event's own questions (answers.go).
	Answers []Answer `bson:"answers,omitempty" json:"answers"`

	Workshops  []WorkshopChoice `bson:"workshops" json:"workshops"`
	Status     Status           `bson:"status" json:"status"`
	WaitlistOK bool             `bson:"waitlist_ok" json:"waitlist_ok"`
	Invitation string           `bson:"invitation,omitempty" json:"-"`
	// InvitationTicket is the place in the invitation code's line of uses.
	InvitationTicket int64 `bson:"invitation_ticket,omitempty" json:"-"`

	// Seatless: added by an organiser without a public seat (a speaker, staff), so it
	// holds no place in line and does not count against the capacity (added.go).
	Seatless bool `bson:"seatless,omitempty" json:"seatless,omitempty"`
	// AddedBy: registered by an organiser, not through the public form.
	AddedBy bool `bson:"added_by_organiser,omitempty" json:"added_by_organiser,omitempty"`
	// Switches counts the registration's changes of participation mode (switch.go).
	Switches int `bson:"switches,omitempty" json:"-"`
	// GaveUp are the workshops (session ids) the last switch to digital gave up, to
	// be offered again on switching back to on site.
	GaveUp []string `bson:"gave_up_workshops,omitempty" json:"-"`
	// ArrivedAt (Unix nanoseconds) is when the registration came in.
	ArrivedAt int64 `bson:"arrived_at" json:"-"`
	// Ticket is the place in the line for the event's seats of this mode (see lines.go).
	Ticket int64 `bson:"ticket" json:"-"`
	// ManageHash is the SHA-256 of the secret in the participant's manage link.
	ManageHash string `bson:"manage_hash" json:"-"`

	CreatedAt   time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt   time.Time `bson:"updated_at" json:"updated_at"`
	CancelledAt time.Time `bson:"cancelled_at,omitempty" json:"cancelled_at,omitzero"`
	// AnonymisedAt is when the personal data was removed (see retention.go); zero while it is kept.
	AnonymisedAt time.Time `bson:"anonymised_at,omitempty" json:"anonymised_at,omitzero"`
}

// FullName is "First Last".
func (r Registration) FullName() string { return r.FirstName + " " + r.LastName }

// Invitation is a code that lets people register for an invite-only event.
type Invitation struct {
	Code      string    `bson:"_id" json:"code"`
	EventID   string    `bson:"event_id" json:"event_id"`
	MaxUses   int       `bson:"max_uses" json:"max_uses"` // 0: any number of uses
	Note      string    `bson:"note,omitempty" json:"note,omitempty"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}
