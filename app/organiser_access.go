package app

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Access to the organiser side (/organiser pages and the organiser JSON API under
// /api/v1). organiserAccess, on both route groups, finds who is behind the request
// (a session cookie, or on the API an organisation's API token), refuses state-changing
// session requests without the CSRF token, puts an organiserScope in the request and,
// after the handler, writes the audit entry. Handlers only ever ask
// organiser(c).inScope(orgID): the one check, aware of the method and of what the
// route is marked as (exportsPersonalData, showsPersonalData), so no handler needs to
// know about roles. Anything out of scope is "not found", so existence does not leak;
// a member whose role does not allow the request gets 403.

// organiserScope is what the request's principal may touch.
type organiserScope struct {
	// OrgIDs are the organisations the principal belongs to (any role), for lists;
	// nil means every organisation (operators). Never nil for anyone else.
	OrgIDs []string

	operator  bool
	roles     map[string]accounts.Role
	write     bool // the request changes state
	principal accounts.Principal
	csrf      string // the session's CSRF token, for forms ("" for API tokens)
	req       *scopeRequest
}

// scopeRequest is what one request learns while its handler runs: route marks, and
// which organisations inScope allowed or refused (for the audit entry and the 403).
type scopeRequest struct {
	export  bool   // exportsPersonalData: organiser or admin only
	action  string // audit action of a read worth recording
	allowed []string
	denied  string // an organisation the principal belongs to, whose role was too weak
	detail  string // what the change was, where the route does not say (auditDetail)
}

// auditDetail notes what a change was for the audit log ("published").
func auditDetail(c *fiber.Ctx, detail string) {
	if sc := organiser(c); sc.req != nil {
		sc.req.detail = detail
	}
}

func (r *scopeRequest) allow(orgID string) {
	for _, id := range r.allowed {
		if id == orgID {
			return
		}
	}
	r.allowed = append(r.allowed, orgID)
}

// inScope tells whether the request may touch organisation orgID: for reads any role
// of it; for changes and exports of personal data organiser or admin. Operators may
// touch every organisation.
func (o organiserScope) inScope(orgID string) bool {
	if orgID == "" || o.req == nil {
		return false
	}
	if o.operator {
		o.req.allow(orgID)
		return true
	}
	role, ok := o.roles[orgID]
	if !ok {
		return false
	}
	if (o.write || o.req.export) && !role.CanWrite() {
		o.req.denied = orgID
		return false
	}
	o.req.allow(orgID)
	return true
}

// isAdmin tells whether the principal manages orgID's members, tokens and audit log.
func (o organiserScope) isAdmin(orgID string) bool {
	return o.operator || (orgID != "" && o.roles[orgID] == accounts.RoleAdmin)
}

// isMember tells whether the principal has any role in orgID (or is an operator).
func (o organiserScope) isMember(orgID string) bool {
	if o.operator {
		return true
	}
	_, ok := o.roles[orgID]
	return ok
}

const organiserKey = "organiser"

// organiser is the scope of the request; outside the organiser routes it allows
// nothing and lists nothing.
func organiser(c *fiber.Ctx) organiserScope {
	o, ok := c.Locals(organiserKey).(organiserScope)
	if !ok {
		return organiserScope{OrgIDs: []string{}}
	}
	return o
}

func newScope(p accounts.Principal, write bool, csrf string) organiserScope {
	sc := organiserScope{operator: p.Operator, roles: map[string]accounts.Role{}, write: write, principal: p, csrf: csrf, req: &scopeRequest{}}
	if !p.Operator {
		sc.OrgIDs = []string{}
		for _, m := range p.Memberships {
			sc.roles[m.OrgID] = m.Role
			sc.OrgIDs = append(sc.OrgIDs, m.OrgID)
		}
	}
	return sc
}

var (
	errSignInRequired = apiError{http.StatusUnauthorized, "sign_in_required",
		"err.sign_in_required"}
	errCSRF = apiError{http.StatusForbidden, "csrf_failed",
		"err.csrf_failed"}
	errRoleForbidden = apiError{http.StatusForbidden, "role_forbidden",
		"err.role_forbidden"}
	errOperatorOnly = apiError{http.StatusForbidden, "operator_only",
		"err.operator_only"}
	errAdminOnly = apiError{http.StatusForbidden, "admin_only",
		"err.admin_only"}
)

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// organiserAccess guards every organiser route (both groups in routes.go).
func (s *server) organiserAccess(c *fiber.Ctx) error {
	p, err := s.principal(c)
	if errors.Is(err, accounts.ErrNoSession) {
		return s.signInRequired(c)
	}
	if err != nil {
		return err
	}
	write := !safeMethod(c.Method())
	csrf := ""
	if p.SessionID != "" {
		csrf = accounts.CSRFToken(s.cfg.SecretKey, p.SessionID)
		if write && !accounts.ValidCSRF(s.cfg.SecretKey, p.SessionID, presentedCSRF(c)) {
			return errCSRF
		}
	}
	sc := newScope(p, write, csrf)
	c.Locals(organiserKey, sc)
	err = c.Next()
	if err != nil && sc.req.denied != "" && isNotFound(err) {
		// The principal belongs to the organisation: say why instead of "not found".
		err = errRoleForbidden
	}
	s.auditRequest(c, sc, err)
	return err
}

func isNotFound(err error) bool {
	return errors.Is(err, events.ErrNotFound) || errors.Is(err, registration.ErrNotFound) || errors.Is(err, accounts.ErrNotFound) ||
		errors.Is(err, badges.ErrNotFound)
}

// principal finds who is behind the request: an API token (only on the API) or the
// session cookie. accounts.ErrNoSession when neither is valid.
func (s *server) principal(c *fiber.Ctx) (accounts.Principal, error) {
	if strings.HasPrefix(c.Path(), "/api/") {
		if h := c.Get(fiber.HeaderAuthorization); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return accounts.Principal{}, accounts.ErrNoSession
			}
			return s.auth.TokenPrincipal(c.UserContext(), strings.TrimSpace(token))
		}
	}
	token := c.Cookies(s.sessionCookieName())
	if token == "" {
		return accounts.Principal{}, accounts.ErrNoSession
	}
	return s.auth.SessionPrincipal(c.UserContext(), token)
}

