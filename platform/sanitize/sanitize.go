// Package sanitize keeps invisible and control characters out of what people type
// before it is stored: NUL, ESC, BEL and the other C0/C1 controls, and format
// characters such as the bidirectional overrides (U+202E turns "gpj.exe" around on
// screen), zero-width spaces and byte-order marks. Such characters would otherwise
// reach CSV exports, e-mails and badges as sent. Text is also put in Unicode NFC, so
// "Å" typed as A + ring compares equal to "Å".
package sanitize

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// invisible reports whether r is a control or format character that has no place in
// stored text. Zero-width joiner and non-joiner stay: some scripts and emoji need them.
// Line feed and tab are controls too; callers decide about them.
func invisible(r rune) bool {
	switch r {
	case '\u200c', '\u200d':
		return false
	}
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\ufffe' || r == '\uffff'
}

// strip removes invisible characters; keep lists the controls that stay.
func strip(s, keep string) string {
	if strings.IndexFunc(s, func(r rune) bool { return invisible(r) && !strings.ContainsRune(keep, r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) && !strings.ContainsRune(keep, r) {
			return -1
		}
		return r
	}, s)
}

// Line is s as one line: invisible characters removed, every run of white space
// (line breaks included) one space, trimmed, NFC.
func Line(s string) string {
	s = strings.NewReplacer("\u2028", " ", "\u2029", " ").Replace(strings.ToValidUTF8(s, "\ufffd"))
	return norm.NFC.String(strings.Join(strings.Fields(strip(s, "\t\n\r")), " "))
}

// Lines is s with its line breaks kept (CRLF, CR and the Unicode line and paragraph
// separators become LF), each line as Line makes it, trimmed as a whole, NFC.
func Lines(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Line(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Controls removes invisible characters but keeps tab and line breaks, and changes
// nothing else: for text whose layout is the caller's business. Text that is not
// UTF-8 is left as it is, for validation to refuse.
func Controls(s string) string {
	if !utf8.ValidString(s) {
		return s
	}
	return strip(s, "\t\n\r")
}

// Strings applies Controls to every string a request was bound into: the exported
// string fields of the struct v points to, strings in slices and nested structs. It
// is the web layer's first line; domain packages clean each field for its purpose.
func Strings(v any) {
	cleanValue(reflect.ValueOf(v))
}

func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				cleanValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanValue(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			if c := Controls(v.String()); c != v.String() {
				v.SetString(c)
			}
		}
	}
}

// SpreadsheetCell makes a value safe for a CSV cell that Excel or LibreOffice will
// open: invisible characters (tab and CR among them) go, and a value that would start
// a formula (=, +, - or @, after leading white space) is prefixed with an apostrophe,
// which spreadsheets show as text.
func SpreadsheetCell(v string) string {
	v = strip(v, "\n")
	first := strings.TrimLeftFunc(v, unicode.IsSpace)
	if first != "" && strings.ContainsRune("=+-@", rune(first[0])) {
		return "'" + v
	}
	return v
}
