package privacy

import (
	"strings"

	"github.com/jung-kurt/gofpdf"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// PDF is the report for people to read: each registration's fields with their
// labels, check-ins and mails, and what the person can do next.
func PDF(rep Report, lang string) ([]byte, error) {
	pdf := pdfkit.NewReport(func(int) string {
		return rep.Email + " · " + locale.T(lang, "privacy.pdf.made", events.LongDate(rep.Generated, lang))
	})
	t := func(key string, args ...any) string { return pdfkit.Sanitize(locale.T(lang, key, args...)) }
	ink, muted := pdfkit.Ink, pdfkit.Muted
	pdf.AddPage()
	pdfkit.SetFont(pdf, "B", 16, ink)
	pdf.MultiCell(0, 8, t("privacy.pdf.title"), "", "L", false)
	pdfkit.SetFont(pdf, "", 10, ink)
	pdf.MultiCell(0, 5, t("privacy.pdf.lead", rep.Email), "", "L", false)
	if rep.Scope != "" {
		pdf.MultiCell(0, 5, t("privacy.pdf.scope", rep.Scope), "", "L", false)
	}
	pdf.Ln(3)
	if len(rep.Registrations) == 0 {
		pdf.MultiCell(0, 5, t("privacy.none"), "", "L", false)
	}
	for _, r := range rep.Registrations {
		pdfkit.SetFont(pdf, "B", 12, ink)
		pdf.MultiCell(0, 6, pdfkit.Sanitize(r.Event.Title), "", "L", false)
		pdfkit.SetFont(pdf, "", 9, muted)
		pdf.MultiCell(0, 4.5, pdfkit.Sanitize(events.When(r.Event.Start, r.Event.End, lang)+" · "+r.Event.Organisation), "", "L", false)
		pdf.Ln(1)
		for _, f := range r.Details {
			field(pdf, pdfkit.Sanitize(f.Label), pdfkit.Sanitize(f.Value), ink, muted)
		}
		for _, c := range r.CheckIns {
			field(pdf, t("privacy.f.checkin"), pdfkit.Sanitize(c.At.In(events.Stockholm).Format("2006-01-02 15:04")+" · "+c.Station), ink, muted)
		}
		pdf.Ln(4)
	}
	if m := rep.Municipal; m != nil && !m.Empty() {
		pdfkit.SetFont(pdf, "B", 12, ink)
		pdf.MultiCell(0, 6, t("privacy.municipal"), "", "L", false)
		for _, c := range m.Contacts {
			field(pdf, t("privacy.f.contact"), pdfkit.Sanitize(strings.Trim(c.Name+", "+c.Role+", "+c.Email, ", ")), ink, muted)
		}
		for _, r := range m.Requests {
			text := r.Municipality + " · " + r.ReceivedAt.In(events.Stockholm).Format("2006-01-02") + " · " + strings.Trim(r.Name+", "+r.Role+", "+r.Phone, ", ")
			if r.Message != "" {
				text += "\n" + r.Message
			}
			field(pdf, t("privacy.f.request"), pdfkit.Sanitize(text), ink, muted)
		}
		pdf.Ln(4)
	}
	if len(rep.Mails) > 0 {
		pdfkit.SetFont(pdf, "B", 12, ink)
		pdf.MultiCell(0, 6, t("privacy.mails"), "", "L", false)
		for _, m := range rep.Mails {
			field(pdf, pdfkit.Sanitize(m.Queued.In(events.Stockholm).Format("2006-01-02 15:04")), pdfkit.Sanitize(m.Subject), ink, muted)
		}
		pdf.Ln(4)
	}
	pdfkit.SetFont(pdf, "B", 12, ink)
	pdf.MultiCell(0, 6, t("privacy.rights"), "", "L", false)
	pdfkit.SetFont(pdf, "", 10, ink)
	pdf.MultiCell(0, 5, t("privacy.rights.text", rep.RetentionDays), "", "L", false)
	return pdfkit.Output(pdf)
}

// field is one "label: value" line, the value wrapped beside the label.
func field(pdf *gofpdf.Fpdf, label, value string, ink, muted pdfkit.RGB) {
	pdfkit.SetFont(pdf, "", 9, muted)
	y := pdf.GetY()
	pdf.MultiCell(48, 5, label, "", "L", false)
	after := pdf.GetY()
	pdf.SetXY(18+50, y)
	pdfkit.SetFont(pdf, "", 10, ink)
	pdf.MultiCell(0, 5, value, "", "L", false)
	if pdf.GetY() < after {
		pdf.SetY(after)
	}
}