// presentedCSRF is the token a request carries: the X-CSRF-Token header, or a form's
// csrf field.
func presentedCSRF(c *fiber.Ctx) string {
	if h := c.Get("X-CSRF-Token"); h != "" {
		return h
	}
	ct := string(c.Request().Header.ContentType())
	if strings.HasPrefix(ct, fiber.MIMEApplicationForm) || strings.HasPrefix(ct, fiber.MIMEMultipartForm) {
		return c.FormValue("csrf")
	}
	return ""
}

// signInRequired sends a browser asking for an organiser page to the sign-in page,
// coming back afterwards; everything else gets 401.
func (s *server) signInRequired(c *fiber.Ctx) error {
	if strings.HasPrefix(c.Path(), orgRoot) && (c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead) {
		next := c.OriginalURL()
		return c.Redirect(orgRoot+"/sign-in?"+url.Values{"next": {next}}.Encode(), fiber.StatusSeeOther)
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="folkhalsa-events"`)
	}
	return errSignInRequired
}

// --- route marks ----------------------------------------------------------------

// exportsPersonalData marks a route that hands out personal data in bulk (CSV, needs
// summary, badge PDFs): organisers and admins only, and every call is audited.
func (s *server) exportsPersonalData(c *fiber.Ctx) error {
	sc := organiser(c)
	if sc.req != nil {
		sc.req.export = true
		sc.req.action = auditExport
	}
	return c.Next()
}

// showsPersonalData marks a route that shows personal data (participant list,
// registrations as JSON): any role may read it, and every call is audited.
func (s *server) showsPersonalData(c *fiber.Ctx) error {
	if sc := organiser(c); sc.req != nil {
		sc.req.action = auditViewPersonal
	}
	return c.Next()
}

// operatorOnly guards creating organisations.
func (s *server) operatorOnly(c *fiber.Ctx) error {
	if !organiser(c).operator {
		return errOperatorOnly
	}
	return c.Next()
}

// --- audit ----------------------------------------------------------------------

const (
	auditChange       = "change"
	auditExport       = "export"
	auditViewPersonal = "view_personal_data"
	auditSignIn       = "sign_in"
	auditSignOut      = "sign_out"
	auditSignOutAll   = "sign_out_everywhere"
	auditPassword     = "password_set"
)

// auditRequest records a change, an export or a view of personal data after the
// handler ran, with the organisation the handler's scope checks settled on.
func (s *server) auditRequest(c *fiber.Ctx, sc organiserScope, err error) {
	action := sc.req.action
	if action == "" {
		if !sc.write {
			return
		}
		action = auditChange
	}
	status := c.Response().StatusCode()
	if err != nil {
		resp, _ := describe(err)
		status = resp.status
	}
	e := accounts.AuditEntry{Action: action, Method: c.Method(), Route: c.Route().Path, Path: c.Path(), Status: status, IP: c.IP(), Detail: sc.req.detail}
	if len(sc.req.allowed) == 1 {
		e.OrgID = sc.req.allowed[0]
	} else if len(sc.req.allowed) == 0 && sc.req.denied != "" {
		e.OrgID = sc.req.denied
	}
	if names := c.Route().Params; len(names) > 0 {
		e.Params = map[string]string{}
		for _, n := range names {
			e.Params[n] = c.Params(n)
		}
		if strings.Contains(e.Route, "/events/:id") {
			e.EventID = c.Params("id")
			e.RegistrationID = c.Params("rid") // a visit request's :rid is not a registration
		}
	}
	s.record(c, sc.principal, e)
}

// record writes an audit entry for the principal. It must not fail the request whose
// outcome it records, so an error is logged.
func (s *server) record(c *fiber.Ctx, p accounts.Principal, e accounts.AuditEntry) {
	e.AccountID, e.Actor = p.AccountID, p.Email
	if p.Token != nil {
		e.TokenID, e.Actor = p.Token.ID, "token:"+p.Token.Name
	}
	if e.IP == "" {
		e.IP = c.IP()
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), 5*time.Second)
	defer cancel()
	if err := s.auth.Record(ctx, e); err != nil {
		s.log.Error("audit entry not recorded", "request_id", requestID(c), "action", e.Action, "route", e.Route, "error", err)
	}
}
