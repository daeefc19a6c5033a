package app

import (
	"bytes"
	"encoding/csv"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/platform/sanitize"
)

// sendCSV answers with rows as a CSV for Excel: UTF-8 with a byte-order mark (so Excel
// shows å ä ö), semicolons (Swedish Excel's list separator), every cell made safe for
// spreadsheets, never cached (it may hold personal data).
func sendCSV(c *fiber.Ctx, filename string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = sanitize.SpreadsheetCell(cell)
		}
		if err := w.Write(safe); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	noStore(c)
	return c.Send(buf.Bytes())
}
