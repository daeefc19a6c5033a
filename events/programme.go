package events

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"

	"folkhalsa-events/app/pdfkit"
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

type rgb struct{ r, g, b int }

var (
	progInk        = rgb{33, 37, 41}
	progMuted      = rgb{95, 99, 104}
	progRule       = rgb{205, 210, 214}
	progBreakFill  = rgb{241, 243, 245}
	progTitleColor = rgb{0, 77, 90}
	progChipFill   = rgb{222, 237, 240}
	progCancelled  = rgb{176, 0, 32}
)

// progAccents tells session kinds apart at a glance; breaks and lunch are grey bands.
var progAccents = map[SessionKind]rgb{
	KindPlenary:  {0, 94, 110},
	KindWorkshop: {46, 92, 168},
	KindDialogue: {123, 63, 140},
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
	if t := w.l.types[ev.Type]; t != "" {
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
	w.fact(w.l.format, w.l.modes[ev.Mode])
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
		w.paragraph(progText(strings.Join(ev.PriorityAreas, " · ")), "", 10, progInk, progMargin, progWidth, 5)
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

// agenda writes the sessions day by day and, within a day, slot by slot.
func (w *programmeWriter) agenda(sessions []Session) {
	if len(sessions) == 0 {
		return
	}
	pdf := w.pdf
	pdf.AddPage()
	w.paragraph(w.l.programme, "B", 18, progTitleColor, progMargin, progWidth, progHeadingHeight)
	for _, day := range progSplit(sessions, progSameDay) {
		w.day = w.weekdayDate(day[0].Start)
		slots := progSplit(day, func(a, b Session) bool { return a.Start.Equal(b.Start) })
		// A day heading alone at the foot of a page helps nobody: keep it with its first row.
		firstRow := w.slotRows(slots[0])[0]
		if pdf.GetY()+progDayHeadingHeight+w.slotHeaderHeight(slots[0])+firstRow.height > progLimit {
			pdf.AddPage()
		}
		w.dayHeading(false)
		for _, slot := range slots {
			w.slot(slot)
		}
	}
}

const (
	progDayHeadingHeight = 14.0
	progSlotHeaderHeight = 6.0
	progHeadingHeight    = 9.0 // "Program", above the first day
	progMaxSessionHeight = progLimit - progMargin - progHeadingHeight - progDayHeadingHeight - progSlotHeaderHeight - 2
	// Breaks and lunch are low grey bands, the time in a column of its own.
	progCompactTimeColumn = 24.0
	progCompactPad        = 1.8
	progCompactLine       = 4.6
)

func (w *programmeWriter) dayHeading(continued bool) {
	pdf := w.pdf
	text := w.day
	if continued {
		text += " (" + w.l.continued + ")"
	}
	y := pdf.GetY() + 4
	w.font("B", 13, progInk)
	pdf.SetXY(progMargin, y)
	pdf.CellFormat(progWidth, 7, w.ellipsize(text, progWidth), "", 0, "L", false, 0, "")
	w.color(progTitleColor, 'D')
	pdf.SetLineWidth(0.4)
	pdf.Line(progMargin, y+8, progMargin+progWidth, y+8)
	pdf.SetY(y + progDayHeadingHeight - 4)
}

func (w *programmeWriter) slotHeaderHeight(slot []Session) float64 {
	if len(slot) > 1 {
		return progSlotHeaderHeight
	}
	return 0
}

// slot writes the sessions that start at the same time: one full-width box, or parallel
// sessions side by side, at most progMaxColumns to a row. A row never straddles pages.
func (w *programmeWriter) slot(slot []Session) {
	pdf := w.pdf
	for i, row := range w.slotRows(slot) {
		header := i == 0 && len(slot) > 1
		need := row.height
		if header {
			need += progSlotHeaderHeight
		}
		if pdf.GetY()+need > progLimit {
			pdf.AddPage()
			w.dayHeading(true)
			header = len(slot) > 1 // say again what these columns are
		}
		if header {
			w.slotHeader(slot)
		}
		y := pdf.GetY() // drawing moves the cursor; the row's height says where it ends
		row.draw(w, y)
		pdf.SetY(y + row.height + progGap)
	}
}

func (w *programmeWriter) slotHeader(slot []Session) {
	pdf := w.pdf
	text := fmt.Sprintf(w.l.parallel, w.clock(slot[0].Start), len(slot))
	w.font("B", 9, progMuted)
	pdf.SetXY(progMargin, pdf.GetY())
	pdf.CellFormat(progWidth, progSlotHeaderHeight-1, text, "", 0, "L", false, 0, "")
	pdf.SetY(pdf.GetY() + progSlotHeaderHeight)
}

// progRow is one line of session boxes of equal height.
type progRow struct {
	boxes  []progBox
	width  float64 // of one column
	height float64
}

func (r progRow) draw(w *programmeWriter, y float64) {
	for i, box := range r.boxes {
		box.draw(w, progMargin+float64(i)*(r.width+progGap), y, r.width, r.height)
	}
}

func (w *programmeWriter) slotRows(slot []Session) []progRow {
	columns := min(len(slot), progMaxColumns)
	width := (progWidth - float64(columns-1)*progGap) / float64(columns)
	var rows []progRow
	for chunk := range slices.Chunk(slot, progMaxColumns) {
		row := progRow{width: width}
		for _, s := range chunk {
			box := w.sessionBox(s, width)
			row.boxes = append(row.boxes, box)
			row.height = max(row.height, box.height())
		}
		rows = append(rows, row)
	}
	return rows
}

// progBox is a measured session: its text already split into lines, so drawing cannot
// take more room than measuring said.
type progBox struct {
	compact bool // breaks and lunch: one grey band
	accent  rgb
	time    string // compact boxes show it in a column of its own
	parts   []progPart
}

func (b progBox) height() float64 {
	h := 2 * progPad
	if b.compact {
		h = 2 * progCompactPad
	}
	for _, p := range b.parts {
		h += p.height()
	}
	return h
}

func (b progBox) draw(w *programmeWriter, x, y, width, height float64) {
	pdf := w.pdf
	if b.compact {
		w.color(progBreakFill, 'F')
		pdf.Rect(x, y, width, height, "F")
		w.font("B", 9, progMuted)
		pdf.SetXY(x+progPad, y+progCompactPad)
		pdf.CellFormat(progCompactTimeColumn, progCompactLine, b.time, "", 0, "L", false, 0, "")
		progDrawParts(w, b.parts, x+progPad+progCompactTimeColumn, y+progCompactPad)
		return
	}
	w.color(progRule, 'D')
	pdf.SetLineWidth(0.25)
	pdf.Rect(x, y, width, height, "D")
	w.color(b.accent, 'F')
	pdf.Rect(x, y, progAccent, height, "F")
	progDrawParts(w, b.parts, x+progAccent+progPad, y+progPad)
}

func progDrawParts(w *programmeWriter, parts []progPart, x, y float64) {
	for _, p := range parts {
		p.draw(w, x, y)
		y += p.height()
	}
}

// progPart is a measured piece of a session box.
type progPart interface {
	height() float64
	draw(w *programmeWriter, x, y float64)
}

type progLines struct {
	style      string
	size       float64
	color      rgb
	lineHeight float64
	width      float64
	lines      []string
	spaceAfter float64
}

func (p progLines) height() float64 {
	return float64(len(p.lines))*p.lineHeight + p.spaceAfter
}

func (p progLines) draw(w *programmeWriter, x, y float64) {
	w.font(p.style, p.size, p.color)
	for i, line := range p.lines {
		w.pdf.SetXY(x, y+float64(i)*p.lineHeight)
		w.pdf.CellFormat(p.width, p.lineHeight, line, "", 0, "L", false, 0, "")
	}
}

// progChips are the target-area numbers of a session as small labels after a caption,
// wrapping when the column is narrow.
type progChips struct {
	caption string
	chips   []progChip
	rows    int
}

type progChip struct {
	text     string
	x, width float64 // from the left of the part
	row      int
}

const progChipHeight, progChipGap = 4.0, 1.2

func (w *programmeWriter) chips(caption string, targetAreas []int, width float64) progChips {
	c := progChips{caption: caption, rows: 1}
	w.font("", 7, progMuted)
	x := w.pdf.GetStringWidth(caption) + 1.5
	w.font("B", 7, progTitleColor)
	for _, n := range targetAreas {
		if _, known := TargetAreaNames[n]; !known {
			continue
		}
		chip := progChip{text: fmt.Sprint(n)}
		chip.width = w.pdf.GetStringWidth(chip.text) + 2.4
		if x+chip.width > width {
			x, c.rows = 0, c.rows+1
		}
		chip.x, chip.row = x, c.rows-1
		c.chips = append(c.chips, chip)
		x += chip.width + progChipGap
	}
	return c
}

func (c progChips) height() float64 {
	if len(c.chips) == 0 {
		return 0
	}
	return float64(c.rows)*(progChipHeight+progChipGap) + 0.6
}

func (c progChips) draw(w *programmeWriter, x, y float64) {
	pdf := w.pdf
	w.font("", 7, progMuted)
	pdf.SetXY(x, y)
	pdf.CellFormat(pdf.GetStringWidth(c.caption), progChipHeight, c.caption, "", 0, "L", false, 0, "")
	w.font("B", 7, progTitleColor)
	w.color(progChipFill, 'F')
	for _, chip := range c.chips {
		cx, cy := x+chip.x, y+float64(chip.row)*(progChipHeight+progChipGap)
		pdf.RoundedRect(cx, cy, chip.width, progChipHeight, 0.8, "1234", "F")
		pdf.SetXY(cx, cy)
		pdf.CellFormat(chip.width, progChipHeight, chip.text, "", 0, "C", false, 0, "")
	}
}

// sessionBox measures one session for a column of the given width.
func (w *programmeWriter) sessionBox(s Session, width float64) progBox {
	timeRange := w.clock(s.Start) + "–" + w.clock(s.End)
	title := progText(s.Title.In(w.lang))
	if s.Kind == KindBreak || s.Kind == KindLunch {
		textWidth := width - 2*progPad - progCompactTimeColumn
		details := progJoin(title, w.l.kinds[s.Kind], progText(s.Room))
		return w.fitted(progBox{compact: true, time: timeRange, parts: []progPart{
			w.lines(details, "", 9, progInk, progCompactLine, textWidth, 0, 0),
		}}, textWidth)
	}

	inner := width - progAccent - 2*progPad
	accent, ok := progAccents[s.Kind]
	if !ok {
		accent = progMuted
	}
	var parts []progPart
	parts = append(parts,
		w.lines(progJoin(timeRange, w.l.kinds[s.Kind]), "B", 8, accent, 4, inner, 0, 0.6),
		w.lines(title, "B", 10.5, progInk, 5, inner, 0, 0.8))
	for _, sp := range s.Speakers {
		who := progText(strings.Join(progNonEmpty(sp.Name, sp.Title, sp.Organisation), ", "))
		parts = append(parts, w.lines(who, "", 8.5, progInk, 4, inner, 0, 0.3))
	}
	if d := progText(s.Description.In(w.lang)); strings.TrimSpace(d) != "" {
		parts = append(parts, w.lines(strings.TrimSpace(d), "", 8, progMuted, 3.7, inner, progMaxDescr, 0.5))
	}
	var details []string
	if room := progText(s.Room); room != "" {
		details = append(details, w.l.room+": "+room)
	}
	if track := progText(s.Track); track != "" {
		details = append(details, w.l.track+": "+track)
	}
	if s.Kind == KindWorkshop && s.SeatLimit > 0 {
		details = append(details, fmt.Sprintf(w.l.seats, s.SeatLimit))
	}
	if len(details) > 0 {
		parts = append(parts, w.lines(strings.Join(details, " · "), "", 8, progMuted, 3.8, inner, 0, 0.5))
	}
	if len(s.TargetAreas) > 0 {
		parts = append(parts, w.chips(w.l.targetAreasShort, s.TargetAreas, inner))
	}
	return w.fitted(progBox{accent: accent, parts: progDropEmpty(parts)}, inner)
}

// fitted cuts a box that would not fit on an empty page (an absurdly long title or a
// panel of many speakers), so a session box never has to be split across pages. The
// last line kept ends in an ellipsis, so the cut shows.
func (w *programmeWriter) fitted(b progBox, width float64) progBox {
	room := progMaxSessionHeight - (b.height() - progPartsHeight(b.parts))
	var kept []progPart
	cut := false
	for _, p := range b.parts {
		if p.height() <= room {
			kept = append(kept, p)
			room -= p.height()
			continue
		}
		cut = true
		if lines, ok := p.(progLines); ok {
			if n := int((room - lines.spaceAfter) / lines.lineHeight); n > 0 {
				lines.lines = lines.lines[:n]
				kept = append(kept, lines)
			}
		}
		break
	}
	if cut {
		for i := len(kept) - 1; i >= 0; i-- {
			if lines, ok := kept[i].(progLines); ok {
				w.font(lines.style, lines.size, lines.color)
				last := len(lines.lines) - 1
				lines.lines = append(slices.Clip(lines.lines[:last]), w.ellipsize(lines.lines[last]+"…", width))
				kept[i] = lines
				break
			}
		}
	}
	b.parts = kept
	return b
}

func progPartsHeight(parts []progPart) float64 {
	var h float64
	for _, p := range parts {
		h += p.height()
	}
	return h
}

func progDropEmpty(parts []progPart) []progPart {
	return slices.DeleteFunc(parts, func(p progPart) bool { return p.height() == 0 })
}

// lines measures text wrapped to width; maxLines > 0 cuts it there with an ellipsis.
func (w *programmeWriter) lines(text, style string, size float64, c rgb, lineHeight, width float64, maxLines int, spaceAfter float64) progLines {
	w.font(style, size, c)
	lines := w.pdf.SplitText(text, width)
	if maxLines > 0 && len(lines) > maxLines {
		lines = append(lines[:maxLines-1:maxLines-1], w.ellipsize(lines[maxLines-1]+"…", width))
	}
	if len(lines) == 0 {
		spaceAfter = 0
	}
	return progLines{style: style, size: size, color: c, lineHeight: lineHeight, width: width, lines: lines, spaceAfter: spaceAfter}
}

// ellipsize shortens text in the current font until it fits width, ending in "…".
func (w *programmeWriter) ellipsize(text string, width float64) string {
	const rounding = 0.01 // a width measured and then given back must still fit
	width += rounding
	if w.pdf.GetStringWidth(text) <= width {
		return text
	}
	runes := []rune(strings.TrimSuffix(text, "…"))
	for len(runes) > 0 && w.pdf.GetStringWidth(string(runes)+"…") > width {
		runes = runes[:len(runes)-1]
	}
	return strings.TrimRightFunc(string(runes), unicode.IsSpace) + "…"
}

func (w *programmeWriter) font(style string, size float64, c rgb) {
	w.pdf.SetFont(pdfkit.Font, style, size)
	w.color(c, 'T')
}

// color sets the text ('T'), fill ('F') or line ('D') colour.
func (w *programmeWriter) color(c rgb, what byte) {
	switch what {
	case 'T':
		w.pdf.SetTextColor(c.r, c.g, c.b)
	case 'F':
		w.pdf.SetFillColor(c.r, c.g, c.b)
	case 'D':
		w.pdf.SetDrawColor(c.r, c.g, c.b)
	}
}

// Dates and times, always in Stockholm time.

func (w *programmeWriter) clock(t time.Time) string {
	return t.In(Stockholm).Format("15" + w.l.clockSeparator + "04")
}

func (w *programmeWriter) dayMonth(t time.Time) string {
	t = t.In(Stockholm)
	return fmt.Sprintf("%d %s", t.Day(), w.l.months[t.Month()-1])
}

func (w *programmeWriter) fullDate(t time.Time) string {
	return fmt.Sprintf("%s %d", w.dayMonth(t), t.In(Stockholm).Year())
}

// weekdayDate is a day heading: "Onsdag 14 oktober 2026".
func (w *programmeWriter) weekdayDate(t time.Time) string {
	weekday := w.l.weekdays[t.In(Stockholm).Weekday()]
	r, size := utf8.DecodeRuneInString(weekday)
	return string(unicode.ToUpper(r)) + weekday[size:] + " " + w.fullDate(t)
}

// dateRange gives "14 oktober 2026", "14–16 oktober 2026", "30 september – 2 oktober
// 2026" or "30 december 2026 – 2 januari 2027".
func (w *programmeWriter) dateRange(start, end time.Time) string {
	start, end = start.In(Stockholm), end.In(Stockholm)
	if start.IsZero() {
		return ""
	}
	switch {
	case end.Before(start) || progSameDate(start, end):
		return w.fullDate(start)
	case start.Year() != end.Year():
		return w.fullDate(start) + " – " + w.fullDate(end)
	case start.Month() != end.Month():
		return w.dayMonth(start) + " – " + w.fullDate(end)
	default:
		return fmt.Sprintf("%d–%s", start.Day(), w.fullDate(end))
	}
}

func (w *programmeWriter) timeRange(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	if end.Before(start) || progSameDate(start.In(Stockholm), end.In(Stockholm)) {
		return fmt.Sprintf(w.l.timeOneDay, w.clock(start), w.clock(end))
	}
	return fmt.Sprintf(w.l.timeDays, w.dayMonth(start), w.clock(start), w.dayMonth(end), w.clock(end))
}

func (w *programmeWriter) venue(ev Event) string {
	if !ev.Mode.HasOnSite() {
		return w.l.online
	}
	v := ev.Venue
	place := strings.Join(progNonEmpty(progText(v.Name), strings.Join(progNonEmpty(progText(v.Address), progText(v.City)), ", ")), "\n")
	if place == "" {
		place = w.l.venueLater
	}
	if ev.Mode.HasDigital() {
		place += "\n" + w.l.alsoOnline
	}
	return place
}

func progSameDate(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

func progSameDay(a, b Session) bool {
	return progSameDate(a.Start.In(Stockholm), b.Start.In(Stockholm))
}

// sortedForProgramme orders a copy of the sessions by start, then room, so parallel
// sessions always appear in the same columns.
func sortedForProgramme(sessions []Session) []Session {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b Session) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Room, b.Room))
	})
	return sorted
}

