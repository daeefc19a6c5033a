package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

// Copies (organiser): duplicate an event onto another day with its agenda, or bring
// another event's programme into this one with its dates moved (events/copy.go).

type copyInput struct {
	StartDate string `json:"start_date" form:"start_date"` // "YYYY-MM-DD", the copy's first day
	From      string `json:"from" form:"from"`             // the event whose programme is copied
}

// POST /organiser/events/:id/duplicate {start_date}: the copy, as a draft.
func (s *server) orgDuplicateEvent(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in copyInput
	if err := bind(c, &in); err != nil {
		return err
	}
	copied, err := s.events.DuplicateEvent(c.UserContext(), ev.ID, in.StartDate)
	if err != nil {
		return err
	}
	if !isForm(c) {
		return c.Status(fiber.StatusCreated).JSON(copied)
	}
	return orgDone(c, orgEventPath(copied.ID), "event-duplicated")
}

// POST /organiser/events/:id/copy-programme {from}: from's agenda, moved to this event's days.
func (s *server) orgCopyProgramme(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in copyInput
	if err := bind(c, &in); err != nil {
		return err
	}
	from, err := s.events.Event(c.UserContext(), in.From)
	if err != nil || !organiser(c).inScope(from.OrgID) {
		return events.ErrNotFound
	}
	n, err := s.events.CopyProgramme(c.UserContext(), from.ID, ev.ID)
	if err != nil {
		return err
	}
	if !isForm(c) {
		return c.JSON(fiber.Map{"copied": n})
	}
	return orgDone(c, orgEventPath(ev.ID), "programme-copied")
}

// copySources are the organisation's other events, latest first, for "copy the
// programme from".
func (s *server) copySources(c *fiber.Ctx, ev events.Event) ([]webOption, error) {
	list, err := s.events.ListEvents(c.UserContext(), events.EventFilter{OrgIDs: []string{ev.OrgID}, Newest: true, Limit: 50})
	if err != nil {
		return nil, err
	}
	lang := language(c)
	var out []webOption
	for _, other := range list.Events {
		if other.ID != ev.ID {
			out = append(out, webOption{Value: other.ID, Label: other.Title.In(lang) + " (" + orgDate(other.Start, lang) + ")"})
		}
	}
	return out, nil
}
