package app_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// Standards read back by parsers that are not ours: Debian's Python packages
// python3-feedparser (feeds) and python3-icalendar (calendar files), each run on
// Debian's own python3, where they install.

// python runs script with body on its standard input, after checking that module
// imports, and decodes the JSON it prints into v.
func python(t *testing.T, module, script string, body []byte, v any) {
	t.Helper()
	const python = "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil || exec.Command(python, "-c", "import "+module).Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3-%s not found: .ci/run must install Debian's python3-%s", module, module)
		}
		t.Skipf("python3-%s not installed (apt-get install python3-%s); CI runs this test", module, module)
	}
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", module, err, out)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s output %s: %v", module, out, err)
	}
}

// feedparserScript reads a feed with Python's feedparser (Debian's python3-feedparser),
// a parser that is not ours, and prints what a reader would see.
const feedparserScript = `
import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(d.bozo), "version": d.version, "language": d.feed.get("language"),
  "links": [[l.get("rel"), l.get("href")] for l in d.feed.get("links", [])],
  "entries": [{"id": e.get("id"), "link": e.get("link"), "author": e.get("author"),
               "email": (e.get("author_detail") or {}).get("email")} for e in d.entries]}))
`

type parsedFeed struct {
	Bozo     bool       `json:"bozo"`
	Version  string     `json:"version"`
	Language string     `json:"language"`
	Links    [][]string `json:"links"`
	Entries  []struct {
		ID, Link, Author, Email string
	} `json:"entries"`
}

func feedparser(t *testing.T, body []byte) parsedFeed {
	t.Helper()
	var f parsedFeed
	python(t, "feedparser", feedparserScript, body, &f)
	return f
}

// icalendarScript reads a calendar file with Python's icalendar and prints its
// METHOD and the first event's UID, SEQUENCE, STATUS and ORGANIZER.
const icalendarScript = `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
ev = [c for c in cal.walk("VEVENT")][0]
print(json.dumps({
  "method": str(cal.get("METHOD", "")), "uid": str(ev.get("UID")), "sequence": int(ev.get("SEQUENCE", 0)),
  "status": str(ev.get("STATUS", "")), "organizer": str(ev.get("ORGANIZER", "")),
  "attendees": [str(a) for a in (ev.get("ATTENDEE") if isinstance(ev.get("ATTENDEE"), list) else ([ev.get("ATTENDEE")] if ev.get("ATTENDEE") else []))]}))
`

type parsedCalendar struct {
	Method, UID, Status, Organizer string
	Sequence                       int
	Attendees                      []string
}

func icalendarOf(t *testing.T, body []byte) parsedCalendar {
	t.Helper()
	var c parsedCalendar
	python(t, "icalendar", icalendarScript, body, &c)
	return c
}
