package registration

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"folkhalsa-events/events"
)

// The participant's e-mails, in the language they registered in. They are queued in
// the outbox; mails that must go out once per registration carry an ID, so a step
// that is repeated (a retried cancellation, a repair pass) queues them once.

// letter builds a message body from paragraphs, adding the greeting and the event facts.
type letter struct {
	lang  string
	lines []string
}

func (l *letter) say(sv, en string, args ...any) {
	if l.lang == "en" {
		l.lines = append(l.lines, fmt.Sprintf(en, args...))
	} else {
		l.lines = append(l.lines, fmt.Sprintf(sv, args...))
	}
}

func (l *letter) String() string { return strings.Join(l.lines, "\n\n") + "\n" }

func newLetter(r Registration) *letter {
	l := &letter{lang: r.Lang}
	l.say("Hej %s!", "Hello %s,", r.FirstName)
	return l
}

func (l *letter) facts(ev events.Event, r Registration) {
	l.say("%s\n%s\n%s", "%s\n%s\n%s", ev.Title.In(l.lang), events.When(ev.Start, ev.End, l.lang), events.Place(ev, l.lang))
	if ev.Mode == events.ModeHybrid {
		l.say("Du deltar: %s.", "You take part: %s.", strings.ToLower(events.ModeLabels[r.Mode].In(l.lang)))
	}
}

func (l *letter) manage(link string) {
	l.say("Se, ändra eller avboka din anmälan här (länken är personlig, dela den inte):\n%s",
		"View, change or cancel your registration here (the link is personal, do not share it):\n%s", link)
}

func (l *letter) sign(org string) {
	l.say("Välkommen!\n%s", "Welcome!\n%s", org)
}

func (s *Service) orgName(ctx context.Context, ev events.Event) string {
	org, err := s.organisation(ctx, ev.OrgID)
	if err != nil {
		return ""
	}
	return org.Name
}

func subject(r Registration, sv, en string, ev events.Event) string {
	if r.Lang == "en" {
		return en + ": " + ev.Title.In("en")
	}
	return sv + ": " + ev.Title.SV
}

// mailID names a mail that must go out once per registration.
func mailID(regID, kind string) string { return regID + "|" + kind }

// registeredMail is the confirmation or waiting-list mail of a new registration. It
// reads nothing: Register has the event, its organisation and agenda at hand.
func (s *Service) registeredMail(ev events.Event, org events.Organisation, sessions []events.Session, r Registration, token string, position int) Mail {
	l := newLetter(r)
	m := Mail{To: r.Email, Lang: r.Lang, Ref: r.ID, ForRegistration: r.ID}
	if r.Status == StatusWaiting {
		m.Kind, m.Subject = "waiting_list", subject(r, "Väntelista", "Waiting list", ev)
		l.say("Evenemanget är fullbokat just nu. Du står på väntelistan som nummer %d. Om en plats blir ledig får du den automatiskt och ett nytt mejl.",
			"The event is fully booked at the moment. You are number %d on the waiting list. If a seat becomes free, it is yours automatically and we will e-mail you.", position)
		l.facts(ev, r)
	} else {
		m.Kind, m.Subject = "confirmation", subject(r, "Bekräftelse", "Confirmation", ev)
		l.say("Tack för din anmälan. Du har en plats.", "Thank you for registering. Your seat is confirmed.")
		l.facts(ev, r)
		describeWorkshops(l, r, sessions)
		if r.Mode == events.ModeDigital && ev.OnlineURL != "" {
			l.say("Länk till det digitala mötet:\n%s", "Link to the online meeting:\n%s", ev.OnlineURL)
		}
		m.Attach = confirmationFiles(r)
	}
	l.manage(s.ManageURL(r, token))
	l.sign(org.Name)
	m.ID, m.Text = mailID(r.ID, "registered"), l.String()
	return m
}

func (s *Service) mailPromoted(ctx context.Context, ev events.Event, sessions []events.Session, r Registration) error {
	token, err := s.currentToken(ctx, r)
	if err != nil {
		return err
	}
	l := newLetter(r)
	l.say("En plats har blivit ledig och den är nu din. Du behöver inte göra något mer.",
		"A seat has become free and it is now yours. You do not need to do anything else.")
	l.facts(ev, r)
	describeWorkshops(l, r, sessions)
	if r.Mode == events.ModeDigital && ev.OnlineURL != "" {
		l.say("Länk till det digitala mötet:\n%s", "Link to the online meeting:\n%s", ev.OnlineURL)
	}
	l.say("Kan du inte komma? Avboka via länken nedan så går platsen till nästa person.",
		"Cannot come? Cancel through the link below so the seat goes to the next person.")
	l.manage(s.ManageURL(r, token))
	l.sign(s.orgName(ctx, ev))
	return s.mailer.Send(ctx, Mail{ID: mailID(r.ID, kindPromoted), To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "promoted",
		Subject: subject(r, "Du har fått en plats", "You have a seat", ev), Text: l.String(), Attach: confirmationFiles(r)})
}

