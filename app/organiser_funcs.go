package app

import (
	"html/template"
	"strconv"
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// organiserFuncs are template functions the organiser pages need (partial is added
// in organiser_forms.go).
var organiserFuncs = template.FuncMap{
	"orgDate":     orgDate,
	"orgDateTime": orgDateTime,
	"orgSpan":     orgSpan,
	"orgTargetArea": func(n int, lang string) string {
		return strconv.Itoa(n) + ". " + events.TargetAreaNames[n].In(lang)
	},
}

func badgeHasText(key string) bool { return locale.Has(key) }

// badgeNavLink is one link between the badge, scanner-link and check-in pages.
type badgeNavLink struct {
	Href, Label string
	Current     bool
}

// badgeHeader is what the event's badge, scanner-link and check-in pages show under
// their heading (the "badge-header" partial): which event, and the links between them.
type badgeHeader struct {
	Lead     string // "Folkhälsokonferensen 2026 · 12 mars 2026 09:00–16:00"
	NavLabel string
	Links    []badgeNavLink
}

func newBadgeHeader(ev events.Event, path, lang string) badgeHeader {
	base := orgEventPath(ev.ID)
	h := badgeHeader{
		Lead:     ev.Title.In(lang) + " · " + orgSpan(ev.Start, ev.End, lang),
		NavLabel: tr(lang, "badge.nav"),
		Links:    []badgeNavLink{{Href: base, Label: tr(lang, "badge.nav.event")}},
	}
	for _, l := range []struct{ suffix, key string }{
		{"/badges", "badge.nav.badges"}, {"/scanner-links", "badge.nav.links"}, {"/checkin", "badge.nav.checkin"},
	} {
		h.Links = append(h.Links, badgeNavLink{Href: base + l.suffix, Label: tr(lang, l.key), Current: path == base+l.suffix})
	}
	return h
}

var badgeFuncs = template.FuncMap{
	// scanNoIndex tells the layout which pages search engines must not index: the
	// scanner pages, whose address is a secret.
	"scanNoIndex": func(path string) bool { return strings.HasPrefix(path, "/scan/") },
	"badgeHeader": newBadgeHeader,
}
