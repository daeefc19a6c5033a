package registration

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
)

// InvitationInput creates an invitation code.
type InvitationInput struct {
	MaxUses int    `json:"max_uses" form:"max_uses"` // 1: single use; 0: any number
	Note    string `json:"note" form:"note"`         // for the organiser, e.g. "Skellefteå kommunledning"
}

// codeAlphabet has no look-alikes (0/O, 1/I/L), since codes are typed from paper.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NormaliseCode reads a code as people type it from paper or a mail: any case, with
// or without hyphens or spaces ("abcd-efgh", "ABCD EFGH").
func NormaliseCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1 // hyphens (any dash), spaces and the like
	}, code)
}

func newCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// CreateInvitation makes a new code for the event.
func (s *Service) CreateInvitation(ctx context.Context, eventID string, in InvitationInput) (Invitation, error) {
	var v events.ValidationError
	if in.MaxUses < 0 || in.MaxUses > 10000 {
		v.Add("max_uses", "reg.err.max_uses")
	}
	events.LimitText(&v, "note", in.Note, 200, "label.note")
	if err := v.Err(); err != nil {
		return Invitation{}, err
	}
	inv := Invitation{Code: newCode(), EventID: eventID, MaxUses: in.MaxUses, Note: events.CleanText(in.Note), CreatedAt: s.now().UTC()}
	if _, err := s.invitations.InsertOne(ctx, inv); err != nil {
		return Invitation{}, fmt.Errorf("insert invitation: %w", err)
	}
	return inv, nil
}

// InvitationUse is a code with how often it has been used.
type InvitationUse struct {
	Invitation
	Used int `json:"used"`
}

// Invitations lists the event's codes with their use counts.
func (s *Service) Invitations(ctx context.Context, eventID string) ([]InvitationUse, error) {
	cur, err := s.invitations.Find(ctx, bson.D{{Key: "event_id", Value: eventID}}, options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	var list []Invitation
	if err := cur.All(ctx, &list); err != nil {
		return nil, err
	}
	out := make([]InvitationUse, len(list))
	for i, inv := range list {
		used, err := s.regs.CountDocuments(ctx, bson.D{{Key: "event_id", Value: eventID}, {Key: "invitation", Value: inv.Code}, {Key: "status", Value: bson.D{{Key: "$ne", Value: StatusCancelled}}}})
		if err != nil {
			return nil, err
		}
		out[i] = InvitationUse{Invitation: inv, Used: int(used)}
	}
	return out, nil
}
