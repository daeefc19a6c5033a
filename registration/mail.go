package registration

import (
	"context"
	"fmt"
	"strings"

	"folkhalsa-events/events"
)

// The participant's e-mails, in the language they registered in. Sending goes through
// the outbox: a failure here is logged, never shown to the participant, whose
// registration stands either way.

func (s *Service) send(ctx context.Context, m Mail) {
	if s.mailer == nil {
		return
	}
	if err := s.mailer.Send(ctx, m); err != nil {
		s.log.Error("queue e-mail", "kind", m.Kind, "registration", m.Ref, "error", err)
	}
}

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
	org, err := s.events.Organisation(ctx, ev.OrgID)
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

func (s *Service) mailRegistered(ctx context.Context, ev events.Event, r Registration, token string, position int) {
	l := newLetter(r)
	m := Mail{To: r.Email, Lang: r.Lang, Ref: r.ID}
	if r.Status == StatusWaiting {
		m.Kind, m.Subject = "waiting_list", subject(r, "Väntelista", "Waiting list", ev)
		l.say("Evenemanget är fullbokat just nu. Du står på väntelistan som nummer %d. Om en plats blir ledig får du den automatiskt och ett nytt mejl.",
			"The event is fully booked at the moment. You are number %d on the waiting list. If a seat becomes free, it is yours automatically and we will e-mail you.", position)
		l.facts(ev, r)
	} else {
		m.Kind, m.Subject = "confirmation", subject(r, "Bekräftelse", "Confirmation", ev)
		l.say("Tack för din anmälan. Du har en plats.", "Thank you for registering. Your seat is confirmed.")
		l.facts(ev, r)
		s.describeWorkshops(ctx, l, r)
		if r.Mode == events.ModeDigital && ev.OnlineURL != "" {
			l.say("Länk till det digitala mötet:\n%s", "Link to the online meeting:\n%s", ev.OnlineURL)
		}
		m.Attachments = s.confirmationAttachments(ctx, ev, r)
	}
	l.manage(s.ManageURL(r, token))
	l.sign(s.orgName(ctx, ev))
	m.Text = l.String()
	s.send(ctx, m)
}

func (s *Service) mailPromoted(ctx context.Context, ev events.Event, r Registration) {
	l := newLetter(r)
	l.say("En plats har blivit ledig och den är nu din. Du behöver inte göra något mer.",
		"A seat has become free and it is now yours. You do not need to do anything else.")
	l.facts(ev, r)
	s.describeWorkshops(ctx, l, r)
	if r.Mode == events.ModeDigital && ev.OnlineURL != "" {
		l.say("Länk till det digitala mötet:\n%s", "Link to the online meeting:\n%s", ev.OnlineURL)
	}
	l.say("Kan du inte komma? Avboka via länken i ditt första mejl så går platsen till nästa person.",
		"Cannot come? Cancel through the link in your first e-mail so the seat goes to the next person.")
	l.sign(s.orgName(ctx, ev))
	s.send(ctx, Mail{To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "promoted",
		Subject: subject(r, "Du har fått en plats", "You have a seat", ev), Text: l.String(),
		Attachments: s.confirmationAttachments(ctx, ev, r)})
}

func (s *Service) mailWorkshopPromoted(ctx context.Context, ev events.Event, r Registration, se events.Session) {
	l := newLetter(r)
	l.say("Du har fått en plats i workshoppen %q (%s–%s).", "You now have a seat in the workshop %q (%s–%s).",
		se.Title.In(r.Lang), events.Clock(se.Start), events.Clock(se.End))
	l.facts(ev, r)
	l.sign(s.orgName(ctx, ev))
	s.send(ctx, Mail{To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "workshop_promoted",
		Subject: subject(r, "Plats i workshop", "Workshop seat", ev), Text: l.String()})
}

func (s *Service) mailCancelled(ctx context.Context, ev events.Event, r Registration) {
	l := newLetter(r)
	l.say("Din anmälan är avbokad. Vill du anmäla dig igen gör du det på evenemangets sida.",
		"Your registration has been cancelled. To register again, use the event's page.")
	l.facts(ev, r)
	l.sign(s.orgName(ctx, ev))
	s.send(ctx, Mail{To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "cancellation",
		Subject: subject(r, "Avbokad", "Cancelled", ev), Text: l.String()})
}

func (s *Service) mailManageLink(ctx context.Context, ev events.Event, r Registration, token string) {
	l := newLetter(r)
	l.say("Här är en ny länk till din anmälan. Tidigare länkar slutar gälla.", "Here is a new link to your registration. Earlier links no longer work.")
	l.facts(ev, r)
	l.manage(s.ManageURL(r, token))
	s.send(ctx, Mail{To: r.Email, Lang: r.Lang, Ref: r.ID, Kind: "manage_link",
		Subject: subject(r, "Din anmälan", "Your registration", ev), Text: l.String()})
}

func (s *Service) describeWorkshops(ctx context.Context, l *letter, r Registration) {
	if len(r.Workshops) == 0 {
		return
	}
	sessions, err := s.events.Sessions(ctx, r.EventID)
	if err != nil {
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

// confirmationAttachments are the calendar file and, on site, the badge.
func (s *Service) confirmationAttachments(ctx context.Context, ev events.Event, r Registration) []Attachment {
	var out []Attachment
	org, _ := s.events.Organisation(ctx, ev.OrgID)
	ics, err := events.EventICS(ev, org, events.ICSOptions{
		BaseURL: s.baseURL, Lang: r.Lang, IncludeOnlineURL: r.Mode == events.ModeDigital,
		EventURL: func(e events.Event) string { return s.baseURL + "/events/" + e.ID },
	})
	if err != nil {
		s.log.Error("calendar attachment", "registration", r.ID, "error", err)
	} else {
		out = append(out, Attachment{Filename: "evenemang.ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: ics})
	}
	if s.badges != nil && r.Mode == events.ModeOnSite {
		badge, err := s.badges.BadgeAttachment(ctx, r, ev)
		if err != nil {
			s.log.Error("badge attachment", "registration", r.ID, "error", err)
		} else {
			out = append(out, badge)
		}
	}
	return out
}
