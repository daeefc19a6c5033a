package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
)

// The scanner page's JSON API, /api/v1/scan/:token/…, authorised only by the scanner
// token like the page. Answers about a badge are outcomes (200), never errors: an
// unknown code is {"outcome":"invalid"}. Errors are about the request: an unknown link
// (404), a revoked or expired one (403), a body that cannot be read (400/415), a
// session that is not a workshop of the event or a missing code (422).

// scanAPIInput is the body of a scan.
type scanAPIInput struct {
	Code      string `json:"code" form:"code"`
	SessionID string `json:"session_id" form:"session_id"`
}

// POST /api/v1/scan/:token {code, session_id}
func (s *server) scanAPIScan(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return err
	}
	var in scanAPIInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Code) == "" {
		return errScanCode
	}
	if _, err := s.scanSession(c.UserContext(), link.EventID, in.SessionID, "session_id"); err != nil {
		return err
	}
	res, err := s.badges.Scan(c.UserContext(), link, in.Code, strings.TrimSpace(in.SessionID))
	if err != nil {
		return err
	}
	return c.JSON(newScanView(res, language(c)))
}

// GET /api/v1/scan/:token/search?q=
func (s *server) scanAPISearch(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return err
	}
	hits, err := s.scanSearch(c.UserContext(), link.EventID, c.Query("q"), language(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"hits": hits, "min_length": scanSearchMin})
}

// POST /api/v1/scan/:token/manual {registration_id, session_id}
func (s *server) scanAPIManual(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return err
	}
	in, err := s.bindCheckin(c, link.EventID)
	if err != nil {
		return err
	}
	v, err := s.manualCheckIn(c, link, in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// POST /api/v1/scan/:token/undo {registration_id, session_id}
func (s *server) scanAPIUndo(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return err
	}
	in, err := s.bindCheckin(c, link.EventID)
	if err != nil {
		return err
	}
	if err := s.undoCheckIn(c, badges.ByLink(link), in); err != nil {
		return err
	}
	sessionID := in.SessionID
	st, err := s.badges.Stats(c.UserContext(), link.EventID, sessionID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{
		"undone": true, "registration_id": in.RegistrationID, "session_id": sessionID,
		"message": tr(language(c), "scan.undone"), "checked_in": st.CheckedIn, "expected": st.Expected,
	})
}

// scanStats is the station's figures.
type scanStats struct {
	SessionID     string `json:"session_id,omitempty"`
	Station       string `json:"station"`
	CheckedIn     int    `json:"checked_in"`
	Expected      int    `json:"expected"`
	StillExpected int    `json:"still_expected"`
}

// GET /api/v1/scan/:token/stats?session=
func (s *server) scanAPIStats(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return err
	}
	sessionID := strings.TrimSpace(c.Query("session"))
	if _, err := s.scanSession(c.UserContext(), link.EventID, sessionID, "session"); err != nil {
		return err
	}
	st, err := s.badges.Stats(c.UserContext(), link.EventID, sessionID)
	if err != nil {
		return err
	}
	return c.JSON(scanStats{SessionID: sessionID, Station: link.Station, CheckedIn: st.CheckedIn, Expected: st.Expected, StillExpected: st.StillExpected})
}
