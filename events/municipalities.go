package events

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// The 290 municipalities (kommuner) and 21 counties (län) of Sweden with the codes
// Statistics Sweden (SCB) gives them: a municipality's four-digit code starts with
// the two-digit code of its county.
//
//go:embed data/*.csv
var geoFiles embed.FS

// Municipality is one of Sweden's 290 municipalities.
type Municipality struct {
	Code       string // kommunkod, four digits, e.g. "2480"
	Name       string // short name as SCB lists it, e.g. "Umeå"
	CountyCode string // länskod, two digits, e.g. "24"
	County     string // the county's full name, e.g. "Västerbottens län"
}

// County is one of Sweden's 21 counties.
type County struct {
	Code string // länskod, two digits, e.g. "24"
	Name string // full name, e.g. "Västerbottens län"
}

// Municipalities returns all 290 municipalities sorted by name in Swedish order
// (… x y z å ä ö). The slice is the caller's own.
func Municipalities() []Municipality {
	return slices.Clone(geo().municipalities)
}

// Counties returns the 21 counties sorted by code. The slice is the caller's own.
func Counties() []County {
	return slices.Clone(geo().counties)
}

// LookupMunicipality finds a municipality by its code ("2480") or its name, ignoring
// case and surrounding space. Official forms are understood too: "Umeå kommun",
// "Stockholms stad", "Malmö stad", "Falu kommun", "Region Gotland".
func LookupMunicipality(s string) (Municipality, bool) {
	g := geo()
	key := lookupKey(s)
	if i, ok := g.municipalityByKey[key]; ok {
		return g.municipalities[i], true
	}
	for _, suffix := range []string{" kommun", " stad"} {
		stem, ok := strings.CutSuffix(key, suffix)
		if !ok {
			continue
		}
		if i, ok := g.municipalityByKey[stem]; ok {
			return g.municipalities[i], true
		}
		// The official names use the genitive: "Stockholms stad", "Marks kommun".
		if stem, ok := strings.CutSuffix(stem, "s"); ok {
			if i, ok := g.municipalityByKey[stem]; ok {
				return g.municipalities[i], true
			}
		}
	}
	return Municipality{}, false
}

// LookupCounty finds a county by its code ("24") or its name, ignoring case and
// surrounding space, with or without " län": "Västerbottens län", "västerbottens",
// "Västerbotten".
func LookupCounty(s string) (County, bool) {
	g := geo()
	if i, ok := g.countyByKey[lookupKey(s)]; ok {
		return g.counties[i], true
	}
	return County{}, false
}

// geoData is the parsed content of data/*.csv.
type geoData struct {
	municipalities    []Municipality // sorted by Swedish name
	counties          []County       // sorted by code
	municipalityByKey map[string]int // lookupKey(code or name) → index in municipalities
	countyByKey       map[string]int // lookupKey(code, name or short name) → index in counties
}

// geo parses the embedded files once; they are part of the program, so a broken
// file is a programming error and panics.
var geo = sync.OnceValue(func() *geoData {
	g, err := parseGeo()
	if err != nil {
		panic("events: embedded municipality data is broken: " + err.Error())
	}
	return g
})

