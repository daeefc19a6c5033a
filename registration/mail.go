package registration

import (
	"context"
	"errors"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
)

// The participant's e-mails, in the language they registered in, written by the mails
// package. They are queued in the outbox; mails that must go out once per
// registration carry an ID, so a step that is repeated (a retried cancellation, a
// repair pass) queues them once.

// arranger is the event's organisation, for the mail's signature and contact; a mail
// goes out unsigned rather than not at all when it cannot be read.
func (s *Service) arranger(ctx context.Context, ev events.Event) events.Organisation {
	org, err := s.organisation(ctx, ev.OrgID)
	if err != nil {
		return events.Organisation{}
	}
	return org
}

// mailID names a mail that must go out once per registration.
func mailID(regID, kind string) string { return regID + "|" + kind }

// letter is what every participant mail tells about the registration.
func letter(kind mails.Kind, ev events.Event, org events.Organisation, r Registration) mails.Letter {
	l := mails.Letter{Kind: kind, Lang: r.Lang, FirstName: r.FirstName, Event: ev, Mode: r.Mode,
		Organisation: org.Name, Contact: events.ContactOf(ev, org)}
	if r.Mode == events.ModeDigital {
		l.OnlineURL = ev.OnlineURL
	}
	return l
}

// linkedLetter is letter with the registration's current manage link.
func (s *Service) linkedLetter(ctx context.Context, kind mails.Kind, ev events.Event, org events.Organisation, r Registration) (mails.Letter, error) {
	token, err := s.currentToken(ctx, r)
	if err != nil {
		return mails.Letter{}, err
	}
	l := letter(kind, ev, org, r)
	l.ManageURL = s.ManageURL(r, token)
	return l, nil
}

// withWorkshops adds the registration's workshop choices, as the agenda names them.
func withWorkshops(l mails.Letter, r Registration, sessions []events.Session) mails.Letter {
	for _, w := range r.Workshops {
		for _, se := range sessions {
			if se.ID == w.SessionID {
				l.Workshops = append(l.Workshops, mails.Workshop{Session: se, Confirmed: w.Status == StatusConfirmed})
			}
		}
	}
	return l
}

// addressed is a written letter addressed to the participant; replies go to the
// event's contact.
func addressed(id string, kind mails.Kind, r Registration, l mails.Letter) Mail {
	w := mails.Write(l)
	return Mail{ID: id, To: r.Email, ReplyTo: l.Contact.Email, Lang: r.Lang, Ref: r.ID, Kind: string(kind),
		Subject: w.Subject, Text: w.Text, HTML: w.HTML}
}

// registeredMail is the confirmation or waiting-list mail of a new registration. It
// reads nothing: Register has the event, its organisation and agenda at hand.
func (s *Service) registeredMail(ev events.Event, org events.Organisation, sessions []events.Session, r Registration, token string, position int) Mail {
	kind := mails.Confirmation
	if r.Status == StatusWaiting {
		kind = mails.WaitingList
	}
	l := withWorkshops(letter(kind, ev, org, r), r, sessions)
	if kind == mails.WaitingList {
		l.Workshops = nil // booked once a seat comes free
	}
	l.Position, l.ManageURL = position, s.ManageURL(r, token)
	m := addressed(mailID(r.ID, "registered"), kind, r, l)
	m.ForRegistration = r.ID
	if kind == mails.Confirmation {
		m.Attach = confirmationFiles(r)
	}
	return m
}

func (s *Service) mailPromoted(ctx context.Context, ev events.Event, sessions []events.Session, r Registration) error {
	l, err := s.linkedLetter(ctx, mails.Promoted, ev, s.arranger(ctx, ev), r)
	if err != nil {
		return err
	}
	l = withWorkshops(l, r, sessions)
	m := addressed(mailID(r.ID, kindPromoted), mails.Promoted, r, l)
	m.Attach = confirmationFiles(r)
	return s.mailer.Send(ctx, m)
}

func (s *Service) mailWorkshopPromoted(ctx context.Context, ev events.Event, r Registration, se events.Session, id string) error {
	l, err := s.linkedLetter(ctx, mails.WorkshopPromoted, ev, s.arranger(ctx, ev), r)
	if err != nil {
		return err
	}
	l.Session = se
	return s.mailer.Send(ctx, addressed(id, mails.WorkshopPromoted, r, l))
}

func (s *Service) mailCancelled(ctx context.Context, ev events.Event, r Registration) error {
	l := letter(mails.Cancellation, ev, s.arranger(ctx, ev), r)
	m := addressed(mailID(r.ID, kindCancelled), mails.Cancellation, r, l)
	m.Attach = []string{AttachCalendarCancel}
	return s.mailer.Send(ctx, m)
}

func (s *Service) mailManageLink(ctx context.Context, ev events.Event, r Registration, token string) error {
	l := letter(mails.ManageLink, ev, s.arranger(ctx, ev), r)
	l.ManageURL = s.ManageURL(r, token)
	return s.mailer.Send(ctx, addressed("", mails.ManageLink, r, l))
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
// language, with the online link for those who take part digitally; with cancel, the
// file that takes it out of their calendar again (same UID, higher SEQUENCE).
func (s *Service) CalendarFile(ctx context.Context, regID string, cancel bool) (name string, data []byte, err error) {
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
		BaseURL: s.baseURL, Lang: r.Lang, IncludeOnlineURL: r.Mode == events.ModeDigital && !cancel,
		EventURL: func(e events.Event) string { return s.baseURL + "/events/" + e.ID },
		Cancel:   cancel, Attendee: r.Email,
	})
	return "evenemang.ics", ics, err
}
