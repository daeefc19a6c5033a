package app

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/config"
)

// organiserScope is what the signed-in organiser may touch. OrgIDs nil means every
// organisation; handlers must ask inScope before showing or changing anything.
type organiserScope struct {
	OrgIDs []string
}

func (o organiserScope) inScope(orgID string) bool {
	if o.OrgIDs == nil {
		return true
	}
	for _, id := range o.OrgIDs {
		if id == orgID {
			return true
		}
	}
	return false
}

const organiserKey = "organiser"

func organiser(c *fiber.Ctx) organiserScope {
	o, _ := c.Locals(organiserKey).(organiserScope)
	return o
}

var errOrganiserAccessUnavailable = apiError{http.StatusForbidden, "organiser_access_unavailable",
	"Inloggning för arrangörer finns ännu inte i produktionsläge.", "Organiser sign-in is not yet available in production mode."}

// placeholderOrganiserAccess guards every organiser route until real accounts exist:
// in development it lets everyone act as an organiser of every organisation, in
// production it refuses. Accounts replace this one middleware; handlers only call
// organiser(c) and stay as they are.
func (s *server) placeholderOrganiserAccess(c *fiber.Ctx) error {
	if s.cfg.Mode != config.Development {
		return errOrganiserAccessUnavailable
	}
	c.Locals(organiserKey, organiserScope{OrgIDs: nil})
	return c.Next()
}
