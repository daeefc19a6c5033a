package app

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

// upcomingPage is what the public list shows: the filter form (with the current
// choices) and one page of results.
type upcomingPage struct {
	Filter         upcomingFilter
	Types          []events.Type
	Modes          []events.Mode
	TargetAreas    []int
	Counties       []events.County
	Municipalities []events.Municipality
	Events         []listedEvent
	Total          int64
	Count          int // Total, for the plural
	PrevURL        string
	NextURL        string
	AtomURL        string // the feeds of the same filter
	RSSURL         string
}

// listedEvents are the events of a list with the seats of the published ones, in words.
func (s *server) listedEvents(c *fiber.Ctx, evs []events.Event, lang string) ([]listedEvent, error) {
	avail, err := s.regs.Availability(c.UserContext(), evs, nil)
	if err != nil {
		return nil, err
	}
	var out []listedEvent
	for _, ev := range evs {
		item := listedEvent{Event: ev}
		if ev.Status == events.StatusPublished {
			item.Seats = availabilityLines(ev, avail[ev.ID], lang)
		}
		out = append(out, item)
	}
	return out, nil
}

// listedEvent is an event in the list with its seats in words.
type listedEvent struct {
	events.Event
	Seats []string
}

type upcomingFilter struct {
	Type, Mode, County, Municipality, From, To string
	TargetArea                                 int
	Active                                     bool
}

const publicPageSize = 20

func (s *server) pageUpcoming(c *fiber.Ctx) error {
	f := upcomingEvents(c, s.now())
	f.Limit = publicPageSize
	result, err := s.events.ListEvents(c.UserContext(), f)
	if err != nil {
		return err
	}
	chosen := upcomingFilter{
		Type: c.Query("type"), Mode: c.Query("mode"), County: f.County, Municipality: f.Municipality,
		From: c.Query("from"), To: c.Query("to"), TargetArea: f.TargetArea,
	}
	chosen.Active = chosen != upcomingFilter{}
	data := upcomingPage{
		Filter: chosen, Types: events.Types, Modes: events.Modes, TargetAreas: []int{1, 2, 3, 4, 5, 6, 7, 8},
		Counties: events.Counties(), Municipalities: events.Municipalities(),
		Total: result.Total, Count: int(result.Total),
	}
	lang := language(c)
	if data.Events, err = s.listedEvents(c, result.Events, lang); err != nil {
		return err
	}
	fq := filterQuery(c)
	fq.Set("lang", lang)
	data.AtomURL, data.RSSURL = "/feed.atom?"+fq.Encode(), "/feed.rss?"+fq.Encode()
	if f.Offset > 0 {
		data.PrevURL = pageURL(c, max(0, f.Offset-publicPageSize))
	}
	if int64(f.Offset+publicPageSize) < result.Total {
		data.NextURL = pageURL(c, f.Offset+publicPageSize)
	}
	return s.render(c, "public/list", page{Title: tr(language(c), "home.heading"), Data: data})
}

// pageURL keeps the filters and changes the offset.
func pageURL(c *fiber.Ctx, offset int) string {
	q := url.Values{}
	for _, k := range []string{"type", "mode", "county", "municipality", "from", "to", "target_area"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	q.Set("offset", strconv.Itoa(offset))
	return "/?" + q.Encode()
}

type eventPage struct {
	Event         events.Event
	Organisation  events.Organisation
	Agenda        []agendaDay
	Seats         []string          // seats left per participation mode, in words
	WorkshopSeats map[string]string // by session id
	Closes        string            // the last registration day and time, in words
}

func (s *server) pageEvent(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	org, err := s.events.Organisation(c.UserContext(), ev.OrgID)
	if err != nil {
		return err
	}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	lang := language(c)
	ev.OnlineURL = "" // registered participants get it by e-mail, never the public page
	data := eventPage{Event: ev, Organisation: org, Agenda: groupAgenda(sessions, lang, longDate)}
	if !ev.RegistrationCloses.IsZero() {
		d, t := regDateTime(ev.RegistrationCloses, lang)
		data.Closes = d + " " + t
	}
	if ev.Status == events.StatusPublished {
		avail, err := s.regs.Availability(c.UserContext(), []events.Event{ev}, sessions)
		if err != nil {
			return err
		}
		data.Seats, data.WorkshopSeats = availabilityLines(ev, avail[ev.ID], lang), workshopSeats(avail[ev.ID], lang)
	}
	return s.render(c, "public/event", page{Title: ev.Title.In(lang), Data: data})
}
