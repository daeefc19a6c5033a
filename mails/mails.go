// Package mails writes the e-mails the service sends participants: their words (all
// from the catalogue, platform/locale) and their layout, in the participant's
// language. The registration package says what happened and to whom (a Letter: a
// kind and its data); this package turns that into a subject and a body. It reads
// nothing and sends nothing.
package mails

import (
	"fmt"
	"strings"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Kind is what a mail is about.
type Kind string

// The participant mails.
const (
	Confirmation     Kind = "confirmation"      // registered with a seat
	WaitingList      Kind = "waiting_list"      // registered on the waiting list
	Promoted         Kind = "promoted"          // got a seat from the waiting list
	WorkshopPromoted Kind = "workshop_promoted" // got a seat in a workshop
	Cancellation     Kind = "cancellation"      // registration cancelled
	ManageLink       Kind = "manage_link"       // a new link to the registration
	EventChanged     Kind = "event_changed"     // the organiser moved the time, place, mode or link
	EventCancelled   Kind = "event_cancelled"   // the organiser cancelled the event
	WorkshopMoved    Kind = "workshop_moved"    // a workshop the participant chose has a new time or room
	WorkshopRemoved  Kind = "workshop_removed"  // a workshop the participant chose was taken off the agenda
	Reminder         Kind = "reminder"          // the event is in a few days (Letter.Days)
	Message          Kind = "message"           // the organiser's own words (Letter.Subject, Letter.Body)
	Thanks           Kind = "thanks"            // after the event, to those who came
	ModeChanged      Kind = "mode_changed"      // the participant switched between on site and digital (Letter.Position if waiting)
	Invitation       Kind = "invitation"        // the organiser invites someone to an invite-only event (Letter.RegisterURL, Letter.Code)
	// A municipality's request for a visit or a training (Letter.Request says which):
	// its receipt, and the organiser's answer (Letter.Body).
	RequestReceived Kind = "request_received"
	RequestAnswer   Kind = "request_answer"
)

// Kinds lists every kind, for tests that check each.
var Kinds = []Kind{Confirmation, WaitingList, Promoted, WorkshopPromoted, Cancellation, ManageLink, EventChanged, EventCancelled, WorkshopMoved, WorkshopRemoved, Reminder, Message, Thanks, ModeChanged,
	Invitation, RequestReceived, RequestAnswer}

// Workshop is a workshop the participant chose, and whether they have its seat.
type Workshop struct {
	Session   events.Session
	Confirmed bool
}

// Letter is everything a participant mail may tell.
type Letter struct {
	Kind         Kind
	Lang         string
	FirstName    string
	Event        events.Event
	Organisation string         // who signs
	Contact      events.Contact // how to reach them (events.ContactOf); Reply-To is its e-mail
	Mode         events.Mode    // how the participant takes part
	ManageURL    string         // the participant's personal link
	Position     int            // on the waiting list
	OnlineURL    string         // for digital participants
	Workshops    []Workshop
	GaveUp       []events.Session // workshops a switch to digital gave up
	Session      events.Session   // the workshop of a WorkshopPromoted mail
	// Before and Changed: for EventChanged, the event as it was and what moved.
	Before  events.Event
	Changed []events.ChangeField
	// SessionBefore: for WorkshopMoved, the workshop as it was (Session is as it is).
	SessionBefore events.Session
	// Days: for a Reminder, how many days before the start it was meant to go.
	Days int
	// Subject and Body: for a Message, the organiser's text with its placeholders
	// filled in; the body's paragraphs are separated by blank lines.
	Subject, Body string
	// FollowUpURL: for Thanks, where the organiser asks what participants thought;
	// EvaluationURL: the person's own evaluation form, when the event has one.
	FollowUpURL   string
	EvaluationURL string
	// RegisterURL and Code: for an Invitation, the registration form with the
	// person's own invitation code filled in, and the code for typing.
	RegisterURL, Code string
	// Request: for RequestReceived and RequestAnswer, the request in a few words
	// ("ett kommunbesök i Umeå"), with Received, the day it came.
	Request  string
	Received time.Time
}

// Mail is a written mail: the plain text, and the same as accessible HTML (one
// paragraph for each of the text's, lists as lists, links as links; no images).
type Mail struct {
	Subject, Text, HTML string
}

// FirstName is what a mail greets someone known only by their full name with: its
// first word.
func FirstName(fullName string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(fullName), " ")
	return first
}

