package app

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Occurrences of a series changed together: publish drafts, cancel published ones
// (their participants are told, as when one event is cancelled), delete drafts.
// Cancelling and deleting ask first. Occurrences a step does not apply to (a draft
// among those to cancel) are left as they are and counted apart.

type bulkInput struct {
	IDs     []string `form:"ids"`
	Action  string   `form:"action"` // publish, cancel, delete
	Confirm string   `form:"confirm"`
}

// POST /organiser/series/:id/occurrences {ids, action}
func (s *server) orgBulkOccurrences(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	var in bulkInput
	if err := bindForm(c, &in, nil); err != nil {
		return err
	}
	ctx, lang := c.UserContext(), language(c)
	if in.Action != "publish" && in.Action != "cancel" && in.Action != "delete" {
		return errBadBulk
	}
	var chosen []events.Event
	for _, id := range in.IDs {
		ev, err := s.events.Event(ctx, id)
		if err != nil || ev.SeriesID != sr.ID {
			continue // not one of this series' occurrences
		}
		chosen = append(chosen, ev)
	}
	if len(chosen) == 0 {
		return orgDone(c, orgSeriesPath(sr.ID), "bulk-none")
	}
	if in.Action != "publish" && in.Confirm != "yes" {
		hidden := [][2]string{{"action", in.Action}, {"confirm", "yes"}}
		for _, ev := range chosen {
			hidden = append(hidden, [2]string{"ids", ev.ID})
		}
		data := orgConfirmPage{
			Heading: tr(lang, "org.bulk."+in.Action+".heading"),
			Text:    locale.N(lang, "org.bulk."+in.Action+".text", len(chosen)),
			Button:  tr(lang, "org.bulk."+in.Action+".button"),
			Action:  orgSeriesPath(sr.ID) + "/occurrences", Hidden: hidden,
			Event: events.Event{Title: sr.Title, Start: chosen[0].Start, End: chosen[len(chosen)-1].End}, BackURL: orgSeriesPath(sr.ID),
		}
		return s.orgRender(c, fiber.StatusOK, "organiser/confirm", data.Heading, data)
	}
	done, skipped := 0, 0
	for _, ev := range chosen {
		switch {
		case in.Action == "publish" && ev.Status == events.StatusDraft:
			_, err = s.events.SetStatus(ctx, ev.ID, events.StatusPublished)
		case in.Action == "delete" && ev.Status == events.StatusDraft:
			err = s.events.DeleteEvent(ctx, ev.ID)
		case in.Action == "cancel" && ev.Status == events.StatusPublished:
			err = s.cancelAndTell(c, ev)
		default:
			skipped++
			continue
		}
		if err != nil {
			return err
		}
		done++
	}
	return orgDone(c, orgSeriesPath(sr.ID), "bulk-"+in.Action, "count", strconv.Itoa(done), "skipped", strconv.Itoa(skipped))
}

// cancelAndTell cancels a published event and sends its participants the notice.
func (s *server) cancelAndTell(c *fiber.Ctx, ev events.Event) error {
	updated, err := s.events.SetStatus(c.UserContext(), ev.ID, events.StatusCancelled)
	if err != nil {
		return err
	}
	_, err = s.notifyChange(c, ev, updated)
	return err
}

var errBadBulk = apiError{fiber.StatusUnprocessableEntity, "validation_failed", "org.err.bulk"}