// progSplit cuts sorted sessions into runs whose neighbours belong together.
func progSplit(sessions []Session, together func(a, b Session) bool) [][]Session {
	var groups [][]Session
	for i, s := range sessions {
		if i == 0 || !together(sessions[i-1], s) {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], s)
	}
	return groups
}

// progText makes user text drawable; tabs would show as boxes in DejaVu.
func progText(s string) string {
	return strings.ReplaceAll(pdfkit.Sanitize(s), "\t", " ")
}

// progOneLine is for places with room for one line only (footer, address under the QR).
func progOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func progNonEmpty(values ...string) []string {
	return slices.DeleteFunc(values, func(v string) bool { return strings.TrimSpace(v) == "" })
}

func progJoin(values ...string) string {
	return strings.Join(progNonEmpty(values...), " · ")
}

// programmeLabels is every fixed text of the programme in one language.
type programmeLabels struct {
	months         [12]string
	weekdays       [7]string // Sunday first, as time.Weekday counts
	clockSeparator string
	page           string // with %d for the page and gofpdf's alias for the total
	timeOneDay     string
	timeDays       string

	date, time, venue, format, organiser      string
	online, alsoOnline, venueLater            string
	targetAreas, targetAreasShort, priorities string
	moreInfo, programme, parallel, continued  string
	noSessions, cancelled, room, track, seats string
	modes                                     map[Mode]string
	kinds                                     map[SessionKind]string
	types                                     map[Type]string
}

