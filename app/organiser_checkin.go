package app

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The organiser's live check-in dashboard: who has arrived (in all, by category, per
// quarter hour, per workshop), recent undone check-ins, and a desk to check people in
// by name or undo a check-in. The page works without JavaScript (plain forms, reload
// for new figures); static/dashboard.js refreshes the figures every 10 seconds from
// GET /api/v1/events/:id/checkin/stats.

func orgCheckinPath(eventID string) string { return orgEventPath(eventID) + "/checkin" }

// organiserDesk is the station name of check-ins made on the dashboard.
const organiserDesk = "Arrangör"

// organiserActor names who undoes a check-in on the dashboard in the undo log: the
// signed-in organiser's e-mail address, or for an API token the token's name.
func organiserActor(c *fiber.Ctx) string {
	p := organiser(c).principal
	switch {
	case p.Email != "":
		return p.Email
	case p.Token != nil && p.Token.Name != "":
		return "API: " + p.Token.Name
	}
	return "organiser"
}

// chkStats are the dashboard's figures, as the page shows them and as JSON.
type chkStats struct {
	EventID       string        `json:"event_id"`
	SessionID     string        `json:"session_id,omitempty"`
	Expected      int           `json:"expected"`
	CheckedIn     int           `json:"checked_in"`
	StillExpected int           `json:"still_expected"`
	ByCategory    []chkCategory `json:"by_category"`
	Arrivals      []chkArrival  `json:"arrivals"`
	Workshops     []chkWorkshop `json:"workshops,omitempty"`
	RecentUndos   []chkUndo     `json:"recent_undos,omitempty"`
	GeneratedAt   time.Time     `json:"generated_at"`
	Updated       string        `json:"updated"` // "09:14:05"
}

type chkCategory struct {
	Category  string `json:"category"`
	Label     string `json:"label"`
	Expected  int    `json:"expected"`
	CheckedIn int    `json:"checked_in"`
}

// chkArrival is one quarter hour; Bar is its share of the busiest quarter in steps of
// 5 (0–100), drawn as a CSS bar of that width (classes, no inline style).
type chkArrival struct {
	Start time.Time `json:"start"`
	Label string    `json:"label"` // "09:00–09:15"
	Count int       `json:"count"`
	Bar   int       `json:"bar"`
}

type chkWorkshop struct {
	SessionID     string `json:"session_id"`
	Title         string `json:"title"`
	When          string `json:"when"`
	Expected      int    `json:"expected"`
	CheckedIn     int    `json:"checked_in"`
	StillExpected int    `json:"still_expected"`
}

type chkUndo struct {
	RegistrationID string    `json:"registration_id"`
	Name           string    `json:"name"`
	Scope          string    `json:"scope"` // the event or the workshop, in words
	UndoneAt       time.Time `json:"undone_at"`
	Undone         string    `json:"undone"` // "09:20"
	By             string    `json:"by"`     // the station, or the organiser
	CheckedIn      string    `json:"checked_in"`
}

const recentUndos = 10

func barStep(n, most int) int {
	if most <= 0 || n <= 0 {
		return 0
	}
	return max(5, (n*100/most)/5*5)
}

// checkinStats computes the figures for the event (sessionID "": with every workshop's
// figures and the recent undos) or for one workshop.
func (s *server) checkinStats(ctx context.Context, ev events.Event, sessionID, lang string) (chkStats, error) {
	st, err := s.badges.Stats(ctx, ev.ID, sessionID)
	if err != nil {
		return chkStats{}, err
	}
	out := chkStats{EventID: ev.ID, SessionID: sessionID, Expected: st.Expected, CheckedIn: st.CheckedIn,
		StillExpected: st.StillExpected, GeneratedAt: st.GeneratedAt, Updated: st.GeneratedAt.In(events.Stockholm).Format("15:04:05"),
		ByCategory: []chkCategory{}, Arrivals: []chkArrival{}}
	for _, cs := range st.ByCategory {
		out.ByCategory = append(out.ByCategory, chkCategory{Category: string(cs.Category), Expected: cs.Expected, CheckedIn: cs.CheckedIn,
			Label: registration.LabelOf(registration.Categories, registration.Category(cs.Category), lang)})
	}
	most := 0
	for _, b := range st.Arrivals {
		most = max(most, b.Count)
	}
	for _, b := range st.Arrivals {
		out.Arrivals = append(out.Arrivals, chkArrival{Start: b.Start, Count: b.Count, Bar: barStep(b.Count, most),
			Label: events.Clock(b.Start) + "–" + events.Clock(b.Start.Add(badges.BucketSize))})
	}
	if sessionID != "" {
		return out, nil
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return chkStats{}, err
	}
	titles := map[string]string{}
	for _, se := range workshops(sessions) {
		ws, err := s.badges.Stats(ctx, ev.ID, se.ID)
		if err != nil {
			return chkStats{}, err
		}
		titles[badges.Scope(se.ID)] = se.Title.In(lang)
		out.Workshops = append(out.Workshops, chkWorkshop{SessionID: se.ID, Title: se.Title.In(lang),
			When:     events.Clock(se.Start) + "–" + events.Clock(se.End),
			Expected: ws.Expected, CheckedIn: ws.CheckedIn, StillExpected: ws.StillExpected})
	}
	undos, err := s.badges.Undos(ctx, ev.ID)
	if err != nil {
		return chkStats{}, err
	}
	if len(undos) > 0 {
		slices.Reverse(undos)
		undos = undos[:min(len(undos), recentUndos)]
		names := map[string]string{}
		for _, u := range undos {
			if _, ok := names[u.RegistrationID]; ok {
				continue
			}
			r, err := s.regs.Registration(ctx, u.RegistrationID)
			switch {
			case err == nil:
				names[u.RegistrationID] = r.FullName()
			case errors.Is(err, registration.ErrNotFound):
				names[u.RegistrationID] = "–"
			default:
				return chkStats{}, err
			}
		}
		for _, u := range undos {
			scope := tr(lang, "scan.scope.event")
			if t, ok := titles[u.Scope]; ok {
				scope = t
			}
			by := u.Station
			if u.Organiser != "" {
				by = tr(lang, "chk.by.organiser") + " (" + u.Organiser + ")"
			}
			out.RecentUndos = append(out.RecentUndos, chkUndo{RegistrationID: u.RegistrationID, Name: names[u.RegistrationID],
				Scope: scope, UndoneAt: u.UndoneAt, Undone: events.Clock(u.UndoneAt), By: by,
				CheckedIn: events.Clock(u.CheckedInAt) + " · " + u.CheckedInStation})
		}
	}
	return out, nil
}

