// Package events owns organisations, event series, events and their agenda sessions:
// the documents, the rules that keep an agenda consistent, recurrence, and the
// programme (PDF) and calendar (ICS) views of them. It knows nothing of HTTP.
package events

import (
	"time"
	_ "time/tzdata" // the container image has no zoneinfo; events are always in Stockholm time

	"folkhalsa-events/platform/locale"
)

// Stockholm is the time zone every event is planned and shown in.
var Stockholm = mustLoadLocation("Europe/Stockholm")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Text is a user-visible text in Swedish and, optionally, English.
type Text struct {
	SV string `bson:"sv" json:"sv"`
	EN string `bson:"en,omitempty" json:"en,omitempty"`
}

// In returns the text in lang ("sv" or "en"), falling back to Swedish.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.SV
}

// OrgKind is the kind of body that organises events.
type OrgKind string

const (
	OrgLansstyrelse OrgKind = "lansstyrelse"
	OrgRegion       OrgKind = "region"
	OrgKommun       OrgKind = "kommun"
	OrgOther        OrgKind = "other"
)

// Organisation is a tenant: every event belongs to exactly one.
type Organisation struct {
	ID     string  `bson:"_id" json:"id"`
	Name   string  `bson:"name" json:"name"`
	Kind   OrgKind `bson:"kind" json:"kind"`
	County string  `bson:"county" json:"county"` // e.g. "Västerbottens län"
	// Contact is the organisation's general e-mail, phone and web site (contact.go).
	Contact   Contact   `bson:"contact,omitempty" json:"contact"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}

// Type is what kind of event it is.
type Type string

const (
	TypeConference     Type = "conference"
	TypeNetworkMeeting Type = "network_meeting"
	TypeSeminar        Type = "seminar"
	TypeTraining       Type = "training"
	TypeDialogueVisit  Type = "dialogue_visit" // kommundialog: a visit to a municipality's leadership
)

// Types lists the event types in display order.
var Types = []Type{TypeConference, TypeNetworkMeeting, TypeSeminar, TypeTraining, TypeDialogueVisit}

// Mode is how people take part.
type Mode string

const (
	ModeOnSite  Mode = "on_site"
	ModeDigital Mode = "digital"
	ModeHybrid  Mode = "hybrid"
)

// Modes lists the modes in display order.
var Modes = []Mode{ModeOnSite, ModeDigital, ModeHybrid}

// HasOnSite reports whether people can attend in person.
func (m Mode) HasOnSite() bool { return m == ModeOnSite || m == ModeHybrid }

// HasDigital reports whether people can attend online.
func (m Mode) HasDigital() bool { return m == ModeDigital || m == ModeHybrid }

// Status is where the event is in its life.
type Status string

const (
	StatusDraft     Status = "draft"     // visible to organisers only
	StatusPublished Status = "published" // visible to the public (if visibility allows)
	StatusCancelled Status = "cancelled" // still visible, marked cancelled; calendars get STATUS:CANCELLED
)

// Visibility tells whether the event is listed publicly.
type Visibility string

const (
	VisibilityPublic     Visibility = "public"
	VisibilityInviteOnly Visibility = "invite_only" // not listed; reachable by link, registration needs an invitation code
)

// Venue is where an on-site event takes place.
type Venue struct {
	Name    string `bson:"name,omitempty" json:"name,omitempty"`
	Address string `bson:"address,omitempty" json:"address,omitempty"`
	City    string `bson:"city,omitempty" json:"city,omitempty"`
}

// Event is one dated event, standalone or an occurrence of a Series.
// Times are stored in UTC and returned by the store in Stockholm time.
type Event struct {
	ID       string `bson:"_id" json:"id"`
	OrgID    string `bson:"org_id" json:"org_id"`
	SeriesID string `bson:"series_id,omitempty" json:"series_id,omitempty"`
	// Occurrence is the local date (YYYY-MM-DD) this event was generated for in its series;
	// (series_id, occurrence) is unique, so generating twice never duplicates.
	Occurrence string `bson:"occurrence,omitempty" json:"occurrence,omitempty"`

	Type        Type      `bson:"type" json:"type"`
	Title       Text      `bson:"title" json:"title"`
	Description Text      `bson:"description" json:"description"`
	Start       time.Time `bson:"start" json:"start"`
	End         time.Time `bson:"end" json:"end"`
	Venue       Venue     `bson:"venue" json:"venue"`
	Mode        Mode      `bson:"mode" json:"mode"`
	// OnlineURL is shown only to registered participants, never on public pages.
	OnlineURL string `bson:"online_url,omitempty" json:"online_url,omitempty"`
	// Capacities: 0 means no limit. On-site applies to on_site and hybrid, digital to digital and hybrid.
	CapacityOnSite  int `bson:"capacity_on_site" json:"capacity_on_site"`
	CapacityDigital int `bson:"capacity_digital" json:"capacity_digital"`
	// RegistrationOpens zero: open as soon as published. RegistrationCloses zero: closes at Start.
	RegistrationOpens  time.Time `bson:"registration_opens,omitempty" json:"registration_opens,omitzero"`
	RegistrationCloses time.Time `bson:"registration_closes,omitempty" json:"registration_closes,omitzero"`

	Status        Status     `bson:"status" json:"status"`
	Visibility    Visibility `bson:"visibility" json:"visibility"`
	TargetAreas   []int      `bson:"target_areas" json:"target_areas"`     // national målområden 1–8
	PriorityAreas []string   `bson:"priority_areas" json:"priority_areas"` // regional priority areas, free text
	// Municipality is the municipality visited (required for dialogue visits) or where the event is held.
	Municipality string `bson:"municipality,omitempty" json:"municipality,omitempty"`
	County       string `bson:"county,omitempty" json:"county,omitempty"`
	// Contact is the event's contact person, if it names one (ContactOf adds the organisation's).
	Contact Contact `bson:"contact,omitempty" json:"contact"`
	// ReminderDays are the days before the start participants are reminded (nil: the
	// defaults, reminders.go); RemindersOff switches reminders off.
	ReminderDays []int `bson:"reminder_days,omitempty" json:"reminder_days,omitempty"`
	RemindersOff bool  `bson:"reminders_off,omitempty" json:"reminders_off,omitempty"`
	// ThanksOff switches the thank-you mail after the event off (thanks.go);
	// FollowUpURL is where it asks participants what they thought, if anywhere.
	ThanksOff   bool   `bson:"thanks_off,omitempty" json:"thanks_off,omitempty"`
	FollowUpURL string `bson:"followup_url,omitempty" json:"followup_url,omitempty"`
	// Questions are the event's own questions on the registration form (questions.go).
	Questions []Question `bson:"questions,omitempty" json:"questions"`

	// Sequence is the iCalendar SEQUENCE: bumped whenever a change matters to calendars.
	Sequence  int       `bson:"sequence" json:"sequence"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at"`
}

