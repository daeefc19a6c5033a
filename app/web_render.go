package app

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"folkhalsa-events/platform/locale"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// page is what every template receives.
type page struct {
	Lang  string
	Title string
	Path  string // current path without query
	// SwitchURL is this page in the other language: the same path and query (for GET
	// pages), with lang replaced.
	SwitchURL string
	Data      any
	// CSRF is the signed-in organiser's form token: every <form method="post"> to an
	// organiser route carries it as the hidden field csrf. Account is their e-mail
	// address, for the header. Both are empty outside the organiser side.
	CSRF    string
	Account string
}

// T translates a key for the template's language.
func (p page) T(key string) string { return tr(p.Lang, key) }

// Decimal is a number with one decimal as the page's language writes it: "2,5" in
// Swedish, "2.5" in English.
func (p page) Decimal(f float64) string { return decimal(f, p.Lang) }

// Tf is the text of key with args filled in ("Rum: %s").
func (p page) Tf(key string, args ...any) string { return tr(p.Lang, key, args...) }

// N is the text of key for the count n, in the plural form the language needs.
func (p page) N(key string, n int) string { return locale.N(p.Lang, key, n) }

// switchURL keeps a GET page's query (filters, an invitation code) when switching
// language; other requests (a form shown again after a POST) link to the plain path.
func switchURL(c *fiber.Ctx, lang string) string {
	q := url.Values{}
	if c.Method() == fiber.MethodGet {
		c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) { q.Add(string(k), string(v)) })
	}
	q.Set("lang", lang)
	return c.Path() + "?" + q.Encode()
}

// OtherLang is the language the switch link offers.
func (p page) OtherLang() string {
	if p.Lang == langEN {
		return langSV
	}
	return langEN
}

type views struct {
	pages map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"year": func() int { return time.Now().Year() },
}

// mustLoadViews parses the layout once per page so each page can define its own
// "content". Pages live in a folder per audience (templates/public, participant,
// organiser, door) and are named after it: "organiser/event". shared/ holds the layout,
// the error page and the form partials.
func mustLoadViews() *views {
	base := template.Must(template.New("layout.html").Funcs(templateFuncs).Funcs(publicFuncs).Funcs(organiserFuncs).
		Funcs(participantFuncs).Funcs(registrationFuncs).Funcs(badgeFuncs).ParseFS(templateFS, "templates/shared/layout.html"))
	entries, err := fs.Glob(templateFS, "templates/*/*.html")
	if err != nil {
		panic(err)
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, name := range entries {
		rel := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if rel == "shared/layout" || rel == "shared/partials" {
			continue
		}
		v.pages[rel] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, name))
	}
	return v
}

// render writes a full HTML page; the status set before the call is kept.
func (s *server) render(c *fiber.Ctx, name string, p page) error {
	t, ok := s.views.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p.Lang = language(c)
	p.Path = c.Path()
	p.SwitchURL = switchURL(c, p.OtherLang())
	if sc := organiser(c); sc.csrf != "" {
		p.CSRF, p.Account = sc.csrf, sc.principal.Email
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, p.Lang)
	c.Set(fiber.HeaderVary, "Accept-Language, Cookie")
	return c.Send(buf.Bytes())
}

func (s *server) static() fiber.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	return filesystem.New(filesystem.Config{
		Root:   http.FS(sub),
		MaxAge: 3600,
	})
}
