package app

import (
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/municipal"
)

// A municipality's history on its page: every event its people came to (from the
// follow-up's figures, so from check-ins where they were used, under the small-cell
// rule), every visit recorded, the dialogue visits still to record, every request,
// and the agreed actions.

// munAttendance is one event the municipality's people came to.
type munAttendance struct {
	Event   followup.EventRow `json:"event"`
	Reached followup.Cell     `json:"reached"`
}

// munAttended lists the events, newest first, that reached someone from the municipality.
func (s *server) munAttended(c *fiber.Ctx, org events.Organisation, code string) ([]munAttendance, int, error) {
	now := s.now()
	rep, err := s.followup.Report(c.UserContext(), org, followup.Filter{From: time.Date(2000, 1, 1, 0, 0, 0, 0, events.Stockholm), To: now.In(events.Stockholm)},
		language(c), now)
	if err != nil {
		return nil, 0, err
	}
	out := []munAttendance{}
	for _, p := range rep.Presence {
		if n := p.Municipalities[code]; n > 0 {
			out = append(out, munAttendance{Event: p.Event, Reached: followup.Cell{N: n, Suppressed: n < rep.MinCell}})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Event.Start.After(out[j].Event.Start) })
	return out, rep.MinCell, nil
}

func (s *server) munHistory(c *fiber.Ctx, org events.Organisation, r munRow, min int, p *munPage) error {
	lang := language(c)
	today := s.today()
	p.Actions = munActions(r, p.Path, today, lang)
	evs, err := s.munEvents(c, org, r.Name)
	if err != nil {
		return err
	}
	title := map[string]events.Event{}
	for _, ev := range evs {
		title[ev.ID] = ev
	}
	recorded := map[string]bool{}
	for _, v := range r.Visits {
		mv := munVisit{Visit: v, KindLabel: tr(lang, "visit.kind."+v.Kind), DateText: orgDay(v.Date, lang), NextText: orgDay(v.NextContact, lang)}
		for _, t := range v.Topics {
			mv.Topics = append(mv.Topics, municipal.TopicLabel(t, lang))
		}
		if ev, ok := title[v.EventID]; ok {
			mv.EventURL, mv.EventTitle = orgEventPath(ev.ID), ev.Title.In(lang)
		}
		recorded[v.EventID] = true
		p.Visits = append(p.Visits, mv)
	}
	for _, ev := range evs {
		if ev.Type == events.TypeDialogueVisit && !recorded[ev.ID] && ev.Status != events.StatusCancelled {
			p.Unrecorded = append(p.Unrecorded, munEventRow{ID: ev.ID, Title: ev.Title.In(lang), When: orgDate(ev.Start, lang), URL: orgEventPath(ev.ID)})
		}
	}
	attended, _, err := s.munAttended(c, org, r.Code)
	if err != nil {
		return err
	}
	for _, a := range attended {
		p.Attended = append(p.Attended, munEventRow{ID: a.Event.ID, Title: a.Event.Title.In(lang), When: orgDate(a.Event.Start, lang),
			URL: orgEventPath(a.Event.ID), Count: a.Reached.Text(min)})
	}
	for _, rq := range r.Requests {
		p.Requests = append(p.Requests, requestRowOf(rq, lang))
	}
	return nil
}