// SessionKind is what happens in an agenda session.
type SessionKind string

const (
	KindPlenary  SessionKind = "plenary"
	KindWorkshop SessionKind = "workshop"
	KindBreak    SessionKind = "break"
	KindLunch    SessionKind = "lunch"
	KindDialogue SessionKind = "dialogue"
)

// SessionKinds lists the kinds in display order.
var SessionKinds = []SessionKind{KindPlenary, KindWorkshop, KindBreak, KindLunch, KindDialogue}

// Speaker is a person presenting in a session.
type Speaker struct {
	Name         string `bson:"name" json:"name"`
	Title        string `bson:"title,omitempty" json:"title,omitempty"`
	Organisation string `bson:"organisation,omitempty" json:"organisation,omitempty"`
}

// Session is one agenda item, stored as its own document. Sessions of one event may run
// in parallel (different rooms); a room or a speaker cannot be in two at once.
type Session struct {
	ID          string      `bson:"_id" json:"id"`
	EventID     string      `bson:"event_id" json:"event_id"`
	Start       time.Time   `bson:"start" json:"start"`
	End         time.Time   `bson:"end" json:"end"`
	Title       Text        `bson:"title" json:"title"`
	Description Text        `bson:"description" json:"description"`
	Kind        SessionKind `bson:"kind" json:"kind"`
	Room        string      `bson:"room,omitempty" json:"room,omitempty"`
	Speakers    []Speaker   `bson:"speakers" json:"speakers"`
	Track       string      `bson:"track,omitempty" json:"track,omitempty"`
	TargetAreas []int       `bson:"target_areas" json:"target_areas"`
	// SeatLimit 0 means no limit; workshops with a limit are booked at registration.
	SeatLimit int       `bson:"seat_limit" json:"seat_limit"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at"`
}

// Frequency of a recurrence rule.
type Frequency string

