package mails_test

import (
	"strings"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/testtools"
)

var (
	day = func(h, m int) time.Time { return time.Date(2026, 10, 14, h, m, 0, 0, events.Stockholm) }
	ev  = events.Event{
		ID: "ev1", Title: events.Text{SV: "Folkhälsokonferensen 2026", EN: "Public Health Conference 2026"},
		Start: day(9, 0), End: time.Date(2026, 10, 15, 16, 0, 0, 0, events.Stockholm), Mode: events.ModeHybrid,
		Venue: events.Venue{Name: "Folkets hus", Address: "Storgatan 1", City: "Umeå"}, OnlineURL: "https://meet.example.se/fhk",
	}
	workshop = events.Session{ID: "ws1", Title: events.Text{SV: "Barns uppväxtvillkor", EN: "Children's living conditions"},
		Start: day(13, 0), End: day(14, 30), Kind: events.KindWorkshop}
	other = events.Session{ID: "ws2", Title: events.Text{SV: "Psykisk hälsa", EN: "Mental health"},
		Start: time.Date(2026, 10, 15, 10, 45, 0, 0, events.Stockholm), End: time.Date(2026, 10, 15, 12, 0, 0, 0, events.Stockholm), Kind: events.KindWorkshop}
)

func letter(kind mails.Kind, lang string) mails.Letter {
	l := mails.Letter{Kind: kind, Lang: lang, FirstName: "Áile", Event: ev, Organisation: "Region Västerbotten",
		Mode: events.ModeOnSite, ManageURL: "https://events.example.se/manage/r1/token", Position: 3,
		Contact: events.Contact{Name: "Anna Berg", Email: "folkhalsa@regionvasterbotten.se", Phone: "090-785 00 00", Web: "https://www.regionvasterbotten.se"}}
	switch kind {
	case mails.Confirmation, mails.Promoted:
		l.Workshops = []mails.Workshop{{Session: workshop, Confirmed: true}, {Session: other}}
	case mails.WorkshopPromoted:
		l.Session = other
	}
	if kind == mails.EventChanged {
		l.Before = ev
		l.Event.Start, l.Event.End = l.Event.Start.Add(time.Hour), l.Event.End.Add(time.Hour)
		l.Event.Venue = events.Venue{Name: "Väven", Address: "Storgatan 46", City: "Umeå"}
		l.Changed = []events.ChangeField{events.ChangedTime, events.ChangedPlace, events.ChangedOnlineURL}
	}
	if kind == mails.WorkshopMoved || kind == mails.WorkshopRemoved {
		l.Session, l.SessionBefore = other, workshop
		l.SessionBefore.Room, l.Session.Room = "Sal A", "Sal B"
	}
	if kind == mails.Message {
		l.Subject = "Inför konferensen: ta med dator"
		l.Body = "Hej Áile!\n\nTa gärna med en bärbar dator till workshoppen.\nProgrammet finns på https://events.example.se/e/ev1.\n\nVälkomna!"
	}
	if kind == mails.Thanks {
		l.FollowUpURL = "https://enkat.example.se/fhk2026"
		l.EvaluationURL = "https://events.example.se/manage/r1/token/evaluation"
	}
	if kind == mails.Invitation {
		l.RegisterURL, l.Code, l.ManageURL = "https://events.example.se/events/ev1/register?code=ABCDEFGH", "ABCD-EFGH", ""
	}
	if kind == mails.RequestReceived || kind == mails.RequestAnswer {
		l.Request, l.Received, l.ManageURL = "ett kommunbesök i Umeå", time.Date(2026, 11, 2, 10, 0, 0, 0, events.Stockholm), ""
		l.Body = "Hej Áile!\n\nTack för er förfrågan. Vi föreslår den 3 februari kl. 9.\n\nVänliga hälsningar\nAnna"
	}
	if kind == mails.Promoted {
		l.Mode, l.OnlineURL, l.Workshops = events.ModeDigital, ev.OnlineURL, nil
	}
	return l
}

// Every mail kind in both languages, against its golden file (go test ./mails -update
// rewrites them after a deliberate change).
func TestEveryMailKindInBothLanguages(t *testing.T) {
	for _, kind := range mails.Kinds {
		for _, lang := range locale.Languages {
			t.Run(string(kind)+"."+lang, func(t *testing.T) {
				m := mails.Write(letter(kind, lang))
				got := "Subject: " + m.Subject + "\n\n" + m.Text
				if strings.Contains(got, locale.MissingMark) {
					t.Errorf("a text is missing from the catalogue:\n%s", got)
				}
				testtools.Golden(t, string(kind)+"."+lang+".txt", []byte(got))
				testtools.Golden(t, string(kind)+"."+lang+".html", []byte(m.HTML))
			})
		}
	}
}