func parseGeo() (*geoData, error) {
	g := &geoData{
		municipalityByKey: map[string]int{},
		countyByKey:       map[string]int{},
	}

	countyRows, err := readGeoCSV("data/counties.csv", []string{"code", "name"})
	if err != nil {
		return nil, err
	}
	countyName := map[string]string{}
	for _, r := range countyRows {
		code, name := r.fields[0], r.fields[1]
		if !isDigits(code, 2) {
			return nil, r.errorf("county code %q is not two digits", code)
		}
		short, ok := strings.CutSuffix(name, " län")
		if !ok || short == "" {
			return nil, r.errorf("county name %q does not end in \" län\"", name)
		}
		if _, dup := countyName[code]; dup {
			return nil, r.errorf("county code %s appears twice", code)
		}
		countyName[code] = name
		g.counties = append(g.counties, County{Code: code, Name: name})
	}
	slices.SortFunc(g.counties, func(a, b County) int { return strings.Compare(a.Code, b.Code) })
	for i, c := range g.counties {
		short := strings.TrimSuffix(c.Name, " län")
		keys := []string{c.Code, c.Name, short}
		if bare, ok := strings.CutSuffix(short, "s"); ok { // "Stockholms" → "Stockholm"
			keys = append(keys, bare)
		}
		for _, k := range keys {
			k = lookupKey(k)
			if j, dup := g.countyByKey[k]; dup && j != i {
				return nil, fmt.Errorf("data/counties.csv: %q names both %s and %s", k, g.counties[j].Name, c.Name)
			}
			g.countyByKey[k] = i
		}
	}

	munRows, err := readGeoCSV("data/municipalities.csv", []string{"code", "name", "county_code"})
	if err != nil {
		return nil, err
	}
	seenCode := map[string]bool{}
	seenName := map[string]bool{}
	for _, r := range munRows {
		code, name, cc := r.fields[0], r.fields[1], r.fields[2]
		switch {
		case !isDigits(code, 4):
			return nil, r.errorf("municipality code %q is not four digits", code)
		case name == "" || name != strings.TrimSpace(name):
			return nil, r.errorf("municipality name %q is empty or has surrounding space", name)
		case countyName[cc] == "":
			return nil, r.errorf("county code %q is not in data/counties.csv", cc)
		case !strings.HasPrefix(code, cc):
			return nil, r.errorf("municipality code %s does not start with its county code %s", code, cc)
		case seenCode[code]:
			return nil, r.errorf("municipality code %s appears twice", code)
		case seenName[lookupKey(name)]:
			return nil, r.errorf("municipality name %q appears twice", name)
		}
		seenCode[code], seenName[lookupKey(name)] = true, true
		g.municipalities = append(g.municipalities, Municipality{Code: code, Name: name, CountyCode: cc, County: countyName[cc]})
	}
	slices.SortFunc(g.municipalities, func(a, b Municipality) int { return CompareSwedish(a.Name, b.Name) })
	for i, m := range g.municipalities {
		g.municipalityByKey[m.Code] = i
		g.municipalityByKey[lookupKey(m.Name)] = i
	}
	// Names in official use that are not the short name plus " kommun" or " stad".
	aliases := map[string]string{
		"falu kommun":    "2080", // Falun
		"region gotland": "0980", // Gotland is a municipality with the tasks of a region
	}
	for alias, code := range aliases {
		i, ok := g.municipalityByKey[code]
		if !ok {
			return nil, fmt.Errorf("alias %q: no municipality %s", alias, code)
		}
		g.municipalityByKey[alias] = i
	}
	return g, nil
}

type geoRow struct {
	file   string
	line   int
	fields []string
}

func (r geoRow) errorf(format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", r.file, r.line, fmt.Sprintf(format, args...))
}

// readGeoCSV reads an embedded CSV file whose first line must be exactly header.
func readGeoCSV(name string, header []string) ([]geoRow, error) {
	f, err := geoFiles.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = len(header)
	got, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("%s: header is %q, want %q", name, got, header)
	}
	var rows []geoRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, geoRow{file: name, line: line, fields: rec})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return rows, nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// decomposed maps the decomposed forms of the Swedish letters (as typed on some
// systems) to the composed ones the data uses.
var decomposed = strings.NewReplacer(
	"a\u030a", "å", "a\u0308", "ä", "o\u0308", "ö", "e\u0301", "é",
	"A\u030a", "Å", "A\u0308", "Ä", "O\u0308", "Ö", "E\u0301", "É",
)

// lookupKey is how names and codes are compared: composed letters, lower case,
// surrounding space trimmed and inner runs of space collapsed to one.
func lookupKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(decomposed.Replace(s)), " "))
}

// CompareSwedish orders strings the way a Swedish dictionary does, ignoring case:
// a … z, then å, ä, ö. É sorts as e and ü as y; æ and ø as ä and ö. Space and
// hyphen both separate words and sort before any letter or digit.
func CompareSwedish(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if wa, wb := swedishWeight(ra[i]), swedishWeight(rb[i]); wa != wb {
			if wa < wb {
				return -1
			}
			return 1
		}
	}
	if len(ra) != len(rb) {
		if len(ra) < len(rb) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b) // equal but for case or accents: still a total order
}

// swedishWeight is a rune's primary weight for compareSwedish.
func swedishWeight(r rune) int {
	r = unicode.ToLower(r)
	switch r {
	case ' ', '-', '\u00a0', '\u2013':
		return 0
	case 'å':
		return 'z' + 1
	case 'ä', 'æ':
		return 'z' + 2
	case 'ö', 'ø':
		return 'z' + 3
	case 'á', 'à', 'â':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'ü':
		return 'y'
	}
	switch {
	case r >= '0' && r <= '9':
		return 1 + int(r-'0')
	case r >= 'a' && r <= 'z':
		return int(r)
	}
	return 0x10000 + int(r) // anything else: after the Swedish alphabet, by code point
}
