package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// badgePeople lets the badges package read registrations through its own small
// interface (badges.People) instead of the registration collections.
type badgePeople struct{ regs *registration.Service }

func (p badgePeople) Person(ctx context.Context, id string) (badges.Person, error) {
	r, err := p.regs.Registration(ctx, id)
	if errors.Is(err, registration.ErrNotFound) {
		return badges.Person{}, badges.ErrUnknownPerson
	}
	if err != nil {
		return badges.Person{}, err
	}
	return toPerson(r), nil
}

func (p badgePeople) People(ctx context.Context, eventID string) ([]badges.Person, error) {
	list, err := p.regs.List(ctx, eventID, registration.ListFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]badges.Person, len(list))
	for i, r := range list {
		out[i] = toPerson(r)
	}
	return out, nil
}

func toPerson(r registration.Registration) badges.Person {
	p := badges.Person{
		RegistrationID: r.ID, EventID: r.EventID, FirstName: r.FirstName, LastName: r.LastName,
		Organisation: r.Organisation, Municipality: r.Municipality, Role: r.Role,
		Category: badges.Category(r.Category), Status: badges.PersonStatus(r.Status),
		OnSite: r.Mode == events.ModeOnSite, Diet: r.Diet, Accessibility: r.Accessibility,
		RegisteredAt: r.CreatedAt,
	}
	if p.Category == "" {
		p.Category = badges.CategoryParticipant
	}
	for _, w := range r.Workshops {
		if w.Status == registration.StatusConfirmed {
			p.Workshops = append(p.Workshops, w.SessionID)
		}
	}
	return p
}

// eventInfo is what a badge shows about the event.
func eventInfo(ev events.Event, lang string) badges.EventInfo {
	return badges.EventInfo{ID: ev.ID, Title: ev.Title.In(lang), Start: ev.Start, End: ev.End, Venue: events.Place(ev, lang)}
}

var errNoBadge = apiError{http.StatusNotFound, "no_badge",
	"err.no_badge"}

// badgeable: confirmed and on site (digital participants are not checked in).
func badgeable(r registration.Registration) bool {
	return r.Status == registration.StatusConfirmed && r.Mode == events.ModeOnSite
}

// badgeFor is a registration's badge: what it shows and the signed code of its QR.
func (s *server) badgeFor(r registration.Registration) badges.Badge {
	return badges.Badge{Person: toPerson(r), Code: s.badges.Coder().Code(r.ID)}
}

func sendPDF(c *fiber.Ctx, doc []byte, filename string) error {
	noStore(c)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, filename))
	return c.Send(doc)
}
