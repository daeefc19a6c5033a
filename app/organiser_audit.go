package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
)

// The audit log: admins read their organisations' entries (operators every entry),
// as a page and as JSON, newest first, filtered by ?org= and ?event=.

// auditOrgs are the organisations whose entries the request may read (nil: all),
// narrowed to ?org= when given: not a member is "not found", a member who is not an
// admin is 403, and someone who administers nothing is 403.
func (s *server) auditOrgs(c *fiber.Ctx) ([]string, error) {
	sc := organiser(c)
	if org := c.Query("org"); org != "" {
		if !sc.isMember(org) {
			return nil, events.ErrNotFound
		}
		if !sc.isAdmin(org) {
			return nil, errAdminOnly
		}
		sc.req.allow(org)
		return []string{org}, nil
	}
	if sc.operator {
		return nil, nil
	}
	var ids []string
	for _, id := range sc.OrgIDs {
		if sc.isAdmin(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, errAdminOnly
	}
	return ids, nil
}

func (s *server) apiAudit(c *fiber.Ctx) error {
	orgs, err := s.auditOrgs(c)
	if err != nil {
		return err
	}
	list, err := s.auth.Audit(c.UserContext(), accounts.AuditFilter{OrgIDs: orgs, EventID: c.Query("event"), Limit: queryInt(c, "limit", 200)})
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(fiber.Map{"entries": list})
}

type auditRow struct {
	When, Says, Org, EventPath string
}

type auditPage struct {
	Filter auditFilterForm
	Rows   []auditRow
}

type auditFilterForm struct {
	webForm
	Org  string
	Orgs []events.Organisation
}

func (f auditFilterForm) Field(name string) webField {
	opts := []webOption{{Value: "", Label: tr(f.Lang, "auth.audit.all_orgs")}}
	for _, o := range f.Orgs {
		opts = append(opts, webOption{Value: o.ID, Label: o.Name})
	}
	return f.selectOne("org", "auth.audit.f.org", f.Org, opts)
}

func (s *server) orgAudit(c *fiber.Ctx) error {
	orgs, err := s.auditOrgs(c)
	if err != nil {
		return err
	}
	lang := language(c)
	list, err := s.auth.Audit(c.UserContext(), accounts.AuditFilter{OrgIDs: orgs, EventID: c.Query("event"), Limit: queryInt(c, "limit", 200)})
	if err != nil {
		return err
	}
	sc := organiser(c)
	all, err := s.events.Organisations(c.UserContext())
	if err != nil {
		return err
	}
	names := map[string]string{}
	f := auditFilterForm{webForm: newWebForm(lang, orgRoot+"/audit"), Org: c.Query("org")}
	for _, o := range all {
		names[o.ID] = o.Name
		if sc.isAdmin(o.ID) {
			f.Orgs = append(f.Orgs, o)
		}
	}
	data := auditPage{Filter: f}
	titles := map[string]string{} // event id → title ("" once gone)
	for _, e := range list {
		title, known := titles[e.EventID]
		if e.EventID != "" && !known {
			if ev, err := s.events.Event(c.UserContext(), e.EventID); err == nil {
				title = ev.Title.In(lang)
			}
			titles[e.EventID] = title
		}
		row := auditRow{When: orgDateTime(e.At, lang), Says: auditSentence(e, title, lang), Org: names[e.OrgID]}
		if title != "" {
			row.EventPath = orgEventPath(e.EventID)
		}
		data.Rows = append(data.Rows, row)
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/audit", tr(lang, "auth.audit.title"), data)
}
