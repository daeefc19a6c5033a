package logctx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"folkhalsa-events/platform/logctx"
)

func TestRecordsLoggedWithTheContextCarryTheID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(logctx.NewHandler(slog.NewJSONHandler(&buf, nil))).With("component", "test")
	log.InfoContext(logctx.WithRequestID(context.Background(), "abc-1"), "with")
	log.Info("without")
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	var first, second map[string]any
	if len(lines) != 2 || json.Unmarshal(lines[0], &first) != nil || json.Unmarshal(lines[1], &second) != nil {
		t.Fatalf("log:\n%s", buf.String())
	}
	if first["request_id"] != "abc-1" || first["component"] != "test" {
		t.Errorf("with a request: %v", first)
	}
	if _, ok := second["request_id"]; ok {
		t.Errorf("without a request: %v", second)
	}
}
