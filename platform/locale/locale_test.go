package locale_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"folkhalsa-events/platform/locale"
)

func TestEveryKeyInBothLanguages(t *testing.T) {
	sv, en := locale.Keys(locale.SV), locale.Keys(locale.EN)
	for _, k := range sv {
		if !slices.Contains(en, k) {
			t.Errorf("%q is in sv.json only", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(sv, k) {
			t.Errorf("%q is in en.json only", k)
		}
	}
	for _, k := range sv {
		if locale.IsPlural(locale.SV, k) != locale.IsPlural(locale.EN, k) {
			t.Errorf("%q has plural forms in one language only", k)
		}
		for _, lang := range locale.Languages {
			if strings.TrimSpace(locale.T(lang, k)) == "" {
				t.Errorf("%q is empty in %s", k, lang)
			}
		}
	}
}

// Parameters are the same in both languages, so a translation cannot drop or add one.
func TestBothLanguagesTakeTheSameParameters(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for _, k := range locale.Keys(locale.SV) {
		if locale.IsPlural(locale.SV, k) {
			continue
		}
		a := verbs.FindAllString(raw(t, locale.SV, k), -1)
		b := verbs.FindAllString(raw(t, locale.EN, k), -1)
		if !slices.Equal(a, b) {
			t.Errorf("%q: Swedish has %v, English %v", k, a, b)
		}
	}
}

// raw is a message with its verbs unfilled: T with no arguments leaves them as they are.
func raw(t *testing.T, lang, key string) string {
	t.Helper()
	return locale.T(lang, key)
}

func TestPluralForms(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"sv", 1, "1 plats"}, {"sv", 3, "3 platser"}, {"sv", 0, "0 platser"},
		{"en", 1, "1 seat"}, {"en", 2, "2 seats"},
	} {
		if got := locale.N(c.lang, "reg.workshop.seats", c.n); got != c.want {
			t.Errorf("N(%s, reg.workshop.seats, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestMissingKeysShowAsMissing(t *testing.T) {
	if got := locale.T("sv", "no.such.key"); !strings.Contains(got, locale.MissingMark) {
		t.Errorf("a missing key shows as %q", got)
	}
}

func TestAcceptLanguageHonoursQValues(t *testing.T) {
	for header, want := range map[string]string{
		"":                                 "sv",
		"sv":                               "sv",
		"en":                               "en",
		"en-GB,en;q=0.9":                   "en",
		"en;q=0.1, sv;q=0.9":               "sv",
		"sv;q=0.2, en;q=0.8":               "en",
		"de-DE,de;q=0.9,en;q=0.8":          "en",
		"fi, de":                           "sv",
		"nb-NO,nb;q=0.9,sv;q=0.5,en;q=0.4": "sv",
		"*":                                "sv",
		"garbage;;q=x":                     "sv",
	} {
		if got := locale.FromAcceptLanguage(header); got != want {
			t.Errorf("Accept-Language %q gives %s, want %s", header, got, want)
		}
	}
}

// keyish is what a catalogue key looks like.
var keyish = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$`)

// The code and the catalogue agree: every key the code names exists, and every key of
// the catalogue is named somewhere (as a literal, or under a prefix the code builds
// keys from, such as "mode."+m).
func TestEveryKeyUsedAndEveryUsedKeyKnown(t *testing.T) {
	root := filepath.Join("..", "..")
	keys := locale.Keys(locale.SV)
	prefixes := map[string]bool{} // first segments of the catalogue's keys
	for _, k := range keys {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
	}
	literals := map[string]bool{}
	var dynamic []string  // literals ending in "." that keys are built from
	var suffixes []string // literals such as ".hint" that the code appends to keys
	add := func(s, where string) {
		switch {
		case regexp.MustCompile(`^\.[a-z_]+$`).MatchString(s):
			suffixes = append(suffixes, s)
		case strings.HasSuffix(s, ".") && keyish.MatchString(strings.TrimSuffix(s, ".")+".x"):
			dynamic = append(dynamic, s)
		case keyish.MatchString(s):
			literals[s] = true
			if prefixes[strings.SplitN(s, ".", 2)[0]] && !locale.Has(s) && !strings.Contains(where, "_test.go") {
				t.Errorf("%s names %q, which the catalogue lacks", where, s)
			}
		}
	}
	actions := regexp.MustCompile(`\{\{(.*?)\}\}`)
	templateString := regexp.MustCompile(`"([^"\\]*)"`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, "_test.go"):
			return nil
		case strings.HasSuffix(path, ".go"):
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						add(s, path)
					}
				}
				return true
			})
		case strings.HasSuffix(path, ".html"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, a := range actions.FindAllStringSubmatch(string(b), -1) {
				for _, m := range templateString.FindAllStringSubmatch(a[1], -1) {
					add(m[1], path)
				}
			}
			// Template calls that build keys from a prefix: label "mode" .Mode, and the like.
			for _, m := range regexp.MustCompile(`\blabel\s+"([a-z_]+)"`).FindAllStringSubmatch(string(b), -1) {
				dynamic = append(dynamic, m[1]+".")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if literals[k] || slices.ContainsFunc(dynamic, func(p string) bool { return strings.HasPrefix(k, p) }) ||
			slices.ContainsFunc(suffixes, func(x string) bool { return strings.HasSuffix(k, x) }) {
			continue
		}
		t.Errorf("%q is in the catalogue but no code or template names it", k)
	}
}
