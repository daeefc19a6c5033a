package badges

import (
	"folkhalsa-events/platform/pdfkit"
)

// One badge is laid out first, as a list of measured items in millimetres from its
// top-left corner, and drawn after: what is drawn is exactly what was measured, and
// tests can check the measurements (nothing wider than its box, nothing outside the
// badge, nothing overlapping).

type itemKind int

const (
	itemBand itemKind = iota // the colour band
	itemText                 // one line of text
	itemQR                   // the QR code, quiet zone included
)

// badgeItem is one measured piece of a badge.
type badgeItem struct {
	kind       itemKind
	part       string // what it shows: "band", "category", "title", "first", …
	x, y, w, h float64
	// text
	text      string
	style     string
	size      float64 // points
	align     string  // "L" or "C"
	color     pdfRGB
	textWidth float64 // measured in its font; never more than w
	// band
	fill pdfRGB
}

// badgeFormat is one size of badge and how it is laid out.
type badgeFormat struct {
	width  float64
	height float64 // nominal; a sheet cell may be a little taller
	layout func(w *badgeWriter, b Badge, height float64) []badgeItem
}

var (
	formatA6     = &badgeFormat{width: a6Width, height: a6Height, layout: (*badgeWriter).layoutA6}
	formatInsert = &badgeFormat{width: insertWidth, height: insertHeight, layout: (*badgeWriter).layoutInsert}
)

// Type sizes in points and line heights in millimetres.
const (
	pointMM     = 25.4 / 72
	nameLeading = 1.12 // name line height per font size
)

// nameSizes bound the name's type: each part starts at its max and shrinks to fit the
// width down to its min, then wraps to two lines (smaller still only for a word that
// is wider than the badge).
type nameSizes struct{ firstMax, firstMin, lastMax, lastMin float64 }

var (
	a6NameSizes     = nameSizes{firstMax: 36, firstMin: 20, lastMax: 24, lastMin: 15}
	insertNameSizes = nameSizes{firstMax: 20, firstMin: 12, lastMax: 14, lastMin: 10}
)

// A6 geometry (105 × 148 mm, portrait). Everything keeps clear of the edges by at
// least 6 mm: printers do not print to the edge of the sheet, and a cut a little off
// must not take anything away.
const (
	a6Pad       = 7.0
	a6BandInset = 6.0
	a6BandH     = 15.0
	a6QRSize    = 38.0 // quiet zone included; a 35-character code's symbol is 28.8 mm
	a6HintH     = 4.0
)

func (w *badgeWriter) layoutA6(b Badge, height float64) []badgeItem {
	const width = a6Width
	textX, textW := a6Pad, width-2*a6Pad
	items := w.band(b.Person.Category, a6BandInset, a6BandInset, width-2*a6BandInset, a6BandH, 16, "C")

	y := a6BandInset + a6BandH + 3.5
	if w.title != "" {
		items = append(items, w.textItem("title", w.title, "B", 10.5, inkColor, textX, y, textW, 5, "C"))
		y += 5
	}
	if w.date != "" {
		items = append(items, w.textItem("date", w.date, "", 9.5, mutedColor, textX, y, textW, 4.6, "C"))
		y += 4.6
	}

	qrY := height - a6Pad - a6HintH - a6QRSize
	items = append(items,
		badgeItem{kind: itemQR, part: "qr", x: (width - a6QRSize) / 2, y: qrY, w: a6QRSize, h: a6QRSize, text: b.Code},
		w.textItem("hint", w.l.hint, "", 7.5, mutedColor, textX, qrY+a6QRSize, textW, a6HintH, "C"))

	// Name and details share the room between the event and the QR code, a little
	// above its middle.
	top, bottom := y+4, qrY-1.5
	block := w.nameBlock(b.Person, textW, a6NameSizes)
	details := []detailLine{
		{"role", b.Person.Role, "B", 11, inkColor, 5.2, 1},
		{"organisation", b.Person.Organisation, "", 10, inkColor, 4.7, 2},
		{"municipality", b.Person.Municipality, "", 10, mutedColor, 4.7, 1},
	}
	return append(items, w.stack(block, details, textX, textW, "C", 4, top, bottom, 0.4)...)
}