func (s *Service) mailWorkshopPromoted(ctx context.Context, ev events.Event, r Registration, se events.Session, id string) error {
	l := newLetter(r)
	l.say("Du har fått en plats i workshoppen %q (%s, %s–%s).", "You now have a seat in the workshop %q (%s, %s–%s).",
		se.Title.In(r.Lang), events.LongDate(se.Start, r.Lang), events.Clock(se.Start), events.Clock(se.End))
	l.facts(ev, r)
	l.sign(s.orgName(ctx, ev))
	return s.mailer.Send(ctx, Mail{ID: id, To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "workshop_promoted",
		Subject: subject(r, "Plats i workshop", "Workshop seat", ev), Text: l.String()})
}

func (s *Service) mailCancelled(ctx context.Context, ev events.Event, r Registration) error {
	l := newLetter(r)
	l.say("Din anmälan är avbokad. Vill du anmäla dig igen gör du det på evenemangets sida.",
		"Your registration has been cancelled. To register again, use the event's page.")
	l.facts(ev, r)
	l.sign(s.orgName(ctx, ev))
	return s.mailer.Send(ctx, Mail{ID: mailID(r.ID, kindCancelled), To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "cancellation",
		Subject: subject(r, "Avbokad", "Cancelled", ev), Text: l.String()})
}

func (s *Service) mailManageLink(ctx context.Context, ev events.Event, r Registration, token string) error {
	l := newLetter(r)
	l.say("Här är en ny länk till din anmälan. Tidigare länkar slutar gälla.", "Here is a new link to your registration. Earlier links no longer work.")
	l.facts(ev, r)
	l.manage(s.ManageURL(r, token))
	return s.mailer.Send(ctx, Mail{To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "manage_link",
		Subject: subject(r, "Din anmälan", "Your registration", ev), Text: l.String()})
}

func describeWorkshops(l *letter, r Registration, sessions []events.Session) {
	if len(r.Workshops) == 0 {
		return
	}
	var lines []string
	for _, w := range r.Workshops {
		for _, se := range sessions {
			if se.ID != w.SessionID {
				continue
			}
			state := map[bool]events.Text{true: {SV: "plats bekräftad", EN: "seat confirmed"}, false: {SV: "väntelista", EN: "waiting list"}}[w.Status == StatusConfirmed]
			lines = append(lines, fmt.Sprintf("- %s %s–%s: %s (%s)", events.LongDate(se.Start, l.lang), events.Clock(se.Start), events.Clock(se.End), se.Title.In(l.lang), state.In(l.lang)))
		}
	}
	l.say("Dina workshoppar:\n%s", "Your workshops:\n%s", strings.Join(lines, "\n"))
}

// confirmationFiles are the calendar file and, on site, the badge; the sender makes
// them when the mail goes out, so a confirmation costs the request no PDF.
func confirmationFiles(r Registration) []string {
	if r.Mode == events.ModeOnSite {
		return []string{AttachCalendar, AttachBadge}
	}
	return []string{AttachCalendar}
}

// CalendarFile is the event of a registration as an ICS file, in the participant's
// language, with the online link for those who take part digitally.
func (s *Service) CalendarFile(ctx context.Context, regID string) (name string, data []byte, err error) {
	r, err := s.Registration(ctx, regID)
	if err != nil {
		return "", nil, err
	}
	ev, err := s.events.Event(ctx, r.EventID)
	if err != nil {
		return "", nil, err
	}
	org, err := s.events.Organisation(ctx, ev.OrgID)
	if err != nil && !errors.Is(err, events.ErrNotFound) {
		return "", nil, err
	}
	ics, err := events.EventICS(ev, org, events.ICSOptions{
		BaseURL: s.baseURL, Lang: r.Lang, IncludeOnlineURL: r.Mode == events.ModeDigital,
		EventURL: func(e events.Event) string { return s.baseURL + "/events/" + e.ID },
	})
	return "evenemang.ics", ics, err
}
