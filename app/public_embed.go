package app

import (
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/feeds"

	"folkhalsa-events/events"
)

// Upcoming events on the county board's and the municipalities' own web sites: a list
// made to sit in an iframe (/embed/events), a script that places and sizes that
// iframe (/embed.js), and Atom and RSS feeds (/feed.atom, /feed.rss) beside the ICS
// feeds. All take the public list's filters plus org (an organisation's events) and
// series (one series). Only sites in EMBED_FRAME_ANCESTORS may frame the list.

// listFilterKeys are the query parameters the public list, the embed and the feeds share.
var listFilterKeys = []string{"org", "series", "type", "target_area", "county", "municipality", "mode", "from", "to"}

// publicFilter is the public list's filter from the query, with org and series.
func publicFilter(c *fiber.Ctx, now time.Time, limit int) events.EventFilter {
	f := upcomingEvents(c, now)
	if org := strings.TrimSpace(c.Query("org")); org != "" {
		f.OrgIDs = []string{org}
	}
	f.SeriesID = strings.TrimSpace(c.Query("series"))
	f.Limit = limit
	return f
}

// filterQuery is the filter part of the request's query, to pass on to links.
func filterQuery(c *fiber.Ctx) url.Values {
	q := url.Values{}
	for _, k := range listFilterKeys {
		if v := strings.TrimSpace(c.Query(k)); v != "" {
			q.Set(k, v)
		}
	}
	return q
}

type embedPage struct {
	Heading string
	Events  []listedEvent
	AllURL  string
	AtomURL string
}

// embedHeaders let the allowed sites frame the page, and nobody else.
func (s *server) embedHeaders(c *fiber.Ctx) {
	ancestors := "'self'"
	if len(s.cfg.FrameAncestors) > 0 {
		ancestors += " " + strings.Join(s.cfg.FrameAncestors, " ")
	}
	h := &c.Response().Header
	h.Del(fiber.HeaderXFrameOptions)
	h.Set(fiber.HeaderContentSecurityPolicy, "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors "+ancestors)
}

// GET /embed/events
func (s *server) pageEmbed(c *fiber.Ctx) error {
	lang := language(c)
	limit := min(max(queryInt(c, "limit", 10), 1), 50)
	result, err := s.events.ListEvents(c.UserContext(), publicFilter(c, s.now(), limit))
	if err != nil {
		return err
	}
	q := filterQuery(c)
	data := embedPage{Heading: s.listHeading(c, lang)}
	if data.Events, err = s.listedEvents(c, result.Events, lang); err != nil {
		return err
	}
	q.Set("lang", lang)
	data.AtomURL = "/feed.atom?" + q.Encode()
	q.Del("org")
	q.Del("series")
	data.AllURL = "/?" + q.Encode()
	s.embedHeaders(c)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return s.render(c, "public/embed", page{Title: data.Heading, Data: data})
}

// listHeading names what the list shows: an organisation's or a series' events, or all.
func (s *server) listHeading(c *fiber.Ctx, lang string) string {
	if id := strings.TrimSpace(c.Query("series")); id != "" {
		if sr, err := s.events.Series(c.UserContext(), id); err == nil {
			return sr.Title.In(lang)
		}
	}
	if id := strings.TrimSpace(c.Query("org")); id != "" {
		if org, err := s.events.Organisation(c.UserContext(), id); err == nil {
			return tr(lang, "embed.heading.org", org.Name)
		}
	}
	return tr(lang, "home.heading")
}

// GET /embed.js: the snippet a web site includes once; it turns each
// <div data-folkhalsa-events data-org="…"> into the list's iframe and keeps the
// iframe as tall as the list.
func (s *server) embedScript(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	// Other sites load it: let them, unlike the service's own pages.
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	return c.SendString(embedJS)
}

const embedJS = `(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) { return; }
  var origin = new URL(me.src).origin;
  var keys = ["org", "series", "type", "target_area", "county", "municipality", "mode", "from", "to", "limit", "lang"];
  function place(slot) {
    if (slot.querySelector("iframe")) { return; }
    var q = new URLSearchParams();
    keys.forEach(function (k) {
      var v = slot.getAttribute("data-" + k.replace("_", "-"));
      if (v) { q.set(k, v); }
    });
    var frame = document.createElement("iframe");
    frame.src = origin + "/embed/events?" + q.toString();
    frame.title = slot.getAttribute("data-title") || (q.get("lang") === "en" ? "Upcoming events" : "Kommande evenemang");
    frame.loading = "lazy";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "480px";
    slot.textContent = "";
    slot.appendChild(frame);
  }
  document.querySelectorAll("[data-folkhalsa-events]").forEach(place);
  window.addEventListener("message", function (e) {
    if (e.origin !== origin || !e.data || typeof e.data.folkhalsaEmbedHeight !== "number") { return; }
    document.querySelectorAll("[data-folkhalsa-events] iframe").forEach(function (f) {
      if (f.contentWindow === e.source) { f.style.height = Math.ceil(e.data.folkhalsaEmbedHeight) + "px"; }
    });
  });
})();
`

