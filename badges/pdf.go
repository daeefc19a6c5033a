package badges

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/jung-kurt/gofpdf"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/pdfkit"
)

// Badge is one person's badge: who it is for, and the code its QR holds. The caller
// makes (and signs) the code; this package only draws it.
type Badge struct {
	Person Person
	Code   string
}

// Layout is how badges are arranged on A4 paper for printing.
type Layout string

const (
	// LayoutA6 puts four A6 badges (105 × 148 mm) on an A4 sheet, 2 × 2, edge to edge,
	// with thin cut lines between them.
	LayoutA6 Layout = "a6"
	// LayoutInsert puts ten 90 × 55 mm name-badge inserts on an A4 sheet, 2 columns ×
	// 5 rows, with 15 mm left and right and 11 mm top and bottom margins, the grid of
	// the pre-perforated insert sheets made for standard badge holders; crop marks sit
	// in the margins.
	LayoutInsert Layout = "insert"
)

// ErrNoCode: a badge without a code cannot be drawn (its QR would check in no one).
var ErrNoCode = errors.New("badges: badge has no code")

// SingleBadge renders one badge on an A6 page, for the participant's manage page and
// e-mail. lang is "sv" or "en"; anything else gives Swedish.
func SingleBadge(ev EventInfo, b Badge, lang string) ([]byte, error) {
	if err := checkBadge(b); err != nil {
		return nil, err
	}
	w := newBadgeWriter(ev, lang)
	w.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: a6Width, Ht: a6Height})
	if err := w.badge(formatA6, b, 0, 0, a6Height); err != nil {
		return nil, err
	}
	return pdfkit.Output(w.pdf)
}

// BadgeSheets renders badges for printing on A4 sheets in the given layout, sorted by
// last name and then first name in Swedish order (å, ä, ö after z), as many pages as
// needed. No badges gives a one-page document that says so.
func BadgeSheets(ev EventInfo, badges []Badge, layout Layout, lang string) ([]byte, error) {
	sh, ok := sheetLayouts[layout]
	if !ok {
		return nil, fmt.Errorf("badges: unknown badge layout %q", layout)
	}
	for _, b := range badges {
		if err := checkBadge(b); err != nil {
			return nil, err
		}
	}
	w := newBadgeWriter(ev, lang)
	if len(badges) == 0 {
		w.nothingToPrint()
		return pdfkit.Output(w.pdf)
	}
	sorted := sortBadges(badges)
	perPage := sh.columns * sh.rows
	pages := (len(sorted) + perPage - 1) / perPage
	for page := range pages {
		w.pdf.AddPage()
		w.cutGuides(sh)
		first := page * perPage
		for i, b := range sorted[first:min(first+perPage, len(sorted))] {
			x := sh.left + float64(i%sh.columns)*sh.cellWidth
			y := sh.top + float64(i/sh.columns)*sh.cellHeight
			if err := w.badge(sh.format, b, x, y, sh.cellHeight); err != nil {
				return nil, fmt.Errorf("badge %d (%s): %w", first+i+1, b.Person.RegistrationID, err)
			}
		}
		if sh.footer {
			w.sheetFooter(sh, first+1, min(first+perPage, len(sorted)), len(sorted), page+1, pages)
		}
	}
	return pdfkit.Output(w.pdf)
}

// sortBadges returns a copy of badges in print order: by last name, then first name,
// in Swedish order; ties keep their order.
func sortBadges(badges []Badge) []Badge {
	type keyed struct {
		last, first string
		badge       Badge
	}
	keys := make([]keyed, len(badges))
	for i, b := range badges {
		keys[i] = keyed{collapseSpace(b.Person.LastName), collapseSpace(b.Person.FirstName), b}
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		return cmp.Or(events.CompareSwedish(a.last, b.last), events.CompareSwedish(a.first, b.first))
	})
	sorted := make([]Badge, len(keys))
	for i, k := range keys {
		sorted[i] = k.badge
	}
	return sorted
}

func checkBadge(b Badge) error {
	if b.Code == "" {
		return fmt.Errorf("%w: %s", ErrNoCode, b.Person.RegistrationID)
	}
	return nil
}

// Paper in millimetres.
const (
	a4Width, a4Height = 210.0, 297.0
	a6Width, a6Height = 105.0, 148.0
	insertWidth       = 90.0
	insertHeight      = 55.0
)

