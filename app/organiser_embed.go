package app

import (
	"fmt"
	"html"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

// The organisation's events on its own web site (public_embed.go): the code to paste
// and the feeds, ready to copy, with the series' own.

type embedCodes struct {
	Org       events.Organisation
	Script    string // the snippet: a div and the script
	IFrame    string // the same without script
	Atom, RSS string
	Preview   string
	Allowed   []string // EMBED_FRAME_ANCESTORS
	Series    []seriesFeeds
}

type seriesFeeds struct {
	Title          string
	Atom, ICS, Div string
}

// GET /organiser/organisations/:org/embed
func (s *server) orgEmbed(c *fiber.Ctx) error {
	org, err := s.scopedOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	lang := language(c)
	base := s.cfg.BaseURL.String()
	title := tr(lang, "embed.heading.org", org.Name)
	d := embedCodes{Org: org, Allowed: s.cfg.FrameAncestors,
		Script: fmt.Sprintf("<div data-folkhalsa-events data-org=\"%s\" data-lang=\"%s\" data-title=\"%s\">\n  <a href=\"%s/?lang=%s\">%s</a>\n</div>\n<script src=\"%s/embed.js\" async></script>",
			org.ID, lang, html.EscapeString(title), base, lang, html.EscapeString(title), base),
		IFrame: fmt.Sprintf("<iframe src=\"%s/embed/events?org=%s&amp;lang=%s\" title=\"%s\" style=\"width:100%%;height:480px;border:0\" loading=\"lazy\"></iframe>",
			base, org.ID, lang, html.EscapeString(title)),
		Atom:    fmt.Sprintf("%s/feed.atom?org=%s&lang=%s", base, org.ID, lang),
		RSS:     fmt.Sprintf("%s/feed.rss?org=%s&lang=%s", base, org.ID, lang),
		Preview: "/embed/events?org=" + org.ID + "&lang=" + lang,
	}
	series, err := s.events.ListSeries(c.UserContext(), []string{org.ID})
	if err != nil {
		return err
	}
	for _, sr := range series {
		d.Series = append(d.Series, seriesFeeds{Title: sr.Title.In(lang),
			Atom: fmt.Sprintf("%s/feed.atom?series=%s&lang=%s", base, sr.ID, lang),
			ICS:  fmt.Sprintf("%s/series/%s/feed.ics", base, sr.ID),
			Div:  fmt.Sprintf("<div data-folkhalsa-events data-series=\"%s\" data-lang=\"%s\"></div>", sr.ID, lang)})
	}
	return s.orgRender(c, fiber.StatusOK, "organiser/embed", tr(lang, "embed.org.title")+" – "+org.Name, d)
}
