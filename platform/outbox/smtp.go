package outbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"folkhalsa-events/config"
)

// unreachableError means nothing of the message reached the server: the connection,
// TLS handshake or login failed. Such an attempt is given back instead of counted, so
// an outage or a configuration mistake does not use up the attempts of every message.
type unreachableError struct{ err error }

func (e unreachableError) Error() string { return e.err.Error() }
func (e unreachableError) Unwrap() error { return e.err }

// connection is one SMTP session used for the messages of one pass. It dials on the
// first send and again after any failed send.
type connection struct {
	cfg    config.SMTP
	client *gomail.Client
}

func (c *connection) send(ctx context.Context, msg *gomail.Msg) error {
	for try := 1; ; try++ {
		if c.client == nil {
			client, err := newClient(c.cfg)
			if err != nil {
				return unreachableError{err}
			}
			if err := client.DialWithContext(ctx); err != nil {
				return unreachableError{fmt.Errorf("connect to %s:%d: %w", c.cfg.Host, c.cfg.Port, err)}
			}
			c.client = client
		}
		err := c.client.Send(msg)
		if err == nil {
			return nil
		}
		c.close() // the next message starts on a fresh session
		if try == 1 && deadBeforeSending(err) {
			continue // the kept session had timed out before this message: redial once
		}
		return err
	}
}

func (c *connection) close() {
	if c.client != nil {
		_ = c.client.Close()
		c.client = nil
	}
}

// deadBeforeSending reports go-mail's check of a kept connection (NOOP) failing,
// which happens before any of the message is sent.
func deadBeforeSending(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrConnCheck
}

// newClient maps the SMTP settings onto go-mail. "starttls" requires STARTTLS,
// "tls" is implicit TLS from the first byte (usually port 465), "none" is plain text.
func newClient(cfg config.SMTP) (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(sendTimeout)}
	switch cfg.Security {
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("SMTP_SECURITY %q: want starttls, tls or none", cfg.Security)
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
		if cfg.Security == "none" {
			// Without TLS go-mail's discovery refuses PLAIN and LOGIN. The operator chose
			// plain text explicitly (e.g. a relay on the same host), so allow them.
			opts = append(opts, gomail.WithOpportunisticSMTPAuth(
				gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1, gomail.SMTPAuthCramMD5,
				gomail.SMTPAuthPlainNoEnc, gomail.SMTPAuthLoginNoEnc))
		} else {
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover))
		}
	}
	return gomail.NewClient(cfg.Host, opts...)
}

// buildMail turns a stored message into a MIME message: a UTF-8 text part (quoted-
// printable), the HTML alternative if any, and base64 attachments, with RFC 2047
// encoded headers where they are not ASCII.
func buildMail(doc document, from *mail.Address, date time.Time) (*gomail.Msg, error) {
	to, err := mail.ParseAddress(doc.To)
	if err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(from)
	m.ToMailAddress(to)
	if doc.ReplyTo != "" {
		if err := m.ReplyTo(doc.ReplyTo); err != nil {
			return nil, fmt.Errorf("reply-to: %w", err)
		}
	}
	m.Subject(doc.Subject)
	m.SetDateWithValue(date)
	// The same Message-ID on every attempt lets mail clients merge the rare duplicate.
	m.SetMessageIDWithValue(doc.ID + ".outbox@" + domainOf(from.Address))
	// Keeps out-of-office replies and similar from answering automatic mail (RFC 3834).
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	if doc.Lang != "" {
		m.SetGenHeader(gomail.HeaderContentLang, doc.Lang)
	}
	m.SetBodyString(gomail.TypeTextPlain, doc.Text)
	if doc.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, doc.HTML)
	}
	for _, a := range doc.Attachments {
		err := m.AttachReader(a.Filename, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		if err != nil {
			return nil, fmt.Errorf("attachment %q: %w", a.Filename, err)
		}
	}
	return m, nil
}

func domainOf(address string) string {
	if at := strings.LastIndex(address, "@"); at >= 0 && at < len(address)-1 {
		return address[at+1:]
	}
	return "localhost"
}
