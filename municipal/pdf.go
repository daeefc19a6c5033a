package municipal

import (
	"fmt"
	"strconv"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// OverviewRow is one municipality of the county overview as the exports write it:
// labels and figures, reach already under the small-cell rule.
type OverviewRow struct {
	Code, Name, Step, Phase string
	Latest                  string // YYYY-MM-DD or ""
	Open, Overdue           int
	Agreements              int
	Reached                 string // "12" or "< 3"
	Events                  int
}

// OverviewPDF is the county overview on landscape A4: a row per municipality with its
// step, phase, latest contact, open and overdue actions and this year's reach.
func OverviewPDF(title string, rows []OverviewRow, min int, lang string, made time.Time) ([]byte, error) {
	pdf := pdfkit.New("L")
	pdf.SetMargins(14, 14, 14)
	pdf.SetAutoPageBreak(true, 16)
	t := func(key string, args ...any) string { return pdfkit.Sanitize(locale.T(lang, key, args...)) }
	ink, muted := pdfkit.RGB{R: 26, G: 26, B: 26}, pdfkit.RGB{R: 80, G: 80, B: 80}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-11)
		pdfkit.SetFont(pdf, "", 8, muted)
		pdf.CellFormat(0, 5, pdfkit.Sanitize(fmt.Sprintf("%s · %s · %d", title, events.LongDate(made, lang), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	widths := []float64{46, 62, 62, 26, 20, 20, 16, 17}
	head := []string{t("mun.col.municipality"), t("mun.col.step"), t("mun.col.phase"), t("mun.col.latest"),
		t("mun.col.open"), t("mun.col.overdue"), t("mun.col.reached"), t("mun.col.events")}
	header := func() {
		pdfkit.SetFont(pdf, "B", 8.5, ink)
		for i, h := range head {
			pdf.CellFormat(widths[i], 6, h, "B", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() > 1 {
			header()
		}
	})
	pdf.AddPage()
	pdfkit.SetFont(pdf, "B", 16, ink)
	pdf.MultiCell(0, 7, t("mun.title")+": "+pdfkit.Sanitize(title), "", "L", false)
	pdfkit.SetFont(pdf, "", 9, muted)
	pdf.MultiCell(0, 4.5, t("mun.pdf.lead", made.In(events.Stockholm).Year()), "", "L", false)
	pdf.MultiCell(0, 4.5, t("followup.rule", min, min), "", "L", false)
	pdf.Ln(3)
	header()
	pdfkit.SetFont(pdf, "", 8.5, ink)
	for _, r := range rows {
		cells := []string{r.Name, r.Step, r.Phase, r.Latest, strconv.Itoa(r.Open), strconv.Itoa(r.Overdue), r.Reached, strconv.Itoa(r.Events)}
		for i, v := range cells {
			pdf.CellFormat(widths[i], 5.5, pdfkit.Sanitize(fit(v, 44)), "B", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
	return pdfkit.Output(pdf)
}

// fit shortens a label to n characters so a row stays one line.
func fit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
