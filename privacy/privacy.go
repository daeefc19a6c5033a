// Package privacy answers data subjects (GDPR Art. 15 and 17): what the service holds
// about a person, found by their e-mail address, as JSON and as a readable PDF; and
// erasing it. A participant asks through their manage link; an organisation's admin
// answers a request that came by mail or phone, across all the organisation's events.
//
// What is gathered: each registration (every field, the answers to the event's
// questions with their labels, workshops by title, the gender answer, the invitation
// code), its check-ins, and the mails sent to the address about it. Erasing cancels
// the registration (quietly: the seat goes to the waiting list, no mail goes out),
// removes its personal data as the retention pass does (registration/erasure.go) and
// deletes those mails; what stays are the anonymous figures the follow-up counts.
package privacy

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// Service gathers and erases across the domain stores.
type Service struct {
	Events        *events.Store
	Registrations *registration.Service
	Badges        *badges.Service
	Outbox        *outbox.Outbox
	Municipal     *municipal.Store // an organisation's records of municipalities' people
	exports       *mongo.Collection
	secret        []byte
}

// ExportsCollection holds, per organisation, the addresses whose data an admin
// exported lately (as keyed hashes, never the address): an admin erases only what was
// exported first, so the person's answer cannot be lost.
const ExportsCollection = "privacy_exports"

// exportValid is how long an export allows the erasure that follows it.
const exportValid = 24 * time.Hour

// ErrNotExported: erasing before exporting.
var ErrNotExported = errors.New("privacy: export the data before erasing it")

// New builds the service on db; secret keys the hashes of exported addresses.
func New(db *mongo.Database, secret []byte, evs *events.Store, regs *registration.Service, b *badges.Service, o *outbox.Outbox, m *municipal.Store) *Service {
	return &Service{Events: evs, Registrations: regs, Badges: b, Outbox: o, Municipal: m, exports: db.Collection(ExportsCollection), secret: secret}
}

type exportDoc struct {
	ID string    `bson:"_id"` // "<org>|<hash of the address>"
	At time.Time `bson:"at"`
}

func (s *Service) exportID(orgID, email string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("privacy-export|" + registration.NormaliseEmail(email)))
	return orgID + "|" + hex.EncodeToString(m.Sum(nil))
}

// MarkExported notes that orgID's admin exported the address's data now.
func (s *Service) MarkExported(ctx context.Context, orgID, email string, now time.Time) error {
	id := s.exportID(orgID, email)
	if _, err := s.exports.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("privacy: mark export: %w", err)
	}
	if _, err := s.exports.InsertOne(ctx, exportDoc{ID: id, At: now.UTC()}); err != nil && !datastore.IsDuplicate(err) {
		return fmt.Errorf("privacy: mark export: %w", err)
	}
	return nil
}

// Exported reports whether orgID's admin exported the address's data within a day.
func (s *Service) Exported(ctx context.Context, orgID, email string, now time.Time) (bool, error) {
	var d exportDoc
	err := s.exports.FindOne(ctx, bson.D{{Key: "_id", Value: s.exportID(orgID, email)}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("privacy: read export: %w", err)
	}
	return now.Sub(d.At) < exportValid, nil
}

// EraseExported erases, for orgID, what was exported of the address first
// (ErrNotExported otherwise), and forgets the export.
func (s *Service) EraseExported(ctx context.Context, orgID, email string, regs []registration.Registration, by string, now time.Time) (int, error) {
	ok, err := s.Exported(ctx, orgID, email, now)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, ErrNotExported
	}
	n, err := s.Erase(ctx, email, regs, by)
	if err != nil {
		return n, err
	}
	if s.Municipal != nil {
		ids, err := s.Municipal.Forget(ctx, orgID, email)
		if err != nil {
			return n, err
		}
		if _, err := s.Outbox.Forget(ctx, registration.NormaliseEmail(email), ids); err != nil {
			return n, err
		}
	}
	if _, err := s.exports.DeleteOne(ctx, bson.D{{Key: "_id", Value: s.exportID(orgID, email)}}); err != nil {
		return n, fmt.Errorf("privacy: forget export: %w", err)
	}
	return n, nil
}

// Report is everything held about one address within a scope.
type Report struct {
	Email         string         `json:"email"`
	Generated     time.Time      `json:"generated_at"`
	Scope         string         `json:"scope"` // the organisation asked, or "" for every organisation
	Registrations []Registration `json:"registrations"`
	Mails         []Mail         `json:"mails"`
	// Municipal is what an organisation's records of municipalities hold: the person
	// as a contact, and the visit requests they sent (an organisation's answer only).
	Municipal *municipal.Held `json:"municipal,omitempty"`
	// RetentionDays is how long after an event its registrations keep personal data.
	RetentionDays int `json:"retention_days"`
}

