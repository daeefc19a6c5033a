// Package config reads every setting of the service from environment variables.
//
// Each variable has a documented default (see Variables and README.md); Load validates
// them all and reports every bad one by name, so a misconfigured instance fails at start
// instead of at its first request.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Mode tells whether the service runs for development or production.
type Mode string

const (
	Development Mode = "development"
	Production  Mode = "production"
)

// SMTP holds the outgoing mail settings.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// Security is "starttls", "tls" or "none".
	Security string
}

// Operator is the organisation that runs the service (a county board, a region).
type Operator struct {
	Name  string
	Email string
	// Reviewed is the date (YYYY-MM-DD) the accessibility statement was last reviewed.
	Reviewed string
}

// Config is the whole configuration; it is passed explicitly, never kept in a global.
type Config struct {
	Mode       Mode
	ListenAddr string
	BaseURL    *url.URL

	MongoURI      string // empty: start the embedded store
	Database      string
	DataDir       string // absolute
	EmbeddedAddr  string // loopback host:port of the embedded store
	SecretKey     []byte // signs tokens; see secret.go for the development fallback
	secretFromEnv bool

	SMTP SMTP

	LogLevel  slog.Level
	LogFormat string // "text" or "json"

	// TrustedProxies are the load balancers whose X-Forwarded-For is believed;
	// empty means clients connect directly and their socket address is used.
	TrustedProxies []string

	// OutboxPoll is how often each instance looks for e-mail to send.
	OutboxPoll time.Duration

	// Operator is who runs the service: named in the accessibility statement, and
	// where its feedback form sends what people report.
	Operator Operator

	// FrameAncestors are the web sites (origins such as https://www.lansstyrelsen.se)
	// that may show the embeddable event list in an iframe; empty: none may.
	FrameAncestors []string

	// MetricsToken, when set, is the bearer token /metrics asks for; empty: /metrics
	// is open (keep it off the public network then).
	MetricsToken string

	// SessionIdle ends an organiser's session after this long unused; SessionMaxAge
	// ends it this long after signing in, used or not.
	SessionIdle   time.Duration
	SessionMaxAge time.Duration

	RetentionDays int
	// FollowUpMinCell is the smallest count of people a follow-up figure shows; smaller
	// ones show as "< n" (the small-cell rule, followup/cells.go).
	FollowUpMinCell int
	BodyLimit       int
	RequestTimeout  time.Duration
	ShutdownTimeout time.Duration

	// HTTP connection limits: reading one whole request, writing one response, and
	// keeping an idle keep-alive connection open. They stop slow clients from holding
	// connections and memory.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration

	// RepairInterval is how often each instance runs the repair pass (registration/
	// repair.go); RepairGrace is how old a half-made registration must be before it
	// is repaired, and how long a confirmation waits for its registration.
	RepairInterval, RepairGrace time.Duration

	// ReminderInterval is how often each instance looks for reminders, thanks and
	// unfinished message deliveries that are due
	// (registration/reminders.go); a reminder goes at most this late.
	ReminderInterval time.Duration

	// ParticipantConcurrency is how many participant writes (registrations,
	// cancellations, changes, link requests) one instance works on at once; the rest
	// wait their turn (registration/admission in app). Under a burst this lets some
	// requests finish instead of all of them sharing the store until their deadline.
	ParticipantConcurrency int
}

// Getenv looks a variable up; os.Getenv in production, a map in tests.
type Getenv func(string) string

// FieldError names the variable that is wrong.
type FieldError struct {
	Var     string
	Problem string
}

func (e FieldError) Error() string { return e.Var + ": " + e.Problem }

