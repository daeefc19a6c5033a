package accounts

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
)

// AuditEntry records who did what, to which organisation, event or registration, and
// when: every change on the organiser side, every export and every view of personal
// data, and signing in and out. One inserted document per entry.
type AuditEntry struct {
	ID        string    `bson:"_id" json:"id"`
	At        time.Time `bson:"at" json:"at"`
	AccountID string    `bson:"account_id,omitempty" json:"account_id,omitempty"`
	Actor     string    `bson:"actor" json:"actor"` // the account's e-mail, or "token:<name>"
	TokenID   string    `bson:"token_id,omitempty" json:"token_id,omitempty"`
	OrgID     string    `bson:"org_id,omitempty" json:"org_id,omitempty"`
	EventID   string    `bson:"event_id,omitempty" json:"event_id,omitempty"`
	// RegistrationID names the registration concerned, if any.
	RegistrationID string `bson:"registration_id,omitempty" json:"registration_id,omitempty"`
	// Action is a stable name: "sign_in", "export", "view_personal_data", "change".
	Action string            `bson:"action" json:"action"`
	Method string            `bson:"method,omitempty" json:"method,omitempty"`
	Route  string            `bson:"route,omitempty" json:"route,omitempty"` // the route pattern, e.g. /organiser/events/:id
	Path   string            `bson:"path,omitempty" json:"path,omitempty"`
	Params map[string]string `bson:"params,omitempty" json:"params,omitempty"`
	Status int               `bson:"status,omitempty" json:"status,omitempty"`
	// Detail says what a change was where the route alone does not ("published").
	Detail string `bson:"detail,omitempty" json:"detail,omitempty"`
	IP     string `bson:"ip,omitempty" json:"ip,omitempty"`
}

// Record stores an entry; its id and time are set here.
func (s *Service) Record(ctx context.Context, e AuditEntry) error {
	e.ID = datastore.NewID()
	e.At = s.clock()
	if _, err := s.audit.InsertOne(ctx, e); err != nil {
		return fmt.Errorf("auth: record audit entry: %w", err)
	}
	return nil
}

// AuditFilter selects entries; OrgIDs nil means every organisation (operators).
type AuditFilter struct {
	OrgIDs  []string
	EventID string
	Limit   int // default 200, at most 1000
}

// Audit lists entries, newest first.
func (s *Service) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := bson.D{}
	if f.OrgIDs != nil {
		q = append(q, bson.E{Key: "org_id", Value: bson.D{{Key: "$in", Value: f.OrgIDs}}})
	}
	if f.EventID != "" {
		q = append(q, bson.E{Key: "event_id", Value: f.EventID})
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	cur, err := s.audit.Find(ctx, q, options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(f.Limit)))
	if err != nil {
		return nil, fmt.Errorf("auth: list audit entries: %w", err)
	}
	out := []AuditEntry{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("auth: list audit entries: %w", err)
	}
	return out, nil
}