// Insert geometry (90 × 55 mm, landscape): the name on the left, the QR code on the
// right. Holders cover the insert's edges by a millimetre or two, and perforated sheets
// print a little off: everything keeps at least 3.5 mm from the edge.
const (
	insertInset  = 3.5
	insertBandH  = 8.0
	insertQRSize = 30.0 // quiet zone included; a 35-character code's symbol is 22.7 mm
	insertHintH  = 3.2
	insertFootH  = 3.5
)

func (w *badgeWriter) layoutInsert(b Badge, height float64) []badgeItem {
	const width = insertWidth
	items := w.band(b.Person.Category, insertInset, insertInset, width-2*insertInset, insertBandH, 10, "L")

	qrX := width - 3.0 - insertQRSize // the quiet zone keeps the symbol 6 mm from the edge
	qrY := insertInset + insertBandH + 1
	items = append(items,
		badgeItem{kind: itemQR, part: "qr", x: qrX, y: qrY, w: insertQRSize, h: insertQRSize, text: b.Code},
		w.textItem("hint", w.l.hint, "", 6, mutedColor, qrX, qrY+insertQRSize, insertQRSize, insertHintH, "C"))

	footY := height - insertInset - insertFootH
	textX := insertInset + 1.5
	if foot := w.eventLine(textX, footY, width-2*textX); foot != nil {
		items = append(items, foot...)
	}

	textW := qrX - textX // the quiet zone is white: no further gap needed
	top, bottom := qrY+1, footY-1
	block := w.nameBlock(b.Person, textW, insertNameSizes)
	details := []detailLine{
		{"role", b.Person.Role, "B", 8, inkColor, 3.7, 1},
		{"organisation", b.Person.Organisation, "", 8, inkColor, 3.7, 1},
		{"municipality", b.Person.Municipality, "", 8, mutedColor, 3.7, 1},
	}
	return append(items, w.stack(block, details, textX, textW, "L", 1.8, top, bottom, 0.25)...)
}

// eventLine is the insert's foot: the event title, shortened if need be, and the date.
func (w *badgeWriter) eventLine(x, y, width float64) []badgeItem {
	const size = 6.5
	if w.title == "" && w.date == "" {
		return nil
	}
	w.font("", size, mutedColor)
	date := ""
	if w.date != "" {
		date = w.date
		if w.title != "" {
			date = " · " + date
		}
	}
	dateW := w.pdf.GetStringWidth(date)
	var items []badgeItem
	titleW := 0.0
	if w.title != "" {
		w.font("B", size, mutedColor)
		title := w.ellipsize(w.title, width-dateW)
		titleW = w.pdf.GetStringWidth(title)
		items = append(items, w.textItem("title", title, "B", size, mutedColor, x, y, titleW, insertFootH, "L"))
	}
	if date != "" {
		items = append(items, w.textItem("date", date, "", size, mutedColor, x+titleW, y, width-titleW, insertFootH, "L"))
	}
	return items
}

// band is the coloured band with the category, in the colour that contrasts with it.
func (w *badgeWriter) band(c Category, x, y, width, height, size float64, align string) []badgeItem {
	c = bandCategory(c)
	colors := categoryColors[c]
	pad := 3.0
	return []badgeItem{
		{kind: itemBand, part: "band", x: x, y: y, w: width, h: height, fill: colors.band},
		w.textItem("category", w.l.categories[c], "B", size, colors.text, x+pad, y, width-2*pad, height, align),
	}
}

