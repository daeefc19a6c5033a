package app

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox"
)

// Members and API tokens of an organisation, managed by its admins (and operators).
// A new member's address gets an account without a password and an e-mail with a
// link to set one (the reset mechanism, valid longer). An admin cannot change or
// remove their own membership, so an organisation does not lose its last admin by a
// slip; another admin or an operator can.

func orgMembersPath(orgID string) string {
	return orgRoot + "/organisations/" + url.PathEscape(orgID) + "/members"
}

func orgTokensPath(orgID string) string {
	return orgRoot + "/organisations/" + url.PathEscape(orgID) + "/tokens"
}

var errOwnMembership = apiError{http.StatusConflict, "own_membership",
	"err.own_membership"}

// adminOrganisation loads an organisation whose members the principal manages:
// not a member is "not found", a member who is not an admin is 403.
func (s *server) adminOrganisation(c *fiber.Ctx, orgID string) (events.Organisation, error) {
	sc := organiser(c)
	if orgID == "" || !sc.isMember(orgID) {
		return events.Organisation{}, events.ErrNotFound
	}
	if !sc.isAdmin(orgID) {
		return events.Organisation{}, errAdminOnly
	}
	org, err := s.events.Organisation(c.UserContext(), orgID)
	if err != nil {
		return events.Organisation{}, err
	}
	sc.req.allow(org.ID)
	return org, nil
}

func roleOptions(lang string) []webOption {
	opts := make([]webOption, len(accounts.Roles))
	for i, r := range accounts.Roles {
		opts[i] = webOption{Value: string(r), Label: tr(lang, "auth.role."+string(r))}
	}
	return opts
}

// roleChoices are the roles with what each may do, for the radios of a form.
func roleChoices(lang string) []webOption {
	opts := roleOptions(lang)
	for i := range opts {
		opts[i].Label += " – " + tr(lang, "auth.role."+opts[i].Value+".hint")
	}
	return opts
}

// --- members --------------------------------------------------------------------

type memberInput struct {
	Email string `form:"email"`
	Role  string `form:"role"`
}

type memberForm struct {
	webForm
	In memberInput
}

func (f memberForm) Field(name string) webField {
	switch name {
	case "email":
		fl := required(f.input("email", name, "auth.f.member_email", f.In.Email))
		fl.Autocomplete = "off"
		fl.Hint = tr(f.Lang, "auth.f.member_email.hint")
		return fl
	case "role":
		fl := required(f.group("radios", name, "auth.f.role", roleChoices(f.Lang), f.In.Role))
		return fl
	}
	panic("member form has no field " + name)
}

func (f memberForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f memberForm) Summary() webSummary               { return f.summary(f.Field, []string{"email", "role"}) }

type memberRow struct {
	AccountID, Email, Role, RoleLabel, Since, Action string
	Self, Pending                                    bool
	Options                                          []webOption
}

type membersPage struct {
	Notice string
	Org    events.Organisation
	Rows   []memberRow
	Form   memberForm
	Tokens string // the organisation's API tokens page
	Audit  string
}

func (s *server) orgMembers(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := memberForm{webForm: newWebForm(language(c), orgMembersPath(org.ID)), In: memberInput{Role: string(accounts.RoleOrganiser)}}
	return s.renderMembers(c, org, f)
}

var memberNotices = map[string]bool{"member-added": true, "member-invited": true, "role-changed": true, "member-removed": true}

