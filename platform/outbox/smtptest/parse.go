package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
)

// Parsed is a received message taken apart: headers decoded (RFC 2047), bodies and
// attachments decoded from base64 or quoted-printable.
type Parsed struct {
	Header      mail.Header // the top-level header, raw
	From        string      // decoded From header
	To          string      // decoded To header
	Subject     string      // decoded Subject
	MessageID   string
	Text        string // the first text/plain part that is not an attachment; line ends as "\n"
	HTML        string // the first text/html part that is not an attachment; line ends as "\n"
	Attachments []Attachment
}

// Attachment is a part sent as a file.
type Attachment struct {
	Filename    string            // decoded
	ContentType string            // media type only, lower case, e.g. "text/calendar"
	Params      map[string]string // Content-Type parameters (charset, method, name, ...)
	Data        []byte            // decoded bytes
}

// Parse fails the test if the message cannot be parsed.
func (r Received) Parse(t testing.TB) Parsed {
	t.Helper()
	p, err := Parse(r.Data)
	if err != nil {
		t.Fatalf("smtptest: parse received message: %v\n%s", err, r.Data)
	}
	return p
}

var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// Parse takes a raw RFC 5322 message apart with net/mail and mime/multipart.
func Parse(raw []byte) (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Parsed{}, err
	}
	p := Parsed{Header: msg.Header, MessageID: msg.Header.Get("Message-Id")}
	for dst, name := range map[*string]string{&p.From: "From", &p.To: "To", &p.Subject: "Subject"} {
		if *dst, err = wordDecoder.DecodeHeader(msg.Header.Get(name)); err != nil {
			return Parsed{}, fmt.Errorf("header %s: %w", name, err)
		}
	}
	if err := p.walk(textproto.MIMEHeader(msg.Header), msg.Body); err != nil {
		return Parsed{}, err
	}
	return p, nil
}

// walk visits one MIME entity, descending into multiparts.
func (p *Parsed) walk(h textproto.MIMEHeader, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart: decode the transfer encoding here, the same way for all parts.
			part, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	data, err := io.ReadAll(transferDecoder(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return fmt.Errorf("%s body: %w", mediaType, err)
	}
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	if filename, err = wordDecoder.DecodeHeader(filename); err != nil {
		return fmt.Errorf("filename: %w", err)
	}
	isFile := disposition == "attachment" || filename != ""
	switch {
	case !isFile && mediaType == "text/plain" && p.Text == "":
		p.Text, err = textBody(data, params["charset"])
	case !isFile && mediaType == "text/html" && p.HTML == "":
		p.HTML, err = textBody(data, params["charset"])
	default:
		p.Attachments = append(p.Attachments, Attachment{
			Filename: filename, ContentType: mediaType, Params: params, Data: data,
		})
	}
	return err
}

func transferDecoder(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r) // skips line breaks itself
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	default: // 7bit, 8bit, binary
		return r
	}
}

func textBody(data []byte, charset string) (string, error) {
	r, err := charsetReader(charset, bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(r)
	return strings.ReplaceAll(string(b), "\r\n", "\n"), err
}

// charsetReader knows the charsets the service sends (UTF-8) and the usual ASCII
// and Latin-1 fallbacks.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "", "utf-8", "utf8", "us-ascii":
		return r, nil
	case "iso-8859-1", "latin1":
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		runes := make([]rune, len(b))
		for i, c := range b {
			runes[i] = rune(c)
		}
		return strings.NewReader(string(runes)), nil
	default:
		return nil, fmt.Errorf("charset %q not supported by smtptest", charset)
	}
}
