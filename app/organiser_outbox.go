package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/platform/outbox"
)

// The outbox (platform operators): the newest queued mail with its state and text,
// so that mail can be read where no SMTP server is set up (development: SMTP_HOST
// unset, and each queued mail is also logged) and a failed delivery can be looked
// into. It shows personal data (addresses and names), hence operators only.

const outboxPageSize = 100

type orgOutboxRow struct {
	outbox.Stored
	Created, Sent string
	StatusLabel   string
}

type orgOutboxPage struct {
	To        string // the address searched for, if any
	Rows      []orgOutboxRow
	NoSMTP    bool
	Truncated bool
}

// GET /organiser/outbox?to=…
func (s *server) orgOutbox(c *fiber.Ctx) error {
	lang := language(c)
	to := strings.TrimSpace(c.Query("to"))
	list, err := s.outbox.Messages(c.UserContext(), outbox.MessageFilter{To: to})
	if err != nil {
		return err
	}
	p := orgOutboxPage{To: to, NoSMTP: s.cfg.SMTP.Host == "", Truncated: len(list) > outboxPageSize}
	for _, m := range list[:min(len(list), outboxPageSize)] {
		row := orgOutboxRow{Stored: m, Created: orgDateTime(m.CreatedAt, lang), StatusLabel: tr(lang, "outbox.status."+string(m.Status))}
		if !m.SentAt.IsZero() {
			row.Sent = orgDateTime(m.SentAt, lang)
		}
		p.Rows = append(p.Rows, row)
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/outbox", tr(lang, "org.outbox.title"), p)
}