func (s *server) renderMembers(c *fiber.Ctx, org events.Organisation, f memberForm) error {
	lang := f.Lang
	members, err := s.auth.Members(c.UserContext(), org.ID)
	if err != nil {
		return err
	}
	data := membersPage{Org: org, Form: f, Tokens: orgTokensPath(org.ID), Audit: orgRoot + "/audit?org=" + url.QueryEscape(org.ID)}
	if n := c.Query("notice"); memberNotices[n] {
		data.Notice = tr(lang, "auth.notice."+n)
	}
	me := organiser(c).principal.AccountID
	for _, m := range members {
		opts := roleOptions(lang)
		for i := range opts {
			opts[i].Checked = opts[i].Value == string(m.Role)
		}
		data.Rows = append(data.Rows, memberRow{
			AccountID: m.Account.ID, Email: m.Account.Email, Role: string(m.Role), RoleLabel: tr(lang, "auth.role."+string(m.Role)),
			Since: orgDate(m.Since, lang), Action: orgMembersPath(org.ID) + "/" + url.PathEscape(m.Account.ID),
			Self: m.Account.ID == me, Pending: !m.Account.HasPassword(), Options: opts,
		})
	}
	noStore(c)
	title := orgTitle(lang, tr(lang, "auth.members.title")+" – "+org.Name, f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/members", title, data)
}

func (s *server) orgAddMember(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := memberForm{webForm: newWebForm(language(c), orgMembersPath(org.ID))}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	email, err := accounts.NormalizeEmail(f.In.Email)
	if err != nil {
		f.Errors["email"] = tr(f.Lang, "auth.err.email")
	}
	role := accounts.Role(f.In.Role)
	if !role.Valid() {
		f.Errors["role"] = tr(f.Lang, "auth.err.role")
	}
	if f.HasErrors() {
		return s.renderMembers(c, org, f)
	}
	ctx := c.UserContext()
	a, err := s.auth.AccountByEmail(ctx, email)
	if errors.Is(err, accounts.ErrNotFound) {
		a, err = s.auth.CreateAccount(ctx, accounts.NewAccount{Email: email})
		if errors.Is(err, accounts.ErrEmailTaken) { // created at this moment by someone else
			a, err = s.auth.AccountByEmail(ctx, email)
		}
	}
	if err != nil {
		return err
	}
	if _, err := s.auth.AddMembership(ctx, a.ID, org.ID, role); err != nil {
		if errors.Is(err, accounts.ErrAlreadyMember) {
			f.Errors["email"] = tr(f.Lang, "auth.err.already_member")
			return s.renderMembers(c, org, f)
		}
		return err
	}
	notice := "member-added"
	if !a.HasPassword() {
		token, _, err := s.auth.IssuePasswordLink(ctx, a.ID, accounts.LinkInvite)
		if err != nil {
			return err
		}
		if err := s.mailPasswordLink(c, a, token, accounts.LinkInvite, org.Name); err != nil {
			return err
		}
		notice = "member-invited"
	} else {
		link := s.cfg.BaseURL.String() + orgRoot + "/"
		text := fmt.Sprintf(tr(langSV, "auth.mail.added.body"), org.Name, tr(langSV, "auth.role."+string(role)), link) + "\n\n---\n\n" +
			fmt.Sprintf(tr(langEN, "auth.mail.added.body"), org.Name, tr(langEN, "auth.role."+string(role)), link)
		subject := tr(langSV, "auth.mail.added.subject") + " / " + tr(langEN, "auth.mail.added.subject")
		if _, err := s.outbox.Enqueue(ctx, outbox.Message{To: a.Email, Subject: subject, Text: text, Lang: f.Lang, Kind: "member_added", Ref: a.ID}); err != nil {
			return err
		}
	}
	return orgDone(c, orgMembersPath(org.ID), notice)
}

// memberTarget loads the organisation and checks the account named by :aid is not
// the admin themself.
func (s *server) memberTarget(c *fiber.Ctx) (events.Organisation, string, error) {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return events.Organisation{}, "", err
	}
	aid := c.Params("aid")
	sc := organiser(c)
	if _, err := s.auth.Membership(c.UserContext(), aid, org.ID); err != nil {
		return events.Organisation{}, "", err
	}
	if aid == sc.principal.AccountID && !sc.operator {
		return events.Organisation{}, "", errOwnMembership
	}
	return org, aid, nil
}

func (s *server) orgSetMemberRole(c *fiber.Ctx) error {
	org, aid, err := s.memberTarget(c)
	if err != nil {
		return err
	}
	var in memberInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.auth.SetRole(c.UserContext(), aid, org.ID, accounts.Role(in.Role)); err != nil {
		if errors.Is(err, accounts.ErrInvalidRole) {
			return apiError{http.StatusUnprocessableEntity, "validation_failed", "auth.err.role"}
		}
		return err
	}
	return orgDone(c, orgMembersPath(org.ID), "role-changed")
}

