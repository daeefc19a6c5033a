package registration

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/locale"
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
	return codeOf(b)
}

// codeOf spells the first 8 bytes of b in the code alphabet.
func codeOf(b []byte) string {
	out := make([]byte, 8)
	for i := range out {
		out[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(out)
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

// Invitee is someone invited to an event by e-mail.
type Invitee struct {
	Name, Email, Lang string
}

// personalCode is an invitee's code of the event: derived from the event and the
// address (an HMAC), so inviting the same person again finds the same code and
// queues the same mail, which the outbox sends once.
func (s *Service) personalCode(eventID, email string) string {
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte("invitation|" + eventID + "|" + NormaliseEmail(email)))
	return codeOf(mac.Sum(nil))
}

// Invite gives each invitee a single-use invitation code of the event, noted with
// their name, and mails it with a link to the form that has the code filled in. People
// without a valid address are skipped. It returns the codes, in the invitees' order
// (empty for those skipped).
func (s *Service) Invite(ctx context.Context, ev events.Event, people []Invitee) ([]string, error) {
	org := s.arranger(ctx, ev)
	codes := make([]string, len(people))
	for i, p := range people {
		if !ValidEmail(p.Email) {
			continue
		}
		inv := Invitation{Code: s.personalCode(ev.ID, p.Email), EventID: ev.ID, MaxUses: 1, Note: events.CleanText(p.Name), CreatedAt: s.now().UTC()}
		if _, err := s.invitations.InsertOne(ctx, inv); err != nil && !datastore.IsDuplicate(err) {
			return codes, fmt.Errorf("insert invitation: %w", err)
		}
		lang := locale.Norm(p.Lang)
		l := mails.Letter{Kind: mails.Invitation, Lang: lang, FirstName: mails.FirstName(p.Name), Event: ev, Mode: ev.Mode,
			Organisation: org.Name, Contact: events.ContactOf(ev, org),
			RegisterURL: s.baseURL + "/events/" + ev.ID + "/register?code=" + inv.Code + "&lang=" + lang, Code: inv.Code[:4] + "-" + inv.Code[4:]}
		w := mails.Write(l)
		if err := s.mailer.Send(ctx, Mail{ID: ev.ID + "|invitation|" + inv.Code, To: NormaliseEmail(p.Email), ReplyTo: l.Contact.Email, Lang: lang,
			Ref: ev.ID, Kind: string(mails.Invitation), Subject: w.Subject, Text: w.Text, HTML: w.HTML}); err != nil {
			return codes, err
		}
		codes[i] = inv.Code
	}
	return codes, nil
}
