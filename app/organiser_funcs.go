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

var badgeFuncs = template.FuncMap{
	// scanNoIndex tells the layout which pages search engines must not index: the
	// scanner pages, whose address is a secret.
	"scanNoIndex": func(path string) bool { return strings.HasPrefix(path, "/scan/") },
	// badgeNav lists the links between the event's badge pages, marking the current one.
	"badgeNav": func(eventID, path, lang string) []badgeNavLink {
		base := orgEventPath(eventID)
		links := []badgeNavLink{{Href: base, Label: tr(lang, "badge.nav.event")}}
		for _, l := range []struct{ suffix, key string }{
			{"/badges", "badge.nav.badges"}, {"/scanner-links", "badge.nav.links"}, {"/checkin", "badge.nav.checkin"},
		} {
			links = append(links, badgeNavLink{Href: base + l.suffix, Label: tr(lang, l.key), Current: path == base+l.suffix})
		}
		return links
	},
}
