package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/sanitize"
)

// API tokens let a program use the organiser JSON API for one organisation with one
// role ("Authorization: Bearer <token>"). The secret is shown once when made; the
// store keeps its hash as _id and a short public id to list and revoke it by.

// TokenPrefix starts every API token, so a leaked one is easy to recognise.
const TokenPrefix = "fhe_"

// APIToken is a stored API token (without its secret).
type APIToken struct {
	Hash      string    `bson:"_id" json:"-"`
	ID        string    `bson:"id" json:"id"`
	OrgID     string    `bson:"org_id" json:"org_id"`
	Name      string    `bson:"name" json:"name"`
	Role      Role      `bson:"role" json:"role"`
	CreatedBy string    `bson:"created_by" json:"created_by"` // e-mail of the admin
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}

// CreateToken makes a token for an organisation and returns its secret, once.
func (s *Service) CreateToken(ctx context.Context, orgID, name string, role Role, createdBy string) (string, APIToken, error) {
	name = sanitize.Line(name)
	if name == "" || utf8.RuneCountInString(name) > 80 || !utf8.ValidString(name) {
		return "", APIToken{}, ErrInvalidTokenArg
	}
	if !role.Valid() {
		return "", APIToken{}, ErrInvalidRole
	}
	secret := TokenPrefix + datastore.NewToken()
	t := APIToken{Hash: hashSecret(secret), ID: datastore.NewID(), OrgID: orgID, Name: name, Role: role,
		CreatedBy: createdBy, CreatedAt: s.clock()}
	if _, err := s.tokens.InsertOne(ctx, t); err != nil {
		return "", APIToken{}, fmt.Errorf("auth: create token: %w", err)
	}
	return secret, t, nil
}

// Tokens lists an organisation's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, orgID string) ([]APIToken, error) {
	cur, err := s.tokens.Find(ctx, bson.D{{Key: "org_id", Value: orgID}}, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	out := []APIToken{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken deletes a token of the organisation; it stops working at once.
func (s *Service) RevokeToken(ctx context.Context, orgID, id string) error {
	res, err := s.tokens.DeleteOne(ctx, bson.D{{Key: "id", Value: id}, {Key: "org_id", Value: orgID}})
	if err != nil {
		return fmt.Errorf("auth: revoke token: %w", err)
	}
	if res.DeletedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// TokenPrincipal finds the organisation and role of a token, or ErrNoSession.
func (s *Service) TokenPrincipal(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return Principal{}, ErrNoSession
	}
	var t APIToken
	err := s.tokens.FindOne(ctx, bson.D{{Key: "_id", Value: hashSecret(secret)}}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Principal{}, ErrNoSession
	}
	if err != nil {
		return Principal{}, fmt.Errorf("auth: load token: %w", err)
	}
	return Principal{
		Memberships: []Membership{{AccountID: "", OrgID: t.OrgID, Role: t.Role, CreatedAt: t.CreatedAt}},
		Token:       &t,
	}, nil
}
