package app

import (
	"html/template"
	"strings"

	"folkhalsa-events/events"
)

// contactRow is one line of an event's contact details as pages show them: the
// "contact-rows" partial draws them inside a <dl>, e-mail and phone as links.
type contactRow struct {
	Label, Text string
	// Href is built here from checked parts, so html/template may trust it: it would
	// otherwise replace a tel: link with "#ZgotmplZ" (it lets only http, https and
	// mailto through).
	Href template.URL
}

// contactRows lists the contact participants of ev are given (events.ContactOf).
func contactRows(ev events.Event, org events.Organisation, lang string) []contactRow {
	return contactRowsOf(events.ContactOf(ev, org), lang)
}

func contactRowsOf(c events.Contact, lang string) []contactRow {
	var rows []contactRow
	if c.Name != "" {
		rows = append(rows, contactRow{Label: tr(lang, "contact.person"), Text: c.Name})
	}
	if c.Email != "" {
		rows = append(rows, contactRow{Label: tr(lang, "contact.email"), Text: c.Email, Href: template.URL("mailto:" + mailtoSafe(c.Email))})
	}
	if c.Phone != "" {
		rows = append(rows, contactRow{Label: tr(lang, "contact.phone"), Text: c.Phone, Href: template.URL("tel:" + telDigits(c.Phone))})
	}
	if c.Web != "" {
		row := contactRow{Label: tr(lang, "contact.web"), Text: c.Web}
		if lower := strings.ToLower(c.Web); strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") {
			row.Href = template.URL(c.Web)
		}
		rows = append(rows, row)
	}
	return rows
}

// telDigits is a phone number as a tel: link wants it: "+46 90-10 00 00" → "+4690100000".
func telDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '+' || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, s)
}

// mailtoSafe keeps an address fit for a mailto: link: no spaces, quotes or angle brackets
// (the address was checked when it was saved; this is the template's second guard).
func mailtoSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || strings.ContainsRune(`"'<>\`, r) {
			return -1
		}
		return r
	}, s)
}
