package app

import (
	"html/template"
	"strconv"

	"folkhalsa-events/events"
)

// organiserFuncs are template functions the organiser pages need (orgPartial is added
// in organiser_forms.go).
var organiserFuncs = template.FuncMap{
	"orgDate":     orgDate,
	"orgDateTime": orgDateTime,
	"orgSpan":     orgSpan,
	"orgClock":    orgClock,
	"orgTargetArea": func(n int, lang string) string {
		return strconv.Itoa(n) + ". " + events.TargetAreaNames[n].In(lang)
	},
}
