package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore"
)

// Password links: "forgot password" (valid ResetLinkTTL) and the invitation of a new
// member to set a first password (valid InviteLinkTTL). The link carries a random
// token; the store has its hash. A link works once: using it inserts its hash into a
// second collection, which only one use can do. A link also stops working once the
// password has changed after the link was made.

// LinkPurpose tells a reset link from an invitation.
type LinkPurpose string

const (
	LinkReset  LinkPurpose = "reset"
	LinkInvite LinkPurpose = "invite"
)

type passwordLink struct {
	ID        string      `bson:"_id"` // hash of the token
	AccountID string      `bson:"account_id"`
	Purpose   LinkPurpose `bson:"purpose"`
	CreatedAt time.Time   `bson:"created_at"`
	ExpiresAt time.Time   `bson:"expires_at"`
}

type usedLink struct {
	ID     string    `bson:"_id"`
	UsedAt time.Time `bson:"used_at"`
}

// IssuePasswordLink makes a link token for the account; the caller mails it.
func (s *Service) IssuePasswordLink(ctx context.Context, accountID string, purpose LinkPurpose) (string, time.Time, error) {
	ttl := ResetLinkTTL
	if purpose == LinkInvite {
		ttl = InviteLinkTTL
	}
	token := datastore.NewToken()
	now := s.clock()
	l := passwordLink{ID: hashSecret(token), AccountID: accountID, Purpose: purpose, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if _, err := s.links.InsertOne(ctx, l); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: issue password link: %w", err)
	}
	return token, l.ExpiresAt, nil
}

// RequestReset makes a reset link for the account of an address. ErrNotFound when
// there is none: the caller must answer the same either way.
func (s *Service) RequestReset(ctx context.Context, email string) (Account, string, error) {
	a, err := s.AccountByEmail(ctx, email)
	if err != nil {
		return Account{}, "", err
	}
	token, _, err := s.IssuePasswordLink(ctx, a.ID, LinkReset)
	if err != nil {
		return Account{}, "", err
	}
	return a, token, nil
}

// CheckPasswordLink tells whose a link is, or ErrLinkInvalid when it is unknown,
// expired, used, or older than the account's last password change.
func (s *Service) CheckPasswordLink(ctx context.Context, token string) (Account, LinkPurpose, error) {
	if token == "" || len(token) > 100 {
		return Account{}, "", ErrLinkInvalid
	}
	id := hashSecret(token)
	var l passwordLink
	err := s.links.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&l)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Account{}, "", ErrLinkInvalid
	}
	if err != nil {
		return Account{}, "", fmt.Errorf("auth: load password link: %w", err)
	}
	if !s.clock().Before(l.ExpiresAt) {
		return Account{}, "", ErrLinkInvalid
	}
	n, err := s.linksUsed.CountDocuments(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return Account{}, "", fmt.Errorf("auth: check password link: %w", err)
	}
	if n > 0 {
		return Account{}, "", ErrLinkInvalid
	}
	a, err := s.Account(ctx, l.AccountID)
	if errors.Is(err, ErrNotFound) {
		return Account{}, "", ErrLinkInvalid
	}
	if err != nil {
		return Account{}, "", err
	}
	if l.CreatedAt.Before(a.PasswordChangedAt) {
		return Account{}, "", ErrLinkInvalid
	}
	return a, l.Purpose, nil
}

// UsePasswordLink sets a new password through a link, once. The password is checked
// before the link is spent, so a too-short one can be corrected. Every session of the
// account ends.
func (s *Service) UsePasswordLink(ctx context.Context, token, password string) (Account, error) {
	a, _, err := s.CheckPasswordLink(ctx, token)
	if err != nil {
		return Account{}, err
	}
	if err := checkPassword(password); err != nil {
		return Account{}, err
	}
	if _, err := s.linksUsed.InsertOne(ctx, usedLink{ID: hashSecret(token), UsedAt: s.clock()}); err != nil {
		if datastore.IsDuplicate(err) {
			return Account{}, ErrLinkInvalid
		}
		return Account{}, fmt.Errorf("auth: spend password link: %w", err)
	}
	if err := s.SetPassword(ctx, a.ID, password); err != nil {
		return Account{}, err
	}
	return a, nil
}
