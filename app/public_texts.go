package app

import (
	"html/template"
	"strings"
	"time"

	"folkhalsa-events/events"
)

// enumLabel names an event type, mode or session kind for people (labels live in
// events, shared with PDFs and e-mails); other prefixes are interface texts.
func enumLabel(prefix, value, lang string) string {
	var t events.Text
	switch prefix {
	case "type":
		t = events.TypeLabels[events.Type(value)]
	case "mode":
		t = events.ModeLabels[events.Mode(value)]
	case "kind":
		t = events.KindLabels[events.SessionKind(value)]
	default:
		return tr(lang, prefix+"."+value)
	}
	if t.SV == "" {
		return value
	}
	return t.In(lang)
}

// publicFuncs are template functions the public pages need.
var publicFuncs = template.FuncMap{
	"in":    func(t events.Text, lang string) string { return t.In(lang) },
	"when":  when,
	"clock": clock,
	"area": func(n int, lang string) string {
		return events.TargetAreaNames[n].In(lang)
	},
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
	"label":   enumLabel,
}
