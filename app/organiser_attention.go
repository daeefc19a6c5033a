package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// What needs the organiser's attention, at the top of the start page: the coming
// events with who registered and who waits, those just held with who came, new
// visit requests, agreed actions past their day, and changes participants have not
// been told of. Each organisation's own links are on its page (orgOrganisationPage).

// attentionEvents is how many coming and how many recent events the page lists.
const attentionEvents = 6

// attentionRecent is how far back an event counts as just held.
const attentionRecent = 30 * 24 * time.Hour

type orgAttention struct {
	Upcoming, Recent []attentionEvent
	Requests         []attentionOrg // organisations with new visit requests
	Overdue          []attentionOrg // organisations with agreed actions past their day
	Untold           []attentionChange
}

type attentionEvent struct {
	Event                         events.Event
	Org                           string
	Registered, Waiting, Attended int
	CheckIn                       bool // attendance is known
}

type attentionOrg struct {
	Org events.Organisation
	N   int
	URL string
}

type attentionChange struct {
	Event      events.Event
	Change     events.Change
	Recipients int
	URL        string
}

// Empty tells whether nothing needs attention.
func (a orgAttention) Empty() bool {
	return len(a.Upcoming)+len(a.Recent)+len(a.Requests)+len(a.Overdue)+len(a.Untold) == 0
}

// attention gathers what needs attention in the organisations orgs (the scope's).
func (s *server) attention(c *fiber.Ctx, orgIDs []string, orgs []events.Organisation) (orgAttention, error) {
	ctx, now := c.UserContext(), s.now()
	var a orgAttention
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	coming, err := s.events.ListEvents(ctx, events.EventFilter{OrgIDs: orgIDs, From: now, Limit: 200})
	if err != nil {
		return a, err
	}
	past, err := s.events.ListEvents(ctx, events.EventFilter{OrgIDs: orgIDs, Status: events.StatusPublished, EndedBefore: now, Newest: true, Limit: attentionEvents})
	if err != nil {
		return a, err
	}
	var listed []events.Event
	var comingIDs []string
	for _, ev := range coming.Events {
		if ev.Status == events.StatusDraft {
			continue
		}
		comingIDs = append(comingIDs, ev.ID)
		if ev.Status == events.StatusPublished && len(a.Upcoming) < attentionEvents {
			a.Upcoming = append(a.Upcoming, attentionEvent{Event: ev, Org: names[ev.OrgID]})
			listed = append(listed, ev)
		}
	}
	for _, ev := range past.Events {
		if now.Sub(ev.End) <= attentionRecent {
			a.Recent = append(a.Recent, attentionEvent{Event: ev, Org: names[ev.OrgID]})
			listed = append(listed, ev)
		}
	}
	if err := s.countAttention(c, listed, &a); err != nil {
		return a, err
	}
	untold, err := s.events.Untold(ctx, comingIDs)
	if err != nil {
		return a, err
	}
	for _, ch := range untold {
		people, err := s.regs.NoticeRecipients(ctx, ch)
		if err != nil {
			return a, err
		}
		if len(people) > 0 {
			a.Untold = append(a.Untold, attentionChange{Event: ch.After, Change: ch, Recipients: len(people), URL: orgNoticePath(ch.EventID, ch.ID)})
		}
	}
	today := s.today()
	for _, o := range orgs {
		requests, err := s.municipal.Requests(ctx, o.ID)
		if err != nil {
			return a, err
		}
		n := 0
		for _, rq := range requests {
			if rq.Status == municipal.RequestNew {
				n++
			}
		}
		if n > 0 {
			a.Requests = append(a.Requests, attentionOrg{Org: o, N: n, URL: orgRequestsPath(o.ID)})
		}
		if o.County == "" {
			continue // municipality work is a county's
		}
		records, err := s.municipal.Records(ctx, o.ID, o.County)
		if err != nil {
			return a, err
		}
		overdue := 0
		for _, r := range records {
			_, late := r.OpenActions(today)
			overdue += late
		}
		if overdue > 0 {
			a.Overdue = append(a.Overdue, attentionOrg{Org: o, N: overdue, URL: orgMunicipalitiesPath(o.ID) + "?actions=overdue"})
		}
	}
	return a, nil
}

// countAttention fills in the listed events' registrations (one read for all) and,
// for those held, who checked in.
func (s *server) countAttention(c *fiber.Ctx, listed []events.Event, a *orgAttention) error {
	if len(listed) == 0 {
		return nil
	}
	ids := make([]string, len(listed))
	for i, ev := range listed {
		ids[i] = ev.ID
	}
	regs, err := s.regs.ForEvents(c.UserContext(), ids)
	if err != nil {
		return err
	}
	arrived, err := s.badges.ArrivedIn(c.UserContext(), ids)
	if err != nil {
		return err
	}
	count := func(rows []attentionEvent) {
		for i := range rows {
			for _, r := range regs {
				if r.EventID != rows[i].Event.ID {
					continue
				}
				switch r.Status {
				case registration.StatusConfirmed:
					rows[i].Registered++
				case registration.StatusWaiting:
					rows[i].Waiting++
				}
			}
			if came, ok := arrived[rows[i].Event.ID]; ok {
				rows[i].CheckIn, rows[i].Attended = true, len(came)
			}
		}
	}
	count(a.Upcoming)
	count(a.Recent)
	return nil
}
