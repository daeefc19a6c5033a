package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

// Session is one signed-in browser. The client holds a random token; the document's
// _id is the token's hash, so reading the store does not let anyone sign in.
type Session struct {
	ID         string    `bson:"_id"`
	AccountID  string    `bson:"account_id"`
	CreatedAt  time.Time `bson:"created_at"`
	LastSeenAt time.Time `bson:"last_seen_at"`
	ExpiresAt  time.Time `bson:"expires_at"` // absolute end, MaxAge after sign-in
	IP         string    `bson:"ip,omitempty"`
	UserAgent  string    `bson:"user_agent,omitempty"`
}

// Principal is who is behind a request: an account through a session, or an
// organisation's API token.
type Principal struct {
	AccountID   string
	Email       string // the account's address; for a token, empty
	Operator    bool
	Memberships []Membership
	SessionID   string // set for a session; CSRF tokens are bound to it
	Token       *APIToken
}

// Role returns the principal's role in an organisation ("" when not a member).
func (p Principal) Role(orgID string) Role {
	for _, m := range p.Memberships {
		if m.OrgID == orgID {
			return m.Role
		}
	}
	return ""
}

// StartSession signs an account in: it returns the token for the cookie.
func (s *Service) StartSession(ctx context.Context, accountID, ip, userAgent string) (string, Session, error) {
	token := datastore.NewToken()
	now := s.clock()
	if len(userAgent) > 200 {
		userAgent = userAgent[:200]
	}
	se := Session{ID: SessionID(token), AccountID: accountID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.MaxAge), IP: ip, UserAgent: strings.ToValidUTF8(userAgent, "")}
	if _, err := s.sessions.InsertOne(ctx, se); err != nil {
		return "", Session{}, fmt.Errorf("auth: start session: %w", err)
	}
	// Sessions that ended without a sign-out are dropped as their owner signs in again.
	_, _ = s.sessions.DeleteMany(ctx, bson.D{{Key: "account_id", Value: accountID}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lt", Value: now}}}},
		bson.D{{Key: "last_seen_at", Value: bson.D{{Key: "$lt", Value: now.Add(-s.cfg.IdleTimeout)}}}},
	}}})
	return token, se, nil
}

// SessionPrincipal finds who a session token belongs to, or ErrNoSession when it is
// unknown, ended, idle for longer than IdleTimeout, older than MaxAge, or started
// before the account's "sign out everywhere".
func (s *Service) SessionPrincipal(ctx context.Context, token string) (Principal, error) {
	if token == "" || len(token) > 100 {
		return Principal{}, ErrNoSession
	}
	id := SessionID(token)
	var se Session
	err := s.sessions.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&se)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Principal{}, ErrNoSession
	}
	if err != nil {
		return Principal{}, fmt.Errorf("auth: load session: %w", err)
	}
	now := s.clock()
	if !now.Before(se.ExpiresAt) || now.Sub(se.LastSeenAt) >= s.cfg.IdleTimeout {
		_, _ = s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		return Principal{}, ErrNoSession
	}
	a, err := s.Account(ctx, se.AccountID)
	if errors.Is(err, ErrNotFound) {
		return Principal{}, ErrNoSession
	}
	if err != nil {
		return Principal{}, err
	}
	if se.CreatedAt.Before(a.SessionsNotBefore) {
		_, _ = s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		return Principal{}, ErrNoSession
	}
	if now.Sub(se.LastSeenAt) >= min(touchEvery, s.cfg.IdleTimeout/10) {
		// Best effort: two instances touching at once both write about the same time.
		_, err := s.sessions.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "last_seen_at", Value: now}}}})
		if err != nil {
			s.log.Warn("auth: keeping a session alive failed", "error", err)
		}
	}
	ms, err := s.Memberships(ctx, a.ID)
	if err != nil {
		return Principal{}, err
	}
	return Principal{AccountID: a.ID, Email: a.Email, Operator: a.Operator, Memberships: ms, SessionID: id}, nil
}

// EndSession signs one session out (unknown tokens are fine).
func (s *Service) EndSession(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	_, err := s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: SessionID(token)}})
	return err
}

// EndAllSessions signs the account out everywhere: sessions started before now stop
// working at their next request, and their documents are deleted.
func (s *Service) EndAllSessions(ctx context.Context, accountID string) error {
	res, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: accountID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "sessions_not_before", Value: s.clock()}}}})
	if err != nil {
		return fmt.Errorf("auth: end sessions: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	_, err = s.sessions.DeleteMany(ctx, bson.D{{Key: "account_id", Value: accountID}})
	return err
}

// SessionCount tells how many session documents an account has (for tests and the
// account page).
func (s *Service) SessionCount(ctx context.Context, accountID string) (int64, error) {
	return s.sessions.CountDocuments(ctx, bson.D{{Key: "account_id", Value: accountID}})
}
