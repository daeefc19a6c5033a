package registration

import (
	"context"
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// People the organiser adds: speakers, staff, guests and late additions, registered
// by the organiser rather than through the public form. They are confirmed at once
// and get a badge. By default they use no public seat (Seatless): a speaker does not
// take a participant's place, and the waiting list is not affected. A late
// participant who should take a seat goes through the seats like anyone
// (UsesSeat), at any time before the event, whatever the registration window says.

// AddedInput is the organiser's form for a person they add.
type AddedInput struct {
	FirstName    string `json:"first_name" form:"first_name"`
	LastName     string `json:"last_name" form:"last_name"`
	Email        string `json:"email" form:"email"` // optional unless UsesSeat
	Organisation string `json:"organisation" form:"organisation"`
	OrgType      string `json:"org_type" form:"org_type"`
	Municipality string `json:"municipality" form:"municipality"`
	Role         string `json:"role" form:"role"`
	Mode         string `json:"mode" form:"mode"` // hybrid events
	Category     string `json:"category" form:"category"`
	UsesSeat     bool   `json:"uses_seat" form:"uses_seat"`
	Notify       bool   `json:"notify" form:"notify"` // mail the confirmation (needs an e-mail address)
	Lang         string `json:"lang" form:"lang"`
}

// AddByOrganiser registers a person on the organiser's behalf and returns the
// registration (with its manage token, for the organiser's answer).
func (s *Service) AddByOrganiser(ctx context.Context, eventID string, in AddedInput) (Result, error) {
	ev, err := s.events.Event(ctx, eventID)
	if err != nil {
		return Result{}, err
	}
	if ev.Status == events.StatusCancelled || !s.now().Before(ev.End) {
		return Result{}, ErrNotOpen
	}
	category := Category(strings.TrimSpace(in.Category))
	if category == "" {
		category = CategoryParticipant
	}
	if in.UsesSeat {
		return s.addWithSeat(ctx, ev, in, category)
	}
	var v events.ValidationError
	events.RequireText(&v, "first_name", in.FirstName, maxName, "label.first_name")
	events.RequireText(&v, "last_name", in.LastName, maxName, "label.last_name")
	events.LimitText(&v, "organisation", in.Organisation, maxText, "label.organisation")
	events.LimitText(&v, "role", in.Role, maxText, "label.role")
	email := NormaliseEmail(in.Email)
	if email != "" && !ValidEmail(in.Email) {
		v.Add("email", "reg.err.email")
	}
	if in.Notify && email == "" {
		v.Add("email", "part.err.add.notify")
	}
	if !ValidCategory(category) {
		v.Add("category", "app.err.category")
	}
	orgType := OrgType(strings.TrimSpace(in.OrgType))
	if orgType != "" && !known(OrgTypes, orgType) {
		v.Add("org_type", "reg.err.org_type")
	}
	var municipality, county string
	if strings.TrimSpace(in.Municipality) != "" {
		if m, ok := events.LookupMunicipality(in.Municipality); ok {
			municipality, county = m.Name, m.County
		} else {
			v.Add("municipality", "part.err.municipality")
		}
	}
	mode := ev.Mode
	if ev.Mode == events.ModeHybrid {
		mode = events.Mode(strings.TrimSpace(in.Mode))
		if mode != events.ModeOnSite && mode != events.ModeDigital {
			v.Add("mode", "reg.err.mode")
		}
	}
	if err := v.Err(); err != nil {
		return Result{}, err
	}
	now := s.now()
	r := Registration{
		ID: datastore.NewID(), EventID: ev.ID,
		FirstName: events.CleanText(in.FirstName), LastName: events.CleanText(in.LastName), Email: email,
		Organisation: events.CleanText(in.Organisation), OrgType: orgType, Municipality: municipality, County: county,
		Role: events.CleanText(in.Role), Mode: mode, Lang: normLang(in.Lang), Category: category,
		Status: StatusConfirmed, Seatless: true, AddedBy: true, Workshops: []WorkshopChoice{},
		ArrivedAt: now.UnixNano(), CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
	}
	token := s.linkToken(r.ID, 0)
	if email != "" {
		if err := s.takeEmail(ctx, r); err != nil {
			return Result{}, err
		}
	}
	if err := s.confirmAndInsert(ctx, ev, nil, r, token, 0, !in.Notify); err != nil {
		return Result{}, err
	}
	return Result{Registration: r, ManageToken: token}, nil
}

// addWithSeat registers through the seats, as the public form would but at any
// time before the event and without an invitation code, then sets the category.
func (s *Service) addWithSeat(ctx context.Context, ev events.Event, in AddedInput, category Category) (Result, error) {
	if !ValidCategory(category) {
		var v events.ValidationError
		v.Add("category", "app.err.category")
		return Result{}, v.Err()
	}
	res, err := s.register(ctx, ev.ID, Input{
		FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Organisation: in.Organisation,
		OrgType: in.OrgType, Municipality: in.Municipality, Role: in.Role, Mode: in.Mode, PrivacyOK: true,
	}, in.Lang, registerOptions{byOrganiser: true, quiet: !in.Notify})
	if err != nil {
		return Result{}, err
	}
	if category != CategoryParticipant {
		if err := s.SetCategory(ctx, res.Registration.ID, category); err != nil {
			return Result{}, err
		}
		res.Registration.Category = category
	}
	return res, nil
}
