package app

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Change notices (organiser): after an event is cancelled or its time, place, mode or
// online link moved, the organiser is shown the notice participants would get, for
// one of them, with how many it goes to, and sends it or not ("Meddela
// deltagarna"). The change itself is recorded by the events package, so the page and
// the send are separate requests; the registration package writes and queues the
// mails (registration/notices.go). API clients pass "notify": true instead.

func orgNoticePath(eventID, changeID string) string {
	return orgEventPath(eventID) + "/notify?" + url.Values{"change": {changeID}}.Encode()
}

// recordChange records the change from before to after, and says where the organiser
// goes next: the notice page when someone is to be told, else the event page.
func (s *server) recordChange(c *fiber.Ctx, before, after events.Event) (events.Change, bool, error) {
	ch, ok, err := s.events.RecordChange(c.UserContext(), before, after)
	if err != nil || !ok {
		return events.Change{}, false, err
	}
	list, err := s.regs.NoticeRecipients(c.UserContext(), ch)
	if err != nil || len(list) == 0 {
		return events.Change{}, false, err
	}
	return ch, true, nil
}

// afterChange is where a page that changed the event goes: the notice page if the
// change concerns someone, else the event page with the notice given.
func (s *server) afterChange(c *fiber.Ctx, before, after events.Event, notice string) error {
	ch, ok, err := s.recordChange(c, before, after)
	if err != nil {
		return err
	}
	if ok {
		return c.Redirect(orgNoticePath(after.ID, ch.ID)+"&"+url.Values{"notice": {notice}}.Encode(), fiber.StatusSeeOther)
	}
	return orgDone(c, orgEventPath(after.ID), notice)
}

type orgNoticePage struct {
	Notice     string
	Event      events.Event
	Change     events.Change
	Recipients int
	Preview    registration.Mail
	PreviewTo  string
	Action     string
	BackURL    string
}

// GET /organiser/events/:id/notify?change=…
func (s *server) orgNotice(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	ch, err := s.events.Change(c.UserContext(), ev.ID, c.Query("change"))
	if err != nil {
		return err
	}
	list, err := s.regs.NoticeRecipients(c.UserContext(), ch)
	if err != nil {
		return err
	}
	lang := language(c)
	p := orgNoticePage{Notice: orgNotice(c), Event: ev, Change: ch, Recipients: len(list), BackURL: orgEventPath(ev.ID),
		Action: orgEventPath(ev.ID) + "/notify"}
	if len(list) > 0 {
		if p.Preview, err = s.regs.ChangeMail(c.UserContext(), ch, list[0]); err != nil {
			return err
		}
		p.PreviewTo = list[0].FullName()
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/notify", tr(lang, "org.notify.title"), p)
}

type noticeInput struct {
	Change string `json:"change" form:"change"`
}

// POST /organiser/events/:id/notify {change}: sends the notice.
func (s *server) orgSendNotice(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in noticeInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ch, err := s.events.Change(c.UserContext(), ev.ID, in.Change)
	if err != nil {
		return err
	}
	n, err := s.regs.NotifyChange(c.UserContext(), ch)
	if err != nil {
		return err
	}
	if err := s.events.MarkNotified(c.UserContext(), ch.ID); err != nil {
		return err
	}
	if !isForm(c) {
		noStore(c)
		return c.JSON(fiber.Map{"change": ch.ID, "notified": n})
	}
	return orgDone(c, orgEventPath(ev.ID), "notified")
}

// answerChange is the API's answer to a change of the event from before to updated:
// the event, or with "notify": true the change's notice queued at once and
// {"event", "notified": how many it went to (0 when it concerned nobody)}.
func (s *server) answerChange(c *fiber.Ctx, before, updated events.Event, notify bool) error {
	if !notify {
		return c.JSON(updated)
	}
	n, err := s.notifyChange(c, before, updated)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"event": updated, "notified": n})
}

// notifyChange records the change from before to after and queues its notice at
// once; it returns how many it went to (0 when the change concerns nobody).
func (s *server) notifyChange(c *fiber.Ctx, before, after events.Event) (int, error) {
	ch, ok, err := s.events.RecordChange(c.UserContext(), before, after)
	if err != nil || !ok {
		return 0, err
	}
	n, err := s.regs.NotifyChange(c.UserContext(), ch)
	if err != nil {
		return n, err
	}
	return n, s.events.MarkNotified(c.UserContext(), ch.ID)
}
