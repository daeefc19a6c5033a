package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

// What creating an event and creating a series share: both are made in one of the
// organiser's organisations, named by ?org= (then sent as a hidden field) or picked
// on the form when the organiser came without one.

// orgPick is the organisation part of a create form.
type orgPick struct {
	OrgID string                // the organisation, sent as a hidden field
	Orgs  []events.Organisation // without ?org=: the organisations to pick from
}

// formOrganisation is the organisation a submitted create form names, within the
// organiser's scope (else the scope's 403/404). None named gives "" with the
// problem on the form, for the caller to show the form again.
func (s *server) formOrganisation(c *fiber.Ctx, f *webForm) (string, error) {
	orgID := c.FormValue("org")
	if orgID == "" {
		f.Errors["org"] = tr(f.Lang, "org.err.org")
		return "", nil
	}
	if _, err := s.scopedOrganisation(c, orgID); err != nil {
		return "", err
	}
	return orgID, nil
}

// pickOrganisation fills p for a create form: orgID's organisation when given, else
// the organisations to choose from. ok is false for an organiser with none yet, who
// is to be sent to create one first (newOrganisationFirst).
func (s *server) pickOrganisation(c *fiber.Ctx, orgID string, p *orgPick) (org events.Organisation, ok bool, err error) {
	if orgID != "" {
		org, err := s.scopedOrganisation(c, orgID)
		if err != nil {
			return events.Organisation{}, false, err
		}
		p.OrgID = org.ID
		return org, true, nil
	}
	orgs, err := s.scopedOrganisations(c)
	if err != nil || len(orgs) == 0 {
		return events.Organisation{}, false, err
	}
	p.Orgs = orgs
	return events.Organisation{}, true, nil
}

func newOrganisationFirst(c *fiber.Ctx) error {
	return c.Redirect(orgRoot+"/organisations/new", fiber.StatusSeeOther)
}
