package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/platform/outbox"
)

// Signing in and out, and passwords: the sign-in page, "forgot password" and the
// password link it mails (also used to invite new members), the account page with
// "change password" and "sign out everywhere". The session lives in the store
// (accounts); the browser holds its random token in an HttpOnly, SameSite=Lax
// cookie, Secure when BASE_URL is https. Signing in always starts a new session
// (a token planted before sign-in is worthless), and ends the one the browser had.

// sessionCookieName is __Host- prefixed under https, which browsers accept only
// with Secure, Path=/ and no Domain: no subdomain can plant or overwrite it.
func (s *server) sessionCookieName() string {
	if s.cfg.SecureCookies() {
		return "__Host-fh_session"
	}
	return "fh_session"
}

// SessionCookieName is the name of the organiser session cookie under cfg, for tests.
func SessionCookieName(secure bool) string {
	if secure {
		return "__Host-fh_session"
	}
	return "fh_session"
}

func (s *server) setSessionCookie(c *fiber.Ctx, token string) {
	// Max-Age, not Expires: the browser's clock counts, whatever the server's says.
	c.Cookie(&fiber.Cookie{
		Name: s.sessionCookieName(), Value: token, Path: "/",
		MaxAge:   int(s.auth.Config().MaxAge.Seconds()),
		HTTPOnly: true, Secure: s.cfg.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (s *server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HTTPOnly: true, Secure: s.cfg.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// localNext is where to go after signing in: a path on this site, else the dashboard.
func localNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\\\r\n\t") || len(next) > 2000 {
		return orgRoot + "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return orgRoot + "/"
	}
	return next
}

// sameOrigin refuses a state-changing request of the public auth forms that a
// browser says came from another site (login CSRF): they have no session to bind a
// token to, so the Origin header, which browsers send with every form POST, is checked.
//
// A form posted to the host it was loaded from is same-origin too, whatever BASE_URL
// says (127.0.0.1 while BASE_URL names localhost): a page on another site cannot make
// a browser send its own origin as this request's host.
func (s *server) sameOrigin(c *fiber.Ctx) error {
	if o := c.Get(fiber.HeaderOrigin); o != "" && o != "null" {
		u, err := url.Parse(o)
		ours := err == nil && ((u.Scheme == s.cfg.BaseURL.Scheme && u.Host == s.cfg.BaseURL.Host) || u.Host == string(c.Request().Host()))
		if !ours {
			return errCSRF
		}
	}
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		return errCSRF
	}
	return c.Next()
}

// "Forgot password" requests per client address and window, on each instance.
const (
	forgotAttempts = 10
	forgotWindow   = 15 * time.Minute
)

var (
	errBadCredentials = apiError{http.StatusUnauthorized, "bad_credentials",
		"err.bad_credentials"}
	errSignInLimited = apiError{http.StatusTooManyRequests, "too_many_attempts",
		"err.too_many_attempts"}
	errLinkInvalid = apiError{http.StatusNotFound, "link_invalid",
		"err.link_invalid"}
)

// --- sign in --------------------------------------------------------------------

type authSignInInput struct {
	Email    string `form:"email"`
	Password string `form:"password"`
	Next     string `form:"next"`
}

type authSignInForm struct {
	webForm
	In authSignInInput
}

func (f authSignInForm) Field(name string) webField {
	switch name {
	case "email":
		fl := required(f.input("email", name, "auth.f.email", f.In.Email))
		fl.Autocomplete = "username"
		return fl
	case "password":
		fl := required(f.input("password", name, "auth.f.password", ""))
		fl.Autocomplete = "current-password"
		return fl
	}
	panic("sign-in form has no field " + name)
}

func (f authSignInForm) Summary() webSummary {
	return f.summary(f.Field, []string{"email", "password"})
}

type authSignInPage struct {
	Notice string
	Form   authSignInForm
	Next   string
}

var authNotices = map[string]bool{"signed-out": true, "signed-out-everywhere": true, "password-set": true}

func (s *server) authSignInPage(c *fiber.Ctx) error {
	f := authSignInForm{webForm: newWebForm(language(c), orgRoot+"/sign-in")}
	notice := ""
	if n := c.Query("notice"); authNotices[n] {
		notice = tr(f.Lang, "auth.notice."+n)
	}
	return s.renderSignIn(c, fiber.StatusOK, f, localNext(c.Query("next")), notice)
}

func (s *server) renderSignIn(c *fiber.Ctx, status int, f authSignInForm, next, notice string) error {
	noStore(c)
	title := orgTitle(f.Lang, tr(f.Lang, "auth.signin.title"), f.webForm)
	return s.orgRender(c, status, "organiser/sign_in", title, authSignInPage{Notice: notice, Form: f, Next: next})
}

func (s *server) authSignIn(c *fiber.Ctx) error {
	f := authSignInForm{webForm: newWebForm(language(c), orgRoot+"/sign-in")}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	next := localNext(f.In.Next)
	a, token, err := s.auth.SignIn(c.UserContext(), f.In.Email, f.In.Password, c.IP(), c.Get(fiber.HeaderUserAgent))
	switch {
	case errors.Is(err, accounts.ErrBadCredentials):
		f.Errors["email"] = errBadCredentials.message(f.Lang)
		return s.renderSignIn(c, errBadCredentials.status, f, next, "")
	case errors.Is(err, accounts.ErrRateLimited):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(s.auth.Config().FailureWindow.Seconds())))
		f.Errors["email"] = errSignInLimited.message(f.Lang)
		return s.renderSignIn(c, errSignInLimited.status, f, next, "")
	case err != nil:
		return err
	}
	// Rotation: the session the browser came with, if any, ends here.
	if old := c.Cookies(s.sessionCookieName()); old != "" {
		_ = s.auth.EndSession(c.UserContext(), old)
	}
	s.setSessionCookie(c, token)
	s.record(c, accounts.Principal{AccountID: a.ID, Email: a.Email}, accounts.AuditEntry{Action: auditSignIn, Method: c.Method(), Route: c.Route().Path, Status: http.StatusSeeOther})
	return c.Redirect(next, fiber.StatusSeeOther)
}

