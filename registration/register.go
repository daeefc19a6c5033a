package registration

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/metrics"
)

// ErrRejected is returned when the honeypot field was filled in: a bot, most likely.
var ErrRejected = errors.New("registration: rejected")

// Result is what a participant learns after registering.
type Result struct {
	Registration Registration
	// ManageToken is the secret of the manage link; it is stored only as a hash.
	ManageToken string
	// Position on the waiting list (1 = next), 0 when confirmed.
	Position int
}

// Register places a registration: one per e-mail address and event, a seat if there
// is one (or the waiting list, if the person accepts it), then workshop seats.
//
// Every step inserts documents whose _id can exist once, in an order that leaves
// nothing a person can see half made: the e-mail key, the places in line, the
// confirmation mail (held back until the registration exists), and last the
// registration itself, complete. A request that fails before that last insert undoes
// its steps; one that dies leaves them to the repair pass (repair.go), which can
// tell a dead request from a slow one by a tombstone. So a registration that exists
// always has its seats and its confirmation queued.
func (s *Service) Register(ctx context.Context, eventID string, in Input, lang string) (Result, error) {
	return s.register(ctx, eventID, in, lang, registerOptions{})
}

// RegisterQuietly is Register without the confirmation mail: for people who did not
// fill in the form themselves and expect no mail (the invented season of the demo).
func (s *Service) RegisterQuietly(ctx context.Context, eventID string, in Input, lang string) (Result, error) {
	return s.register(ctx, eventID, in, lang, registerOptions{quiet: true})
}

// registerOptions: byOrganiser registers on an organiser's behalf (added.go): at any
// time before the event, without an invitation code; quiet queues no confirmation.
type registerOptions struct {
	byOrganiser, quiet bool
}

func (s *Service) register(ctx context.Context, eventID string, in Input, lang string, opt registerOptions) (Result, error) {
	if strings.TrimSpace(in.Website) != "" {
		return Result{}, ErrRejected
	}
	ev, sessions, err := s.openEvent(ctx, eventID, hasWorkshops(in), opt.byOrganiser)
	if err != nil {
		return Result{}, err
	}
	in.byOrganiser = opt.byOrganiser
	d, err := in.validate(ev, sessions)
	if err != nil {
		return Result{}, err
	}
	var inv Invitation
	if ev.Visibility == events.VisibilityInviteOnly && !opt.byOrganiser {
		if inv, err = s.invitation(ctx, eventID, in.Invitation); err != nil {
			return Result{}, err
		}
	}

	now := s.now()
	r := Registration{
		ID: datastore.NewID(), EventID: eventID,
		FirstName: d.first, LastName: d.last, Email: d.email, Organisation: d.organisation, OrgType: d.orgType,
		Municipality: d.municipality, County: d.county, Role: d.role, Mode: d.mode, Diet: d.diet,
		Accessibility: d.accessibility, Gender: d.gender, ListConsent: d.listConsent, Lang: normLang(lang),
		Category: CategoryParticipant, Status: StatusPending, WaitlistOK: in.WaitlistOK, Invitation: inv.Code,
		Workshops: []WorkshopChoice{}, Answers: d.answers, ArrivedAt: now.UnixNano(), AddedBy: opt.byOrganiser,
		CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
	}
	token := s.linkToken(r.ID, 0)

	if err := s.takeEmail(ctx, r); err != nil {
		return Result{}, err
	}
	position, err := s.place(ctx, ev, sessions, &r, d.workshops, inv)
	if err != nil {
		s.abandon(ctx, r, "")
		return Result{}, err
	}
	if err := s.confirmAndInsert(ctx, ev, sessions, r, token, position, opt.quiet); err != nil {
		return Result{}, err
	}
	metrics.Registrations.WithLabelValues(map[bool]string{true: "confirmed", false: "waiting_list"}[position == 0]).Inc()
	s.notify(ctx, ev.OrgID, NotifyCreated, r.ID+"|created", r)
	return Result{Registration: r, ManageToken: token, Position: position}, nil
}

// confirmAndInsert ends a registration whose seats are taken: it queues the
// confirmation (unless quiet) and inserts the registration, once and complete (the
// embedded store is much slower at updates). A step that fails undoes those before
// it (abandon, landedAnyway).
func (s *Service) confirmAndInsert(ctx context.Context, ev events.Event, sessions []events.Session, r Registration, token string, position int, quiet bool) error {
	mailID := ""
	if !quiet {
		org, err := s.organisation(ctx, ev.OrgID)
		if err != nil {
			s.abandon(ctx, r, "")
			return err
		}
		m := s.registeredMail(ev, org, sessions, r, token, position)
		if err := s.mailer.Send(ctx, m); err != nil {
			s.abandon(ctx, r, m.ID)
			return fmt.Errorf("queue confirmation: %w", err)
		}
		mailID = m.ID
	}
	if _, err := s.regs.InsertOne(ctx, r); err != nil && !s.landedAnyway(ctx, r, mailID) {
		if datastore.IsDuplicate(err) {
			// A retry by the same address settled this try as dead (takeEmail) and
			// registers in its place.
			return ErrAlreadyRegistered
		}
		return fmt.Errorf("insert registration: %w", err)
	}
	s.seats.forget(r.EventID)
	return nil
}