// Write writes the letter.
func Write(l Letter) Mail {
	w := writer{lang: locale.Norm(l.Lang)}
	if l.Kind != Message && l.Kind != RequestAnswer { // the organiser writes their own greeting
		w.say("mail.greeting", l.FirstName)
	}
	switch l.Kind {
	case Invitation:
		w.say("mail.invitation.lead", l.Event.Title.In(w.lang))
		w.facts(l)
		w.say("mail.invitation.register", l.RegisterURL, l.Code)
	case RequestReceived:
		w.say("mail.request_received.lead", l.Request, events.LongDate(l.Received, w.lang))
	case RequestAnswer:
		w.own(l.Body)
		w.say("mail.request_answer.about", l.Request, events.LongDate(l.Received, w.lang))
	case Message:
		w.own(l.Body)
		w.say("mail.message.about", l.Event.Title.In(w.lang), events.When(l.Event.Start, l.Event.End, w.lang))
	case Thanks:
		w.say("mail.thanks.lead", l.Event.Title.In(w.lang), events.LongDate(l.Event.Start, w.lang))
		if l.EvaluationURL != "" {
			w.say("mail.thanks.evaluation", l.EvaluationURL)
		}
		if l.FollowUpURL != "" {
			w.say("mail.thanks.followup", l.FollowUpURL)
		}
	case WaitingList:
		w.say("mail.waiting_list.lead", l.Position)
		w.facts(l)
	case Confirmation:
		w.say("mail.confirmation.lead")
		w.facts(l)
		w.workshops(l)
		w.online(l)
	case ModeChanged:
		if l.Position > 0 {
			w.say("mail.mode_changed.waiting."+string(l.Mode), l.Position)
		} else {
			w.say("mail.mode_changed.lead." + string(l.Mode))
		}
		if len(l.GaveUp) > 0 {
			var titles []string
			for _, se := range l.GaveUp {
				titles = append(titles, se.Title.In(w.lang))
			}
			w.say("mail.mode_changed.gave_up", strings.Join(titles, ", "))
		}
		w.facts(l)
		w.workshops(l)
		w.online(l)
	case Promoted:
		w.say("mail.promoted.lead")
		w.facts(l)
		w.workshops(l)
		w.online(l)
		w.say("mail.promoted.cannot_come")
	case WorkshopPromoted:
		se := l.Session
		w.say("mail.workshop_promoted.lead", se.Title, events.LongDate(se.Start, w.lang), events.Clock(se.Start), events.Clock(se.End))
		w.facts(l)
	case Cancellation:
		w.say("mail.cancellation.lead")
		w.facts(l)
	case ManageLink:
		w.say("mail.manage_link.lead")
		w.facts(l)
	case EventCancelled:
		w.say("mail.event_cancelled.lead", l.Event.Title.In(w.lang))
		w.facts(l)
	case Reminder:
		w.say("mail.reminder.lead", l.Event.Title.In(w.lang), events.When(l.Event.Start, l.Event.End, w.lang))
		w.facts(l)
		w.workshops(l)
		w.online(l)
		if l.Mode == events.ModeOnSite {
			w.say("mail.reminder.badge")
		}
	case WorkshopMoved:
		was, is := l.SessionBefore, l.Session
		w.say("mail.workshop_moved.lead", is.Title.In(w.lang))
		if !was.Start.Equal(is.Start) || !was.End.Equal(is.End) {
			w.paragraphs[len(w.paragraphs)-1] += "\n" + w.change("mail.changed.time", w.sessionTime(was), w.sessionTime(is))
		}
		if was.Room != is.Room {
			w.paragraphs[len(w.paragraphs)-1] += "\n" + w.change("mail.changed.room", was.Room, is.Room)
		}
		w.facts(l)
	case WorkshopRemoved:
		w.say("mail.workshop_removed.lead", l.Session.Title.In(w.lang), w.sessionTime(l.Session))
		w.facts(l)
	case EventChanged:
		w.say("mail.event_changed.lead", l.Event.Title.In(w.lang))
		w.changes(l)
		w.facts(l)
		w.online(l)
	}
	switch {
	case l.ManageURL == "" || l.Kind == Cancellation:
	case l.Kind == EventCancelled:
		w.say("mail.manage.view", l.ManageURL) // nothing left to change or cancel
	case l.Kind == Thanks:
		w.say("mail.thanks.page", l.ManageURL) // where later follow-up (evaluation, certificate) appears
	default:
		w.say("mail.manage", l.ManageURL)
	}
	w.signature(l)
	subject := locale.T(w.lang, "mail.subject."+string(l.Kind)) + ": " + l.Event.Title.In(w.lang)
	switch l.Kind {
	case Message:
		subject = l.Subject
	case RequestReceived, RequestAnswer:
		subject = locale.T(w.lang, "mail.subject."+string(l.Kind)) + ": " + l.Request
	}
	return Mail{
		Subject: subject,
		Text:    strings.Join(w.paragraphs, "\n\n") + "\n",
		HTML:    htmlOf(subject, w.lang, w.paragraphs),
	}
}