// --- sign out -------------------------------------------------------------------

// authSignOutPage asks to confirm: signing out is a POST with the CSRF token, so that
// no other site can sign anyone out, and the header's link leads here.
func (s *server) authSignOutPage(c *fiber.Ctx) error {
	return s.orgRender(c, fiber.StatusOK, "organiser/sign_out", tr(language(c), "auth.signout.title"), nil)
}

func (s *server) authSignOut(c *fiber.Ctx) error {
	sc := organiser(c)
	if err := s.auth.EndSession(c.UserContext(), c.Cookies(s.sessionCookieName())); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	sc.req.action = auditSignOut
	return c.Redirect(orgRoot+"/sign-in?notice=signed-out", fiber.StatusSeeOther)
}

func (s *server) authSignOutEverywhere(c *fiber.Ctx) error {
	sc := organiser(c)
	if sc.principal.AccountID == "" {
		return errSignInRequired
	}
	if err := s.auth.EndAllSessions(c.UserContext(), sc.principal.AccountID); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	sc.req.action = auditSignOutAll
	return c.Redirect(orgRoot+"/sign-in?notice=signed-out-everywhere", fiber.StatusSeeOther)
}

// apiSession tells a script using the session cookie who it is and the CSRF token
// its state-changing requests must send as X-CSRF-Token.
func (s *server) apiSession(c *fiber.Ctx) error {
	sc := organiser(c)
	ms := sc.principal.Memberships
	if ms == nil {
		ms = []accounts.Membership{}
	}
	out := fiber.Map{"email": sc.principal.Email, "operator": sc.operator, "memberships": ms}
	if sc.csrf != "" {
		out["csrf_token"] = sc.csrf
	}
	noStore(c)
	return c.JSON(out)
}

// --- forgot password ------------------------------------------------------------

type authEmailForm struct {
	webForm
	Email string `form:"email"`
}

func (f authEmailForm) Field(name string) webField {
	fl := required(f.input("email", "email", "auth.f.email", f.Email))
	fl.Autocomplete = "username"
	return fl
}

func (f authEmailForm) Summary() webSummary { return f.summary(f.Field, []string{"email"}) }

type authForgotPage struct {
	Sent bool
	Form authEmailForm
}

func (s *server) authForgotPage(c *fiber.Ctx) error {
	f := authEmailForm{webForm: newWebForm(language(c), orgRoot+"/password/forgot")}
	return s.orgRender(c, fiber.StatusOK, "organiser/password_forgot", tr(f.Lang, "auth.forgot.title"), authForgotPage{Form: f})
}

