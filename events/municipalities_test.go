package events_test

import (
	"slices"
	"strings"
	"testing"

	"folkhalsa-events/events"
)

func TestMunicipalitiesData(t *testing.T) {
	ms := events.Municipalities()
	cs := events.Counties()
	if len(ms) != 290 {
		t.Errorf("%d municipalities, want 290", len(ms))
	}
	if len(cs) != 21 {
		t.Errorf("%d counties, want 21", len(cs))
	}

	countyName := map[string]string{}
	for i, c := range cs {
		if len(c.Code) != 2 || !strings.HasSuffix(c.Name, " län") {
			t.Errorf("county %+v: want a two-digit code and a name ending in \" län\"", c)
		}
		if _, dup := countyName[c.Code]; dup {
			t.Errorf("county code %s twice", c.Code)
		}
		if i > 0 && cs[i-1].Code >= c.Code {
			t.Errorf("counties not sorted by code: %s before %s", cs[i-1].Code, c.Code)
		}
		countyName[c.Code] = c.Name
	}

	codes, names := map[string]bool{}, map[string]bool{}
	perCounty := map[string]int{}
	for _, m := range ms {
		if len(m.Code) != 4 {
			t.Errorf("%+v: code is not four digits", m)
		}
		if codes[m.Code] {
			t.Errorf("code %s twice", m.Code)
		}
		if names[strings.ToLower(m.Name)] {
			t.Errorf("name %s twice", m.Name)
		}
		codes[m.Code], names[strings.ToLower(m.Name)] = true, true
		if countyName[m.CountyCode] == "" {
			t.Errorf("%+v: unknown county", m)
		}
		if m.County != countyName[m.CountyCode] {
			t.Errorf("%+v: county name, want %q", m, countyName[m.CountyCode])
		}
		if !strings.HasPrefix(m.Code, m.CountyCode) {
			t.Errorf("%+v: code does not start with the county code", m)
		}
		perCounty[m.CountyCode]++
	}

	want := map[string]struct {
		name  string
		count int
	}{
		"01": {"Stockholms län", 26}, "03": {"Uppsala län", 8}, "04": {"Södermanlands län", 9},
		"05": {"Östergötlands län", 13}, "06": {"Jönköpings län", 13}, "07": {"Kronobergs län", 8},
		"08": {"Kalmar län", 12}, "09": {"Gotlands län", 1}, "10": {"Blekinge län", 5},
		"12": {"Skåne län", 33}, "13": {"Hallands län", 6}, "14": {"Västra Götalands län", 49},
		"17": {"Värmlands län", 16}, "18": {"Örebro län", 12}, "19": {"Västmanlands län", 10},
		"20": {"Dalarnas län", 15}, "21": {"Gävleborgs län", 10}, "22": {"Västernorrlands län", 7},
		"23": {"Jämtlands län", 8}, "24": {"Västerbottens län", 15}, "25": {"Norrbottens län", 14},
	}
	for code, w := range want {
		if countyName[code] != w.name {
			t.Errorf("county %s is %q, want %q", code, countyName[code], w.name)
		}
		if perCounty[code] != w.count {
			t.Errorf("county %s (%s) has %d municipalities, want %d", code, w.name, perCounty[code], w.count)
		}
	}
}

