package mails

import (
	"html"
	"regexp"
	"strings"
)

// htmlOf is the HTML part of a mail, written from the same paragraphs as its text so
// the two never say different things. It is plain semantic HTML a screen reader
// reads well and every client shows without images or styles: a paragraph per
// paragraph, a paragraph whose lines after the first start with "- " becomes a list,
// and web and e-mail addresses become links.
func htmlOf(subject, lang string, paragraphs []string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + html.EscapeString(subject) + "</title>\n</head>\n")
	b.WriteString("<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em;\">\n")
	for _, p := range paragraphs {
		lines := strings.Split(p, "\n")
		if items, ok := listItems(lines[1:]); ok {
			b.WriteString("<p>" + linked(lines[0]) + "</p>\n<ul>\n")
			for _, it := range items {
				b.WriteString("<li>" + linked(it) + "</li>\n")
			}
			b.WriteString("</ul>\n")
			continue
		}
		for i, l := range lines {
			lines[i] = linked(l)
		}
		b.WriteString("<p>" + strings.Join(lines, "<br>\n") + "</p>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// listItems is lines as list items when every one is "- item".
func listItems(lines []string) ([]string, bool) {
	if len(lines) == 0 {
		return nil, false
	}
	items := make([]string, len(lines))
	for i, l := range lines {
		it, ok := strings.CutPrefix(l, "- ")
		if !ok {
			return nil, false
		}
		items[i] = it
	}
	return items, true
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// linked is one line escaped for HTML, with its addresses as links.
func linked(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range linkRE.FindAllStringIndex(line, -1) {
		b.WriteString(html.EscapeString(line[last:m[0]]))
		addr := strings.TrimRight(line[m[0]:m[1]], ".,;:)")
		href := addr
		if !strings.Contains(addr, "://") {
			href = "mailto:" + addr
		}
		b.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(addr) + `</a>`)
		last = m[0] + len(addr)
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}
