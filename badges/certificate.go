package badges

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// Attendance certificates (intyg): one A4 page per person who came, naming them, the
// event, the days they came and the hours that makes, and the organiser. They follow
// the check-ins (Attendance): only attendance that was recorded is certified.

// CertificateEvent is what a certificate says about the event.
type CertificateEvent struct {
	Title     string
	Start     time.Time
	End       time.Time
	Place     string
	Organiser string
	Days      []string // the event's days (events.Days)
}

// Attendee is one person to certify and the days they checked in ("" for the whole
// of a one-day event).
type Attendee struct {
	Name         string
	Organisation string
	Days         []string
}

// Hours is the time the person attended: the event's length for a one-day event;
// for a multi-day event, each day they came counts the daily hours from the start
// time to the end time.
func (ev CertificateEvent) Hours(a Attendee) float64 {
	if len(ev.Days) <= 1 {
		return ev.End.Sub(ev.Start).Hours()
	}
	s, e := ev.Start.In(events.Stockholm), ev.End.In(events.Stockholm)
	daily := time.Duration(e.Hour()*60+e.Minute()-s.Hour()*60-s.Minute()) * time.Minute
	if daily <= 0 {
		daily = 0
	}
	return daily.Hours() * float64(len(a.Days))
}

// hoursText is "7 timmar", "3,5 timmar", "1 hour".
func hoursText(h float64, lang string) string {
	h = math.Round(h*2) / 2
	n := strconv.FormatFloat(h, 'f', -1, 64)
	if lang != "en" {
		n = strings.ReplaceAll(n, ".", ",")
	}
	if h == 1 {
		return locale.T(lang, "cert.hour", n)
	}
	return locale.T(lang, "cert.hours", n)
}

// Certificates renders one page per attendee, in the given order; none gives an
// error (there is nothing to certify).
func Certificates(ev CertificateEvent, people []Attendee, lang string, issued time.Time) ([]byte, error) {
	if len(people) == 0 {
		return nil, ErrNotFound
	}
	pdf := pdfkit.New("P")
	pdf.SetMargins(25, 30, 25)
	pdf.SetAutoPageBreak(false, 0)
	ink, muted, accent := pdfkit.RGB{R: 26, G: 26, B: 26}, pdfkit.RGB{R: 80, G: 80, B: 80}, pdfkit.RGB{R: 29, G: 92, B: 143}
	t := func(key string, args ...any) string { return pdfkit.Sanitize(locale.T(lang, key, args...)) }
	line := func(style string, size, h float64, c pdfkit.RGB, text string) {
		pdfkit.SetFont(pdf, style, size, c)
		pdf.MultiCell(0, h, pdfkit.Sanitize(text), "", "C", false)
	}
	for _, a := range people {
		pdf.AddPage()
		pdfkit.SetColor(pdf, accent, 'D')
		pdf.SetLineWidth(1.2)
		pdf.Rect(15, 15, 180, 267, "D")
		pdf.SetY(55)
		line("B", 28, 12, accent, locale.T(lang, "cert.title"))
		pdf.Ln(14)
		line("", 13, 7, muted, locale.T(lang, "cert.certifies"))
		pdf.Ln(4)
		line("B", 22, 10, ink, a.Name)
		if a.Organisation != "" {
			line("", 12, 7, muted, a.Organisation)
		}
		pdf.Ln(6)
		line("", 13, 7, muted, locale.T(lang, "cert.took_part"))
		pdf.Ln(3)
		line("B", 17, 8, ink, ev.Title)
		pdf.Ln(3)
		line("", 12, 7, ink, certificateWhen(ev, a, lang))
		if ev.Place != "" {
			line("", 12, 7, ink, ev.Place)
		}
		pdf.Ln(3)
		line("", 12, 7, ink, t("cert.length", hoursText(ev.Hours(a), lang)))
		pdf.SetY(215)
		line("", 11, 6, muted, locale.T(lang, "cert.issued", events.LongDate(issued, lang)))
		if ev.Organiser != "" {
			pdf.Ln(10)
			pdfkit.SetColor(pdf, muted, 'D')
			pdf.SetLineWidth(0.3)
			pdf.Line(70, pdf.GetY(), 140, pdf.GetY())
			pdf.Ln(2)
			line("B", 12, 6, ink, ev.Organiser)
		}
	}
	return pdfkit.Output(pdf)
}

// certificateWhen is the event's time, or for a multi-day event the days attended.
func certificateWhen(ev CertificateEvent, a Attendee, lang string) string {
	if len(ev.Days) <= 1 || len(a.Days) == len(ev.Days) {
		return events.When(ev.Start, ev.End, lang)
	}
	var days []string
	for _, d := range a.Days {
		if t, err := time.ParseInLocation("2006-01-02", d, events.Stockholm); err == nil {
			days = append(days, events.LongDate(t, lang))
		}
	}
	return fmt.Sprintf(locale.T(lang, "cert.days"), strings.Join(days, ", "))
}