const (
	Weekly  Frequency = "weekly"
	Monthly Frequency = "monthly"
	Yearly  Frequency = "yearly"
)

// Recurrence says when a series' events happen, in Stockholm wall-clock time.
//
//	every year on 2026-10-14:          {Freq: yearly, Interval: 1, StartDate: "2026-10-14"}
//	monthly, first Tuesday:             {Freq: monthly, Weekday: 2, Ordinal: 1}
//	monthly, last Thursday:             {Freq: monthly, Weekday: 4, Ordinal: -1}
type Recurrence struct {
	Freq     Frequency `bson:"freq" json:"freq"`
	Interval int       `bson:"interval" json:"interval"` // every Interval weeks/months/years; ≥ 1
	// Monthly and yearly: Ordinal 1–4 or -1 (last) with Weekday (0 Sunday … 6 Saturday)
	// picks e.g. "first Tuesday" (yearly: of StartDate's month, "third Tuesday of
	// March"); Ordinal 0 repeats StartDate's day of the month.
	Weekday int `bson:"weekday" json:"weekday"`
	Ordinal int `bson:"ordinal" json:"ordinal"`

	StartDate string `bson:"start_date" json:"start_date"`           // YYYY-MM-DD, first possible occurrence
	StartTime string `bson:"start_time" json:"start_time"`           // HH:MM local
	EndTime   string `bson:"end_time" json:"end_time"`               // HH:MM local, same day
	Until     string `bson:"until,omitempty" json:"until,omitempty"` // YYYY-MM-DD, last possible occurrence

	// Dates the rule gives that are left out: whole months (1–12, e.g. July), given
	// dates, and Swedish public holidays with midsummer, Christmas and New Year's eves.
	SkipMonths   []int    `bson:"skip_months,omitempty" json:"skip_months,omitempty"`
	SkipDates    []string `bson:"skip_dates,omitempty" json:"skip_dates,omitempty"`
	SkipHolidays bool     `bson:"skip_holidays,omitempty" json:"skip_holidays,omitempty"`
}

// Series is a recurring event family, e.g. the yearly Folkhälsokonferensen or a monthly
// network. Generating occurrences copies the template fields into new draft events,
// which are then edited independently.
type Series struct {
	ID          string     `bson:"_id" json:"id"`
	OrgID       string     `bson:"org_id" json:"org_id"`
	Type        Type       `bson:"type" json:"type"`
	Title       Text       `bson:"title" json:"title"`
	Description Text       `bson:"description" json:"description"`
	Rule        Recurrence `bson:"rule" json:"rule"`

	Venue     Venue  `bson:"venue" json:"venue"`
	Mode      Mode   `bson:"mode" json:"mode"`
	OnlineURL string `bson:"online_url,omitempty" json:"online_url,omitempty"`
	// Participant mail of every occurrence, as on an event (reminders.go, thanks).
	ReminderDays    []int      `bson:"reminder_days,omitempty" json:"reminder_days,omitempty"`
	RemindersOff    bool       `bson:"reminders_off,omitempty" json:"reminders_off,omitempty"`
	ThanksOff       bool       `bson:"thanks_off,omitempty" json:"thanks_off,omitempty"`
	FollowUpURL     string     `bson:"followup_url,omitempty" json:"followup_url,omitempty"`
	CapacityOnSite  int        `bson:"capacity_on_site" json:"capacity_on_site"`
	CapacityDigital int        `bson:"capacity_digital" json:"capacity_digital"`
	Visibility      Visibility `bson:"visibility" json:"visibility"`
	TargetAreas     []int      `bson:"target_areas" json:"target_areas"`
	PriorityAreas   []string   `bson:"priority_areas" json:"priority_areas"`
	Municipality    string     `bson:"municipality,omitempty" json:"municipality,omitempty"`
	County          string     `bson:"county,omitempty" json:"county,omitempty"`
	Contact         Contact    `bson:"contact,omitempty" json:"contact"`

	Sequence  int       `bson:"sequence" json:"sequence"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at"`
}

// TargetAreaNames are the eight national public-health target areas (målområden).
var TargetAreaNames = map[int]locale.Key{
	1: "target_area.1",
	2: "target_area.2",
	3: "target_area.3",
	4: "target_area.4",
	5: "target_area.5",
	6: "target_area.6",
	7: "target_area.7",
	8: "target_area.8",
}
