package registration

import (
	"context"
	"fmt"
	"strings"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/pdfkit"
)

// The participant list people agreed to share: the form asks whether a person's name
// and organisation may stand on the list shared with the other participants. Only
// those with a place who ticked it are on it, by name, with their organisation and
// municipality; nobody else, in any form of it.

// ListedPerson is one line of the shared participant list.
type ListedPerson struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Municipality string `json:"municipality"`
}

// SharedList is the event's participant list: those confirmed who agreed to be on
// it, sorted by last name, then first name.
func (s *Service) SharedList(ctx context.Context, eventID string) ([]ListedPerson, error) {
	list, err := s.List(ctx, eventID, ListFilter{Status: StatusConfirmed})
	if err != nil {
		return nil, err
	}
	out := []ListedPerson{}
	for _, r := range list {
		if r.ListConsent && r.AnonymisedAt.IsZero() {
			out = append(out, ListedPerson{Name: r.FullName(), Organisation: r.Organisation, Municipality: r.Municipality})
		}
	}
	return out, nil
}

// SharedListPDF is the shared list as an A4 document the organiser can print or send.
func SharedListPDF(ev events.Event, orgName string, people []ListedPerson, lang string, made time.Time) ([]byte, error) {
	pdf := pdfkit.NewReport(func(page int) string {
		return fmt.Sprintf("%s · %s · %d", orgName, events.LongDate(made, lang), page)
	})
	t := func(key string, args ...any) string { return pdfkit.Sanitize(locale.T(lang, key, args...)) }
	ink, muted := pdfkit.Ink, pdfkit.Muted
	pdf.AddPage()
	pdfkit.SetFont(pdf, "B", 16, ink)
	pdf.MultiCell(0, 8, t("shared.title")+": "+pdfkit.Sanitize(ev.Title.In(lang)), "", "L", false)
	pdfkit.SetFont(pdf, "", 10, muted)
	pdf.MultiCell(0, 5, pdfkit.Sanitize(events.When(ev.Start, ev.End, lang)+" · "+events.Place(ev, lang)), "", "L", false)
	pdf.MultiCell(0, 5, t("shared.lead", len(people)), "", "L", false)
	pdf.Ln(3)
	widths := []float64{60, 70, 44}
	pdfkit.SetFont(pdf, "B", 10, ink)
	for i, h := range []string{t("shared.col.name"), t("shared.col.organisation"), t("shared.col.municipality")} {
		pdf.CellFormat(widths[i], 6, h, "B", 0, "L", false, 0, "")
	}
	pdf.Ln(-1)
	pdfkit.SetFont(pdf, "", 10, ink)
	_, pageHeight := pdf.GetPageSize()
	for _, p := range people {
		// Each column wraps on its own; the row is as tall as its longest cell, and
		// goes whole to the next page when it does not fit.
		cells := [][]string{}
		lines := 1
		for i, v := range []string{p.Name, p.Organisation, p.Municipality} {
			c := pdf.SplitText(pdfkit.Sanitize(v), widths[i]-1)
			cells, lines = append(cells, c), max(lines, len(c))
		}
		h := 5 * float64(lines)
		if pdf.GetY()+h+1 > pageHeight-18 {
			pdf.AddPage()
		}
		x, y := pdf.GetX(), pdf.GetY()
		left := x
		for i, c := range cells {
			pdf.SetXY(left, y+0.5)
			pdf.MultiCell(widths[i], 5, strings.Join(c, "\n"), "", "L", false)
			left += widths[i]
		}
		pdf.Line(x, y+h+1, left, y+h+1)
		pdf.SetXY(x, y+h+1)
	}
	if len(people) == 0 {
		pdf.MultiCell(0, 6, t("shared.none"), "", "L", false)
	}
	return pdfkit.Output(pdf)
}
