package badges_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"

	"folkhalsa-events/badges"
	"folkhalsa-events/platform/datastore"
)

const qrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

func TestCodeRoundTrip(t *testing.T) {
	c := badges.NewCoder(testSecret)
	if badges.CodeLength != 35 {
		t.Fatalf("CodeLength %d, want 35", badges.CodeLength)
	}
	for range 200 {
		id := datastore.NewID()
		code := c.Code(id)
		if len(code) != badges.CodeLength || !strings.HasPrefix(code, "FH1") {
			t.Fatalf("code %q: want 35 characters starting FH1", code)
		}
		for _, r := range code {
			if !strings.ContainsRune(qrAlphanumeric, r) {
				t.Fatalf("code %q has %q, outside the QR alphanumeric set", code, r)
			}
		}
		got, err := c.Parse(code)
		if err != nil || got != id {
			t.Fatalf("Parse(Code(%q)) = %q, %v", id, got, err)
		}
		if again := c.Code(id); again != code {
			t.Fatalf("Code is not deterministic: %q then %q", code, again)
		}
	}
}

func TestCodeParseIgnoresCaseAndScannerWhitespace(t *testing.T) {
	c := badges.NewCoder(testSecret)
	id := datastore.NewID()
	code := c.Code(id)
	for _, in := range []string{strings.ToLower(code), code + "\r\n", " \t" + code + "\n", strings.ToLower(code) + "\r"} {
		got, err := c.Parse(in)
		if err != nil || got != id {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, id)
		}
	}
}

func TestCodeRejectsForgedAndDamagedCodes(t *testing.T) {
	c := badges.NewCoder(testSecret)
	id := datastore.NewID()
	code := c.Code(id)
	other := badges.NewCoder([]byte("another-secret-0123456789-abcdefghijk")).Code(id)

	swap := func(s string, i int) string {
		// Another character of the same alphabet, so only the MAC can tell.
		r := byte('A')
		if s[i] == 'A' {
			r = 'B'
		}
		return s[:i] + string(r) + s[i+1:]
	}
	cases := map[string]string{
		"id changed":        swap(code, 5),
		"last id char":      swap(code, 18),
		"mac changed":       swap(code, 25),
		"last mac char":     swap(code, 34),
		"truncated":         code[:34],
		"half":              code[:20],
		"extended":          code + "A",
		"other secret":      other,
		"other prefix":      "FH2" + code[3:],
		"no prefix":         code[3:],
		"bad character":     code[:10] + "!" + code[11:],
		"look-alike l":      code[:3] + "L" + code[4:],
		"inner space":       code[:10] + " " + code[11:],
		"empty":             "",
		"junk":              "HELLO WORLD",
		"url":               "https://example.se/r/" + id,
		"bare id":           id,
		"other id, own mac": "FH1" + strings.ToUpper(datastore.NewID()) + code[19:],
		"non-ascii":         code[:10] + "Å" + code[12:], // still 35 bytes
	}
	for name, in := range cases {
		if got, err := c.Parse(in); !errors.Is(err, badges.ErrInvalidCode) {
			t.Errorf("%s: Parse(%q) = %q, %v; want ErrInvalidCode", name, in, got, err)
		}
	}
	if got, err := badges.NewCoder([]byte("another-secret-0123456789-abcdefghijk")).Parse(code); !errors.Is(err, badges.ErrInvalidCode) {
		t.Errorf("a code checked with another secret: %q, %v", got, err)
	}
}

func TestCodeOfMalformedIDIsEmpty(t *testing.T) {
	c := badges.NewCoder(testSecret)
	for _, id := range []string{"", "short", "abcdefghijklmnop" /* l is not in the alphabet */, datastore.NewID() + "x"} {
		if code := c.Code(id); code != "" {
			t.Errorf("Code(%q) = %q, want empty", id, code)
		}
	}
}

// The badge's QR code stays small: a version-2 symbol (25×25 modules) at error
// correction level M holds every code.
func TestCodeFitsSmallQR(t *testing.T) {
	c := badges.NewCoder(testSecret)
	for range 50 {
		code := c.Code(datastore.NewID())
		q, err := qrcode.New(code, qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		if q.VersionNumber > 2 {
			t.Fatalf("code %q needs QR version %d at M, want ≤ 2", code, q.VersionNumber)
		}
	}
}
