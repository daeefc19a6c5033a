package app

import (
	"html/template"
	"strings"

	"folkhalsa-events/platform/locale"
)

// registrationFuncs are template functions the participant pages need.
var registrationFuncs = template.FuncMap{
	// regNoIndex tells the layout which pages search engines must not index: the
	// manage pages, whose address is a secret.
	"regNoIndex": func(path string) bool { return strings.HasPrefix(path, "/manage/") },
	// joinTitles lists titles in a sentence: "A, B".
	"joinTitles": func(titles []string) string { return strings.Join(titles, ", ") },
}

func regHasText(key string) bool { return locale.Has(key) }
