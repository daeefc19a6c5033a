// Package locale is the one catalogue of every sentence the service shows or sends:
// pages, error messages, e-mails, PDFs and CSV headers, in Swedish and English, kept
// in one message file per language (messages/sv.json, messages/en.json). Code names
// a text by its key and passes parameters; domain packages return keys with
// parameters (a validation problem, a mail kind) and the web layer, the mail and PDF
// renderers turn them into words here.
//
// A message is a string with fmt verbs ("%s", "%d"), or, where Swedish or English
// need plural forms, an object {"one": "1 plats kvar", "other": "%d platser kvar"}
// chosen by N. A parameter of type Key is translated first; one with an In(lang)
// method (bilingual content such as an event title) is shown in the language.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The languages, Swedish first: the default for anyone who asks for neither.
const (
	SV = "sv"
	EN = "en"
)

// Languages lists the supported languages, the default first.
var Languages = []string{SV, EN}

//go:embed messages/*.json
var files embed.FS

// Key names a text; a parameter of this type is translated before it is used.
type Key string

// Missing is what T shows for a key the catalogue lacks, so that tests and readers
// see the mistake instead of a silently empty text.
func Missing(key string) string { return "⟦" + key + "⟧" }

// MissingMark starts every Missing text; tests look for it in pages and mails.
const MissingMark = "⟦"

type message struct {
	text       string
	one, other string
	plural     bool
}

func (m *message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &m.text)
	}
	var forms struct{ One, Other string }
	if err := json.Unmarshal(b, &forms); err != nil {
		return err
	}
	if forms.One == "" || forms.Other == "" {
		return fmt.Errorf("plural message needs both \"one\" and \"other\": %s", b)
	}
	m.one, m.other, m.plural = forms.One, forms.Other, true
	return nil
}

// catalogue is read once from the embedded files; it never changes afterwards.
var catalogue = mustLoad()

func mustLoad() map[string]map[string]message {
	out := map[string]map[string]message{}
	for _, lang := range Languages {
		raw, err := files.ReadFile(path.Join("messages", lang+".json"))
		if err != nil {
			panic(err)
		}
		msgs := map[string]message{}
		if err := json.Unmarshal(raw, &msgs); err != nil {
			panic(fmt.Sprintf("locale: messages/%s.json: %v", lang, err))
		}
		out[lang] = msgs
	}
	return out
}

// Norm is lang if it is a supported language, otherwise the default.
func Norm(lang string) string {
	if lang == EN {
		return EN
	}
	return SV
}

// T is the text of key in lang with args filled in. A text with plural forms takes
// the form for its first argument when that is a count (an int).
func T(lang, key string, args ...any) string {
	lang = Norm(lang)
	m, ok := catalogue[lang][key]
	if !ok {
		return Missing(key)
	}
	text := m.text
	if m.plural {
		if n, isCount := firstCount(args); isCount {
			return N(lang, key, n, args...)
		}
		text = m.other
	}
	return format(lang, text, args)
}

// N is the text of key for the count n in lang, in the plural form the language
// uses for n ("1 plats kvar", "3 platser kvar"). Without args, n fills the text.
func N(lang, key string, n int, args ...any) string {
	lang = Norm(lang)
	m, ok := catalogue[lang][key]
	if !ok {
		return Missing(key)
	}
	if len(args) == 0 {
		args = []any{n}
	}
	if !m.plural {
		return format(lang, m.text, args)
	}
	text := m.other
	if plural.Cardinal.MatchPlural(language.Make(lang), abs(n), 0, 0, 0, 0) == plural.One {
		text = m.one
	}
	return format(lang, text, args)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// localized is bilingual content that shows itself in a language.
type localized interface{ In(lang string) string }

func format(lang, text string, args []any) string {
	if len(args) == 0 || !strings.Contains(text, "%") {
		return text // a plural form such as "1 plats kvar" names its number itself
	}
	args = append([]any(nil), args...) // the caller's slice stays as it was
	for i, a := range args {
		switch v := a.(type) {
		case Key:
			args[i] = T(lang, string(v))
		case localized:
			args[i] = v.In(lang)
		}
	}
	return fmt.Sprintf(text, args...)
}

// Has reports whether the catalogue has key in every language.
func Has(key string) bool {
	for _, lang := range Languages {
		if _, ok := catalogue[lang][key]; !ok {
			return false
		}
	}
	return true
}

// Keys lists the keys of lang, sorted.
func Keys(lang string) []string {
	out := make([]string, 0, len(catalogue[lang]))
	for k := range catalogue[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// IsPlural reports whether key has plural forms in lang.
func IsPlural(lang, key string) bool { return catalogue[lang][key].plural }

var matcher = language.NewMatcher([]language.Tag{language.Swedish, language.English})

// FromAcceptLanguage picks the language for an Accept-Language header, honouring its
// q-values ("en;q=0.1, sv;q=0.9" is Swedish); Swedish when it names neither.
func FromAcceptLanguage(header string) string {
	if strings.TrimSpace(header) == "" {
		return SV
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return SV
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i != 1 {
		return SV
	}
	return EN
}

// In is the key's text in lang, so a Key can stand wherever bilingual content does
// (a label in a table of options, say).
func (k Key) In(lang string) string { return T(lang, string(k)) }

func firstCount(args []any) (int, bool) {
	if len(args) == 0 {
		return 0, false
	}
	n, ok := args[0].(int)
	return n, ok
}
