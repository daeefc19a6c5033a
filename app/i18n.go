package app

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Languages: Swedish first, English second. ?lang= wins and is remembered in a cookie,
// then the cookie, then the browser's Accept-Language; anything else is Swedish.
const (
	langSV = "sv"
	langEN = "en"
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
	for _, part := range strings.Split(c.Get(fiber.HeaderAcceptLanguage), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "sv"):
			return langSV
		case strings.HasPrefix(tag, "en"):
			return langEN
		}
	}
	return langSV
}

// wantsHTML tells browser routes (HTML error page) from API clients (JSON error).
func wantsHTML(c *fiber.Ctx) bool {
	if strings.HasPrefix(c.Path(), "/api/") {
		return false
	}
	return strings.Contains(c.Get(fiber.HeaderAccept), "text/html")
}

// translations holds the interface texts: key → {Swedish, English}.
var translations = map[string][2]string{
	"site.name":     {"Folkhälsoevenemang", "Public health events"},
	"site.tagline":  {"Konferenser, nätverksträffar och utbildningar i regionalt folkhälsoarbete", "Conferences, network meetings and trainings in regional public health work"},
	"nav.skip":      {"Hoppa till innehållet", "Skip to content"},
	"nav.events":    {"Evenemang", "Events"},
	"nav.organiser": {"För arrangörer", "For organisers"},
	"nav.language":  {"In English", "På svenska"},
	"error.heading": {"Något blev fel", "Something went wrong"},
	"error.back":    {"Till startsidan", "Back to the start page"},
	"footer.text":   {"Folkhälsoevenemang – för länsstyrelser, regioner och kommuner", "Public health events – for county administrative boards, regions and municipalities"},
	"home.heading":  {"Kommande evenemang", "Upcoming events"},
	"home.none":     {"Inga evenemang är publicerade just nu.", "No events are published at the moment."},
}

// textTables are searched in order; each area of the interface keeps its own table.
var textTables = []map[string][2]string{translations, publicTexts, organiserTexts, participantTexts, registrationTexts, authTexts, badgeTexts}

func tr(lang, key string) string {
	var t [2]string
	found := false
	for _, table := range textTables {
		if t, found = table[key]; found {
			break
		}
	}
	if !found {
		return key
	}
	if lang == langEN {
		return t[1]
	}
	return t[0]
}
