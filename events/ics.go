package events

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"

	"folkhalsa-events/platform/locale"
)

// stockholmTZID names the zone every DTSTART/DTEND is written in. The calendar carries
// its own VTIMEZONE for it, so clients that don't know Olson names still get the offsets.
const stockholmTZID = "Europe/Stockholm"

// uidDomain is the right-hand side of every UID: not BASE_URL's host, so that moving
// the service to another address does not make calendars see new events.
const uidDomain = "folkhalsa-events"

// feedRefresh is how often subscribers should re-fetch a series feed.
const feedRefresh = "PT12H"

// ICSOptions says how calendar files are written for one audience.
type ICSOptions struct {
	// BaseURL is the site's absolute URL, e.g. https://events.example.se. Its host
	// is the organiser's no-reply address where the event names no contact.
	BaseURL string
	// Lang is "sv" or "en"; anything else means Swedish.
	Lang string
	// IncludeOnlineURL puts the online meeting link in the description. Set it only for
	// the calendar file a registered participant gets; SeriesFeed ignores it because
	// a feed is public.
	IncludeOnlineURL bool
	// EventURL returns the public page of an event; nil leaves URL and link out.
	EventURL func(Event) string
	// Now is written as DTSTAMP; zero means time.Now(). Tests set it for stable output.
	Now time.Time
	// Cancel makes the file one that takes the event out of a calendar (RFC 5546
	// METHOD:CANCEL, the same UID, a higher SEQUENCE, STATUS:CANCELLED): for a
	// participant's cancellation and an event's. Attendee is whose entry it removes.
	Cancel   bool
	Attendee string
}

// EventICS returns a calendar file with the one event, for "add to calendar" links and
// registration confirmations.
func EventICS(ev Event, org Organisation, opts ICSOptions) ([]byte, error) {
	host, err := uidHost(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	cal := newCalendar()
	ve, err := vevent(ev, org, host, opts)
	if err != nil {
		return nil, err
	}
	if opts.Cancel {
		// Higher than any SEQUENCE the participant was sent: a participant's own
		// cancellation leaves the event's sequence as it was.
		cal.SetMethod(ics.MethodCancel)
		ve.SetSequence(ev.Sequence + 1)
		ve.SetStatus(ics.ObjectStatusCancelled)
		if opts.Attendee != "" {
			ve.AddAttendee("mailto:" + opts.Attendee)
		}
	}
	cal.AddVEvent(ve)
	return serialize(cal)
}

// SeriesFeed returns a subscribable calendar of a series' occurrences. The caller passes
// the published and cancelled ones; cancelled ones stay in the feed so subscribers'
// copies turn cancelled instead of lingering. Drafts are left out should one slip through.
func SeriesFeed(s Series, org Organisation, occurrences []Event, opts ICSOptions) ([]byte, error) {
	host, err := uidHost(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	opts.IncludeOnlineURL = false // anyone with the feed URL sees it

	cal := newCalendar()
	name := icsText(s.Title.In(opts.Lang))
	cal.SetName(name) // RFC 7986 NAME, plus X-WR-CALNAME for Google and Outlook
	cal.SetXWRTimezone(stockholmTZID)
	cal.SetRefreshInterval(feedRefresh)
	cal.SetXPublishedTTL(feedRefresh)
	for _, ev := range occurrences {
		if ev.Status == StatusDraft {
			continue
		}
		ve, err := vevent(ev, org, host, opts)
		if err != nil {
			return nil, err
		}
		cal.AddVEvent(ve)
	}
	return serialize(cal)
}

func newCalendar() *ics.Calendar {
	cal := ics.NewCalendar()
	cal.SetProductId("-//folkhalsa-events//SV")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.AddVTimezone(stockholmTimezone())
	return cal
}

// serialize writes with CRLF, which RFC 5545 requires; the library defaults to LF on Unix.
// The library folds at 75 octets on rune boundaries, so no folding of our own is needed.
func serialize(cal *ics.Calendar) ([]byte, error) {
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("events: writing calendar: %w", err)
	}
	return buf.Bytes(), nil
}

func uidHost(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return "", fmt.Errorf("events: calendar base URL %q is not an absolute URL", baseURL)
	}
	return u.Hostname(), nil
}

