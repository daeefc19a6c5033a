package app

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// publicEvent is an event as anyone may see it: never the online link (registered
// participants only) and nothing about drafts.
type publicEvent struct {
	events.Event
	OnlineURL string `json:"online_url,omitempty"` // always empty: shadows the embedded field
	// SeatsLeft is what the pages say in words, as figures: only for a published event.
	SeatsLeft *publicSeats `json:"seats_left,omitempty"`
}

// publicSeats are the seats left of a published event per participation mode it
// offers, and per bookable workshop; null where there is no limit.
type publicSeats struct {
	OnSite    *int            `json:"on_site"`
	Digital   *int            `json:"digital"`
	Full      bool            `json:"full"` // every participation mode it offers is full: the waiting list is open
	Workshops map[string]*int `json:"workshops,omitempty"`
}

// toPublic is ev as anyone may see it, with its seats left (a published event's).
func toPublic(ev events.Event, avail map[string]registration.Availability) publicEvent {
	p := publicEvent{Event: ev}
	a, ok := avail[ev.ID]
	if ev.Status != events.StatusPublished || !ok {
		return p
	}
	left := func(x registration.Seats, offered bool) *int {
		if !offered || !x.Limited() {
			return nil
		}
		n := max(0, x.Left)
		return &n
	}
	p.SeatsLeft = &publicSeats{OnSite: left(a.OnSite, ev.Mode.HasOnSite()), Digital: left(a.Digital, ev.Mode.HasDigital()), Full: a.Full(ev)}
	for id, x := range a.Workshops {
		if p.SeatsLeft.Workshops == nil {
			p.SeatsLeft.Workshops = map[string]*int{}
		}
		p.SeatsLeft.Workshops[id] = left(x, true)
	}
	return p
}

// visibleEvent loads an event the public may see by link: published or cancelled,
// public or invite-only (invitees get the link). Drafts are not found.
func (s *server) visibleEvent(c *fiber.Ctx, id string) (events.Event, error) {
	ev, err := s.events.Event(c.UserContext(), id)
	if err != nil {
		return events.Event{}, err
	}
	if ev.Status == events.StatusDraft {
		return events.Event{}, events.ErrNotFound
	}
	return ev, nil
}

// upcomingEvents is the public list's filter from the query: what anyone may see,
// from now on unless the query says from when.
func upcomingEvents(c *fiber.Ctx, now time.Time) events.EventFilter {
	f := eventFilterFromQuery(c)
	f.Public = true
	if f.From.IsZero() {
		f.From = now
	}
	return f
}

func (s *server) apiPublicEvents(c *fiber.Ctx) error {
	page, err := s.events.ListEvents(c.UserContext(), upcomingEvents(c, s.now()))
	if err != nil {
		return err
	}
	avail, err := s.regs.Availability(c.UserContext(), page.Events, nil)
	if err != nil {
		return err
	}
	out := make([]publicEvent, len(page.Events))
	for i, ev := range page.Events {
		out[i] = toPublic(ev, avail)
	}
	return c.JSON(fiber.Map{"events": out, "total": page.Total, "limit": page.Limit, "offset": page.Offset})
}

func (s *server) apiPublicEvent(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	avail, err := s.regs.Availability(c.UserContext(), []events.Event{ev}, sessions)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"event": toPublic(ev, avail), "sessions": sessions})
}

func (s *server) eventURL(ev events.Event) string {
	return s.cfg.BaseURL.String() + "/events/" + ev.ID
}

// programmePDF builds the programme on demand. Its ETag covers the event and agenda
// version and the language, so browsers revalidate cheaply and the cache serves repeats.
func (s *server) programmePDF(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	lang := language(c)
	etag := fmt.Sprintf(`"%s"`, versionHash("programme", ev.ID, ev.UpdatedAt.UTC().Format(time.RFC3339Nano), fmt.Sprint(ev.Sequence), lang))
	lastModified := ev.UpdatedAt.UTC().Truncate(time.Second)
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderLastModified, lastModified.Format(http.TimeFormat))
	c.Set(fiber.HeaderCacheControl, "public, max-age=0, must-revalidate")
	c.Set(fiber.HeaderVary, "Accept-Language, Cookie")
	if notModified(c, etag, lastModified) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	doc, ok := s.pdfs.get(etag)
	if !ok {
		org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
		if err != nil {
			return err
		}
		sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
		if err != nil {
			return err
		}
		doc, err = events.Programme(ev, org, sessions, s.eventURL(ev), lang)
		if err != nil {
			return fmt.Errorf("programme of %s: %w", ev.ID, err)
		}
		s.pdfs.put(etag, doc)
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="program-%s.pdf"`, ev.ID))
	return c.Send(doc)
}

// notModified answers conditional requests: If-None-Match wins over If-Modified-Since.
func notModified(c *fiber.Ctx, etag string, lastModified time.Time) bool {
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" {
		return inm == etag || inm == "W/"+etag
	}
	if ims := c.Get(fiber.HeaderIfModifiedSince); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !lastModified.After(t)
	}
	return false
}

func versionHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

func (s *server) icsOptions(c *fiber.Ctx) events.ICSOptions {
	return events.ICSOptions{BaseURL: s.cfg.BaseURL.String(), Lang: language(c), EventURL: s.eventURL}
}

func (s *server) eventICS(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
	if err != nil {
		return err
	}
	doc, err := events.EventICS(ev, org, s.icsOptions(c))
	if err != nil {
		return fmt.Errorf("ics of %s: %w", ev.ID, err)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.ics"`, ev.ID))
	return c.Send(doc)
}

// seriesFeed is a calendar to subscribe to: the series' published and cancelled
// occurrences, past and future, so cancellations reach subscribers.
func (s *server) seriesFeed(c *fiber.Ctx) error {
	sr, err := s.events.Series(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	org, err := s.events.Organisation(c.UserContext(), sr.OrgID)
	if err != nil {
		return err
	}
	page, err := s.events.ListEvents(c.UserContext(), events.EventFilter{SeriesID: sr.ID, Limit: 200})
	if err != nil {
		return err
	}
	visible := []events.Event{}
	for _, ev := range page.Events {
		if ev.Status != events.StatusDraft {
			visible = append(visible, ev)
		}
	}
	doc, err := events.SeriesFeed(sr, org, visible, s.icsOptions(c))
	if err != nil {
		return fmt.Errorf("feed of %s: %w", sr.ID, err)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	return c.Send(doc)
}
