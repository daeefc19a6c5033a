package events

import (
	"fmt"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"folkhalsa-events/platform/pdfkit"
)

// Programme renders the printable programme of an event as an A4 PDF: a cover page
// with the facts and a QR code to eventURL, then the agenda day by day, parallel
// sessions side by side. lang is "sv" or "en"; anything else gives Swedish. Sessions
// may come in any order.
func Programme(ev Event, org Organisation, sessions []Session, eventURL, lang string) ([]byte, error) {
	w := newProgrammeWriter(ev, lang)
	if err := w.cover(ev, org, eventURL, len(sessions) > 0); err != nil {
		return nil, err
	}
	w.agenda(sortedForProgramme(sessions))
	return pdfkit.Output(w.pdf)
}

// Page geometry in millimetres (A4: 210 × 297).
const (
	progMargin     = 15.0
	progBottom     = 20.0 // kept free for the footer
	progPageHeight = 297.0
	progWidth      = 210.0 - 2*progMargin
	progLimit      = progPageHeight - progBottom // lowest y content may reach
	progGap        = 3.0                         // between columns, rows and slots
	progPad        = 2.5                         // inside a session box
	progAccent     = 1.4                         // coloured bar on a session box's left
	progMaxColumns = 3
	progQRSize     = 38.0
	progMaxDescr   = 4 // lines of a session description; the event page has the rest
)

type rgb = pdfkit.RGB

var (
	progInk        = rgb{R: 33, G: 37, B: 41}
	progMuted      = rgb{R: 95, G: 99, B: 104}
	progRule       = rgb{R: 205, G: 210, B: 214}
	progBreakFill  = rgb{R: 241, G: 243, B: 245}
	progTitleColor = rgb{R: 0, G: 77, B: 90}
	progChipFill   = rgb{R: 222, G: 237, B: 240}
	progCancelled  = rgb{R: 176, G: 0, B: 32}
)

// progAccents tells session kinds apart at a glance; breaks and lunch are grey bands.
var progAccents = map[SessionKind]rgb{
	KindPlenary:  {R: 0, G: 94, B: 110},
	KindWorkshop: {R: 46, G: 92, B: 168},
	KindDialogue: {R: 123, G: 63, B: 140},
}

type programmeWriter struct {
	pdf  *gofpdf.Fpdf
	lang string
	l    programmeLabels
	// day is the heading of the day being written, repeated (continued) after a page break.
	day string
}

func newProgrammeWriter(ev Event, lang string) *programmeWriter {
	if lang != "en" {
		lang = "sv"
	}
	w := &programmeWriter{pdf: pdfkit.New("P"), lang: lang, l: programmeLabelsFor(lang)}
	pdf := w.pdf
	// After the fonts, not before: gofpdf then puts runes 0–56 into each font subset up
	// front, the digits 0–8 among them, and the total page count written in at the end
	// draws no glyph of its own. (A 9 in the total means page 9 exists and its footer
	// already used one.)
	pdf.AliasNbPages("")
	pdf.SetMargins(progMargin, progMargin, progMargin)
	pdf.SetAutoPageBreak(true, progBottom)
	pdf.SetCellMargin(0) // text is measured and placed by us, to the millimetre
	title := progOneLine(progText(ev.Title.In(lang)))
	pdf.SetTitle(title, true)
	pdf.SetCreator("folkhalsa-events", false)
	pdf.SetFooterFunc(func() { w.footer(title) })
	return w
}

func (w *programmeWriter) footer(title string) {
	pdf := w.pdf
	y := progPageHeight - 13
	w.color(progRule, 'D')
	pdf.SetLineWidth(0.2)
	pdf.Line(progMargin, y, progMargin+progWidth, y)
	w.font("", 8, progMuted)
	page := fmt.Sprintf(w.l.page, pdf.PageNo())
	pageWidth := pdf.GetStringWidth(page) + 4
	pdf.SetXY(progMargin, y+1.5)
	pdf.CellFormat(progWidth-pageWidth, 5, w.ellipsize(title, progWidth-pageWidth-6), "", 0, "L", false, 0, "")
	pdf.CellFormat(pageWidth, 5, page, "", 0, "R", false, 0, "")
}

