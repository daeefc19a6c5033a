package badges

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// badgeLabels is every fixed text of the badge PDFs in one language.
type badgeLabels struct {
	categories    map[Category]string
	hint          string // under the QR code
	noBadges      string
	documentTitle string
	sheetFooter   string // badges from, to, total; page, pages
}

// badgeLabelsFor reads the badges' fixed texts from the catalogue (pdf.badge.*; the
// categories are the registration categories' names).
func badgeLabelsFor(lang string) badgeLabels {
	t := func(key string) string { return locale.T(lang, "pdf.badge."+key) }
	categories := map[Category]string{}
	for _, c := range []Category{CategoryParticipant, CategorySpeaker, CategoryOrganiser, CategoryStaff, CategoryGuest} {
		categories[c] = locale.T(lang, "category."+string(c))
	}
	return badgeLabels{
		categories:    categories,
		hint:          t("hint"),
		noBadges:      t("noBadges"),
		documentTitle: t("documentTitle"),
		sheetFooter:   t("sheetFooter"),
	}
}

// eventDate is the event's date in Stockholm: "14 oktober 2026", "14–15 oktober 2026",
// "30 september – 2 oktober 2026", or both dates in full across a new year.
func eventDate(start, end time.Time, lang string) string {
	if start.IsZero() {
		return ""
	}
	s := start.In(events.Stockholm)
	full := func(t time.Time) string {
		return fmt.Sprintf("%d %s %d", t.Day(), events.MonthName(t.Month(), lang), t.Year())
	}
	if end.IsZero() || !end.After(start) {
		return full(s)
	}
	e := end.In(events.Stockholm)
	switch {
	case s.Year() != e.Year():
		return full(s) + " – " + full(e)
	case s.Month() != e.Month():
		return fmt.Sprintf("%d %s – %s", s.Day(), events.MonthName(s.Month(), lang), full(e))
	case s.Day() != e.Day():
		return fmt.Sprintf("%d–%s", s.Day(), full(e))
	}
	return full(s)
}

// oneLine makes user text drawable (pdfkit.Sanitize) and puts it on one line.
func oneLine(s string) string {
	return collapseSpace(pdfkit.Sanitize(s))
}

// collapseSpace trims s and turns every run of white space (tabs, newlines) into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// fitTolerance absorbs rounding: a width measured and then given back must still fit.
const fitTolerance = 0.01

// ellipsize shortens text in the current font until it fits width, ending in "…".
func (w *badgeWriter) ellipsize(text string, width float64) string {
	if w.pdf.GetStringWidth(text) <= width+fitTolerance {
		return text
	}
	runes := []rune(strings.TrimSuffix(text, "…"))
	n := w.longestPrefix(runes, "…", width)
	return strings.TrimRightFunc(string(runes[:n]), unicode.IsSpace) + "…"
}

// longestPrefix is the number of runes of the longest prefix that, followed by suffix,
// fits width in the current font (0 if none does). A prefix is never narrower than a
// shorter one, so a binary search finds it.
func (w *badgeWriter) longestPrefix(runes []rune, suffix string, width float64) int {
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if w.pdf.GetStringWidth(string(runes[:mid])+suffix) <= width+fitTolerance {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// wrap breaks text into at most maxLines lines of width in the current font, at spaces,
// and inside a word only if the word alone is wider; the last line ends in "…" if text
// is left over. (gofpdf's SplitText breaks lines at every zero-width glyph, such as a
// combining accent typed on a Mac, so it is not used.)
func (w *badgeWriter) wrap(text string, width float64, maxLines int) []string {
	var lines []string
	words := strings.Fields(text)
	for len(words) > 0 && len(lines) < maxLines {
		if len(lines) == maxLines-1 {
			lines = append(lines, w.ellipsize(strings.Join(words, " "), width))
			break
		}
		n := 1
		for n < len(words) && w.pdf.GetStringWidth(strings.Join(words[:n+1], " ")) <= width+fitTolerance {
			n++
		}
		line := strings.Join(words[:n], " ")
		words = words[n:]
		if w.pdf.GetStringWidth(line) > width+fitTolerance { // one word, too wide: cut it
			runes := []rune(line)
			cut := max(1, w.longestPrefix(runes, "", width))
			line = string(runes[:cut])
			words = append([]string{string(runes[cut:])}, words...)
		}
		lines = append(lines, line)
	}
	return lines
}

// nameFloor is how far below its minimum a name may shrink when even two lines at the
// minimum are too wide (one very long word); past that it is cut.
const nameFloor = 0.7

// fitName chooses the size of a name (bold) and its lines: one line at the largest size
// from maxSize down to minSize (in half points) that fits width; else two lines at
// minSize, broken at a space or after a hyphen where the lines come out most even; else
// two lines at a smaller size, down to nameFloor × minSize; else (a single word
// wider than two lines) the word cut across two lines, the second shortened with "…".
// Every returned line fits width at the returned size.
func (w *badgeWriter) fitName(text string, width, maxSize, minSize float64) (float64, []string) {
	if text == "" {
		return maxSize, nil
	}
	// Width grows in proportion to size: measure once, at 1 pt.
	w.pdf.SetFont(pdfkit.Font, "B", 1)
	perPoint := w.pdf.GetStringWidth(text)
	if size := halfPointsDown(width / perPoint); size >= minSize {
		return min(size, maxSize), []string{text}
	}
	if first, second, widest, ok := w.splitEvenly(text); ok {
		if size := halfPointsDown(width / widest); size >= nameFloor*minSize {
			return min(size, minSize), []string{first, second}
		}
	}
	size := halfPointsDown(nameFloor * minSize)
	w.pdf.SetFont(pdfkit.Font, "B", size)
	runes := []rune(text)
	cut := max(1, w.longestPrefix(runes, "", width))
	first := string(runes[:cut])
	second := strings.TrimLeftFunc(string(runes[cut:]), unicode.IsSpace)
	lines := []string{first}
	if second != "" {
		lines = append(lines, w.ellipsize(second, width))
	}
	return size, lines
}

// splitEvenly breaks text into two lines at a space (dropped) or after a hyphen (kept),
// where the wider line is narrowest; widest is its width at 1 pt (the font is set).
func (w *badgeWriter) splitEvenly(text string) (first, second string, widest float64, ok bool) {
	widest = math.Inf(1)
	for i, r := range text {
		var a, b string
		switch {
		case r == ' ':
			a, b = text[:i], text[i+1:]
		case r == '-' || r == '‐':
			a, b = text[:i+len(string(r))], text[i+len(string(r)):]
		default:
			continue
		}
		if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			continue
		}
		if wide := max(w.pdf.GetStringWidth(a), w.pdf.GetStringWidth(b)); wide < widest {
			first, second, widest, ok = a, b, wide, true
		}
	}
	return first, second, widest, ok
}

// halfPointsDown rounds a type size down to half points.
func halfPointsDown(size float64) float64 {
	return math.Floor(size*2) / 2
}
