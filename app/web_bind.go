package app

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/platform/sanitize"
)

var errNotUTF8 = apiError{http.StatusBadRequest, "invalid_encoding",
	"err.invalid_encoding"}

// bind reads a JSON or form body into v. Go's JSON decoder would silently turn invalid
// UTF-8 into U+FFFD, so the raw body is checked first; bad input never reaches a store.
func bind(c *fiber.Ctx, v any) error {
	if !utf8.Valid(c.Body()) {
		return errNotUTF8
	}
	if err := c.BodyParser(v); err != nil {
		if err == fiber.ErrUnprocessableEntity {
			return fiber.ErrUnsupportedMediaType
		}
		return errBadJSON
	}
	// No control or format character goes further; the domain cleans each field too.
	sanitize.Strings(v)
	return nil
}

// queryInt reads an integer query parameter, or def when absent or malformed.
func queryInt(c *fiber.Ctx, name string, def int) int {
	n, err := strconv.Atoi(c.Query(name))
	if err != nil {
		return def
	}
	return n
}