// Registration is one registration with what it refers to in words. Every value a
// person reads is as they saw it, in their language: Details are the registration's
// fields with their labels, Answers the answers as the options read. The stored
// registration comes along without its answers and workshop choices, which are
// stored as ids of options and sessions.
type Registration struct {
	Event        EventRef                  `json:"event"`
	Details      []Field                   `json:"details"`
	Registration registration.Registration `json:"registration"`
	Gender       string                    `json:"gender,omitempty"` // as the form's option read
	Invitation   string                    `json:"invitation_code,omitempty"`
	Workshops    []string                  `json:"workshops"`
	Answers      []Answer                  `json:"answers"`
	CheckIns     []badges.CheckIn          `json:"check_ins"`
}

// Field is one of a registration's fields as the person reads it.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// EventRef names the event and who is responsible for it (the controller).
type EventRef struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Organisation string    `json:"organisation"`
	Contact      string    `json:"contact,omitempty"`
}

// Answer is an answer to one of the event's own questions: the question and the
// answer as the form showed them (an option's label, "Ja", the text written).
type Answer struct {
	Question string   `json:"question"`
	Values   []string `json:"values"`
}

// Mail is one message sent (or to be sent) to the address.
type Mail struct {
	Subject string    `json:"subject"`
	Kind    string    `json:"kind"`
	Status  string    `json:"status"`
	Queued  time.Time `json:"queued_at"`
	Sent    time.Time `json:"sent_at,omitzero"`
}

// Find lists the registrations of the address, those of orgID's events only unless
// orgID is "".
func (s *Service) Find(ctx context.Context, email, orgID string) ([]registration.Registration, error) {
	all, err := s.Registrations.ByEmail(ctx, email)
	if err != nil || orgID == "" {
		return all, err
	}
	var out []registration.Registration
	for _, r := range all {
		ev, err := s.Events.Event(ctx, r.EventID)
		if err != nil {
			return nil, err
		}
		if ev.OrgID == orgID {
			out = append(out, r)
		}
	}
	return out, nil
}

// Collect builds the report of the registrations regs of the address.
func (s *Service) Collect(ctx context.Context, email, scope string, regs []registration.Registration, lang string, now time.Time, retentionDays int) (Report, error) {
	rep := Report{Email: registration.NormaliseEmail(email), Generated: now, Scope: scope, Registrations: []Registration{}, Mails: []Mail{}, RetentionDays: retentionDays}
	refs := map[string]bool{}
	orgs := map[string]events.Organisation{}
	for _, r := range regs {
		ev, err := s.Events.Event(ctx, r.EventID)
		if err != nil {
			return Report{}, err
		}
		org, ok := orgs[ev.OrgID]
		if !ok {
			if org, err = s.Events.Organisation(ctx, ev.OrgID); err != nil {
				return Report{}, err
			}
			orgs[ev.OrgID] = org
		}
		sessions, err := s.Events.Sessions(ctx, ev.ID)
		if err != nil {
			return Report{}, err
		}
		checkIns, err := s.Badges.CheckInsOf(ctx, r.ID)
		if err != nil {
			return Report{}, err
		}
		stored := r
		stored.Answers, stored.Workshops = nil, nil
		item := Registration{Registration: stored, Gender: registration.LabelOf(registration.Genders, r.Gender, lang), Invitation: r.Invitation,
			Workshops: []string{}, Answers: []Answer{}, CheckIns: checkIns,
			Event: EventRef{ID: ev.ID, Title: ev.Title.In(lang), Start: ev.Start, End: ev.End, Organisation: org.Name, Contact: events.ContactOf(ev, org).Email}}
		for _, w := range r.Workshops {
			if i := slices.IndexFunc(sessions, func(se events.Session) bool { return se.ID == w.SessionID }); i >= 0 {
				item.Workshops = append(item.Workshops, sessions[i].Title.In(lang))
			}
		}
		for _, a := range r.Answers {
			item.Answers = append(item.Answers, answerOf(ev.Questions, a, lang))
		}
		item.Details = details(item, lang)
		rep.Registrations = append(rep.Registrations, item)
		refs[r.ID], refs[r.EventID] = true, true
	}
	mails, err := s.mailsAbout(ctx, rep.Email, refs)
	if err != nil {
		return Report{}, err
	}
	rep.Mails = append(rep.Mails, mails...)
	return rep, nil
}

// mailsAbout are the mails to the address about one of refs (a registration, an
// event, a visit request).
func (s *Service) mailsAbout(ctx context.Context, email string, refs map[string]bool) ([]Mail, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	stored, err := s.Outbox.Messages(ctx, outbox.MessageFilter{To: email})
	if err != nil {
		return nil, err
	}
	var out []Mail
	for _, m := range stored {
		if refs[m.Ref] {
			out = append(out, Mail{Subject: m.Subject, Kind: m.Kind, Status: string(m.Status), Queued: m.CreatedAt, Sent: m.SentAt})
		}
	}
	return out, nil
}

