package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/sanitize"
)

// Account is one person who signs in to the organiser side.
type Account struct {
	ID    string `bson:"_id" json:"id"`
	Email string `bson:"email" json:"email"` // lower case
	Name  string `bson:"name,omitempty" json:"name,omitempty"`
	// PasswordHash is empty until the person has set a password (a new member).
	PasswordHash string `bson:"password_hash,omitempty" json:"-"`
	// Operator runs the platform: creates organisations and sees all of them. Only
	// the command line sets it.
	Operator bool `bson:"operator" json:"operator"`
	// SessionsNotBefore ends every session started before it ("sign out everywhere",
	// a new password): checked at each request, so it holds even for a session that
	// was being created on another instance at that moment.
	SessionsNotBefore time.Time `bson:"sessions_not_before" json:"-"`
	PasswordChangedAt time.Time `bson:"password_changed_at,omitempty" json:"-"`
	CreatedAt         time.Time `bson:"created_at" json:"created_at"`
}

// HasPassword tells whether the account can sign in with a password yet.
func (a Account) HasPassword() bool { return a.PasswordHash != "" }

// Membership is an account's role in one organisation. Its _id "<account>/<org>"
// makes it exist at most once.
type Membership struct {
	ID        string    `bson:"_id" json:"-"`
	AccountID string    `bson:"account_id" json:"account_id"`
	OrgID     string    `bson:"org_id" json:"org_id"`
	Role      Role      `bson:"role" json:"role"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}

func membershipID(accountID, orgID string) string { return accountID + "/" + orgID }

// NormalizeEmail returns the address in the form accounts are stored under, or
// ErrInvalidEmail when s is not exactly one plain address.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 254 {
		return "", ErrInvalidEmail
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", ErrInvalidEmail
	}
	return s, nil
}

// NewAccount describes an account to create.
type NewAccount struct {
	Email    string
	Name     string
	Password string // empty: no password yet, set through a link
	Operator bool
}

// CreateAccount stores a new account. An address already taken is ErrEmailTaken,
// decided by the unique index (two concurrent creations: one wins).
func (s *Service) CreateAccount(ctx context.Context, in NewAccount) (Account, error) {
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return Account{}, err
	}
	now := s.clock()
	a := Account{ID: datastore.NewID(), Email: email, Name: sanitize.Line(in.Name), Operator: in.Operator, CreatedAt: now}
	if in.Password != "" {
		if err := checkPassword(in.Password); err != nil {
			return Account{}, err
		}
		a.PasswordHash = s.hasher.hash(in.Password)
		a.PasswordChangedAt = now
	}
	if _, err := s.accounts.InsertOne(ctx, a); err != nil {
		if datastore.IsDuplicate(err) {
			return Account{}, ErrEmailTaken
		}
		return Account{}, fmt.Errorf("auth: create account: %w", err)
	}
	return a, nil
}

// Account loads an account by id.
func (s *Service) Account(ctx context.Context, id string) (Account, error) {
	var a Account
	err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Account{}, ErrNotFound
	}
	if err != nil {
		return Account{}, fmt.Errorf("auth: load account: %w", err)
	}
	return a, nil
}

// AccountByEmail loads the account of an address (in any case), or ErrNotFound.
func (s *Service) AccountByEmail(ctx context.Context, email string) (Account, error) {
	norm, err := NormalizeEmail(email)
	if err != nil {
		return Account{}, ErrNotFound
	}
	var a Account
	err = s.accounts.FindOne(ctx, bson.D{{Key: "email", Value: norm}}).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Account{}, ErrNotFound
	}
	if err != nil {
		return Account{}, fmt.Errorf("auth: load account: %w", err)
	}
	return a, nil
}

// SetOperator gives or takes the operator flag (command line only).
func (s *Service) SetOperator(ctx context.Context, accountID string, operator bool) error {
	res, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: accountID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "operator", Value: operator}}}})
	if err != nil {
		return fmt.Errorf("auth: set operator: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// SetPassword replaces the password and ends every session of the account.
func (s *Service) SetPassword(ctx context.Context, accountID, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	hash := s.hasher.hash(password)
	now := s.clock()
	res, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: accountID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "password_hash", Value: hash}, {Key: "password_changed_at", Value: now}, {Key: "sessions_not_before", Value: now},
	}}})
	if err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	_, err = s.sessions.DeleteMany(ctx, bson.D{{Key: "account_id", Value: accountID}})
	return err
}

// ChangePassword checks the current password, then sets the new one (ending every
// session, the caller's too: it starts a fresh one).
func (s *Service) ChangePassword(ctx context.Context, accountID, current, password string) error {
	a, err := s.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if !s.hasher.verify(current, a.PasswordHash) {
		return ErrBadCredentials
	}
	return s.SetPassword(ctx, accountID, password)
}

// --- memberships ------------------------------------------------------------------

// AddMembership makes the account a member of the organisation with role; a second
// membership of the same pair is ErrAlreadyMember.
func (s *Service) AddMembership(ctx context.Context, accountID, orgID string, role Role) (Membership, error) {
	if !role.Valid() {
		return Membership{}, ErrInvalidRole
	}
	if accountID == "" || orgID == "" {
		return Membership{}, ErrNotFound
	}
	m := Membership{ID: membershipID(accountID, orgID), AccountID: accountID, OrgID: orgID, Role: role, CreatedAt: s.clock()}
	if _, err := s.memberships.InsertOne(ctx, m); err != nil {
		if datastore.IsDuplicate(err) {
			return Membership{}, ErrAlreadyMember
		}
		return Membership{}, fmt.Errorf("auth: add membership: %w", err)
	}
	return m, nil
}

// SetRole changes the role of an existing membership.
func (s *Service) SetRole(ctx context.Context, accountID, orgID string, role Role) error {
	if !role.Valid() {
		return ErrInvalidRole
	}
	res, err := s.memberships.UpdateOne(ctx, bson.D{{Key: "_id", Value: membershipID(accountID, orgID)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "role", Value: role}}}})
	if err != nil {
		return fmt.Errorf("auth: set role: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// RemoveMembership ends an account's membership of an organisation.
func (s *Service) RemoveMembership(ctx context.Context, accountID, orgID string) error {
	res, err := s.memberships.DeleteOne(ctx, bson.D{{Key: "_id", Value: membershipID(accountID, orgID)}})
	if err != nil {
		return fmt.Errorf("auth: remove membership: %w", err)
	}
	if res.DeletedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// Membership loads one account's membership of one organisation.
func (s *Service) Membership(ctx context.Context, accountID, orgID string) (Membership, error) {
	var m Membership
	err := s.memberships.FindOne(ctx, bson.D{{Key: "_id", Value: membershipID(accountID, orgID)}}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Membership{}, ErrNotFound
	}
	if err != nil {
		return Membership{}, fmt.Errorf("auth: load membership: %w", err)
	}
	return m, nil
}

// Memberships lists the organisations of an account.
func (s *Service) Memberships(ctx context.Context, accountID string) ([]Membership, error) {
	cur, err := s.memberships.Find(ctx, bson.D{{Key: "account_id", Value: accountID}})
	if err != nil {
		return nil, fmt.Errorf("auth: list memberships: %w", err)
	}
	out := []Membership{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("auth: list memberships: %w", err)
	}
	return out, nil
}

// Member is a membership with its account, for the members page.
type Member struct {
	Account Account
	Role    Role
	Since   time.Time
}

// Members lists the members of an organisation by e-mail address.
func (s *Service) Members(ctx context.Context, orgID string) ([]Member, error) {
	cur, err := s.memberships.Find(ctx, bson.D{{Key: "org_id", Value: orgID}})
	if err != nil {
		return nil, fmt.Errorf("auth: list members: %w", err)
	}
	var ms []Membership
	if err := cur.All(ctx, &ms); err != nil {
		return nil, fmt.Errorf("auth: list members: %w", err)
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.AccountID
	}
	accounts := map[string]Account{}
	if len(ids) > 0 {
		cur, err := s.accounts.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, options.Find())
		if err != nil {
			return nil, fmt.Errorf("auth: list members: %w", err)
		}
		var list []Account
		if err := cur.All(ctx, &list); err != nil {
			return nil, fmt.Errorf("auth: list members: %w", err)
		}
		for _, a := range list {
			accounts[a.ID] = a
		}
	}
	out := []Member{}
	for _, m := range ms {
		if a, ok := accounts[m.AccountID]; ok {
			out = append(out, Member{Account: a, Role: m.Role, Since: m.CreatedAt})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.Email < out[j].Account.Email })
	return out, nil
}