// authForgot mails a reset link when the address has an account, and answers the
// same whether or not it has.
func (s *server) authForgot(c *fiber.Ctx) error {
	f := authEmailForm{webForm: newWebForm(language(c), orgRoot+"/password/forgot")}
	if err := bind(c, &f); err != nil {
		return err
	}
	if _, err := accounts.NormalizeEmail(f.Email); err != nil {
		f.Errors["email"] = tr(f.Lang, "auth.err.email")
		return s.orgRender(c, fiber.StatusUnprocessableEntity, "organiser/password_forgot", orgTitle(f.Lang, tr(f.Lang, "auth.forgot.title"), f.webForm), authForgotPage{Form: f})
	}
	a, token, err := s.auth.RequestReset(c.UserContext(), f.Email)
	switch {
	case errors.Is(err, accounts.ErrNotFound):
	case err != nil:
		return err
	default:
		if err := s.mailPasswordLink(c, a, token, accounts.LinkReset, ""); err != nil {
			return err
		}
		s.record(c, accounts.Principal{AccountID: a.ID, Email: a.Email}, accounts.AuditEntry{Action: "password_reset_requested", Method: c.Method(), Route: c.Route().Path})
	}
	return s.orgRender(c, fiber.StatusOK, "organiser/password_forgot", tr(f.Lang, "auth.forgot.title"), authForgotPage{Sent: true, Form: f})
}

func passwordLinkPath(token string) string {
	return orgRoot + "/password/reset/" + url.PathEscape(token)
}

// mailPasswordLink queues the e-mail with a reset or invitation link, in Swedish and
// English (the recipient's language is not known).
func (s *server) mailPasswordLink(c *fiber.Ctx, a accounts.Account, token string, purpose accounts.LinkPurpose, orgName string) error {
	link := s.cfg.BaseURL.String() + passwordLinkPath(token)
	var subject, text string
	if purpose == accounts.LinkInvite {
		subject = tr(langSV, "auth.mail.invite.subject") + " / " + tr(langEN, "auth.mail.invite.subject")
		text = fmt.Sprintf(tr(langSV, "auth.mail.invite.body"), orgName, link) + "\n\n---\n\n" + fmt.Sprintf(tr(langEN, "auth.mail.invite.body"), orgName, link)
	} else {
		subject = tr(langSV, "auth.mail.reset.subject") + " / " + tr(langEN, "auth.mail.reset.subject")
		text = fmt.Sprintf(tr(langSV, "auth.mail.reset.body"), link) + "\n\n---\n\n" + fmt.Sprintf(tr(langEN, "auth.mail.reset.body"), link)
	}
	_, err := s.outbox.Enqueue(c.UserContext(), outbox.Message{To: a.Email, Subject: subject, Text: text, Lang: language(c),
		Kind: "password_" + string(purpose), Ref: a.ID})
	return err
}

// --- set a password through a link ----------------------------------------------

type authPasswordInput struct {
	Current  string `form:"current"`
	Password string `form:"password"`
	Confirm  string `form:"confirm"`
}

type authPasswordForm struct {
	webForm
	In          authPasswordInput
	WithCurrent bool // the account page asks for the current password
	Email       string
}

func (f authPasswordForm) Field(name string) webField {
	switch name {
	case "current":
		fl := required(f.input("password", name, "auth.f.current", ""))
		fl.Autocomplete = "current-password"
		return fl
	case "password":
		fl := required(f.input("password", name, "auth.f.new_password", ""))
		fl.Autocomplete = "new-password"
		fl.Hint = fmt.Sprintf(tr(f.Lang, "auth.f.new_password.hint"), accounts.MinPasswordLength)
		return fl
	case "confirm":
		fl := required(f.input("password", name, "auth.f.confirm", ""))
		fl.Autocomplete = "new-password"
		return fl
	}
	panic("password form has no field " + name)
}

// Names are the fields the form shows.
func (f authPasswordForm) Names() []string {
	if f.WithCurrent {
		return []string{"current", "password", "confirm"}
	}
	return []string{"password", "confirm"}
}

func (f authPasswordForm) Fields() []webField  { return fieldList(f.Field, f.Names()) }
func (f authPasswordForm) Summary() webSummary { return f.summary(f.Field, f.Names()) }

// check finds the problems of the new password; the store has the last word.
func (f *authPasswordForm) check() {
	if f.In.Password != f.In.Confirm {
		f.Errors["confirm"] = tr(f.Lang, "auth.err.confirm")
	}
}

func (f *authPasswordForm) storeError(err error) bool {
	switch {
	case errors.Is(err, accounts.ErrPasswordShort):
		f.Errors["password"] = fmt.Sprintf(tr(f.Lang, "auth.err.short"), accounts.MinPasswordLength)
	case errors.Is(err, accounts.ErrPasswordLong):
		f.Errors["password"] = fmt.Sprintf(tr(f.Lang, "auth.err.long"), accounts.MaxPasswordLength)
	case errors.Is(err, accounts.ErrBadCredentials):
		f.Errors["current"] = tr(f.Lang, "auth.err.current")
	default:
		return false
	}
	return true
}

