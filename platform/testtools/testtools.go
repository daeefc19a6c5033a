// Package testtools holds helpers for tests that use outside programs (pdftotext,
// pdftoppm, zbarimg, chromium). Those come from Debian packages that .ci/run installs.
package testtools

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// RequireTool returns the path of an external program. Without it, a developer's
// machine skips the test (go test ./... needs only Go), but CI (CI set) fails: there
// .ci/run must have installed it, and a skip would hide a missing install step.
func RequireTool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found: .ci/run must install Debian's %s", name, debianPackage)
	}
	t.Skipf("%s not installed (apt-get install %s); CI runs this test", name, debianPackage)
	return ""
}

// Region is part of a page in millimetres from its top left corner.
type Region struct{ X, Y, W, H float64 }

// PDFQRCodes renders every page of a PDF at dpi and returns the QR codes zbarimg
// reads on each page. With regions, each page is cut into those regions and each is
// read on its own: zbarimg reading a whole sheet of ten codes misses about one code
// in 750, while every one decodes when cut out alone. Without, the whole page is read.
func PDFQRCodes(t testing.TB, pdf []byte, dpi int, regions []Region) [][]string {
	t.Helper()
	pdftoppm := RequireTool(t, "pdftoppm", "poppler-utils")
	zbarimg := RequireTool(t, "zbarimg", "zbar-tools")
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.200q", pdf)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-r", strconv.Itoa(dpi), "-png", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("pdftoppm made no pages (%v)", err)
	}
	// page-1 … page-9, or page-01 … page-23: the same width, so names sort as numbers.
	slices.Sort(pages)
	var out [][]string
	for i, page := range pages {
		files := []string{page}
		if len(regions) > 0 {
			files = cutRegions(t, page, filepath.Join(dir, fmt.Sprintf("p%d", i)), dpi, regions)
		}
		cmd := exec.Command(zbarimg, append([]string{"--raw", "-q"}, files...)...)
		raw, err := cmd.Output()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 4 {
			err = nil // no symbol found: the caller's count says what is missing
		}
		if err != nil {
			t.Fatalf("zbarimg %s: %v", page, err)
		}
		out = append(out, strings.Fields(string(raw)))
	}
	return out
}

func cutRegions(t testing.TB, page, prefix string, dpi int, regions []Region) []string {
	t.Helper()
	f, err := os.Open(page)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		t.Fatalf("%s: cannot cut a %T", page, img)
	}
	px := func(mm float64) int { return int(math.Round(mm * float64(dpi) / 25.4)) }
	var files []string
	for i, r := range regions {
		rect := image.Rect(px(r.X), px(r.Y), px(r.X+r.W), px(r.Y+r.H)).Intersect(img.Bounds())
		name := fmt.Sprintf("%s-%02d.png", prefix, i)
		out, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(out, sub.SubImage(rect)); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	return files
}
