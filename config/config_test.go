package config_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/config"
)

func env(m map[string]string) config.Getenv {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	cfg, err := config.Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ListenAddr != ":8080" || cfg.Database != "folkhalsa" || cfg.Mode != config.Development {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
	if !cfg.Embedded() || !cfg.NeedsGeneratedSecret() {
		t.Error("no MONGODB_URI and no SECRET_KEY must mean embedded store and generated secret")
	}
	if !filepath.IsAbs(cfg.DataDir) || filepath.Base(cfg.DataDir) != "data" {
		t.Errorf("DataDir = %q, want absolute ./data", cfg.DataDir)
	}
	if cfg.BaseURL.String() != "http://localhost:8080" || cfg.RequestTimeout != 15*time.Second {
		t.Errorf("BaseURL %v RequestTimeout %v", cfg.BaseURL, cfg.RequestTimeout)
	}
	if cfg.SessionIdle != 8*time.Hour || cfg.SessionMaxAge != 7*24*time.Hour {
		t.Errorf("session lifetimes %v / %v, want 8h / 7 days", cfg.SessionIdle, cfg.SessionMaxAge)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"mode", map[string]string{"APP_ENV": "staging"}, []string{"APP_ENV"}},
		{"port", map[string]string{"SMTP_PORT": "seventy"}, []string{"SMTP_PORT"}},
		{"duration", map[string]string{"REQUEST_TIMEOUT": "-3s"}, []string{"REQUEST_TIMEOUT"}},
		{"base url", map[string]string{"BASE_URL": "events.example.se"}, []string{"BASE_URL"}},
		{"log level", map[string]string{"LOG_LEVEL": "loud"}, []string{"LOG_LEVEL"}},
		{"short secret", map[string]string{"SECRET_KEY": "abc"}, []string{"SECRET_KEY"}},
		{"db name", map[string]string{"MONGODB_DATABASE": "a.b"}, []string{"MONGODB_DATABASE"}},
		{"uri scheme", map[string]string{"MONGODB_URI": "postgres://x"}, []string{"MONGODB_URI"}},
		{"embedded on public address", map[string]string{"EMBEDDED_DB_ADDR": "0.0.0.0:27017"}, []string{"EMBEDDED_DB_ADDR"}},
		{"production needs secret, store and smtp", map[string]string{"APP_ENV": "production"}, []string{"SECRET_KEY", "MONGODB_URI", "SMTP_HOST", "OPERATOR_EMAIL"}},
		{"operator address", map[string]string{"OPERATOR_EMAIL": "Operator <x@example.se>"}, []string{"OPERATOR_EMAIL"}},
		{"review date", map[string]string{"ACCESSIBILITY_REVIEWED": "yesterday"}, []string{"ACCESSIBILITY_REVIEWED"}},
		{"frame ancestors", map[string]string{"EMBED_FRAME_ANCESTORS": "https://ok.example.se, www.bad.example.se, https://x.example.se/page"}, []string{"EMBED_FRAME_ANCESTORS"}},
		{"proxy list", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, lb.internal"}, []string{"TRUSTED_PROXIES"}},
		{"several at once", map[string]string{"RETENTION_DAYS": "0", "LOG_FORMAT": "xml"}, []string{"RETENTION_DAYS", "LOG_FORMAT"}},
		{"session idle", map[string]string{"SESSION_IDLE_TIMEOUT": "forever"}, []string{"SESSION_IDLE_TIMEOUT"}},
		{"session shorter than idle", map[string]string{"SESSION_IDLE_TIMEOUT": "9h", "SESSION_MAX_AGE": "8h"}, []string{"SESSION_MAX_AGE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Load(env(tc.env))
			if err == nil {
				t.Fatal("Load accepted invalid configuration")
			}
			for _, v := range tc.want {
				if !strings.Contains(err.Error(), v+":") {
					t.Errorf("error %q does not name %s", err, v)
				}
			}
		})
	}
}

func TestProductionWithEverythingSet(t *testing.T) {
	cfg, err := config.Load(env(map[string]string{
		"APP_ENV":               "production",
		"MONGODB_URI":           "mongodb://app:hunter2hunter2@db1,db2/?replicaSet=rs0",
		"SECRET_KEY":            strings.Repeat("k", 40),
		"SMTP_HOST":             "smtp.example.se",
		"BASE_URL":              "https://events.example.se/",
		"OPERATOR_EMAIL":        "tillganglighet@lansstyrelsen.example",
		"EMBED_FRAME_ANCESTORS": "https://www.lansstyrelsen.example, https://www.umea.example",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Embedded() || cfg.NeedsGeneratedSecret() || !cfg.SecureCookies() {
		t.Errorf("production config misread: %+v", cfg)
	}
	if len(cfg.FrameAncestors) != 2 || cfg.Operator.Email != "tillganglighet@lansstyrelsen.example" {
		t.Errorf("operator or frame ancestors misread: %+v %v", cfg.Operator, cfg.FrameAncestors)
	}
	if cfg.BaseURL.String() != "https://events.example.se" {
		t.Errorf("trailing slash kept: %v", cfg.BaseURL)
	}
}

func TestLogValueMasksSecrets(t *testing.T) {
	cfg, err := config.Load(env(map[string]string{
		"MONGODB_URI":   "mongodb://app:hunter2hunter2@db1/",
		"SECRET_KEY":    "topsecret-topsecret-topsecret-topsecret",
		"SMTP_PASSWORD": "mailpass-123",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("config", "config", cfg)
	out := buf.String()
	for _, secret := range []string{"hunter2hunter2", "topsecret", "mailpass-123"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains secret %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "db1") {
		t.Errorf("log lost the non-secret part of the URI: %s", out)
	}
}

func TestDevSecretIsPersisted(t *testing.T) {
	dir := t.TempDir()
	key1, created, err := config.LoadOrCreateDevSecret(dir)
	if err != nil || !created || len(key1) < 32 {
		t.Fatalf("first call: key %d bytes, created %v, err %v", len(key1), created, err)
	}
	info, err := os.Stat(filepath.Join(dir, config.DevSecretFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", info, err)
	}
	key2, created, err := config.LoadOrCreateDevSecret(dir)
	if err != nil || created || !bytes.Equal(key1, key2) {
		t.Fatalf("second call must read the same key: created %v err %v", created, err)
	}
}
