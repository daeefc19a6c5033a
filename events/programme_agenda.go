package events

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

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
		kind := KindLabels[s.Kind].In(w.lang)
		if strings.EqualFold(kind, title) {
			kind = "" // "Lunch · Lunch" says nothing twice
		}
		details := progJoin(title, kind, progText(s.Room))
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
		w.lines(progJoin(timeRange, KindLabels[s.Kind].In(w.lang)), "B", 8, accent, 4, inner, 0, 0.6),
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
		details = append(details, locale.N(w.lang, "pdf.programme.seats", s.SeatLimit))
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
	pdfkit.SetFont(w.pdf, style, size, c)
}

func (w *programmeWriter) color(c rgb, what byte) { pdfkit.SetColor(w.pdf, c, what) }
