// Package auth holds who may use the organiser side: accounts (e-mail and password),
// their memberships of organisations with a role, server-side sessions, password
// links (reset and invitation), per-organisation API tokens, sign-in rate limits and
// the audit log.
//
// It is a platform package like datastore and outbox: no Fiber and no domain package.
// app/ turns it into middleware, pages and routes; organisations themselves belong to
// the events package, and here an organisation is only its id.
//
// The store rule (README) holds throughout: every invariant is an insert of a
// document whose _id or unique key can exist only once. One membership per account
// and organisation is the _id "<account>/<org>"; one use of a password link is an
// insert of its hash into a second collection; an e-mail address belongs to one
// account by a unique index. Nothing is counted in place: failed sign-ins are one
// document each, counted over their window when someone tries again. Documents that
// requests look up (sessions, API tokens, links) are found by _id, the hash of the
// secret the client holds, so the store never holds a usable secret.
package accounts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

// Collection names, for tests and operators looking into the store.
const (
	AccountsCollection    = "auth_accounts"
	MembershipsCollection = "auth_memberships"
	SessionsCollection    = "auth_sessions"
	FailuresCollection    = "auth_signin_failures"
	LinksCollection       = "auth_password_links"
	LinksUsedCollection   = "auth_password_links_used"
	TokensCollection      = "auth_api_tokens"
	AuditCollection       = "audit_log"
)

// Role is what a member may do in one organisation.
type Role string

const (
	// RoleAdmin manages members and API tokens and reads the audit log, besides
	// everything an organiser does.
	RoleAdmin Role = "admin"
	// RoleOrganiser creates and changes events, agendas and registrations and exports
	// participant data.
	RoleOrganiser Role = "organiser"
	// RoleViewer reads events, participants and statistics; changes and exports nothing.
	RoleViewer Role = "viewer"
)

// Roles lists the roles from most to least powerful.
var Roles = []Role{RoleAdmin, RoleOrganiser, RoleViewer}

// Valid tells whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleOrganiser || r == RoleViewer }

// CanWrite tells whether the role may change things and export personal data.
func (r Role) CanWrite() bool { return r == RoleAdmin || r == RoleOrganiser }

// Errors. The app maps them to answers; none of them says whether an e-mail address
// has an account.
var (
	ErrNotFound        = errors.New("auth: not found")
	ErrInvalidEmail    = errors.New("auth: invalid e-mail address")
	ErrPasswordShort   = errors.New("auth: password too short")
	ErrPasswordLong    = errors.New("auth: password too long")
	ErrEmailTaken      = errors.New("auth: e-mail address already has an account")
	ErrAlreadyMember   = errors.New("auth: already a member")
	ErrInvalidRole     = errors.New("auth: invalid role")
	ErrBadCredentials  = errors.New("auth: wrong e-mail address or password")
	ErrRateLimited     = errors.New("auth: too many failed sign-ins")
	ErrNoSession       = errors.New("auth: no valid session")
	ErrLinkInvalid     = errors.New("auth: password link unknown, used or expired")
	ErrInvalidTokenArg = errors.New("auth: invalid token name")
)

// Config holds the lifetimes and limits; zero fields take the defaults.
type Config struct {
	// IdleTimeout ends a session not used for this long (default 8 h).
	IdleTimeout time.Duration
	// MaxAge ends a session this long after sign-in, used or not (default 7 days).
	MaxAge time.Duration
	// AccountFailures failed sign-ins for one e-mail address within FailureWindow
	// block further attempts for it until the oldest leaves the window (default 5).
	AccountFailures int
	// IPFailures is the same limit per client address (default 20).
	IPFailures int
	// FailureWindow is how far back failures count (default 15 min).
	FailureWindow time.Duration
}

// Defaults of Config.
const (
	DefaultIdleTimeout     = 8 * time.Hour
	DefaultMaxAge          = 7 * 24 * time.Hour
	DefaultAccountFailures = 5
	DefaultIPFailures      = 20
	DefaultFailureWindow   = 15 * time.Minute
	// ResetLinkTTL is how long a password reset link works.
	ResetLinkTTL = time.Hour
	// InviteLinkTTL is how long the set-password link of a new member works; after it,
	// "forgot password" sends a fresh one.
	InviteLinkTTL = 72 * time.Hour
	// touchEvery bounds the writes that keep a session alive: its last use is stored
	// at most this often (or a tenth of the idle timeout, if that is shorter), so the
	// idle timeout is exact to within this much.
	touchEvery = 5 * time.Minute
)

func (c *Config) defaults() {
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxAge <= 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.AccountFailures <= 0 {
		c.AccountFailures = DefaultAccountFailures
	}
	if c.IPFailures <= 0 {
		c.IPFailures = DefaultIPFailures
	}
	if c.FailureWindow <= 0 {
		c.FailureWindow = DefaultFailureWindow
	}
}

// Service is the auth store and its rules; safe for concurrent use.
type Service struct {
	cfg    Config
	log    *slog.Logger
	now    func() time.Time
	hasher *hasher

	accounts, memberships, sessions, failures, links, linksUsed, tokens, audit *mongo.Collection
}

// New uses the auth collections of db.
func New(db *mongo.Database, cfg Config, logger *slog.Logger) *Service {
	cfg.defaults()
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{
		cfg: cfg, log: logger, now: time.Now, hasher: newHasher(),
		accounts:    db.Collection(AccountsCollection),
		memberships: db.Collection(MembershipsCollection),
		sessions:    db.Collection(SessionsCollection),
		failures:    db.Collection(FailuresCollection),
		links:       db.Collection(LinksCollection),
		linksUsed:   db.Collection(LinksUsedCollection),
		tokens:      db.Collection(TokensCollection),
		audit:       db.Collection(AuditCollection),
	}
}

// SetClock replaces the clock, for tests of expiry.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Config returns the lifetimes and limits in force.
func (s *Service) Config() Config { return s.cfg }

// EnsureIndexes creates the indexes; safe at every start.
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, s.accounts, datastore.Unique("email_unique", "email")),
		datastore.EnsureIndexes(ctx, s.memberships, datastore.Index("by_account", "account_id"), datastore.Index("by_org", "org_id")),
		datastore.EnsureIndexes(ctx, s.sessions, datastore.Index("by_account", "account_id")),
		datastore.EnsureIndexes(ctx, s.failures, datastore.Index("by_key_at", "key", "at")),
		datastore.EnsureIndexes(ctx, s.tokens, datastore.Unique("id_unique", "id"), datastore.Index("by_org", "org_id")),
		datastore.EnsureIndexes(ctx, s.audit, datastore.Index("by_org_at", "org_id", "at"), datastore.Index("by_at", "at")),
		datastore.EnsureCollection(ctx, s.links),
		datastore.EnsureCollection(ctx, s.linksUsed),
	)
}

// hashSecret is how a secret the client holds (session token, API token, link token)
// is stored: its SHA-256 in hex. The secrets are 160 random bits, so no salt or slow
// hash is needed; a copy of the store grants nothing.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SessionID is the id (and _id) of the session a cookie token stands for.
func SessionID(token string) string { return hashSecret(token) }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }
