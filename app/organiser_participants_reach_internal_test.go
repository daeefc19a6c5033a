package app

import (
	"strings"
	"testing"
)

// The note under the gender table never says "< 3 of 2 answered": when fewer than the
// smallest count answered, it says so in words.
func TestGenderNoteWithFewAnswers(t *testing.T) {
	for _, tc := range []struct {
		r    partReach
		lang string
		want string
	}{
		{partReach{Total: 2, Answered: 2, MinCell: 3}, "sv", "Frågan om kön var frivillig. Färre än 3 har svarat på den, så svaren visas inte per kön."},
		{partReach{Total: 40, Answered: 1, MinCell: 3}, "en", "The question about gender was optional. Fewer than 3 answered it, so the answers are not shown by gender."},
		{partReach{Total: 40, Answered: 12, MinCell: 3}, "sv", "Frågan om kön var frivillig. 12 av 40 har svarat, och andelarna räknas bara på dem som svarade."},
		{partReach{Total: 40, MinCell: 3}, "sv", "Frågan om kön var frivillig, och ingen har svarat på den."},
	} {
		if got := tc.r.GenderNote(tc.lang); got != tc.want || strings.Contains(got, "<") {
			t.Errorf("%+v: %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestDecimalsAsEachLanguageWritesThem(t *testing.T) {
	for _, tc := range []struct {
		f          float64
		lang, want string
	}{{2.5, "sv", "2,5"}, {2.5, "en", "2.5"}, {4, "sv", "4,0"}, {3.26, "sv", "3,3"}} {
		if got := decimal(tc.f, tc.lang); got != tc.want {
			t.Errorf("%v in %s: %q, want %q", tc.f, tc.lang, got, tc.want)
		}
	}
}