// cover writes the first page: what, when, where, who, why, and where to sign up.
func (w *programmeWriter) cover(ev Event, org Organisation, eventURL string, hasSessions bool) error {
	pdf := w.pdf
	pdf.AddPage()
	kicker := progText(org.Name)
	if t := TypeLabels[ev.Type].In(w.lang); t != "" {
		kicker = strings.TrimPrefix(kicker+" · "+t, " · ")
	}
	w.paragraph(kicker, "", 10, progMuted, progMargin, progWidth, 5)
	pdf.SetY(pdf.GetY() + 2)
	w.paragraph(progText(ev.Title.In(w.lang)), "B", 22, progTitleColor, progMargin, progWidth, 9.5)
	if ev.Status == StatusCancelled {
		pdf.SetY(pdf.GetY() + 2)
		w.paragraph(w.l.cancelled, "B", 14, progCancelled, progMargin, progWidth, 7)
	}
	pdf.SetY(pdf.GetY() + 5)

	w.fact(w.l.date, w.dateRange(ev.Start, ev.End))
	w.fact(w.l.time, w.timeRange(ev.Start, ev.End))
	w.fact(w.l.venue, w.venue(ev))
	w.fact(w.l.format, ModeLabels[ev.Mode].In(w.lang))
	w.fact(w.l.organiser, progText(org.Name))

	if d := progText(ev.Description.In(w.lang)); strings.TrimSpace(d) != "" {
		pdf.SetY(pdf.GetY() + 5)
		w.paragraph(strings.TrimSpace(d), "", 10.5, progInk, progMargin, progWidth, 5.2)
	}
	if len(ev.TargetAreas) > 0 {
		w.coverHeading(w.l.targetAreas)
		var chips []string
		for _, n := range ev.TargetAreas {
			if name, ok := TargetAreaNames[n]; ok {
				chips = append(chips, fmt.Sprintf("%d %s", n, name.In(w.lang)))
			}
		}
		w.chipFlow(chips)
	}
	if len(ev.PriorityAreas) > 0 {
		w.coverHeading(w.l.priorities)
		names := make([]string, len(ev.PriorityAreas))
		for i, a := range ev.PriorityAreas {
			names[i] = PriorityAreaIn(a, w.lang)
		}
		w.paragraph(progText(strings.Join(names, " · ")), "", 10, progInk, progMargin, progWidth, 5)
	}
	if !hasSessions {
		pdf.SetY(pdf.GetY() + 5)
		w.paragraph(w.l.noSessions, "", 10, progMuted, progMargin, progWidth, 5)
	}
	return w.qrBlock(eventURL)
}

// qrBlock draws the QR code with the address printed beneath it, for those who type.
func (w *programmeWriter) qrBlock(eventURL string) error {
	pdf := w.pdf
	url := progOneLine(progText(eventURL))
	w.font("", 9, progInk)
	urlLines := pdf.SplitText(url, progWidth)
	need := 8 + 6 + progQRSize + 2 + float64(len(urlLines))*4.5
	if pdf.GetY()+need > progLimit {
		pdf.AddPage()
	} else {
		pdf.SetY(pdf.GetY() + 8)
	}
	w.paragraph(w.l.moreInfo, "B", 11, progInk, progMargin, progWidth, 6)
	y := pdf.GetY()
	if err := pdfkit.DrawQR(pdf, eventURL, progMargin, y, progQRSize); err != nil {
		return err
	}
	pdf.LinkString(progMargin, y, progQRSize, progQRSize, eventURL)
	pdf.SetY(y + progQRSize + 2)
	w.font("", 9, progInk)
	for _, line := range urlLines {
		pdf.SetX(progMargin)
		pdf.CellFormat(progWidth, 4.5, line, "", 2, "L", false, 0, eventURL)
	}
	return nil
}

func (w *programmeWriter) coverHeading(text string) {
	w.keepSpace(6 + 12)
	w.pdf.SetY(w.pdf.GetY() + 6)
	w.paragraph(text, "B", 11, progInk, progMargin, progWidth, 6)
}

// fact writes one "label: value" row of the cover's facts table.
func (w *programmeWriter) fact(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	const labelWidth = 32.0
	y := w.pdf.GetY()
	w.font("B", 10, progMuted)
	w.pdf.SetXY(progMargin, y)
	w.pdf.CellFormat(labelWidth, 5.5, label, "", 0, "L", false, 0, "")
	w.pdf.SetY(y)
	w.paragraph(value, "", 10, progInk, progMargin+labelWidth, progWidth-labelWidth, 5.5)
	w.pdf.SetY(w.pdf.GetY() + 1)
}

// paragraph writes wrapped text from the current y, breaking pages between lines.
func (w *programmeWriter) paragraph(text, style string, size float64, c rgb, x, width, lineHeight float64) {
	pdf := w.pdf
	w.font(style, size, c)
	for _, line := range pdf.SplitText(text, width) {
		w.keepSpace(lineHeight)
		w.font(style, size, c) // a page break drew the footer in its own font
		pdf.SetXY(x, pdf.GetY())
		pdf.CellFormat(width, lineHeight, line, "", 2, "L", false, 0, "")
	}
}

// chipFlow writes labels as rounded chips, as many to a line as fit.
func (w *programmeWriter) chipFlow(labels []string) {
	const height, gap = 6.5, 2.0
	pdf := w.pdf
	x, y := progMargin, pdf.GetY()
	for _, label := range labels {
		w.font("", 9.5, progTitleColor)
		width := min(pdf.GetStringWidth(label)+6, progWidth)
		label = w.ellipsize(label, width-6)
		if x > progMargin && x+width > progMargin+progWidth {
			x, y = progMargin, y+height+gap
		}
		if y+height > progLimit {
			pdf.AddPage()
			x, y = progMargin, pdf.GetY()
			w.font("", 9.5, progTitleColor)
		}
		w.color(progChipFill, 'F')
		pdf.RoundedRect(x, y, width, height, 1.5, "1234", "F")
		pdf.SetXY(x+3, y)
		pdf.CellFormat(width-6, height, label, "", 0, "L", false, 0, "")
		x += width + gap
	}
	pdf.SetY(y + height)
}

// keepSpace starts a new page unless height fits above the footer.
func (w *programmeWriter) keepSpace(height float64) {
	if w.pdf.GetY()+height > progLimit {
		w.pdf.AddPage()
	}
}
