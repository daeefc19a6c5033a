package app

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Badges (organiser): the print page with its options, the batch PDF of on-site
// confirmed participants (all, or only those not in an earlier batch, optionally of
// one category), one person's badge, and each registration's badge category. What
// they share with the participant's own badge is in web_badges.go.

func orgBadgesPath(eventID string) string { return orgEventPath(eventID) + "/badges" }

// --- batch PDF -----------------------------------------------------------------------

// batchOptions are the print options, from the query string of badges.pdf.
type batchOptions struct {
	Layout   badges.Layout
	OnlyNew  bool
	Category registration.Category // "" for every category
}

func batchOptionsOf(c *fiber.Ctx) (batchOptions, error) {
	var v events.ValidationError
	o := batchOptions{Layout: badges.LayoutInsert}
	switch l := strings.TrimSpace(c.Query("layout")); l {
	case "", string(badges.LayoutInsert):
	case string(badges.LayoutA6):
		o.Layout = badges.LayoutA6
	default:
		v.Add("layout", "app.err.layout")
	}
	switch on := strings.TrimSpace(c.Query("only")); on {
	case "", "all":
	case "new":
		o.OnlyNew = true
	default:
		v.Add("only", "app.err.only")
	}
	if cat := registration.Category(strings.TrimSpace(c.Query("category"))); cat != "" {
		if registration.ValidCategory(cat) {
			o.Category = cat
		} else {
			v.Add("category", "app.err.category")
		}
	}
	return o, v.Err()
}

// batch is the registrations a batch prints: on-site confirmed ones of the category,
// without those printed before when only new ones are asked for; sorted by last name.
func (s *server) batch(c *fiber.Ctx, ev events.Event, o batchOptions) ([]registration.Registration, map[string]time.Time, error) {
	ctx := c.UserContext()
	list, err := s.regs.List(ctx, ev.ID, registration.ListFilter{Status: registration.StatusConfirmed, Mode: events.ModeOnSite})
	if err != nil {
		return nil, nil, err
	}
	printed, err := s.badges.Printed(ctx, ev.ID)
	if err != nil {
		return nil, nil, err
	}
	out := []registration.Registration{}
	for _, r := range list {
		if !badgeable(r) {
			continue
		}
		if o.Category != "" && toPerson(r).Category != badges.Category(o.Category) {
			continue
		}
		if _, done := printed[r.ID]; o.OnlyNew && done {
			continue
		}
		out = append(out, r)
	}
	return out, printed, nil
}

// GET /organiser/events/:id/badges.pdf?layout=insert|a6&only=new&category=…: prints
// the batch and records it, so that only=new leaves these out next time.
func (s *server) orgBadgesPDF(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	o, err := batchOptionsOf(c)
	if err != nil {
		return err
	}
	list, _, err := s.batch(c, ev, o)
	if err != nil {
		return err
	}
	lang := language(c)
	batch := make([]badges.Badge, len(list))
	ids := make([]string, len(list))
	for i, r := range list {
		batch[i], ids[i] = s.badgeFor(r), r.ID
	}
	doc, err := badges.BadgeSheets(eventInfo(ev, lang), batch, o.Layout, lang)
	if err != nil {
		return fmt.Errorf("badges of %s: %w", ev.ID, err)
	}
	if err := s.badges.RecordPrinted(c.UserContext(), ev.ID, ids); err != nil {
		return err
	}
	return sendPDF(c, doc, fmt.Sprintf("namnbrickor-%s.pdf", ev.ID))
}

// GET /organiser/events/:id/registrations/:rid/badge.pdf: one person's badge (A6), to
// print a forgotten or late one. It is not recorded as a printed batch.
func (s *server) orgBadgePDF(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	r, err := s.eventRegistration(c, ev)
	if err != nil {
		return err
	}
	if !badgeable(r) {
		return errNoBadge
	}
	lang := language(c)
	doc, err := badges.SingleBadge(eventInfo(ev, lang), s.badgeFor(r), lang)
	if err != nil {
		return err
	}
	return sendPDF(c, doc, fmt.Sprintf("namnbricka-%s.pdf", r.ID))
}

// eventRegistration loads the registration :rid of the event (another event's is not found).
func (s *server) eventRegistration(c *fiber.Ctx, ev events.Event) (registration.Registration, error) {
	r, err := s.regs.Registration(c.UserContext(), c.Params("rid"))
	if err != nil {
		return registration.Registration{}, err
	}
	if r.EventID != ev.ID {
		return registration.Registration{}, registration.ErrNotFound
	}
	return r, nil
}

