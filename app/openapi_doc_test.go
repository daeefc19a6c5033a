package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"folkhalsa-events/app/apptest"
)

// The served description is a valid OpenAPI 3.1 document.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	r := s.Get(t, "/api/v1/openapi.json")
	if r.Status != 200 {
		t.Fatalf("openapi.json: %d", r.Status)
	}
	doc, err := openapi3.NewLoader().LoadFromData(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("version %s", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if doc.Webhooks["registration.created"] == nil || doc.Paths.Find("/api/v1/events/{id}") == nil {
		t.Error("the description lacks the webhooks or the routes")
	}
}

// Every /api/v1 route of the app is in the description.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	if missing := apptest.MissingOperations(s); len(missing) > 0 {
		t.Fatalf("routes the OpenAPI description lacks:\n%s", strings.Join(missing, "\n"))
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
