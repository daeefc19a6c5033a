package app

import (
	"html/template"
	"strings"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// enumLabel names an event type, mode, session kind or any other value for people:
// the catalogue's "<prefix>.<value>", or the value itself when the catalogue has none
// (an unknown value stored by an older version).
func enumLabel(prefix, value, lang string) string {
	if key := prefix + "." + value; locale.Has(key) {
		return tr(lang, key)
	}
	return value
}

// publicFuncs are template functions the public pages need.
var publicFuncs = template.FuncMap{
	"in":    func(t events.Text, lang string) string { return t.In(lang) },
	"when":  when,
	"clock": clock,
	"area": func(n int, lang string) string {
		return events.TargetAreaNames[n].In(lang)
	},
	"priority": events.PriorityAreaIn,
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"isoTime": func(t time.Time) string { return t.Format(time.RFC3339) },
	// contactRows are the event's contact details, for the "contact-rows" partial.
	"contactRows": contactRows,
	"label":       enumLabel,
}