// GET /feed.atom and /feed.rss: the upcoming events of the filter, newest changes
// readable by any feed reader (and by CMS widgets that show a feed).
func (s *server) eventFeed(rss bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		lang := language(c)
		result, err := s.events.ListEvents(c.UserContext(), publicFilter(c, s.now(), 50))
		if err != nil {
			return err
		}
		orgs, err := s.events.Organisations(c.UserContext())
		if err != nil {
			return err
		}
		byID := map[string]events.Organisation{}
		for _, o := range orgs {
			byID[o.ID] = o
		}
		base := s.cfg.BaseURL.String()
		q := filterQuery(c)
		q.Set("lang", lang)
		self := base + c.Path() + "?" + q.Encode()
		feed := &feeds.Feed{
			Title:       s.listHeading(c, lang) + " – " + tr(lang, "site.name"),
			Link:        &feeds.Link{Href: base + "/?" + q.Encode()},
			Description: tr(lang, "site.tagline"),
			Id:          self,
			Created:     s.now(),
		}
		for _, ev := range result.Events {
			link := base + "/events/" + ev.ID + "?lang=" + lang
			desc := when(ev.Start, ev.End, lang)
			if ev.Venue.Name != "" {
				desc += " · " + ev.Venue.Name
				if ev.Venue.City != "" {
					desc += ", " + ev.Venue.City
				}
			}
			if ev.Status == events.StatusCancelled {
				desc = tr(lang, "status.cancelled") + ". " + desc
			}
			if d := ev.Description.In(lang); d != "" {
				desc += "\n\n" + d
			}
			if ev.UpdatedAt.After(feed.Updated) {
				feed.Updated = ev.UpdatedAt
			}
			// One id per event, whatever the language the feed is read in.
			feed.Items = append(feed.Items, &feeds.Item{
				Title: ev.Title.In(lang), Link: &feeds.Link{Href: link}, Id: base + "/events/" + ev.ID, Description: desc,
				Author:  &feeds.Author{Name: byID[ev.OrgID].Name, Email: events.ContactOf(ev, byID[ev.OrgID]).Email},
				Created: ev.CreatedAt, Updated: ev.UpdatedAt,
			})
		}
		if feed.Updated.IsZero() {
			feed.Updated = s.now()
		}
		var body string
		if rss {
			body, err = feeds.ToXML(rssFeedOf(feed, lang))
			c.Set(fiber.HeaderContentType, "application/rss+xml; charset=utf-8")
		} else {
			body, err = feeds.ToXML(atomFeedOf(feed, lang, self))
			c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
		}
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
		return c.SendString(body)
	}
}

// gorilla/feeds writes neither a feed's language nor, for Atom, its own address
// (rel="self"), and puts a name where RSS wants an e-mail address; these finish its
// feeds as the standards and feed validators ask.

// rssFeedOf is the feed as RSS 2.0 with <language>, and each item's <author> as RSS
// has it ("address (name)"), left out where the organiser gave no address.
func rssFeedOf(feed *feeds.Feed, lang string) *feeds.RssFeed {
	out := (&feeds.Rss{Feed: feed}).RssFeed()
	out.Language = feedLanguage(lang)
	for i, it := range out.Items {
		it.Author = ""
		if a := feed.Items[i].Author; a != nil && a.Email != "" {
			it.Author = a.Email + " (" + a.Name + ")"
		}
	}
	return out
}

// atomFeed is gorilla/feeds' Atom feed with xml:lang and a rel="self" link.
type atomFeed struct {
	XMLName  xml.Name           `xml:"feed"`
	Xmlns    string             `xml:"xmlns,attr"`
	Lang     string             `xml:"xml:lang,attr"`
	Title    string             `xml:"title"`
	ID       string             `xml:"id"`
	Updated  string             `xml:"updated"`
	Subtitle string             `xml:"subtitle,omitempty"`
	Links    []feeds.AtomLink   `xml:"link"`
	Entries  []*feeds.AtomEntry `xml:"entry"`
}

func (a *atomFeed) FeedXml() any { return a }

func atomFeedOf(feed *feeds.Feed, lang, self string) *atomFeed {
	in := (&feeds.Atom{Feed: feed}).AtomFeed()
	return &atomFeed{Xmlns: in.Xmlns, Lang: feedLanguage(lang), Title: in.Title, ID: self, Updated: in.Updated, Subtitle: in.Subtitle,
		Links:   []feeds.AtomLink{{Href: feed.Link.Href, Rel: "alternate", Type: "text/html"}, {Href: self, Rel: "self", Type: "application/atom+xml"}},
		Entries: in.Entries}
}

// feedLanguage is the language tag feeds carry.
func feedLanguage(lang string) string {
	if lang == langEN {
		return "en"
	}
	return "sv"
}
