package app

import (
	"strings"

	"folkhalsa-events/events"
)

// contactRow is one line of an event's contact details as pages show them: the
// "contact-rows" partial draws them inside a <dl>, e-mail and phone as links.
type contactRow struct {
	Label, Text, Href string
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
		rows = append(rows, contactRow{Label: tr(lang, "contact.email"), Text: c.Email, Href: "mailto:" + c.Email})
	}
	if c.Phone != "" {
		rows = append(rows, contactRow{Label: tr(lang, "contact.phone"), Text: c.Phone, Href: "tel:" + telDigits(c.Phone)})
	}
	if c.Web != "" {
		rows = append(rows, contactRow{Label: tr(lang, "contact.web"), Text: c.Web, Href: c.Web})
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
