package app

import (
	"html/template"
	"strings"
	"time"

	"folkhalsa-events/events"
)

// publicTexts are the public pages' interface texts: key → {Swedish, English}.
var publicTexts = map[string][2]string{
	"status.cancelled": {"Inställt", "Cancelled"},

	"list.filters":        {"Filtrera evenemang", "Filter events"},
	"list.type":           {"Typ", "Type"},
	"list.any":            {"Alla", "All"},
	"list.target_area":    {"Målområde", "Target area"},
	"list.county":         {"Län", "County"},
	"list.municipality":   {"Kommun", "Municipality"},
	"list.mode":           {"Deltagande", "Participation"},
	"list.from":           {"Från och med", "From"},
	"list.to":             {"Till och med", "To"},
	"list.apply":          {"Visa", "Show"},
	"list.reset":          {"Rensa filter", "Clear filters"},
	"list.count":          {"evenemang", "events"},
	"list.none_filtered":  {"Inga evenemang matchar filtret.", "No events match the filter."},
	"list.next":           {"Nästa sida", "Next page"},
	"list.prev":           {"Föregående sida", "Previous page"},
	"list.results":        {"Evenemang", "Events"},
	"event.when":          {"När", "When"},
	"event.where":         {"Var", "Where"},
	"event.organiser":     {"Arrangör", "Organiser"},
	"event.participation": {"Deltagande", "Participation"},
	"event.municipality":  {"Kommun", "Municipality"},
	"event.target_areas":  {"Nationella målområden", "National target areas"},
	"event.priority":      {"Regionala prioriteringar", "Regional priorities"},
	"event.agenda":        {"Program", "Programme"},
	"event.no_agenda":     {"Programmet är inte publicerat ännu.", "The programme has not been published yet."},
	"event.downloads":     {"Ladda ner", "Download"},
	"event.programme_pdf": {"Programmet som PDF", "Programme as PDF"},
	"event.ics":           {"Lägg till i kalendern (.ics)", "Add to calendar (.ics)"},
	"event.cancelled":     {"Evenemanget är inställt.", "The event has been cancelled."},
	"event.invite_only":   {"Endast för inbjudna.", "By invitation only."},
	"event.online_note":   {"Länken till det digitala mötet skickas till anmälda deltagare.", "The link to the online meeting is sent to registered participants."},
	"event.room":          {"Rum", "Room"},
	"event.track":         {"Spår", "Track"},
	"event.seats":         {"platser", "seats"},
	"event.speakers":      {"Medverkande", "Speakers"},
	"event.back":          {"Alla evenemang", "All events"},
	"event.digital":       {"Digitalt", "Online"},
}

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
