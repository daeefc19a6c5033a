package pdfkit_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"folkhalsa-events/platform/pdfkit"
)

func TestSanitize(t *testing.T) {
	const sami = "Á Ŋ Č Đ Š Ŧ Ž á ŋ č đ š ŧ ž"
	cases := []struct{ name, in, want string }{
		{"plain Swedish is untouched", "Hälsa för äldre på Åland", "Hälsa för äldre på Åland"},
		{"Sami letters are kept", sami, sami},
		{"emoji above U+FFFF is replaced", "Hälsa 🌱 för alla", "Hälsa \uFFFD för alla"},
		{"emoji with skin tone becomes two replacements", "Bra 👍🏽", "Bra \uFFFD\uFFFD"},
		{"invalid UTF-8 is replaced", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"newline and tab are kept", "rad 1\nrad\t2", "rad 1\nrad\t2"},
		{"CRLF and CR become newlines", "rad 1\r\nrad 2\rrad 3", "rad 1\nrad 2\nrad 3"},
		{"other control characters are replaced", "a\x00b\x1bc\u0085d", "a\uFFFDb\uFFFDc\uFFFDd"},
		{"BMP symbols are kept", "Kaffe ☕ – 10 € ❤", "Kaffe ☕ – 10 € ❤"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := pdfkit.Sanitize(c.in)
			if got != c.want {
				t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Sanitize(%q) is not valid UTF-8", c.in)
			}
		})
	}
}

// TestSanitizedTextDoesNotPanic feeds gofpdf the text that would make it panic
// unsanitised (emoji) together with glyphs DejaVu lacks.
func TestSanitizedTextDoesNotPanic(t *testing.T) {
	pdf := pdfkit.New("P")
	pdf.AddPage()
	for _, s := range []string{"Hälsa 🌱 för alla 👩‍👩‍👧", "漢字", "a\xffb", "\x00\x07", "Áile Ŋuvttet Čorgŋa"} {
		clean := pdfkit.Sanitize(s)
		pdf.SplitText(clean, 40)
		pdf.MultiCell(0, 6, clean, "", "", false)
	}
	if _, err := pdfkit.Output(pdf); err != nil {
		t.Fatal(err)
	}
}

func TestDrawQR(t *testing.T) {
	pdf := pdfkit.New("P")
	pdf.SetCompression(false) // to count the drawing operators below
	pdf.AddPage()
	if err := pdfkit.DrawQR(pdf, "https://example.se/evenemang/abc", 20, 20, 40); err != nil {
		t.Fatal(err)
	}
	out, err := pdfkit.Output(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// A version-3 symbol (29×29 modules, 37×37 with the quiet zone) has hundreds of dark
	// modules; merged runs must be far fewer rectangles than that.
	rects := bytes.Count(out, []byte(" re f"))
	if rects < 50 || rects > 400 {
		t.Errorf("QR drawn with %d rectangles; want runs merged (50–400)", rects)
	}
}

func TestDrawQRTooLong(t *testing.T) {
	pdf := pdfkit.New("P")
	pdf.AddPage()
	if err := pdfkit.DrawQR(pdf, strings.Repeat("x", 5000), 0, 0, 40); err == nil {
		t.Fatal("content longer than a QR code holds: want an error")
	}
}

func TestOutputReportsDocumentError(t *testing.T) {
	pdf := pdfkit.New("P")
	pdf.AddPage()
	pdf.SetFont("NoSuchFont", "", 10)
	if _, err := pdfkit.Output(pdf); err == nil {
		t.Fatal("document with an undefined font: want an error")
	}
}

// TestConcurrentDocuments is meant for go test -race: documents built at the same time
// must share nothing writable (font bytes, gofpdf globals).
func TestConcurrentDocuments(t *testing.T) {
	const documents = 20
	var wg sync.WaitGroup
	errs := make(chan error, documents)
	for i := range documents {
		wg.Go(func() {
			pdf := pdfkit.New("L")
			pdf.AddPage()
			pdf.SetFont(pdfkit.Font, "B", 14)
			pdf.MultiCell(0, 8, pdfkit.Sanitize("Áile Ŋuvttet Čorgŋa 🌱"), "", "", false)
			pdf.SetFont(pdfkit.Font, "", 10)
			pdf.MultiCell(0, 6, strings.Repeat("Folkhälsa i Västerbotten. ", i+1), "", "", false)
			if err := pdfkit.DrawQR(pdf, "https://example.se/badge/"+strings.Repeat("a", i), 10, 100, 30); err != nil {
				errs <- err
				return
			}
			out, err := pdfkit.Output(pdf)
			if err == nil && !bytes.HasPrefix(out, []byte("%PDF-")) {
				t.Errorf("document %d does not start with %%PDF-", i)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestSanitizeComposesAccentsAndDropsZeroWidth(t *testing.T) {
	cases := map[string]string{
		"A\u030asa O\u0308berg": "Åsa Öberg",  // decomposed, as macOS keyboards send it
		"\U0001F3D4\uFE0F Åre":  "\uFFFD Åre", // emoji with variation selector
		"Folk\u200bhälsa\u2060": "Folkhälsa",
		"Áile Ŋuvttet Čorgŋa":   "Áile Ŋuvttet Čorgŋa",
	}
	for in, want := range cases {
		if got := pdfkit.Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