// abandon undoes the steps of a registration that was never inserted, within a
// deadline of its own (the request's may have passed). What it cannot undo, the
// repair pass does later.
func (s *Service) abandon(ctx context.Context, r Registration, mailID string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
	defer cancel()
	s.undo(ctx, r, mailID)
}

// landedAnyway settles a registration whose insert failed (typically: timed out).
// The insert may still have reached the store. A tombstone decides: if it goes in,
// the registration can never appear and its steps are undone; if the registration is
// there, the request succeeded after all. If the store does not answer, the repair
// pass decides later and the confirmation waits for the outcome.
func (s *Service) landedAnyway(ctx context.Context, r Registration, mailID string) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
	defer cancel()
	alive, err := s.settle(ctx, r.ID)
	if err != nil {
		s.log.Warn("registration insert failed and could not be settled; the repair pass will", "registration", r.ID, "error", err)
		return false
	}
	if alive {
		return true
	}
	s.undo(ctx, r, mailID)
	return false
}

// undoTimeout bounds the clean-up after a failed registration.
const undoTimeout = 10 * time.Second

// place takes the invitation use, the place in line for the event's seats and the
// workshop seats. When the event is full the person waits if they accepted it;
// otherwise they leave the line and ErrFull is returned.
// It returns the waiting-list position (0 when seated).
func (s *Service) place(ctx context.Context, ev events.Event, sessions []events.Session, r *Registration, workshops []string, inv Invitation) (int, error) {
	if inv.Code != "" {
		line := lineInvitation(ev.ID, inv.Code)
		n, err := s.lines.join(ctx, line, r.ID, true)
		if err != nil {
			return 0, err
		}
		r.InvitationTicket = n
		if ok, _, err := s.lines.seated(ctx, line, n, inv.MaxUses); err != nil || !ok {
			return 0, cmp.Or(err, ErrInvitationUsedUp)
		}
	}
	n, err := s.lines.join(ctx, eventLine(ev.ID, r.Mode), r.ID, true)
	if err != nil {
		return 0, err
	}
	r.Ticket = n
	seated, position, err := s.lines.seated(ctx, eventLine(ev.ID, r.Mode), n, capacity(ev, r.Mode))
	if err != nil {
		return 0, err
	}
	switch {
	case seated:
		r.Status = StatusConfirmed
	case r.WaitlistOK:
		r.Status = StatusWaiting
	default:
		return 0, ErrFull
	}
	for _, id := range workshops {
		r.Workshops = append(r.Workshops, WorkshopChoice{SessionID: id, Status: StatusWaiting})
	}
	if r.Status != StatusConfirmed {
		return position, nil // workshops are booked when the person gets a seat
	}
	return 0, s.bookWorkshops(ctx, ev, sessions, r, !r.WaitlistOK, true)
}

// bookWorkshops puts the person in line for every chosen workshop not yet confirmed
// (a choice that already has its ticket keeps it). With strict, a full workshop is an
// error (the person did not accept waiting lists) and its line is left; otherwise the
// choice waits. fresh: the registration is being placed and holds nothing yet.
func (s *Service) bookWorkshops(ctx context.Context, ev events.Event, sessions []events.Session, r *Registration, strict, fresh bool) error {
	for i, w := range r.Workshops {
		if w.Status == StatusConfirmed {
			continue
		}
		limit, title := 0, events.Text{SV: w.SessionID, EN: w.SessionID}
		for _, se := range sessions {
			if se.ID == w.SessionID {
				limit, title = se.SeatLimit, se.Title
			}
		}
		line := lineWorkshop(ev.ID, w.SessionID)
		n := w.Ticket
		if n == 0 {
			var err error
			if n, err = s.lines.join(ctx, line, r.ID, fresh); err != nil {
				return err
			}
		}
		r.Workshops[i].Ticket = n
		ok, _, err := s.lines.seated(ctx, line, n, limit)
		switch {
		case err != nil:
			return err
		case ok:
			r.Workshops[i].Status = StatusConfirmed
		case strict:
			if err := s.lines.leave(ctx, line, r.ID, n); err != nil {
				return err
			}
			var v events.ValidationError
			v.Add("workshops", "reg.err.workshops.4", title)
			return v.Err()
		}
	}
	return nil
}

