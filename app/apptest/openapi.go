package apptest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Every answer of an /api/v1 route that a test gets goes through checkAPI: it must
// match the app's own OpenAPI description (/api/v1/openapi.json), checked by
// kin-openapi: the status must be one it lists (or an error, described once for
// all), the body must fit its schema. Routes answered with success are counted, so
// that a package can demand every operation was seen working (Uncovered).

var apiCheck struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error

	mu      sync.Mutex
	covered map[string]bool // "GET /api/v1/events/{id}"
}

func init() {
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.FileBodyDecoder)
}

func (s *Server) loadAPIDoc() {
	apiCheck.once.Do(func() {
		resp, err := s.App.Test(httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil), -1)
		if err != nil {
			apiCheck.err = err
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		doc, err := openapi3.NewLoader().LoadFromData(body)
		if err != nil {
			apiCheck.err = fmt.Errorf("openapi.json: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			apiCheck.err = fmt.Errorf("openapi.json: %w", err)
			return
		}
		apiCheck.doc = doc
		apiCheck.router, apiCheck.err = legacy.NewRouter(doc)
		apiCheck.covered = map[string]bool{}
	})
}

func (s *Server) checkAPI(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	path := req.URL.Path
	if !strings.HasPrefix(path, "/api/v1/") || path == "/api/v1/openapi.json" {
		return
	}
	s.loadAPIDoc()
	if apiCheck.err != nil {
		t.Errorf("OpenAPI description: %v", apiCheck.err)
		return
	}
	u := *req.URL
	u.Scheme, u.Host = "http", "localhost"
	probe := req.Clone(context.Background())
	probe.URL = &u
	probe.Body = http.NoBody
	route, params, err := apiCheck.router.FindRoute(probe)
	if err != nil {
		// A path no route has, or a route a test made for itself; that every route of
		// the app is described is checked apart (MissingOperations).
		return
	}
	if ct, _, _ := mime.ParseMediaType(header.Get("Content-Type")); status >= 300 && status < 400 || (status >= 400 && ct == "text/html") {
		return // a form's redirect or page: the API answers JSON to JSON
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, ExcludeRequestQueryParams: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		shown := body
		if len(shown) > 600 {
			shown = shown[:600]
		}
		t.Errorf("%s %s answered %d, which the OpenAPI description does not allow: %v\n%s", req.Method, path, status, err, shown)
		return
	}
	if status < 300 {
		apiCheck.mu.Lock()
		apiCheck.covered[req.Method+" "+route.Path] = true
		apiCheck.mu.Unlock()
	}
}

// Uncovered lists the operations of the description no test saw answer with success.
func Uncovered() []string {
	apiCheck.mu.Lock()
	defer apiCheck.mu.Unlock()
	if apiCheck.doc == nil {
		return []string{"(the description was never loaded)"}
	}
	var out []string
	for path, item := range apiCheck.doc.Paths.Map() {
		for method := range item.Operations() {
			if !apiCheck.covered[method+" "+path] {
				out = append(out, method+" "+path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// MissingOperations lists the app's /api/v1 routes ("GET /api/v1/events/:id") the
// description lacks.
func MissingOperations(s *Server) []string {
	s.loadAPIDoc()
	if apiCheck.doc == nil {
		return []string{"(the description did not load)"}
	}
	var out []string
	for _, r := range s.App.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Path == "/api/v1/openapi.json" || r.Method == http.MethodHead || r.Method == "USE" {
			continue
		}
		item := apiCheck.doc.Paths.Value(openAPIPath(r.Path))
		if item == nil || item.GetOperation(r.Method) == nil {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	sort.Strings(out)
	return out
}

// openAPIPath is a Fiber route in OpenAPI's form: ":id" becomes "{id}".
func openAPIPath(route string) string { return fiberParam.ReplaceAllString(route, "{$1}") }

var fiberParam = regexp.MustCompile(`:([a-z]+)`)
