package sanitize_test

import (
	"testing"

	"folkhalsa-events/platform/sanitize"
)

func TestLineAndLines(t *testing.T) {
	cases := []struct{ in, line, lines string }{
		{"Anna\x00 Berg", "Anna Berg", "Anna Berg"},
		{"\x1b[31mRöd\x07", "[31mRöd", "[31mRöd"},
		{"abc\u202Etxt.exe", "abctxt.exe", "abctxt.exe"},
		{"\ufeffÖsten\u200b Åkerlund\u00ad", "Östen Åkerlund", "Östen Åkerlund"},
		{"A\u030angström", "Ångström", "Ångström"}, // NFC: A + ring above
		{"  rad ett \r\n\trad\ttvå\u2028rad tre\u0085 ", "rad ett rad två rad tre", "rad ett\nrad två\nrad tre"},
		{"Áile Ŋuvttet Čorgŋa", "Áile Ŋuvttet Čorgŋa", "Áile Ŋuvttet Čorgŋa"},
		{"👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧"}, // joiners stay
	}
	for _, c := range cases {
		if got := sanitize.Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := sanitize.Lines(c.in); got != c.lines {
			t.Errorf("Lines(%q) = %q, want %q", c.in, got, c.lines)
		}
	}
}

func TestStringsCleansEveryBoundString(t *testing.T) {
	type inner struct{ Name string }
	v := struct {
		Title    string
		Notes    string
		Tags     []string
		Speakers []inner
		Count    int
		hidden   string
	}{"Möte\x00\u202E", "rad 1\nrad\t2\x1b", []string{"a\x07"}, []inner{{"Eva\u200b"}}, 3, "x\x00"}
	sanitize.Strings(&v)
	if v.Title != "Möte" || v.Notes != "rad 1\nrad\t2" || v.Tags[0] != "a" || v.Speakers[0].Name != "Eva" || v.Count != 3 || v.hidden != "x\x00" {
		t.Fatalf("after Strings: %+v", v)
	}
}

func TestSpreadsheetCell(t *testing.T) {
	cases := map[string]string{
		"=1+1":                  "'=1+1",
		"\x00=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"\u202e\u200b+46 70":    "'+46 70",
		"  -2":                  "'  -2",
		"@SUM(A1)":              "'@SUM(A1)",
		"\tx":                   "x",
		"Östersunds kommun":     "Östersunds kommun",
		"rad 1\nrad 2":          "rad 1\nrad 2",
		"":                      "",
	}
	for in, want := range cases {
		if got := sanitize.SpreadsheetCell(in); got != want {
			t.Errorf("SpreadsheetCell(%q) = %q, want %q", in, got, want)
		}
	}
}