// sheetLayout is how one layout puts badges on A4 (portrait).
type sheetLayout struct {
	format                *badgeFormat
	columns, rows         int
	left, top             float64 // margins
	cellWidth, cellHeight float64
	// marks: crop marks in the margins; otherwise the sheet has no margins and thin
	// cut lines run across it between the badges.
	marks bool
	// footer: a line in the bottom margin naming the event and which badges the page holds.
	footer bool
}

var sheetLayouts = map[Layout]*sheetLayout{
	// 2 × 2 A6 fill the sheet; the 1 mm A4 has over two A6 heights goes to the cells,
	// so the horizontal cut is at the middle of the page where a guillotine puts it.
	LayoutA6: {format: formatA6, columns: 2, rows: 2, cellWidth: a4Width / 2, cellHeight: a4Height / 2},
	// 2 × 90 = 180 of 210 mm, 5 × 55 = 275 of 297 mm: 15 and 11 mm margins.
	LayoutInsert: {format: formatInsert, columns: 2, rows: 5,
		left: (a4Width - 2*insertWidth) / 2, top: (a4Height - 5*insertHeight) / 2,
		cellWidth: insertWidth, cellHeight: insertHeight, marks: true, footer: true},
}

// Slot is where one badge sits on a sheet, in millimetres from the top left corner
// of the A4 page.
type Slot struct{ X, Y, W, H float64 }

// Slots lists where a layout puts the badges of one sheet, in print order (the first
// badge top left, then across). Checks of printed sheets cut them up along these.
func Slots(layout Layout) []Slot {
	sh, ok := sheetLayouts[layout]
	if !ok {
		return nil
	}
	var out []Slot
	for i := range sh.columns * sh.rows {
		out = append(out, Slot{X: sh.left + float64(i%sh.columns)*sh.cellWidth, Y: sh.top + float64(i/sh.columns)*sh.cellHeight, W: sh.cellWidth, H: sh.cellHeight})
	}
	return out
}

type pdfRGB = pdfkit.RGB

var (
	inkColor   = pdfRGB{R: 33, G: 37, B: 41}
	mutedColor = pdfRGB{R: 88, G: 93, B: 99}
	markColor  = pdfRGB{R: 120, G: 120, B: 120} // crop marks: visible, but grey
	guideColor = pdfRGB{R: 190, G: 190, B: 190} // cut lines across the sheet: a light hairline
	whiteColor = pdfRGB{R: 255, G: 255, B: 255}
	blackColor = pdfRGB{R: 0, G: 0, B: 0}
)

// categoryColors are the colour bands, blue, amber, green and charcoal (no red next
// to green, which many colour-blind people cannot tell apart), each with the text
// colour that contrasts with it (WCAG ≥ 4.5:1). The band also names the category in
// words, for a greyscale printer and for anyone who does not see the colours.
var categoryColors = map[Category]struct{ band, text pdfRGB }{
	CategoryParticipant: {pdfRGB{R: 0, G: 94, B: 166}, whiteColor},
	CategorySpeaker:     {pdfRGB{R: 240, G: 165, B: 0}, blackColor},
	CategoryOrganiser:   {pdfRGB{R: 0, G: 122, B: 84}, whiteColor},
	CategoryStaff:       {pdfRGB{R: 45, G: 45, B: 48}, whiteColor},
	CategoryGuest:       {pdfRGB{R: 122, G: 40, B: 120}, whiteColor},
}

// bandCategory is the badge category, participant when unknown.
func bandCategory(c Category) Category {
	if _, ok := categoryColors[c]; ok {
		return c
	}
	return CategoryParticipant
}

// badgeWriter builds one document of badges.
type badgeWriter struct {
	pdf   *gofpdf.Fpdf
	l     badgeLabels
	title string // the event title, one line, drawable
	date  string
}

func newBadgeWriter(ev EventInfo, lang string) *badgeWriter {
	if lang != "en" {
		lang = "sv"
	}
	w := &badgeWriter{pdf: pdfkit.New("P"), l: badgeLabelsFor(lang)}
	w.title = oneLine(ev.Title)
	w.date = eventDate(ev.Start, ev.End, lang)
	pdf := w.pdf
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0) // everything is placed to the millimetre, near the edges too
	pdf.SetCellMargin(0)
	docTitle := w.l.documentTitle
	if w.title != "" {
		docTitle += " – " + w.title
	}
	pdf.SetTitle(docTitle, true)
	pdf.SetCreator("folkhalsa-events", false)
	return w
}

