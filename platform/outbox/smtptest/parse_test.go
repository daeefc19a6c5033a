package smtptest_test

import (
	"bytes"
	"strings"
	"testing"

	"folkhalsa-events/platform/outbox/smtptest"
)

// A message written by hand, the way other mailers do it: Latin-1 subject in
// B-encoding, a base64 text part, a quoted-printable HTML part with soft breaks, and
// an attachment named through Content-Type only.
const handWritten = "From: =?ISO-8859-1?Q?Fr=E5n?= <a@example.se>\r\n" +
	"To: b@example.se\r\n" +
	"Subject: =?UTF-8?B?UMOlbWlubmVsc2U6IMWKdXZ0dGV0?=\r\n" +
	"Message-ID: <x1@example.se>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=OUT\r\n" +
	"\r\n" +
	"--OUT\r\n" +
	"Content-Type: multipart/alternative; boundary=ALT\r\n" +
	"\r\n" +
	"--ALT\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"SGVqIMOFc2EhCkFkasO2Lg==\r\n" +
	"--ALT\r\n" +
	"Content-Type: text/html; charset=iso-8859-1\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"<p>Hej =C5sa! En l=E5ng rad som =\r\n" +
	"bryts.</p>\r\n" +
	"--ALT--\r\n" +
	"--OUT\r\n" +
	"Content-Type: application/pdf; name=\"badge.pdf\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"JVBERi0xLjQKAAEC/w==\r\n" +
	"--OUT--\r\n"

func TestParseDecodesHeadersBodiesAndAttachments(t *testing.T) {
	p, err := smtptest.Parse([]byte(handWritten))
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "Påminnelse: Ŋuvttet" || !strings.HasPrefix(p.From, "Från") || p.MessageID != "<x1@example.se>" {
		t.Errorf("headers: subject %q from %q id %q", p.Subject, p.From, p.MessageID)
	}
	if p.Text != "Hej Åsa!\nAdjö." {
		t.Errorf("text %q", p.Text)
	}
	if p.HTML != "<p>Hej Åsa! En lång rad som bryts.</p>" {
		t.Errorf("html %q", p.HTML)
	}
	if len(p.Attachments) != 1 {
		t.Fatalf("%d attachments", len(p.Attachments))
	}
	a := p.Attachments[0]
	if a.Filename != "badge.pdf" || a.ContentType != "application/pdf" || !bytes.Equal(a.Data, []byte("%PDF-1.4\n\x00\x01\x02\xff")) {
		t.Errorf("attachment %q %q %q", a.Filename, a.ContentType, a.Data)
	}
}
