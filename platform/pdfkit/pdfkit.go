// Package pdfkit holds what every PDF of the service shares: A4 documents with the
// DejaVu Sans fonts (Swedish, Sami and most European letters), text made safe for
// gofpdf, vector QR codes, and output that reports the document's error.
package pdfkit

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/jung-kurt/gofpdf"
	"github.com/skip2/go-qrcode"
)

// Font is the family name registered by New; use it with SetFont(Font, "" or "B", size).
const Font = "DejaVu"

// New returns an empty A4 document in millimetres ("P" portrait, "L" landscape) with
// the Font family registered in regular and bold.
func New(orientation string) *gofpdf.Fpdf {
	pdf := gofpdf.New(orientation, "mm", "A4", "")
	// gofpdf keeps and reads the font bytes it is given while the document lives; a slice
	// shared between documents built at the same time would be a data race, so each
	// document gets its own copy.
	pdf.AddUTF8FontFromBytes(Font, "", bytes.Clone(dejavusans.TTF))
	pdf.AddUTF8FontFromBytes(Font, "B", bytes.Clone(dejavusansbold.TTF))
	pdf.SetFont(Font, "", 10)
	return pdf
}

// replacement stands in for what gofpdf cannot draw.
const replacement = '\uFFFD'

// Sanitize makes arbitrary user text safe for gofpdf: its UTF-8 fonts index glyph
// widths by rune in a table of 65,536 entries, so runes above U+FFFF (emoji) panic;
// invalid UTF-8 and control characters would land in the PDF as garbage. Those become
// U+FFFD, so a reader sees that something was there. Newlines and tabs are kept
// (text is wrapped on them); browsers send textarea line breaks as CRLF, so CRLF and a
// lone CR become a newline rather than a replacement character.
func Sanitize(s string) string {
	if isSafe(s) {
		return s
	}
	s = strings.ToValidUTF8(s, string(replacement))
	// Letters typed as base + combining accent (as macOS often sends them) become the
	// one precomposed letter the font draws; zero-width characters are dropped, since
	// gofpdf's line splitting breaks lines at them.
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			r = '\n'
		case invisible(r):
			continue
		case needsReplacing(r):
			r = replacement
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSafe spares the common case, plain text, an allocation.
func isSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\r' || needsReplacing(r) || invisible(r) || unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return true
}

// invisible reports zero-width format characters and emoji variation selectors.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F)
}

func needsReplacing(r rune) bool {
	if r > 0xFFFF {
		return true
	}
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r)
}

// quietZoneModules is the white margin the QR standard asks for around the symbol;
// go-qrcode's bitmap already includes it.
const quietZoneModules = 4

// DrawQR draws content as a QR code (medium error correction) of size×size mm with its
// top-left corner at (x, y), quiet zone included. It is drawn as vector rectangles, so
// it stays sharp at any zoom and on any printer.
func DrawQR(pdf *gofpdf.Fpdf, content string, x, y, size float64) error {
	code, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("qr code: %w", err)
	}
	modules := code.Bitmap() // quiet zone included
	if len(modules) < 2*quietZoneModules+1 {
		return fmt.Errorf("qr code: unexpected bitmap of %d modules", len(modules))
	}
	module := size / float64(len(modules))

	r, g, b := pdf.GetFillColor()
	defer pdf.SetFillColor(r, g, b)
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, size, size, "F")
	pdf.SetFillColor(0, 0, 0)
	for row, line := range modules {
		// One rectangle per run of dark modules: far fewer drawing operations than one
		// per module, and no hairline seams between neighbours in some viewers.
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			pdf.Rect(x+float64(start)*module, y+float64(row)*module, float64(col-start)*module, module, "F")
		}
	}
	return pdf.Error()
}

// Output finishes the document and returns its bytes, or the first error met while
// building it (gofpdf records errors instead of returning them from each call).
func Output(pdf *gofpdf.Fpdf) ([]byte, error) {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// RGB is a colour, 0–255 per channel.
type RGB struct{ R, G, B int }

// SetFont selects the kit's font in style ("", "B") and size, and the text colour.
func SetFont(pdf *gofpdf.Fpdf, style string, size float64, c RGB) {
	pdf.SetFont(Font, style, size)
	SetColor(pdf, c, 'T')
}

// SetColor sets the text ('T'), fill ('F') or line ('D') colour.
func SetColor(pdf *gofpdf.Fpdf, c RGB, what byte) {
	switch what {
	case 'T':
		pdf.SetTextColor(c.R, c.G, c.B)
	case 'F':
		pdf.SetFillColor(c.R, c.G, c.B)
	case 'D':
		pdf.SetDrawColor(c.R, c.G, c.B)
	}
}

// The reports' text colours: ink for the content, muted for notes and footers.
var (
	Ink   = RGB{R: 26, G: 26, B: 26}
	Muted = RGB{R: 80, G: 80, B: 80}
)

// NewReport is an empty portrait A4 report with 18 mm margins and, at the foot of
// every page, the line footer returns for it (it may use the page number), small and
// muted. The caller adds the first page.
func NewReport(footer func(page int) string) *gofpdf.Fpdf {
	pdf := New("P")
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		SetFont(pdf, "", 8, Muted)
		pdf.CellFormat(0, 5, Sanitize(footer(pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	return pdf
}