func vevent(ev Event, org Organisation, host string, opts ICSOptions) (*ics.VEvent, error) {
	if ev.ID == "" {
		return nil, errors.New("events: calendar entry for an event without ID")
	}
	if ev.Start.IsZero() || ev.End.Before(ev.Start) {
		return nil, fmt.Errorf("events: event %s has no valid start and end for a calendar", ev.ID)
	}
	stamp := opts.Now
	if stamp.IsZero() {
		stamp = time.Now()
	}

	// The UID must survive edits, or calendars show the old and the new event side by side.
	ve := ics.NewEvent(ev.ID + "@" + uidDomain)
	ve.SetDtStampTime(stamp)
	ve.SetProperty(ics.ComponentPropertyDtStart, stockholmWallClock(ev.Start), ics.WithTZID(stockholmTZID))
	ve.SetProperty(ics.ComponentPropertyDtEnd, stockholmWallClock(ev.End), ics.WithTZID(stockholmTZID))
	ve.SetSequence(ev.Sequence)
	if ev.Status == StatusCancelled {
		ve.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ve.SetStatus(ics.ObjectStatusConfirmed)
	}
	ve.SetSummary(icsText(ev.Title.In(opts.Lang)))
	page := ""
	if opts.EventURL != nil {
		page = opts.EventURL(ev)
	}
	if d := eventDescription(ev, page, opts); d != "" {
		ve.SetDescription(d)
	}
	if loc := eventLocation(ev, opts.Lang); loc != "" {
		ve.SetLocation(loc)
	}
	if page != "" {
		ve.SetURL(page)
	}
	// RFC 5545 requires an address for ORGANIZER; CN alone is not valid. It is the
	// event's contact, whom a participant can answer; no-reply only where none is given.
	contact := ContactOf(ev, org)
	var cn []ics.PropertyParameter
	name := contact.Name
	if name == "" {
		name = org.Name
	}
	if name = paramText(name); name != "" {
		cn = append(cn, ics.WithCN(name))
	}
	address := contact.Email
	if address == "" {
		address = "no-reply@" + host
	}
	ve.SetOrganizer("mailto:"+address, cn...)
	if !ev.CreatedAt.IsZero() {
		ve.SetCreatedTime(ev.CreatedAt)
	}
	if !ev.UpdatedAt.IsZero() {
		ve.SetLastModifiedAt(ev.UpdatedAt)
	}
	return ve, nil
}

// stockholmWallClock is the local form used with TZID: clients then keep the event at
// 10:00 Swedish time whatever zone they are in, including across DST changes.
func stockholmWallClock(t time.Time) string {
	return t.In(Stockholm).Format("20060102T150405")
}

// eventDescription puts the links in the text because many clients (Outlook, Google)
// never show the URL property.
func eventDescription(ev Event, page string, opts ICSOptions) string {
	var parts []string
	if d := strings.TrimSpace(icsText(ev.Description.In(opts.Lang))); d != "" {
		parts = append(parts, d)
	}
	if page != "" {
		parts = append(parts, page)
	}
	// A link left behind after an event became on-site only would send people nowhere.
	if opts.IncludeOnlineURL && ev.OnlineURL != "" && ev.Mode.HasDigital() {
		parts = append(parts, locale.T(opts.Lang, "ics.join_online", ev.OnlineURL))
	}
	return strings.Join(parts, "\n\n")
}

func eventLocation(ev Event, lang string) string {
	online := locale.T(lang, "ics.online")
	if ev.Mode == ModeDigital {
		return online
	}
	var parts []string
	for _, p := range []string{ev.Venue.Name, ev.Venue.Address, ev.Venue.City} {
		if p = strings.TrimSpace(icsText(p)); p != "" {
			parts = append(parts, p)
		}
	}
	place := strings.Join(parts, ", ")
	if ev.Mode == ModeHybrid {
		if place == "" {
			return online
		}
		return locale.T(lang, "ics.also_online", place)
	}
	return place
}

// icsText prepares a TEXT value for the library, which escapes \ ; , and LF but would
// pass CR and other control characters through raw and so break the line structure.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
}

// paramText makes a parameter value (CN) safe. RFC 5545 only allows DQUOTE quoting in
// parameters, but the library backslash-escapes , ; : " \ and ' instead, which strict
// clients misread; so those characters are replaced before the library sees them.
func paramText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\'':
			return '’'
		case r == ',' || r == ';' || r == ':' || r == '"' || r == '\\' || unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// stockholmTimezone describes Europe/Stockholm by the EU rule in force since 1996: summer
// time from the last Sunday of March 02:00 to the last Sunday of October 03:00.
func stockholmTimezone() *ics.VTimezone {
	tz := ics.NewTimezone(stockholmTZID)
	standard := tz.AddStandard()
	setTimezoneRule(&standard.ComponentBase, "19701025T030000", "+0200", "+0100", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "CET")
	daylight := &ics.Daylight{}
	setTimezoneRule(&daylight.ComponentBase, "19700329T020000", "+0100", "+0200", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "CEST")
	tz.Components = append(tz.Components, daylight)
	return tz
}

func setTimezoneRule(c *ics.ComponentBase, start, from, to, rrule, name string) {
	c.AddProperty(ics.ComponentPropertyDtStart, start)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), from)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), to)
	c.AddProperty(ics.ComponentPropertyRrule, rrule)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
}