func programmeLabelsFor(lang string) programmeLabels {
	if lang == "en" {
		return programmeLabels{
			months: [12]string{"January", "February", "March", "April", "May", "June",
				"July", "August", "September", "October", "November", "December"},
			weekdays:         [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
			clockSeparator:   ":",
			page:             "Page %d of {nb}",
			timeOneDay:       "%s–%s",
			timeDays:         "Starts %s at %s, ends %s at %s",
			date:             "Date",
			time:             "Time",
			venue:            "Venue",
			format:           "Format",
			organiser:        "Organiser",
			online:           "Online",
			alsoOnline:       "and online",
			venueLater:       "To be announced",
			targetAreas:      "National public-health target areas",
			targetAreasShort: "Target areas",
			priorities:       "Regional priorities",
			moreInfo:         "More information and registration",
			programme:        "Programme",
			parallel:         "%s · %d parallel sessions",
			continued:        "cont.",
			noSessions:       "The programme will be published later.",
			cancelled:        "CANCELLED",
			room:             "Room",
			track:            "Track",
			seats:            "Max %d seats",
			modes:            map[Mode]string{ModeOnSite: "On site", ModeDigital: "Online", ModeHybrid: "On site and online"},
			kinds: map[SessionKind]string{KindPlenary: "Plenary", KindWorkshop: "Workshop",
				KindBreak: "Break", KindLunch: "Lunch", KindDialogue: "Dialogue"},
			types: map[Type]string{TypeConference: "Conference", TypeNetworkMeeting: "Network meeting",
				TypeSeminar: "Seminar", TypeTraining: "Training", TypeDialogueVisit: "Dialogue visit"},
		}
	}
	return programmeLabels{
		months: [12]string{"januari", "februari", "mars", "april", "maj", "juni",
			"juli", "augusti", "september", "oktober", "november", "december"},
		weekdays: [7]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
		// Swedish writes times with a full stop (Språkrådet): kl. 09.30.
		clockSeparator:   ".",
		page:             "Sida %d av {nb}",
		timeOneDay:       "kl. %s–%s",
		timeDays:         "Start %s kl. %s, slut %s kl. %s",
		date:             "Datum",
		time:             "Tid",
		venue:            "Plats",
		format:           "Form",
		organiser:        "Arrangör",
		online:           "Digitalt",
		alsoOnline:       "och digitalt",
		venueLater:       "Meddelas senare",
		targetAreas:      "Nationella målområden för folkhälsa",
		targetAreasShort: "Målområden",
		priorities:       "Regionala prioriteringar",
		moreInfo:         "Mer information och anmälan",
		programme:        "Program",
		parallel:         "%s · %d parallella pass",
		continued:        "forts.",
		noSessions:       "Programmet publiceras senare.",
		cancelled:        "INSTÄLLT",
		room:             "Lokal",
		track:            "Spår",
		seats:            "Max %d platser",
		modes:            map[Mode]string{ModeOnSite: "På plats", ModeDigital: "Digitalt", ModeHybrid: "På plats och digitalt"},
		kinds: map[SessionKind]string{KindPlenary: "Plenum", KindWorkshop: "Workshop",
			KindBreak: "Paus", KindLunch: "Lunch", KindDialogue: "Dialog"},
		types: map[Type]string{TypeConference: "Konferens", TypeNetworkMeeting: "Nätverksträff",
			TypeSeminar: "Seminarium", TypeTraining: "Utbildning", TypeDialogueVisit: "Kommundialog"},
	}
}