// undo removes what a registration that never came to be left behind: its places
// in line and its queued confirmation; a tombstone settles its e-mail key. A seat it had given up goes to
// the waiting list at once.
func (s *Service) undo(ctx context.Context, r Registration, mailID string) {
	if err := s.releaseAll(ctx, r); err != nil {
		s.log.Warn("undo registration: seats (the repair pass retries)", "registration", r.ID, "error", err)
	} else if r.Status == StatusConfirmed {
		if err := s.Promote(ctx, r.EventID); err != nil {
			s.log.Warn("undo registration: promotion (the repair pass retries)", "event", r.EventID, "error", err)
		}
	}
	if mailID != "" {
		if err := s.mailer.Withdraw(ctx, mailID); err != nil {
			s.log.Warn("undo registration: confirmation (it is dropped unsent)", "registration", r.ID, "error", err)
		}
	}
	// The tombstone lets the address pass this try's e-mail key (emailkeys.go).
	if _, err := datastore.Tombstone(ctx, s.regs, r.ID, s.now()); err != nil {
		s.log.Warn("undo registration: tombstone (the next try by the address settles it)", "registration", r.ID, "error", err)
	}
}

// hasWorkshops tells whether the form chose any workshop; only then is the agenda
// needed (on the embedded store, reading an event's sessions reads all sessions).
func hasWorkshops(in Input) bool {
	return slices.ContainsFunc(in.Workshops, func(id string) bool { return strings.TrimSpace(id) != "" })
}

// openEvent loads an event that takes registrations now, with its agenda if asked.
// anyTime (an organiser's addition) needs only an event that has not ended.
func (s *Service) openEvent(ctx context.Context, eventID string, agenda, anyTime bool) (events.Event, []events.Session, error) {
	ev, err := s.recentEvent(ctx, eventID)
	if errors.Is(err, events.ErrNotFound) || (err == nil && ev.Status == events.StatusDraft) {
		return events.Event{}, nil, ErrNotFound
	}
	if err != nil {
		return events.Event{}, nil, err
	}
	open := IsOpen(ev, s.now())
	if anyTime {
		open = ev.Status == events.StatusPublished && s.now().Before(ev.End)
	}
	if !open {
		return events.Event{}, nil, ErrNotOpen
	}
	if !agenda {
		return ev, nil, nil
	}
	sessions, err := s.events.Sessions(ctx, eventID)
	return ev, sessions, err
}

// IsOpen reports whether the event takes registrations at now: published, not yet
// started, and inside its registration window.
func IsOpen(ev events.Event, now time.Time) bool {
	if ev.Status != events.StatusPublished || !now.Before(ev.Start) {
		return false
	}
	if !ev.RegistrationOpens.IsZero() && now.Before(ev.RegistrationOpens) {
		return false
	}
	return ev.RegistrationCloses.IsZero() || now.Before(ev.RegistrationCloses)
}

// Positions gives the waiting-list position of every waiting registration in list
// (by id), from one read of the event's departures rather than one per person.
func (s *Service) Positions(ctx context.Context, ev events.Event, list []Registration) (map[string]int, error) {
	out := map[string]int{}
	if !slices.ContainsFunc(list, func(r Registration) bool { return r.Status == StatusWaiting }) {
		return out, nil
	}
	departed, err := s.lines.departedNumbers(ctx, lineOnSite(ev.ID), lineDigital(ev.ID))
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		if r.Status != StatusWaiting || r.EventID != ev.ID {
			continue
		}
		c := int64(capacity(ev, r.Mode))
		if rank := rankIn(departed[eventLine(ev.ID, r.Mode)], r.Ticket); c > 0 && rank > c {
			out[r.ID] = int(rank - c)
		}
	}
	return out, nil
}

// Position is the registration's place on the waiting list (1 = next), 0 if not waiting.
func (s *Service) Position(ctx context.Context, r Registration) (int, error) {
	if r.Status != StatusWaiting {
		return 0, nil
	}
	ev, err := s.events.Event(ctx, r.EventID)
	if err != nil {
		return 0, err
	}
	_, pos, err := s.lines.seated(ctx, eventLine(r.EventID, r.Mode), r.Ticket, capacity(ev, r.Mode))
	return pos, err
}

// releaseAll takes the registration out of every line it is in.
func (s *Service) releaseAll(ctx context.Context, r Registration) error {
	for _, p := range placesOf(r) {
		if err := s.lines.leave(ctx, p.line, r.ID, p.ticket); err != nil {
			return err
		}
	}
	return nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func normLang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "sv"
}

// invitation checks an invitation code for the event.
func (s *Service) invitation(ctx context.Context, eventID, code string) (Invitation, error) {
	code = NormaliseCode(code)
	if code == "" {
		return Invitation{}, ErrInvitationNeeded
	}
	var inv Invitation
	err := s.invitations.FindOne(ctx, bson.D{{Key: "_id", Value: code}}).Decode(&inv)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && inv.EventID != eventID) {
		return Invitation{}, ErrInvitationNeeded
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("find invitation: %w", err)
	}
	return inv, nil
}