// Load reads and validates the configuration. All errors are returned together.
func Load(getenv Getenv) (Config, error) {
	r := reader{getenv: getenv}
	cfg := Config{
		Mode:             Mode(r.str("APP_ENV", string(Development))),
		ListenAddr:       r.str("LISTEN_ADDR", ":8080"),
		MongoURI:         r.str("MONGODB_URI", ""),
		Database:         r.str("MONGODB_DATABASE", "folkhalsa"),
		DataDir:          r.str("DATA_DIR", "./data"),
		EmbeddedAddr:     r.str("EMBEDDED_DB_ADDR", "127.0.0.1:0"),
		LogFormat:        r.str("LOG_FORMAT", "text"),
		RetentionDays:    r.integer("RETENTION_DAYS", 365, 1, 3650),
		FollowUpMinCell:  r.integer("FOLLOWUP_MIN_CELL", 3, 2, 100),
		BodyLimit:        r.integer("BODY_LIMIT_BYTES", 1<<20, 1024, 64<<20),
		RequestTimeout:   r.duration("REQUEST_TIMEOUT", 15*time.Second),
		ShutdownTimeout:  r.duration("SHUTDOWN_TIMEOUT", 20*time.Second),
		OutboxPoll:       r.duration("OUTBOX_POLL_INTERVAL", 5*time.Second),
		SessionIdle:      r.duration("SESSION_IDLE_TIMEOUT", 8*time.Hour),
		SessionMaxAge:    r.duration("SESSION_MAX_AGE", 7*24*time.Hour),
		ReadTimeout:      r.duration("HTTP_READ_TIMEOUT", 30*time.Second),
		WriteTimeout:     r.duration("HTTP_WRITE_TIMEOUT", 60*time.Second),
		IdleTimeout:      r.duration("HTTP_IDLE_TIMEOUT", 2*time.Minute),
		RepairInterval:   r.duration("REPAIR_INTERVAL", time.Minute),
		ReminderInterval: r.duration("REMINDER_INTERVAL", 10*time.Minute),
		RepairGrace:      r.duration("REPAIR_GRACE", 2*time.Minute),

		ParticipantConcurrency: r.integer("PARTICIPANT_CONCURRENCY", 32, 1, 10000),
		SMTP: SMTP{
			Host:     r.str("SMTP_HOST", ""),
			Port:     r.integer("SMTP_PORT", 587, 1, 65535),
			Username: r.str("SMTP_USERNAME", ""),
			Password: r.str("SMTP_PASSWORD", ""),
			From:     r.str("SMTP_FROM", "Folkhälsoevenemang <no-reply@localhost>"),
			Security: r.str("SMTP_SECURITY", "starttls"),
		},
	}

	cfg.Operator = Operator{Name: r.str("OPERATOR_NAME", "Folkhälsoevenemang"), Email: r.str("OPERATOR_EMAIL", ""),
		Reviewed: r.str("ACCESSIBILITY_REVIEWED", "2026-12-02")}
	if cfg.Operator.Email == "" && cfg.Mode == Production {
		r.fail("OPERATOR_EMAIL", "is required in production (the accessibility statement's feedback goes there)")
	}
	if e := cfg.Operator.Email; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			r.fail("OPERATOR_EMAIL", "must be one plain e-mail address")
		}
	}
	if _, err := time.Parse(time.DateOnly, cfg.Operator.Reviewed); err != nil {
		r.fail("ACCESSIBILITY_REVIEWED", "must be a date, YYYY-MM-DD")
	}
	cfg.FrameAncestors = r.list("EMBED_FRAME_ANCESTORS")
	for _, o := range cfg.FrameAncestors {
		if u, err := url.Parse(o); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			r.fail("EMBED_FRAME_ANCESTORS", fmt.Sprintf("%q is not an origin such as https://www.example.se", o))
		}
	}
	cfg.MetricsToken = r.str("METRICS_TOKEN", "")
	cfg.TrustedProxies = r.list("TRUSTED_PROXIES")
	for _, p := range cfg.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				r.fail("TRUSTED_PROXIES", fmt.Sprintf("%q is neither an IP address nor a CIDR range", p))
			}
		}
	}
	switch cfg.Mode {
	case Development, Production:
	default:
		r.fail("APP_ENV", `must be "development" or "production"`)
	}
	cfg.BaseURL = r.baseURL("BASE_URL", "http://localhost:8080")
	cfg.LogLevel = r.level("LOG_LEVEL", "info")
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		r.fail("LOG_FORMAT", `must be "text" or "json"`)
	}
	if _, _, err := net.SplitHostPort(cfg.ListenAddr); err != nil {
		r.fail("LISTEN_ADDR", "must be host:port, e.g. :8080")
	}
	if !validDatabaseName(cfg.Database) {
		r.fail("MONGODB_DATABASE", "must be 1-63 letters, digits, '_' or '-'")
	}
	if cfg.MongoURI != "" && !strings.HasPrefix(cfg.MongoURI, "mongodb://") && !strings.HasPrefix(cfg.MongoURI, "mongodb+srv://") {
		r.fail("MONGODB_URI", "must start with mongodb:// or mongodb+srv://")
	}
	if cfg.MongoURI == "" {
		if !loopback(cfg.EmbeddedAddr) {
			r.fail("EMBEDDED_DB_ADDR", "must be a loopback host:port such as 127.0.0.1:0 (the embedded store has no authentication)")
		}
		if cfg.Mode == Production {
			r.fail("MONGODB_URI", "is required in production (the embedded store is for development)")
		}
	}
	if abs, err := filepath.Abs(cfg.DataDir); err != nil {
		r.fail("DATA_DIR", "cannot be made absolute: "+err.Error())
	} else {
		cfg.DataDir = abs
	}
	switch cfg.SMTP.Security {
	case "starttls", "tls", "none":
	default:
		r.fail("SMTP_SECURITY", `must be "starttls", "tls" or "none"`)
	}
	if cfg.SMTP.Host == "" && cfg.Mode == Production {
		r.fail("SMTP_HOST", "is required in production (confirmation e-mails)")
	}
	if key := getenv("SECRET_KEY"); key != "" {
		if len(key) < 32 {
			r.fail("SECRET_KEY", "must be at least 32 characters")
		}
		cfg.SecretKey = []byte(key)
		cfg.secretFromEnv = true
	} else if cfg.Mode == Production {
		r.fail("SECRET_KEY", "is required in production (at least 32 random characters)")
	}

	if cfg.SessionMaxAge < cfg.SessionIdle {
		r.fail("SESSION_MAX_AGE", "must not be shorter than SESSION_IDLE_TIMEOUT")
	}
	// The repair pass must never take a slow request for a dead one.
	if cfg.RepairGrace < 2*cfg.RequestTimeout {
		r.fail("REPAIR_GRACE", fmt.Sprintf("must be at least twice REQUEST_TIMEOUT (%s)", cfg.RequestTimeout))
	}

	if len(r.errs) > 0 {
		return Config{}, errors.Join(r.errs...)
	}
	return cfg, nil
}