// nothingToPrint is the one page of an empty batch.
func (w *badgeWriter) nothingToPrint() {
	pdf := w.pdf
	pdf.AddPage()
	const margin = 20.0
	width := a4Width - 2*margin
	y := 30.0
	if w.title != "" {
		w.font("B", 16, inkColor)
		for _, line := range w.wrap(w.title, width, 3) {
			pdf.SetXY(margin, y)
			pdf.CellFormat(width, 8, line, "", 0, "L", false, 0, "")
			y += 8
		}
		if w.date != "" {
			w.font("", 11, mutedColor)
			pdf.SetXY(margin, y)
			pdf.CellFormat(width, 6, w.date, "", 0, "L", false, 0, "")
			y += 6
		}
		y += 8
	}
	w.font("", 12, inkColor)
	pdf.SetXY(margin, y)
	pdf.CellFormat(width, 7, w.l.noBadges, "", 0, "L", false, 0, "")
}

// cutGuides draws where to cut: crop marks in the margins, or, on a sheet without
// margins, hairlines between the badges (on the cut, so none is left on a badge).
func (w *badgeWriter) cutGuides(sh *sheetLayout) {
	pdf := w.pdf
	right := sh.left + float64(sh.columns)*sh.cellWidth
	bottom := sh.top + float64(sh.rows)*sh.cellHeight
	if !sh.marks {
		w.color(guideColor, 'D')
		pdf.SetLineWidth(0.15)
		for c := 1; c < sh.columns; c++ {
			x := sh.left + float64(c)*sh.cellWidth
			pdf.Line(x, 0, x, a4Height)
		}
		for r := 1; r < sh.rows; r++ {
			y := sh.top + float64(r)*sh.cellHeight
			pdf.Line(0, y, a4Width, y)
		}
		return
	}
	// Marks stop short of the badges, so a cut a little off leaves no grey on one.
	const gap, length = 2.0, 6.0
	w.color(markColor, 'D')
	pdf.SetLineWidth(0.2)
	for c := 0; c <= sh.columns; c++ {
		x := sh.left + float64(c)*sh.cellWidth
		pdf.Line(x, sh.top-gap-length, x, sh.top-gap)
		pdf.Line(x, bottom+gap, x, bottom+gap+length)
	}
	for r := 0; r <= sh.rows; r++ {
		y := sh.top + float64(r)*sh.cellHeight
		pdf.Line(sh.left-gap-length, y, sh.left-gap, y)
		pdf.Line(right+gap, y, right+gap+length, y)
	}
}

// sheetFooter names the event and the badges of the page in the bottom margin, so a
// pile of printed sheets can be put back in order: the event under the left column,
// the numbers under the right, clear of the crop marks between them.
func (w *badgeWriter) sheetFooter(sh *sheetLayout, from, to, total, page, pages int) {
	pdf := w.pdf
	y := sh.top + float64(sh.rows)*sh.cellHeight + 3.5
	const pad = 4.0 // from the crop marks
	w.font("", 6.5, mutedColor)
	if w.title != "" {
		pdf.SetXY(sh.left+pad, y)
		pdf.CellFormat(sh.cellWidth-2*pad, 3.5, w.ellipsize(w.title, sh.cellWidth-2*pad), "", 0, "L", false, 0, "")
	}
	right := sh.left + float64(sh.columns)*sh.cellWidth - pad
	text := w.ellipsize(fmt.Sprintf(w.l.sheetFooter, from, to, total, page, pages), sh.cellWidth-2*pad)
	pdf.SetXY(right-(sh.cellWidth-2*pad), y)
	pdf.CellFormat(sh.cellWidth-2*pad, 3.5, text, "", 0, "R", false, 0, "")
}

func (w *badgeWriter) font(style string, size float64, c pdfRGB) {
	pdfkit.SetFont(w.pdf, style, size, c)
}

func (w *badgeWriter) color(c pdfRGB, what byte) { pdfkit.SetColor(w.pdf, c, what) }
