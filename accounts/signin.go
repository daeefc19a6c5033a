package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
)

// failure is one failed sign-in, kept for the limit's window. One document per
// attempt, counted when the next attempt comes: nothing is incremented in place.
type failure struct {
	ID  string    `bson:"_id"`
	Key string    `bson:"key"` // "email:<address>" or "ip:<address>"
	At  time.Time `bson:"at"`
}

func emailKey(email string) string { return "email:" + email }
func ipKey(ip string) string       { return "ip:" + ip }

// SignIn checks an e-mail address and password and starts a session. Every failure
// is ErrBadCredentials, whether the address has no account, the account has no
// password yet or the password is wrong, and each takes one password hash's time.
// After AccountFailures failures for the address or IPFailures from the address ip
// within FailureWindow, it is ErrRateLimited without looking at the password, the
// right one included, until enough failures have left the window.
func (s *Service) SignIn(ctx context.Context, email, password, ip, userAgent string) (Account, string, error) {
	norm, err := NormalizeEmail(email)
	if err != nil {
		// Not an address: limited and timed like any other miss.
		norm = "invalid"
	}
	limited, err := s.limited(ctx, norm, ip)
	if err != nil {
		return Account{}, "", err
	}
	if limited {
		return Account{}, "", ErrRateLimited
	}
	a, err := s.AccountByEmail(ctx, norm)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Account{}, "", err
	}
	if !s.hasher.verify(password, a.PasswordHash) || a.ID == "" {
		s.recordFailure(ctx, norm, ip)
		return Account{}, "", ErrBadCredentials
	}
	// A success clears the address's failures (not the client address's).
	_, _ = s.failures.DeleteMany(ctx, bson.D{{Key: "key", Value: emailKey(norm)}})
	token, _, err := s.StartSession(ctx, a.ID, ip, userAgent)
	if err != nil {
		return Account{}, "", err
	}
	return a, token, nil
}

// limited counts the failures of the address and of the client within the window.
// A scan on the embedded store, acceptable on this path.
func (s *Service) limited(ctx context.Context, email, ip string) (bool, error) {
	since := s.clock().Add(-s.cfg.FailureWindow)
	n, err := s.failures.CountDocuments(ctx, bson.D{{Key: "key", Value: emailKey(email)}, {Key: "at", Value: bson.D{{Key: "$gt", Value: since}}}})
	if err != nil {
		return false, fmt.Errorf("auth: count failures: %w", err)
	}
	if n >= int64(s.cfg.AccountFailures) {
		return true, nil
	}
	if ip == "" {
		return false, nil
	}
	n, err = s.failures.CountDocuments(ctx, bson.D{{Key: "key", Value: ipKey(ip)}, {Key: "at", Value: bson.D{{Key: "$gt", Value: since}}}})
	if err != nil {
		return false, fmt.Errorf("auth: count failures: %w", err)
	}
	return n >= int64(s.cfg.IPFailures), nil
}

func (s *Service) recordFailure(ctx context.Context, email, ip string) {
	now := s.clock()
	docs := []any{failure{ID: datastore.NewID(), Key: emailKey(email), At: now}}
	if ip != "" {
		docs = append(docs, failure{ID: datastore.NewID(), Key: ipKey(ip), At: now})
	}
	if _, err := s.failures.InsertMany(ctx, docs); err != nil {
		s.log.Error("auth: recording a failed sign-in", "error", err)
	}
	// Failures that no longer count are dropped as new ones come for the same keys.
	old := now.Add(-s.cfg.FailureWindow)
	keys := bson.A{emailKey(email)}
	if ip != "" {
		keys = append(keys, ipKey(ip))
	}
	_, _ = s.failures.DeleteMany(ctx, bson.D{{Key: "key", Value: bson.D{{Key: "$in", Value: keys}}}, {Key: "at", Value: bson.D{{Key: "$lt", Value: old}}}})
}