func TestMunicipalitySpotChecks(t *testing.T) {
	for _, w := range []events.Municipality{
		{"0180", "Stockholm", "01", "Stockholms län"},
		{"1480", "Göteborg", "14", "Västra Götalands län"},
		{"1280", "Malmö", "12", "Skåne län"},
		{"0380", "Uppsala", "03", "Uppsala län"},
		{"2480", "Umeå", "24", "Västerbottens län"},
		{"2584", "Kiruna", "25", "Norrbottens län"},
		{"0980", "Gotland", "09", "Gotlands län"},
		{"2361", "Härjedalen", "23", "Jämtlands län"},
		{"1262", "Lomma", "12", "Skåne län"},
		{"2034", "Orsa", "20", "Dalarnas län"},
		{"0114", "Upplands Väsby", "01", "Stockholms län"},
		{"2506", "Arjeplog", "25", "Norrbottens län"},
		{"0139", "Upplands-Bro", "01", "Stockholms län"},
		{"2023", "Malung-Sälen", "20", "Dalarnas län"},
		{"1438", "Dals-Ed", "14", "Västra Götalands län"},
		{"1462", "Lilla Edet", "14", "Västra Götalands län"},
		{"2080", "Falun", "20", "Dalarnas län"},
		{"2280", "Härnösand", "22", "Västernorrlands län"},
		{"1880", "Örebro", "18", "Örebro län"},
	} {
		if got, ok := events.LookupMunicipality(w.Code); !ok || got != w {
			t.Errorf("LookupMunicipality(%q) = %+v, %v; want %+v", w.Code, got, ok, w)
		}
		if got, ok := events.LookupMunicipality(w.Name); !ok || got != w {
			t.Errorf("LookupMunicipality(%q) = %+v, %v; want %+v", w.Name, got, ok, w)
		}
	}
}

func TestLookupMunicipalityVariants(t *testing.T) {
	for in, want := range map[string]string{
		"2480":                    "Umeå",
		" 2480 ":                  "Umeå",
		"umeå":                    "Umeå",
		"UMEÅ":                    "Umeå",
		"  Umeå  ":                "Umeå",
		"Umea\u030a":              "Umeå", // decomposed å
		"Umeå kommun":             "Umeå",
		"umeå KOMMUN":             "Umeå",
		"Stockholms stad":         "Stockholm",
		"Göteborgs stad":          "Göteborg",
		"Malmö stad":              "Malmö",
		"Borås stad":              "Borås",
		"Alingsås kommun":         "Alingsås",
		"Marks kommun":            "Mark",
		"Bergs kommun":            "Berg",
		"Falu kommun":             "Falun",
		"Region Gotland":          "Gotland",
		"Gotlands kommun":         "Gotland",
		"Upplands  Väsby":         "Upplands Väsby",
		"upplands-bro kommun":     "Upplands-Bro",
		"Malung-Sälens kommun":    "Malung-Sälen",
		"Lilla Edets kommun":      "Lilla Edet",
		"Östra Göinge kommun":     "Östra Göinge",
		"Örnsköldsviks kommun":    "Örnsköldsvik",
		"härjedalens kommun":      "Härjedalen",
		"Dals-Eds kommun":         "Dals-Ed",
		"Trollhättans stad":       "Trollhättan",
		"Sundbybergs stad":        "Sundbyberg",
		"Solna stad":              "Solna",
		"Västerås stad":           "Västerås",
		"Helsingborgs stad":       "Helsingborg",
		"Upplands Väsby kommun":   "Upplands Väsby",
		"Skellefteå kommun":       "Skellefteå",
		"Övertorneå kommun":       "Övertorneå",
		"Kils kommun":             "Kil",
		"Ale kommun":              "Ale",
		"Hjo kommun":              "Hjo",
		"Laxå kommun":             "Laxå",
		"Örebro kommun":           "Örebro",
		"Jönköpings kommun":       "Jönköping",
		"Kalmar kommun":           "Kalmar",
		"Gällivare kommun":        "Gällivare",
		"Härnösands kommun":       "Härnösand",
		"Söderhamns kommun":       "Söderhamn",
		"Vaxholms stad":           "Vaxholm",
		"Landskrona stad":         "Landskrona",
		"Mölndals stad":           "Mölndal",
		"Lidingö stad":            "Lidingö",
		"Uppsala kommun":          "Uppsala",
		"Västra Götalands kommun": "",
	} {
		got, ok := events.LookupMunicipality(in)
		if want == "" {
			if ok {
				t.Errorf("LookupMunicipality(%q) = %+v, want not found", in, got)
			}
			continue
		}
		if !ok || got.Name != want {
			t.Errorf("LookupMunicipality(%q) = %q, %v; want %q", in, got.Name, ok, want)
		}
	}
	for _, in := range []string{"", " ", "0000", "180", "01", "Stockholms län", "Stockholms", "kommun", "stad", " kommun", "Göteborg stad kommun", "Umeås", "Gotland region"} {
		if got, ok := events.LookupMunicipality(in); ok {
			t.Errorf("LookupMunicipality(%q) = %+v, want not found", in, got)
		}
	}
}