type authResetPage struct {
	Purpose accounts.LinkPurpose
	Form    authPasswordForm
}

func (s *server) authResetPage(c *fiber.Ctx) error {
	a, purpose, err := s.auth.CheckPasswordLink(c.UserContext(), c.Params("token"))
	if errors.Is(err, accounts.ErrLinkInvalid) {
		return errLinkInvalid
	}
	if err != nil {
		return err
	}
	f := authPasswordForm{webForm: newWebForm(language(c), passwordLinkPath(c.Params("token"))), Email: a.Email}
	return s.renderReset(c, purpose, f)
}

func (s *server) renderReset(c *fiber.Ctx, purpose accounts.LinkPurpose, f authPasswordForm) error {
	noStore(c)
	title := orgTitle(f.Lang, tr(f.Lang, "auth.reset.title."+string(purpose)), f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/password_reset", title, authResetPage{Purpose: purpose, Form: f})
}

func (s *server) authReset(c *fiber.Ctx) error {
	token := c.Params("token")
	a, purpose, err := s.auth.CheckPasswordLink(c.UserContext(), token)
	if errors.Is(err, accounts.ErrLinkInvalid) {
		return errLinkInvalid
	}
	if err != nil {
		return err
	}
	f := authPasswordForm{webForm: newWebForm(language(c), passwordLinkPath(token)), Email: a.Email}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	f.check()
	if f.HasErrors() {
		return s.renderReset(c, purpose, f)
	}
	if _, err := s.auth.UsePasswordLink(c.UserContext(), token, f.In.Password); err != nil {
		if errors.Is(err, accounts.ErrLinkInvalid) {
			return errLinkInvalid
		}
		if f.storeError(err) {
			return s.renderReset(c, purpose, f)
		}
		return err
	}
	s.record(c, accounts.Principal{AccountID: a.ID, Email: a.Email}, accounts.AuditEntry{Action: auditPassword, Method: c.Method(), Route: c.Route().Path, Status: http.StatusSeeOther})
	return c.Redirect(orgRoot+"/sign-in?notice=password-set", fiber.StatusSeeOther)
}

// --- account page ---------------------------------------------------------------

type authAccountPage struct {
	Notice   string
	Email    string
	Operator bool
	Orgs     []authAccountOrg
	Form     authPasswordForm
}

type authAccountOrg struct {
	ID, Name, Role string
	Admin          bool
}

func (s *server) orgAccount(c *fiber.Ctx) error {
	f := authPasswordForm{webForm: newWebForm(language(c), orgRoot+"/account/password"), WithCurrent: true}
	return s.renderAccount(c, f)
}

func (s *server) renderAccount(c *fiber.Ctx, f authPasswordForm) error {
	sc := organiser(c)
	if sc.principal.AccountID == "" {
		return errSignInRequired
	}
	data := authAccountPage{Email: sc.principal.Email, Operator: sc.operator, Form: f}
	if c.Query("notice") == "password-changed" {
		data.Notice = tr(f.Lang, "auth.notice.password-changed")
	}
	for _, m := range sc.principal.Memberships {
		name := m.OrgID
		if org, err := s.events.Organisation(c.UserContext(), m.OrgID); err == nil {
			name = org.Name
		}
		data.Orgs = append(data.Orgs, authAccountOrg{ID: m.OrgID, Name: name, Role: tr(f.Lang, "auth.role."+string(m.Role)), Admin: m.Role == accounts.RoleAdmin})
	}
	noStore(c)
	return s.orgRender(c, formStatus(f.webForm), "organiser/account", orgTitle(f.Lang, tr(f.Lang, "auth.account.title"), f.webForm), data)
}

func (s *server) orgChangePassword(c *fiber.Ctx) error {
	sc := organiser(c)
	if sc.principal.AccountID == "" {
		return errSignInRequired
	}
	f := authPasswordForm{webForm: newWebForm(language(c), orgRoot+"/account/password"), WithCurrent: true}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	f.check()
	if f.HasErrors() {
		return s.renderAccount(c, f)
	}
	if err := s.auth.ChangePassword(c.UserContext(), sc.principal.AccountID, f.In.Current, f.In.Password); err != nil {
		if f.storeError(err) {
			return s.renderAccount(c, f)
		}
		return err
	}
	// Every session ended with the change; this browser gets a fresh one.
	token, _, err := s.auth.StartSession(c.UserContext(), sc.principal.AccountID, c.IP(), c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return err
	}
	s.setSessionCookie(c, token)
	sc.req.action = auditPassword
	return c.Redirect(orgRoot+"/account?notice=password-changed", fiber.StatusSeeOther)
}
