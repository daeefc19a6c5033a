package app

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/webhooks"
)

// An organisation's webhooks (webhooks/), for its admins: the endpoints, each with
// its signing secret, a "send test" button and the log of deliveries with the
// status codes the endpoint answered.

func orgWebhooksPath(orgID string) string { return "/organiser/organisations/" + orgID + "/webhooks" }

type webhookForm struct {
	webForm
	In webhooks.EndpointInput
}

func (f webhookForm) Field(name string) webField {
	switch name {
	case "url":
		return required(f.input("url", name, "webhooks.f.url", f.In.URL))
	case "description":
		return f.input("text", name, "webhooks.f.description", f.In.Description)
	case "kinds":
		opts := make([]webOption, len(webhooks.Kinds))
		for i, k := range webhooks.Kinds {
			opts[i] = webOption{Value: k, Label: tr(f.Lang, "webhooks.kind."+k) + " (" + k + ")"}
		}
		return required(f.group("checkboxes", name, "webhooks.f.kinds", opts, f.In.Kinds...))
	}
	panic("webhook form has no field " + name)
}

func (f webhookForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }

func (f webhookForm) Summary() webSummary {
	return f.summary(f.Field, []string{"url", "description", "kinds"})
}

type webhooksPage struct {
	Org       events.Organisation
	Endpoints []webhooks.Endpoint
	Form      webhookForm
	Notice    string
	Path      string
}

type webhookPage struct {
	Org      events.Organisation
	Endpoint webhooks.Endpoint
	Secret   string
	Log      []webhooks.Delivery
	Notice   string
	Path     string
}

var webhookNotices = map[string]bool{"webhook-added": true, "webhook-tested": true, "webhook-removed": true}

func (s *server) renderWebhooks(c *fiber.Ctx, org events.Organisation, f webhookForm) error {
	lang := language(c)
	list, err := s.webhooks.Endpoints(c.UserContext(), org.ID)
	if err != nil {
		return err
	}
	p := webhooksPage{Org: org, Endpoints: list, Form: f, Path: orgWebhooksPath(org.ID)}
	if n := c.Query("notice"); webhookNotices[n] {
		p.Notice = tr(lang, "webhooks.notice."+n)
	}
	noStore(c)
	return s.orgRender(c, formStatus(f.webForm), "organiser/webhooks", orgTitle(lang, tr(lang, "webhooks.title")+" – "+org.Name, f.webForm), p)
}

// GET /organiser/organisations/:org/webhooks
func (s *server) orgWebhooks(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	return s.renderWebhooks(c, org, webhookForm{webForm: newWebForm(language(c), orgWebhooksPath(org.ID))})
}

// POST /organiser/organisations/:org/webhooks
func (s *server) orgAddWebhook(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := webhookForm{webForm: newWebForm(language(c), orgWebhooksPath(org.ID))}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	e, err := s.webhooks.Add(c.UserContext(), org.ID, f.In, organiserActor(c))
	if formInvalid(err, &f.webForm) {
		return s.renderWebhooks(c, org, f)
	}
	if err != nil {
		return err
	}
	return orgDone(c, orgWebhooksPath(org.ID)+"/"+e.ID, "webhook-added")
}

func (s *server) webhookOf(c *fiber.Ctx) (events.Organisation, webhooks.Endpoint, error) {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return events.Organisation{}, webhooks.Endpoint{}, err
	}
	e, err := s.webhooks.Endpoint(c.UserContext(), org.ID, c.Params("wid"))
	if errors.Is(err, webhooks.ErrNotFound) {
		return events.Organisation{}, webhooks.Endpoint{}, events.ErrNotFound
	}
	return org, e, err
}

// GET /organiser/organisations/:org/webhooks/:wid: the secret and the delivery log.
func (s *server) orgWebhook(c *fiber.Ctx) error {
	org, e, err := s.webhookOf(c)
	if err != nil {
		return err
	}
	lang := language(c)
	log, err := s.webhooks.Log(c.UserContext(), e.ID, 50)
	if err != nil {
		return err
	}
	p := webhookPage{Org: org, Endpoint: e, Secret: s.webhooks.Secret(e.ID), Log: log, Path: orgWebhooksPath(org.ID) + "/" + e.ID}
	if n := c.Query("notice"); webhookNotices[n] {
		p.Notice = tr(lang, "webhooks.notice."+n)
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/webhook", tr(lang, "webhooks.endpoint")+" – "+org.Name, p)
}

// POST /organiser/organisations/:org/webhooks/:wid/test: a ping, sent at once.
func (s *server) orgTestWebhook(c *fiber.Ctx) error {
	org, e, err := s.webhookOf(c)
	if err != nil {
		return err
	}
	if err := s.webhooks.Test(c.UserContext(), e); err != nil {
		return err
	}
	return orgDone(c, orgWebhooksPath(org.ID)+"/"+e.ID, "webhook-tested")
}

// POST /organiser/organisations/:org/webhooks/:wid/delete
func (s *server) orgRemoveWebhook(c *fiber.Ctx) error {
	org, e, err := s.webhookOf(c)
	if err != nil {
		return err
	}
	if err := s.webhooks.Remove(c.UserContext(), org.ID, e.ID); err != nil {
		return err
	}
	return orgDone(c, orgWebhooksPath(org.ID), "webhook-removed")
}