// GET /api/v1/events/:id/checkin/stats?session=
func (s *server) apiCheckinStats(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	sessionID := strings.TrimSpace(c.Query("session"))
	if _, err := s.scanSession(c.UserContext(), ev.ID, sessionID, "session"); err != nil {
		return err
	}
	st, err := s.checkinStats(c.UserContext(), ev, sessionID, language(c))
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(st)
}

// --- the page --------------------------------------------------------------------

type chkPage struct {
	Event    events.Event
	Path     string
	StatsAPI string
	Notice   string
	Stats    chkStats
	Query    string
	Searched bool
	Hits     []scanHit
}

// chkNotices are the confirmations ?notice= may name on the dashboard.
var chkNotices = map[string]bool{"undone": true}

// GET /organiser/events/:id/checkin?q=
func (s *server) orgCheckin(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	lang := language(c)
	p := chkPage{Event: ev, Path: orgCheckinPath(ev.ID), StatsAPI: "/api/v1/events/" + url.PathEscape(ev.ID) + "/checkin/stats"}
	switch key := c.Query("notice"); {
	case chkNotices[key]:
		p.Notice = tr(lang, "chk.notice."+key)
	case strings.HasPrefix(key, "outcome-") && badgeHasText("scan.outcome."+strings.TrimPrefix(key, "outcome-")):
		p.Notice = tr(lang, "scan.outcome."+strings.TrimPrefix(key, "outcome-"))
	}
	if p.Stats, err = s.checkinStats(c.UserContext(), ev, "", lang); err != nil {
		return err
	}
	if q := strings.TrimSpace(c.Query("q")); q != "" {
		p.Query, p.Searched = q, true
		if p.Hits, err = s.scanSearch(c.UserContext(), ev.ID, q, lang); err != nil {
			return err
		}
	}
	noStore(c)
	return s.render(c, "organiser/checkin", page{Title: tr(lang, "chk.title") + ": " + ev.Title.In(lang), Data: p})
}

// backToDashboard redirects to the dashboard after a form post, keeping the search.
func backToDashboard(c *fiber.Ctx, ev events.Event, notice, q string) error {
	v := url.Values{"notice": {notice}}
	if strings.TrimSpace(q) != "" {
		v.Set("q", q)
	}
	return c.Redirect(orgCheckinPath(ev.ID)+"?"+v.Encode()+"#search-heading", fiber.StatusSeeOther)
}

// POST /organiser/events/:id/checkin/manual {registration_id, session_id}: check in
// someone found by name, at the organiser's desk.
func (s *server) orgCheckinManual(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	in, err := s.bindCheckin(c, ev.ID)
	if err != nil {
		return err
	}
	v, err := s.manualCheckIn(c, badges.Link{EventID: ev.ID, Station: organiserDesk}, in)
	if err != nil {
		return err
	}
	if !isForm(c) {
		noStore(c)
		return c.JSON(v)
	}
	return backToDashboard(c, ev, "outcome-"+string(v.Outcome), in.Query)
}

// POST /organiser/events/:id/checkin/undo {registration_id, session_id}
func (s *server) orgCheckinUndo(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	in, err := s.bindCheckin(c, ev.ID)
	if err != nil {
		return err
	}
	if err := s.undoCheckIn(c, badges.ByOrganiser(ev.ID, organiserActor(c)), in); err != nil {
		return err
	}
	if !isForm(c) {
		noStore(c)
		return c.JSON(fiber.Map{"undone": true, "registration_id": in.RegistrationID, "session_id": in.SessionID})
	}
	return backToDashboard(c, ev, "undone", in.Query)
}