// textItem measures one line, shortening it with "…" if it is wider than width.
func (w *badgeWriter) textItem(part, text, style string, size float64, c pdfRGB, x, y, width, height float64, align string) badgeItem {
	w.font(style, size, c)
	text = w.ellipsize(text, width)
	return badgeItem{kind: itemText, part: part, x: x, y: y, w: width, h: height, text: text, style: style,
		size: size, align: align, color: c, textWidth: w.pdf.GetStringWidth(text)}
}

// detailLine is one of the smaller lines under the name.
type detailLine struct {
	part       string
	text       string
	style      string
	size       float64
	color      pdfRGB
	lineHeight float64
	maxLines   int
}

// nameLine is one measured line of the name, placed by stack.
type nameLine struct {
	part       string
	text       string
	size       float64
	lineHeight float64
}

// nameBlock fits the first name (largest, on its own line) and the last name below it
// to width.
func (w *badgeWriter) nameBlock(p Person, width float64, s nameSizes) []nameLine {
	var lines []nameLine
	first, last := oneLine(p.FirstName), oneLine(p.LastName)
	if first == "" {
		// A name in one part is the name: it gets the first name's size.
		first, last = last, ""
	}
	firstSize := s.firstMax
	if first != "" {
		size, parts := w.fitName(first, width, s.firstMax, s.firstMin)
		firstSize = size
		for _, t := range parts {
			lines = append(lines, nameLine{"first", t, size, size * pointMM * nameLeading})
		}
	}
	if last != "" {
		// The last name is never set larger than the first.
		lastMax := min(s.lastMax, firstSize)
		size, parts := w.fitName(last, width, lastMax, min(s.lastMin, lastMax))
		for _, t := range parts {
			lines = append(lines, nameLine{"last", t, size, size * pointMM * nameLeading})
		}
	}
	return lines
}

// stack places the name and the details under it between top and bottom, at bias
// (0 top, 0.5 middle) of the room left over. Details that do not fit are left out,
// the last first, rather than drawn over anything else.
func (w *badgeWriter) stack(name []nameLine, details []detailLine, x, width float64, align string, gap, top, bottom, bias float64) []badgeItem {
	var items []badgeItem
	y := 0.0
	for _, l := range name {
		items = append(items, w.textItem(l.part, l.text, "B", l.size, inkColor, x, y, width, l.lineHeight, align))
		y += l.lineHeight
	}
	nameItems := len(items)
	if nameItems > 0 {
		y += gap
	}
	for _, d := range details {
		text := oneLine(d.text)
		if text == "" {
			continue
		}
		w.font(d.style, d.size, d.color)
		for _, line := range w.wrap(text, width, d.maxLines) {
			items = append(items, w.textItem(d.part, line, d.style, d.size, d.color, x, y, width, d.lineHeight, align))
			y += d.lineHeight
		}
	}
	for len(items) > nameItems && y > bottom-top {
		y -= items[len(items)-1].h
		items = items[:len(items)-1]
	}
	offset := top + max(0, (bottom-top)-y)*bias
	for i := range items {
		items[i].y += offset
	}
	return items
}

// badge lays out one badge and draws it with its top-left corner at (x, y).
func (w *badgeWriter) badge(f *badgeFormat, b Badge, x, y, height float64) error {
	pdf := w.pdf
	for _, it := range f.layout(w, b, height) {
		switch it.kind {
		case itemBand:
			w.color(it.fill, 'F')
			pdf.RoundedRect(x+it.x, y+it.y, it.w, it.h, 1.6, "1234", "F")
		case itemText:
			w.font(it.style, it.size, it.color)
			pdf.SetXY(x+it.x, y+it.y)
			pdf.CellFormat(it.w, it.h, it.text, "", 0, it.align, false, 0, "")
		case itemQR:
			if err := pdfkit.DrawQR(pdf, it.text, x+it.x, y+it.y, it.w); err != nil {
				return err
			}
		}
	}
	return pdf.Error()
}
