package app

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"folkhalsa-events/followup"
)

// The OpenAPI schemas of the JSON API are made from the Go types the handlers answer
// with, so the description follows the code; the test that checks every route's real
// answers against it (openapi_test.go) catches a handler that answers something else.
// Objects are closed (additionalProperties: false) and list every field that is not
// omitempty/omitzero as required. kin-openapi's openapi3gen does neither, which would
// let a renamed or dropped field pass, hence this small reflector.

type schemas struct {
	components openapi3.Schemas
}

func newSchemas() *schemas { return &schemas{components: openapi3.Schemas{}} }

var (
	timeType    = reflect.TypeOf(time.Time{})
	cellType    = reflect.TypeOf(followup.Cell{})
	rawJSONType = reflect.TypeOf(json.RawMessage(nil))
)

// of is the schema of a Go value's type; named structs become components.
func (sc *schemas) of(v any) *openapi3.SchemaRef { return sc.typ(reflect.TypeOf(v)) }

func (sc *schemas) typ(t reflect.Type) *openapi3.SchemaRef {
	if t == nil {
		return openapi3.NewSchemaRef("", &openapi3.Schema{})
	}
	switch t {
	case timeType:
		return openapi3.NewSchemaRef("", openapi3.NewDateTimeSchema())
	case cellType: // a count, or {"suppressed": true, "reason": …} under the small-cell rule
		hidden := openapi3.NewObjectSchema().WithProperty("suppressed", openapi3.NewBoolSchema()).
			WithProperty("reason", openapi3.NewStringSchema().WithEnum(followup.ReasonSmall, followup.ReasonSecondary))
		hidden.Required = []string{"suppressed", "reason"}
		hidden.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.BoolPtr(false)}
		return openapi3.NewSchemaRef("", openapi3.NewOneOfSchema(openapi3.NewIntegerSchema(), hidden))
	case rawJSONType:
		return openapi3.NewSchemaRef("", &openapi3.Schema{})
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := sc.typ(t.Elem())
		return openapi3.NewSchemaRef("", &openapi3.Schema{AnyOf: openapi3.SchemaRefs{inner, openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"null"}})}})
	case reflect.String:
		return openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	case reflect.Bool:
		return openapi3.NewSchemaRef("", openapi3.NewBoolSchema())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return openapi3.NewSchemaRef("", openapi3.NewIntegerSchema())
	case reflect.Float32, reflect.Float64:
		return openapi3.NewSchemaRef("", openapi3.NewFloat64Schema())
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // []byte: base64
			return openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		}
		s := openapi3.NewArraySchema().WithItems(sc.typ(t.Elem()).Value)
		s.Items = sc.typ(t.Elem())
		s.Type = &openapi3.Types{"array", "null"} // a nil slice is null
		return openapi3.NewSchemaRef("", s)
	case reflect.Map:
		s := openapi3.NewObjectSchema()
		s.AdditionalProperties = openapi3.AdditionalProperties{Schema: sc.typ(t.Elem())}
		s.Type = &openapi3.Types{"object", "null"}
		return openapi3.NewSchemaRef("", s)
	case reflect.Interface:
		return openapi3.NewSchemaRef("", &openapi3.Schema{})
	case reflect.Struct:
		name := componentName(t)
		if name != "" {
			if _, ok := sc.components[name]; !ok {
				sc.components[name] = openapi3.NewSchemaRef("", openapi3.NewObjectSchema()) // placeholder for recursion
				sc.components[name] = openapi3.NewSchemaRef("", sc.object(t))
			}
			return openapi3.NewSchemaRef("#/components/schemas/"+name, sc.components[name].Value)
		}
		return openapi3.NewSchemaRef("", sc.object(t))
	}
	return openapi3.NewSchemaRef("", &openapi3.Schema{})
}

// object is a struct's closed object schema; embedded structs lend their fields, and
// a field of the outer struct shadows one of the same name (as encoding/json does).
func (sc *schemas) object(t reflect.Type) *openapi3.Schema {
	s := openapi3.NewObjectSchema()
	no := false
	s.AdditionalProperties = openapi3.AdditionalProperties{Has: &no}
	sc.fields(t, s, map[string]bool{})
	return s
}

func (sc *schemas) fields(t reflect.Type, s *openapi3.Schema, seen map[string]bool) {
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != timeType {
				embedded = append(embedded, ft)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		s.WithPropertyRef(name, sc.typ(f.Type))
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			s.Required = append(s.Required, name)
		}
	}
	for _, e := range embedded {
		sc.fields(e, s, seen)
	}
}

// componentName names a struct type by package and name ("events.Event"); anonymous
// and test-local types stay inline.
func componentName(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	pkg := t.PkgPath()
	if i := strings.LastIndex(pkg, "/"); i >= 0 {
		pkg = pkg[i+1:]
	}
	return pkg + "." + t.Name()
}

// obj is a closed object of named properties, all required unless named "?name".
func (sc *schemas) obj(props map[string]any) *openapi3.SchemaRef {
	s := openapi3.NewObjectSchema()
	no := false
	s.AdditionalProperties = openapi3.AdditionalProperties{Has: &no}
	for name, v := range props {
		optional := strings.HasPrefix(name, "?")
		name = strings.TrimPrefix(name, "?")
		var ref *openapi3.SchemaRef
		switch x := v.(type) {
		case listOf:
			ref = sc.list(x.v)
		case *openapi3.SchemaRef:
			ref = x
		case *openapi3.Schema:
			ref = openapi3.NewSchemaRef("", x)
		case nil:
			ref = openapi3.NewSchemaRef("", &openapi3.Schema{})
		default:
			ref = sc.of(v)
		}
		s.WithPropertyRef(name, ref)
		if !optional {
			s.Required = append(s.Required, name)
		}
	}
	return openapi3.NewSchemaRef("", s)
}

// list is an array of v's type.
func (sc *schemas) list(v any) *openapi3.SchemaRef {
	item := sc.of(v)
	s := openapi3.NewArraySchema()
	s.Items = item
	s.Type = &openapi3.Types{"array", "null"}
	return openapi3.NewSchemaRef("", s)
}
