package app

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/platform/locale"
)

// Languages: Swedish first, English second. ?lang= wins and is remembered in a cookie,
// then the cookie, then the browser's Accept-Language; anything else is Swedish.
const (
	langSV = locale.SV
	langEN = locale.EN
)

func language(c *fiber.Ctx) string {
	if l, ok := c.Locals("lang").(string); ok {
		return l
	}
	l := negotiate(c)
	c.Locals("lang", l)
	return l
}

func negotiate(c *fiber.Ctx) string {
	if q := c.Query("lang"); q == langSV || q == langEN {
		c.Cookie(&fiber.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()), SameSite: "Lax"})
		return q
	}
	if ck := c.Cookies("lang"); ck == langSV || ck == langEN {
		return ck
	}
	return locale.FromAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage))
}

// wantsHTML tells browser routes (HTML error page) from API clients (JSON error).
func wantsHTML(c *fiber.Ctx) bool {
	if strings.HasPrefix(c.Path(), "/api/") {
		return false
	}
	return strings.Contains(c.Get(fiber.HeaderAccept), "text/html")
}

// tr is the catalogue's text of key in lang (platform/locale).
func tr(lang, key string, args ...any) string { return locale.T(lang, key, args...) }
