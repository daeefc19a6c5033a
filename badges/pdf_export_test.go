package badges

// What the badge PDF tests (package badges_test) need to see of the layout.

// LayoutItem is one measured piece of a badge, in millimetres from its top-left corner.
type LayoutItem struct {
	Kind       string // "band", "text" or "qr"
	Part       string // "category", "title", "date", "first", "last", "role", "organisation", "municipality", "hint", …
	X, Y, W, H float64
	Text       string
	Size       float64 // points, for text
	TextWidth  float64 // the text measured in its font
}

// BadgeLayouts lays out badges of a sheet layout (LayoutA6 is also SingleBadge's) in
// one document and returns the badge's size and each badge's items.
func BadgeLayouts(layout Layout, ev EventInfo, lang string, badges ...Badge) (width, height float64, layouts [][]LayoutItem) {
	f := formatInsert
	if layout == LayoutA6 {
		f = formatA6
	}
	w := newBadgeWriter(ev, lang)
	w.pdf.AddPage()
	kinds := map[itemKind]string{itemBand: "band", itemText: "text", itemQR: "qr"}
	for _, b := range badges {
		var items []LayoutItem
		for _, it := range f.layout(w, b, f.height) {
			items = append(items, LayoutItem{Kind: kinds[it.kind], Part: it.part, X: it.x, Y: it.y, W: it.w, H: it.h,
				Text: it.text, Size: it.size, TextWidth: it.textWidth})
		}
		layouts = append(layouts, items)
	}
	return f.width, f.height, layouts
}

// NameSizes are a layout's {first max, first min, last max, last min} in points.
func NameSizes(layout Layout) [4]float64 {
	s := insertNameSizes
	if layout == LayoutA6 {
		s = a6NameSizes
	}
	return [4]float64{s.firstMax, s.firstMin, s.lastMax, s.lastMin}
}

// FitName is fitName in a fresh document.
func FitName(text string, width, maxSize, minSize float64) (float64, []string) {
	w := newBadgeWriter(EventInfo{}, "sv")
	return w.fitName(text, width, maxSize, minSize)
}

// NameFloor is how far below its minimum a name may shrink (a fraction of it).
const NameFloor = nameFloor

// CategoryColors returns each category's band and text colour.
func CategoryColors() map[Category][2][3]int {
	out := map[Category][2][3]int{}
	for c, col := range categoryColors {
		out[c] = [2][3]int{{col.band.R, col.band.G, col.band.B}, {col.text.R, col.text.G, col.text.B}}
	}
	return out
}
