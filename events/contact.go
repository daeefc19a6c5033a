package events

import (
	"net/mail"
	"strings"
)

// Contact is how participants reach the people behind an event: an organisation's
// general contact (e-mail, phone, web site), or an event's contact person (name,
// e-mail, phone). Participants are shown it on the event's page, their manage page
// and the privacy page (as the data controller's contact), and it signs every mail,
// whose Reply-To is its e-mail.
type Contact struct {
	Name  string `bson:"name,omitempty" json:"name,omitempty"` // a contact person (events)
	Email string `bson:"email,omitempty" json:"email,omitempty"`
	Phone string `bson:"phone,omitempty" json:"phone,omitempty"`
	Web   string `bson:"web,omitempty" json:"web,omitempty"` // the organisation's site
}

// IsZero tells a contact with nothing in it.
func (c Contact) IsZero() bool { return c == Contact{} }

// ContactOf is the contact participants of ev are given: the event's contact person
// where the event names one, and the organisation's own details for the rest.
func ContactOf(ev Event, org Organisation) Contact {
	c := ev.Contact
	if c.Email == "" {
		c.Email = org.Contact.Email
	}
	if c.Phone == "" {
		c.Phone = org.Contact.Phone
	}
	c.Web = org.Contact.Web
	return c
}

const maxPhone = 40

// organisationContact validates an organisation's contact fields (contact_email,
// contact_phone, website).
func organisationContact(v *ValidationError, email, phone, web string) Contact {
	c := Contact{Email: strings.ToLower(CleanText(email)), Phone: CleanText(phone), Web: CleanText(web)}
	checkContact(v, c)
	if c.Web != "" && !validURL(c.Web) {
		v.Add("website", "events.err.website")
	}
	return c
}

// personContact validates an event's contact person (contact_name, contact_email,
// contact_phone).
func personContact(v *ValidationError, name, email, phone string) Contact {
	c := Contact{Name: CleanText(name), Email: strings.ToLower(CleanText(email)), Phone: CleanText(phone)}
	LimitText(v, "contact_name", name, maxShortText, "label.contact_name")
	checkContact(v, c)
	return c
}

func checkContact(v *ValidationError, c Contact) {
	if c.Email != "" && !validMailbox(c.Email) {
		v.Add("contact_email", "events.err.contact_email")
	}
	if c.Phone != "" && !validPhone(c.Phone) {
		v.Add("contact_phone", "events.err.contact_phone")
	}
}

// validMailbox accepts one bare address (no display name), as Reply-To carries it.
func validMailbox(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// validPhone accepts what people write: digits, spaces, +, -, parentheses and slashes.
func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()/", r):
		default:
			return false
		}
	}
	return digits >= 5 && len(s) <= maxPhone
}

// Line is the contact on one line of text: "Anna Berg, anna@x.se, 090-10 00 00".
func (c Contact) Line() string {
	var parts []string
	for _, p := range []string{c.Name, c.Email, c.Phone, c.Web} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