// welcomes are the mails that end "Välkommen!": those that give the participant a
// place. The others (a waiting place, a cancellation, a new link) end with regards.
var welcomes = map[Kind]bool{Confirmation: true, Promoted: true, WorkshopPromoted: true, WorkshopMoved: true, Reminder: true}

// signature closes the mail: the greeting, who sends it and how to reach them.
func (w *writer) signature(l Letter) {
	lines := []string{locale.T(w.lang, "mail.sign.regards")}
	if welcomes[l.Kind] {
		lines[0] = locale.T(w.lang, "mail.sign.welcome")
	}
	if l.Organisation != "" {
		lines = append(lines, l.Organisation)
	}
	c := l.Contact
	if c.Name != "" {
		lines = append(lines, locale.T(w.lang, "mail.contact.person", c.Name))
	}
	if c.Email != "" {
		lines = append(lines, locale.T(w.lang, "mail.contact.email", c.Email))
	}
	if c.Phone != "" {
		lines = append(lines, locale.T(w.lang, "mail.contact.phone", c.Phone))
	}
	if c.Web != "" {
		lines = append(lines, c.Web)
	}
	w.paragraphs = append(w.paragraphs, strings.Join(lines, "\n"))
}

// writer collects the paragraphs of a body.
type writer struct {
	lang       string
	paragraphs []string
}

// own adds text someone wrote, one paragraph per block between blank lines.
func (w *writer) own(text string) {
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			w.paragraphs = append(w.paragraphs, p)
		}
	}
}

func (w *writer) say(key string, args ...any) {
	w.paragraphs = append(w.paragraphs, locale.T(w.lang, key, args...))
}

// facts are the event's title, time and place, and how the participant takes part.
func (w *writer) facts(l Letter) {
	ev := l.Event
	w.paragraphs = append(w.paragraphs, ev.Title.In(w.lang)+"\n"+events.When(ev.Start, ev.End, w.lang)+"\n"+events.Place(ev, w.lang))
	if ev.Mode == events.ModeHybrid {
		key := "mail.you_take_part"
		if l.Kind == Cancellation || l.Kind == EventCancelled {
			key = "mail.you_took_part" // nobody takes part in what is cancelled
		}
		w.say(key, strings.ToLower(locale.T(w.lang, "mode."+string(l.Mode))))
	}
}

// changes says what moved, as was → as is, under the paragraph before.
func (w *writer) changes(l Letter) {
	was, is := l.Before, l.Event
	var lines []string
	for _, f := range l.Changed {
		switch f {
		case events.ChangedTime:
			lines = append(lines, w.change("mail.changed.time", events.When(was.Start, was.End, w.lang), events.When(is.Start, is.End, w.lang)))
		case events.ChangedPlace:
			lines = append(lines, w.change("mail.changed.place", events.Place(was, w.lang), events.Place(is, w.lang)))
		case events.ChangedMode:
			lines = append(lines, w.change("mail.changed.mode", locale.T(w.lang, "mode."+string(was.Mode)), locale.T(w.lang, "mode."+string(is.Mode))))
		case events.ChangedOnlineURL:
			if l.Mode == events.ModeDigital { // the link is only ever sent to those who take part online
				lines = append(lines, locale.T(w.lang, "mail.changed.online_url"))
			}
		}
	}
	if len(lines) > 0 { // under the lead that announces them, as one list
		last := len(w.paragraphs) - 1
		w.paragraphs[last] += "\n" + strings.Join(lines, "\n")
	}
}

// sessionTime is a session's date and times: "onsdag 14 oktober 2026, 10:00–11:00".
func (w *writer) sessionTime(se events.Session) string {
	return events.LongDate(se.Start, w.lang) + ", " + events.Clock(se.Start) + "–" + events.Clock(se.End)
}

func (w *writer) change(key, was, is string) string {
	return "- " + locale.T(w.lang, key) + ": " + was + " → " + is
}

func (w *writer) online(l Letter) {
	if l.Mode == events.ModeDigital && l.OnlineURL != "" {
		w.say("mail.online", l.OnlineURL)
	}
}

func (w *writer) workshops(l Letter) {
	if len(l.Workshops) == 0 {
		return
	}
	var lines []string
	for _, ws := range l.Workshops {
		se := ws.Session
		state := locale.T(w.lang, "mail.ws.waiting")
		if ws.Confirmed {
			state = locale.T(w.lang, "mail.ws.confirmed")
		}
		lines = append(lines, fmt.Sprintf("- %s %s–%s: %s (%s)", events.LongDate(se.Start, w.lang), events.Clock(se.Start), events.Clock(se.End), se.Title.In(w.lang), state))
	}
	w.say("mail.workshops", strings.Join(lines, "\n"))
}