func TestMunicipalityCountyLookup(t *testing.T) {
	for in, want := range map[string]string{
		"01":                    "Stockholms län",
		" 24 ":                  "Västerbottens län",
		"Västerbottens län":     "Västerbottens län",
		"västerbottens LÄN":     "Västerbottens län",
		"Västerbottens":         "Västerbottens län",
		"Västerbotten":          "Västerbottens län",
		"Skåne":                 "Skåne län",
		"skåne län":             "Skåne län",
		"Uppsala":               "Uppsala län",
		"Kalmar län":            "Kalmar län",
		"Gotland":               "Gotlands län",
		"Västra  Götalands län": "Västra Götalands län",
		"Örebro":                "Örebro län",
		"Dalarna":               "Dalarnas län",
	} {
		if got, ok := events.LookupCounty(in); !ok || got.Name != want {
			t.Errorf("LookupCounty(%q) = %+v, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "02", "11", "1", "0180", "län", "Umeå", "Stockholm stad"} {
		if got, ok := events.LookupCounty(in); ok {
			t.Errorf("LookupCounty(%q) = %+v, want not found", in, got)
		}
	}
}

func TestMunicipalitiesSwedishOrder(t *testing.T) {
	ms := events.Municipalities()
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	last := []string{
		"Åmål", "Ånge", "Åre", "Årjäng", "Åsele", "Åstorp", "Åtvidaberg",
		"Älmhult", "Älvdalen", "Älvkarleby", "Älvsbyn", "Ängelholm",
		"Öckerö", "Ödeshög", "Örebro", "Örkelljunga", "Örnsköldsvik", "Östersund",
		"Österåker", "Östhammar", "Östra Göinge", "Överkalix", "Övertorneå",
	}
	if len(names) < len(last) || !slices.Equal(names[len(names)-len(last):], last) {
		t.Errorf("last names = %q, want %q", names[max(0, len(names)-len(last)):], last)
	}
	if len(names) > 0 && names[0] != "Ale" {
		t.Errorf("first name = %q, want Ale", names[0])
	}
	// Pairs in Swedish order that byte order or a-before-å folding would get wrong.
	pos := map[string]int{}
	for i, n := range names {
		pos[n] = i
	}
	for _, p := range [][2]string{
		{"Vaxholm", "Vårgårda"},
		{"Vårgårda", "Vänersborg"},
		{"Vänersborg", "Vännäs"},
		{"Västervik", "Västerås"},
		{"Västerås", "Växjö"},
		{"Hylte", "Håbo"},
		{"Håbo", "Hällefors"},
		{"Hällefors", "Härjedalen"},
		{"Härryda", "Hässleholm"},
		{"Hässleholm", "Höganäs"},
		{"Sävsjö", "Söderhamn"},
		{"Upplands-Bro", "Upplands Väsby"},
		{"Lilla Edet", "Lindesberg"},
	} {
		a, okA := pos[p[0]]
		b, okB := pos[p[1]]
		if !okA || !okB || a >= b {
			t.Errorf("%s (%d) should sort before %s (%d)", p[0], a, p[1], b)
		}
	}
	// The result is the caller's own.
	ms[0].Name = "changed"
	if again := events.Municipalities(); again[0].Name != "Ale" {
		t.Errorf("changing a result changed the data: %+v", again[0])
	}
}