func (s *server) orgRemoveMember(c *fiber.Ctx) error {
	org, aid, err := s.memberTarget(c)
	if err != nil {
		return err
	}
	if err := s.auth.RemoveMembership(c.UserContext(), aid, org.ID); err != nil {
		return err
	}
	return orgDone(c, orgMembersPath(org.ID), "member-removed")
}

// --- API tokens -----------------------------------------------------------------

type tokenInput struct {
	Name string `form:"name"`
	Role string `form:"role"`
}

type tokenForm struct {
	webForm
	In tokenInput
}

func (f tokenForm) Field(name string) webField {
	switch name {
	case "name":
		fl := required(f.input("text", name, "auth.f.token_name", f.In.Name))
		fl.Hint = tr(f.Lang, "auth.f.token_name.hint")
		fl.Autocomplete = "off"
		return fl
	case "role":
		return required(f.group("radios", name, "auth.f.token_role", roleChoices(f.Lang), f.In.Role))
	}
	panic("token form has no field " + name)
}

func (f tokenForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f tokenForm) Summary() webSummary               { return f.summary(f.Field, []string{"name", "role"}) }

type tokenRow struct {
	ID, Name, Role, CreatedBy, Created, Revoke string
}

type tokensPage struct {
	Notice  string
	Secret  string // a token just made, shown this once
	Org     events.Organisation
	Members string
	Rows    []tokenRow
	Form    tokenForm
}

func (s *server) orgTokens(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := tokenForm{webForm: newWebForm(language(c), orgTokensPath(org.ID)), In: tokenInput{Role: string(accounts.RoleViewer)}}
	notice := ""
	if c.Query("notice") == "token-revoked" {
		notice = tr(f.Lang, "auth.notice.token-revoked")
	}
	return s.renderTokens(c, fiber.StatusOK, org, f, notice, "")
}

func (s *server) renderTokens(c *fiber.Ctx, status int, org events.Organisation, f tokenForm, notice, secret string) error {
	lang := f.Lang
	list, err := s.auth.Tokens(c.UserContext(), org.ID)
	if err != nil {
		return err
	}
	data := tokensPage{Notice: notice, Secret: secret, Org: org, Members: orgMembersPath(org.ID), Form: f}
	for _, t := range list {
		data.Rows = append(data.Rows, tokenRow{ID: t.ID, Name: t.Name, Role: tr(lang, "auth.role."+string(t.Role)), CreatedBy: t.CreatedBy,
			Created: orgDateTime(t.CreatedAt, lang), Revoke: orgTokensPath(org.ID) + "/" + url.PathEscape(t.ID) + "/revoke"})
	}
	if f.HasErrors() {
		status = fiber.StatusUnprocessableEntity
	}
	noStore(c)
	c.Status(status)
	return s.render(c, "organiser/tokens", page{Title: orgTitle(lang, tr(lang, "auth.tokens.title")+" – "+org.Name, f.webForm), Data: data})
}

func (s *server) orgCreateToken(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	f := tokenForm{webForm: newWebForm(language(c), orgTokensPath(org.ID))}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	secret, _, err := s.auth.CreateToken(c.UserContext(), org.ID, f.In.Name, accounts.Role(f.In.Role), organiser(c).principal.Email)
	switch {
	case errors.Is(err, accounts.ErrInvalidTokenArg):
		f.Errors["name"] = tr(f.Lang, "auth.err.token_name")
	case errors.Is(err, accounts.ErrInvalidRole):
		f.Errors["role"] = tr(f.Lang, "auth.err.role")
	case err != nil:
		return err
	}
	if f.HasErrors() {
		return s.renderTokens(c, fiber.StatusUnprocessableEntity, org, f, "", "")
	}
	// Shown once, in this response: never in a URL, never stored.
	fresh := tokenForm{webForm: newWebForm(f.Lang, f.Action), In: tokenInput{Role: string(accounts.RoleViewer)}}
	return s.renderTokens(c, fiber.StatusCreated, org, fresh, tr(f.Lang, "auth.notice.token-created"), secret)
}

func (s *server) orgRevokeToken(c *fiber.Ctx) error {
	org, err := s.adminOrganisation(c, c.Params("org"))
	if err != nil {
		return err
	}
	if err := s.auth.RevokeToken(c.UserContext(), org.ID, c.Params("tid")); err != nil {
		return err
	}
	return orgDone(c, orgTokensPath(org.ID), "token-revoked")
}