// NeedsGeneratedSecret reports whether the development fallback secret must be used.
func (c Config) NeedsGeneratedSecret() bool { return !c.secretFromEnv }

// Embedded reports whether the service starts its own store.
func (c Config) Embedded() bool { return c.MongoURI == "" }

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return c.BaseURL.Scheme == "https" }

// LogValue keeps secrets out of the log.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("mode", string(c.Mode)),
		slog.String("listen_addr", c.ListenAddr),
		slog.String("base_url", c.BaseURL.String()),
		slog.String("mongodb_uri", maskURI(c.MongoURI)),
		slog.String("database", c.Database),
		slog.String("data_dir", c.DataDir),
		slog.String("smtp_host", c.SMTP.Host),
		slog.Int("smtp_port", c.SMTP.Port),
		slog.String("smtp_username", c.SMTP.Username),
		slog.Bool("smtp_password_set", c.SMTP.Password != ""),
		slog.Bool("secret_key_from_env", c.secretFromEnv),
		slog.String("log_level", c.LogLevel.String()),
		slog.Int("retention_days", c.RetentionDays),
		slog.Int("followup_min_cell", c.FollowUpMinCell),
		slog.Duration("session_idle_timeout", c.SessionIdle),
		slog.Duration("session_max_age", c.SessionMaxAge),
		slog.Duration("request_timeout", c.RequestTimeout),
		slog.Duration("http_read_timeout", c.ReadTimeout),
		slog.Duration("http_write_timeout", c.WriteTimeout),
		slog.Duration("http_idle_timeout", c.IdleTimeout),
		slog.Duration("repair_interval", c.RepairInterval),
		slog.Duration("reminder_interval", c.ReminderInterval),
		slog.Duration("repair_grace", c.RepairGrace),
		slog.Int("participant_concurrency", c.ParticipantConcurrency),
		slog.String("operator_name", c.Operator.Name),
		slog.String("operator_email", c.Operator.Email),
		slog.Any("embed_frame_ancestors", c.FrameAncestors),
		slog.Bool("metrics_token_set", c.MetricsToken != ""),
	)
}

func maskURI(raw string) string {
	if raw == "" {
		return "(embedded)"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}

func validDatabaseName(name string) bool {
	if name == "" || len(name) > 63 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type reader struct {
	getenv Getenv
	errs   []error
}

func (r *reader) fail(name, problem string) {
	r.errs = append(r.errs, FieldError{Var: name, Problem: problem})
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) list(name string) []string {
	var out []string
	for _, part := range strings.Split(r.getenv(name), ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r *reader) integer(name string, def, min, max int) int {
	raw := r.str(name, "")
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		r.fail(name, fmt.Sprintf("must be a whole number from %d to %d, got %q", min, max, raw))
		return def
	}
	return n
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	raw := r.str(name, "")
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		r.fail(name, fmt.Sprintf("must be a positive duration such as 15s, got %q", raw))
		return def
	}
	return d
}

func (r *reader) level(name, def string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(r.str(name, def))); err != nil {
		r.fail(name, `must be "debug", "info", "warn" or "error"`)
		return slog.LevelInfo
	}
	return l
}

func (r *reader) baseURL(name, def string) *url.URL {
	raw := strings.TrimRight(r.str(name, def), "/")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail(name, fmt.Sprintf("must be an absolute http(s) URL such as https://events.example.se, got %q", raw))
		u, _ = url.Parse(def)
	}
	return u
}
