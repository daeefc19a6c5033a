package followup

import (
	"fmt"
	"strconv"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// PDF is the report as an A4 document an organiser can attach to an annual report:
// the period and the rule, the totals, the events, and every table about people with
// its hidden figures shown as "< 3" (small) or ".." (hidden to protect a small one),
// and the period's planned events apart, uncounted. made is the date it was made.
func PDF(rep Report, lang string, made time.Time) ([]byte, error) {
	pdf := pdfkit.NewReport(func(page int) string {
		return fmt.Sprintf("%s · %s · %d", rep.Organisation, events.LongDate(made, lang), page)
	})
	t := func(key string, args ...any) string { return pdfkit.Sanitize(locale.T(lang, key, args...)) }
	ink, muted := pdfkit.Ink, pdfkit.Muted
	pdf.AddPage()
	pdfkit.SetFont(pdf, "B", 18, ink)
	pdf.MultiCell(0, 8, pdfkit.Sanitize(locale.T(lang, "followup.title")+": "+rep.Organisation), "", "L", false)
	pdfkit.SetFont(pdf, "", 11, muted)
	pdf.MultiCell(0, 6, pdfkit.Sanitize(events.LongDate(rep.From, lang)+" – "+events.LongDate(rep.To, lang)), "", "L", false)
	pdf.Ln(3)
	pdfkit.SetFont(pdf, "", 9, muted)
	pdf.MultiCell(0, 4.5, t("followup.rule", rep.MinCell, rep.MinCell), "", "L", false)
	pdf.MultiCell(0, 4.5, t("followup.who"), "", "L", false)
	pdf.Ln(3)

	heading := func(s string) {
		pdf.Ln(2)
		pdfkit.SetFont(pdf, "B", 12, ink)
		pdf.MultiCell(0, 6, pdfkit.Sanitize(s), "", "L", false)
		pdf.Ln(1)
	}
	row := func(label, value string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		pdfkit.SetFont(pdf, style, 10, ink)
		pdf.CellFormat(130, 5.5, pdfkit.Sanitize(label), "B", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5.5, pdfkit.Sanitize(value), "B", 1, "R", false, 0, "")
	}
	heading(t("followup.summary"))
	row(t("followup.held"), strconv.Itoa(rep.Held), false)
	row(t("followup.col.registered"), strconv.Itoa(rep.Registered), false)
	row(t("followup.col.attended"), strconv.Itoa(rep.Attended), false)
	row(t("followup.col.no_show"), strconv.Itoa(rep.NoShow), false)
	row(t("followup.col.reached"), strconv.Itoa(rep.Reached), true)
	row(t("followup.planned.count"), strconv.Itoa(rep.PlannedCount), false)
	row(t("followup.planned.registered"), strconv.Itoa(rep.PlannedRegistered), false)

	heading(t("followup.events"))
	for _, e := range rep.Events {
		row(events.LongDate(e.Start, lang)+" · "+e.Title.In(lang), strconv.Itoa(e.Reached), false)
	}
	heading(t("followup.planned"))
	pdfkit.SetFont(pdf, "", 9, muted)
	pdf.MultiCell(0, 4.5, t("followup.planned.note"), "", "L", false)
	for _, e := range rep.Planned {
		row(events.LongDate(e.Start, lang)+" · "+e.Title.In(lang), t("followup.pdf.planned_row", e.Registered), false)
	}
	if len(rep.Planned) == 0 {
		row(t("followup.planned.none"), "", false)
	}
	for _, tab := range []struct {
		key string
		t   Table
	}{{"followup.table.municipalities", rep.Municipalities}, {"followup.table.counties", rep.Counties},
		{"followup.table.org_types", rep.OrgTypes}, {"followup.table.genders", rep.Genders}} {
		heading(locale.T(lang, tab.key))
		for _, r := range tab.t.Rows {
			row(r.Label, r.Count.Text(rep.MinCell), false)
		}
		row(locale.T(lang, "followup.total"), tab.t.Total.Text(rep.MinCell), true)
	}
	heading(t("followup.areas"))
	for _, a := range rep.TargetAreas {
		row(a.Key+". "+a.Label, fmt.Sprintf("%d · %d", a.Events, a.Reached), false)
	}
	for _, a := range rep.PriorityAreas {
		row(a.Label, fmt.Sprintf("%d · %d", a.Events, a.Reached), false)
	}
	pdfkit.SetFont(pdf, "", 8, muted)
	pdf.MultiCell(0, 4, t("followup.pdf.areas_note"), "", "L", false)
	return pdfkit.Output(pdf)
}