// --- category ------------------------------------------------------------------------

type categoryInput struct {
	Category string `json:"category" form:"category"`
}

// POST /organiser/events/:id/registrations/:rid/category
func (s *server) orgSetCategory(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	r, err := s.eventRegistration(c, ev)
	if err != nil {
		return err
	}
	var in categoryInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.regs.SetCategory(c.UserContext(), r.ID, registration.Category(in.Category)); err != nil {
		return err
	}
	if !isForm(c) {
		r, err = s.regs.Registration(c.UserContext(), r.ID)
		if err != nil {
			return err
		}
		noStore(c)
		return c.JSON(fiber.Map{"registration_id": r.ID, "category": r.Category})
	}
	return c.Redirect(orgBadgesPath(ev.ID)+"?"+url.Values{"notice": {"category-saved"}}.Encode()+"#r-"+r.ID, fiber.StatusSeeOther)
}

// --- the badges page -----------------------------------------------------------------

type badgeRow struct {
	R         registration.Registration
	Category  webField
	PrintedAt time.Time
	PDF       string
}

type badgesPage struct {
	Event        events.Event
	Path         string
	Notice       string
	Options      badgeOptionsForm
	Rows         []badgeRow
	Total        int
	Printed      int
	New          int
	LastPrinted  time.Time
	CategoryPath string // + "/<rid>/category"
}

// badgeOptionsForm is the print options (a GET form to badges.pdf).
type badgeOptionsForm struct {
	webForm
	New int
}

func (f badgeOptionsForm) Field(name string) webField {
	switch name {
	case "layout":
		return f.group("radios", name, "badge.f.layout", []webOption{
			{Value: string(badges.LayoutInsert), Label: tr(f.Lang, "badge.layout.insert")},
			{Value: string(badges.LayoutA6), Label: tr(f.Lang, "badge.layout.a6")},
		}, string(badges.LayoutInsert))
	case "only":
		return f.group("checkboxes", name, "badge.f.only", []webOption{
			{Value: "new", Label: fmt.Sprintf(tr(f.Lang, "badge.only.new"), f.New)},
		})
	case "category":
		opts := []webOption{{Value: "", Label: tr(f.Lang, "badge.category.all")}}
		for _, cat := range registration.Categories {
			opts = append(opts, webOption{Value: string(cat.Value), Label: cat.Label.In(f.Lang)})
		}
		return f.selectOne(name, "badge.f.category", "", opts)
	}
	panic("badge options have no field " + name)
}

func (f badgeOptionsForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }

// GET /organiser/events/:id/badges
func (s *server) orgBadges(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	lang := language(c)
	list, printed, err := s.batch(c, ev, batchOptions{})
	if err != nil {
		return err
	}
	p := badgesPage{Event: ev, Path: orgBadgesPath(ev.ID), Total: len(list), CategoryPath: orgEventPath(ev.ID) + "/registrations"}
	if c.Query("notice") == "category-saved" {
		p.Notice = tr(lang, "badge.notice.category-saved")
	}
	opts := []webOption{}
	for _, cat := range registration.Categories {
		opts = append(opts, webOption{Value: string(cat.Value), Label: cat.Label.In(lang)})
	}
	form := newWebForm(lang, "")
	for _, r := range list {
		row := badgeRow{R: r, PDF: orgEventPath(ev.ID) + "/registrations/" + url.PathEscape(r.ID) + "/badge.pdf"}
		if at, ok := printed[r.ID]; ok {
			row.PrintedAt = at
			p.Printed++
			if at.After(p.LastPrinted) {
				p.LastPrinted = at
			}
		} else {
			p.New++
		}
		fl := form.selectOne("category", "badge.f.category", string(toPerson(r).Category), append([]webOption(nil), opts...))
		fl.ID = "category-" + r.ID
		fl.Label = fmt.Sprintf(tr(lang, "badge.f.category_of"), r.FullName())
		row.Category = fl
		p.Rows = append(p.Rows, row)
	}
	p.Options = badgeOptionsForm{webForm: newWebForm(lang, p.Path+".pdf"), New: p.New}
	noStore(c)
	return s.render(c, "organiser/badges", page{Title: tr(lang, "badge.print.title") + ": " + ev.Title.In(lang), Data: p})
}