// CollectOrg is Collect for an organisation's admin: the registrations of its events,
// and what its municipality records hold about the address.
func (s *Service) CollectOrg(ctx context.Context, org events.Organisation, email string, regs []registration.Registration, lang string, now time.Time, retentionDays int) (Report, error) {
	rep, err := s.Collect(ctx, email, org.Name, regs, lang, now, retentionDays)
	if err != nil || s.Municipal == nil {
		return rep, err
	}
	held, err := s.Municipal.HeldAbout(ctx, org.ID, email)
	if err != nil {
		return Report{}, err
	}
	rep.Municipal = &held
	refs := map[string]bool{}
	for _, r := range held.Requests {
		refs[r.ID] = true
	}
	mails, err := s.mailsAbout(ctx, rep.Email, refs)
	if err != nil {
		return Report{}, err
	}
	rep.Mails = append(rep.Mails, mails...)
	return rep, nil
}

// Erase erases the registrations regs of the address and the mails about them; it
// returns how many registrations were erased.
func (s *Service) Erase(ctx context.Context, email string, regs []registration.Registration, by string) (int, error) {
	var refs []string
	for _, r := range regs {
		if _, err := s.Registrations.Erase(ctx, r.ID, by); err != nil {
			return 0, fmt.Errorf("erase %s: %w", r.ID, err)
		}
		refs = append(refs, r.ID, r.EventID)
	}
	if _, err := s.Outbox.Forget(ctx, registration.NormaliseEmail(email), refs); err != nil {
		return 0, err
	}
	return len(regs), nil
}

// Mask shows enough of an address to tell requests apart in the audit log, and no
// more: "k***@u***.se".
func Mask(email string) string {
	email = registration.NormaliseEmail(email)
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return "***"
	}
	first := func(s string) string {
		r := []rune(s)
		if len(r) == 0 {
			return ""
		}
		return string(r[0]) + "***"
	}
	host, tld := domain, ""
	if i := strings.LastIndex(domain, "."); i > 0 {
		host, tld = domain[:i], domain[i:]
	}
	return first(local) + "@" + first(host) + tld
}

// DeleteExportsBefore forgets the exports made before t (they allow an erasure for a
// day only); the retention pass calls it.
func (s *Service) DeleteExportsBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.exports.DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: t}}}})
	if err != nil {
		return 0, fmt.Errorf("privacy: forget exports: %w", err)
	}
	return res.DeletedCount, nil
}

// answerOf is an answer as the person gave it: each chosen option by its label, yes
// or no in words, text as written. A question removed since is named as such; an
// option removed since is left out (what is left of it is an id, not an answer).
func answerOf(qs []events.Question, a registration.Answer, lang string) Answer {
	i := slices.IndexFunc(qs, func(q events.Question) bool { return q.ID == a.Question })
	if i < 0 {
		return Answer{Question: locale.T(lang, "privacy.removed_question"), Values: a.Values}
	}
	q := qs[i]
	out := Answer{Question: q.Label.In(lang), Values: []string{}}
	for _, v := range a.Values {
		if text := registration.AnswerText(q, []string{v}, lang); text != "" {
			out.Values = append(out.Values, text)
		}
	}
	return out
}

// details are the registration's fields with their labels, in the person's language,
// for the JSON and the PDF alike; empty fields are left out.
func details(item Registration, lang string) []Field {
	reg := item.Registration
	rows := [][2]string{
		{"label.first_name", reg.FirstName}, {"label.last_name", reg.LastName}, {"privacy.f.email", reg.Email},
		{"label.organisation", reg.Organisation}, {"privacy.f.org_type", registration.LabelOf(registration.OrgTypes, reg.OrgType, lang)},
		{"privacy.f.municipality", strings.Trim(reg.Municipality+", "+reg.County, ", ")}, {"label.role", reg.Role},
		{"privacy.f.mode", locale.T(lang, "mode."+string(reg.Mode))}, {"label.diet", reg.Diet}, {"label.accessibility", reg.Accessibility},
		{"privacy.f.gender", item.Gender},
		{"privacy.f.status", locale.T(lang, "reg_status."+string(reg.Status))}, {"privacy.f.category", locale.T(lang, "category."+string(reg.Category))},
		{"privacy.f.list_consent", locale.T(lang, map[bool]string{true: "csv.yes", false: "csv.no"}[reg.ListConsent])},
		{"privacy.f.workshops", strings.Join(item.Workshops, "; ")}, {"privacy.f.invitation", item.Invitation},
		{"privacy.f.registered", reg.CreatedAt.In(events.Stockholm).Format("2006-01-02 15:04")},
	}
	if !reg.CancelledAt.IsZero() {
		rows = append(rows, [2]string{"privacy.f.cancelled", reg.CancelledAt.In(events.Stockholm).Format("2006-01-02 15:04")})
	}
	var out []Field
	for _, row := range rows {
		if strings.TrimSpace(row[1]) != "" {
			out = append(out, Field{Label: locale.T(lang, row[0]), Value: row[1]})
		}
	}
	for _, a := range item.Answers {
		if len(a.Values) > 0 {
			out = append(out, Field{Label: a.Question, Value: strings.Join(a.Values, "; ")})
		}
	}
	return out
}
