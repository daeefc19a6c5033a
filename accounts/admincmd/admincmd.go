// Package admincmd is the command line for what no web form may do: creating the
// first administrator of an organisation (and the organisation, if missing), and
// platform operators.
//
//	folkhalsa-events admin create --email anna@lansstyrelsen.se --org "Länsstyrelsen i Västerbotten" \
//	    [--kind lansstyrelse|region|kommun|other] [--county "Västerbottens län"] [--operator]
//
// The password is read from the terminal (twice, not echoed) or, for scripts, from
// the environment variable ADMIN_PASSWORD. The command uses the same configuration as
// the service (MONGODB_URI, or the embedded store under DATA_DIR: stop the service
// first when using the embedded store, which one process at a time should open).
package admincmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"folkhalsa-events/accounts"
	"folkhalsa-events/config"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// PasswordEnv names the variable a script sets instead of typing the password.
const PasswordEnv = "ADMIN_PASSWORD"

const usage = `usage: folkhalsa-events admin create --email ADDRESS [--org NAME] [--kind lansstyrelse|region|kommun|other] [--county COUNTY] [--operator]

Creates an account (or updates the one the address has) with the password read from
the terminal or from ADMIN_PASSWORD, and makes it an administrator of the organisation
NAME, which is created when no organisation has that name. --operator makes the account
a platform operator, who creates organisations and sees all of them; --org may then be
left out.`

// Run carries out "admin <args>" and returns the exit code. in is where a password is
// typed when it is a terminal; out gets what was done, errOut the problems.
func Run(ctx context.Context, args []string, getenv config.Getenv, in io.Reader, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(errOut, usage)
		return 2
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() { fmt.Fprintln(errOut, usage) }
	email := fs.String("email", "", "e-mail address of the account")
	orgName := fs.String("org", "", "name of the organisation")
	kind := fs.String("kind", string(events.OrgOther), "kind of a new organisation: lansstyrelse, region, kommun or other")
	county := fs.String("county", "", "county of a new organisation, e.g. Västerbottens län")
	operator := fs.Bool("operator", false, "make the account a platform operator")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(errOut, "unexpected argument %q\n%s\n", fs.Arg(0), usage)
		return 2
	}
	if _, err := accounts.NormalizeEmail(*email); err != nil {
		fmt.Fprintf(errOut, "--email: %q is not one e-mail address\n", *email)
		return 2
	}
	if strings.TrimSpace(*orgName) == "" && !*operator {
		fmt.Fprintln(errOut, "--org is required (or --operator for an operator without an organisation)")
		return 2
	}
	switch events.OrgKind(*kind) {
	case events.OrgLansstyrelse, events.OrgRegion, events.OrgKommun, events.OrgOther:
	default:
		fmt.Fprintf(errOut, "--kind: %q is none of lansstyrelse, region, kommun, other\n", *kind)
		return 2
	}
	password, err := readPassword(getenv, in, out)
	if err != nil {
		fmt.Fprintln(errOut, "password:", err)
		return 2
	}
	if err := accounts.CheckPassword(password); err != nil {
		fmt.Fprintln(errOut, "password:", describe(err))
		return 2
	}
	err = create(ctx, getenv, request{email: *email, org: strings.TrimSpace(*orgName), kind: *kind, county: *county,
		operator: *operator, password: password}, out)
	if err != nil {
		fmt.Fprintln(errOut, "admin create:", err)
		return 1
	}
	return 0
}

type request struct {
	email, org, kind, county string
	operator                 bool
	password                 string
}

// readPassword takes ADMIN_PASSWORD, or asks twice on a terminal.
func readPassword(getenv config.Getenv, in io.Reader, out io.Writer) (string, error) {
	if pw := getenv(PasswordEnv); pw != "" {
		return pw, nil
	}
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", fmt.Errorf("not a terminal: set %s to give the password", PasswordEnv)
	}
	fmt.Fprintf(out, "Password (at least %d characters): ", accounts.MinPasswordLength)
	first, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return "", err
	}
	fmt.Fprint(out, "The same password again: ")
	second, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return "", err
	}
	if string(first) != string(second) {
		return "", errors.New("the two passwords differ")
	}
	return string(first), nil
}

func create(ctx context.Context, getenv config.Getenv, req request, out io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	store, err := datastore.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
		defer cancel()
		_ = store.Close(closeCtx)
	}()
	return Create(ctx, store, cfg, req.email, req.org, req.kind, req.county, req.operator, req.password, out)
}

// Create does the work of "admin create" on an open store (Run opens it from the
// configuration): the organisation named org is found by name (any case) or
// created; the account of email is created, or given the new password; it becomes
// an admin of the organisation (its role raised if it was a member); operator adds
// the operator flag.
func Create(ctx context.Context, store *datastore.Store, cfg config.Config, email, org, kind, county string, operator bool, password string, out io.Writer) error {
	evs := events.NewStore(store.DB)
	svc := accounts.New(store.DB, accounts.Config{IdleTimeout: cfg.SessionIdle, MaxAge: cfg.SessionMaxAge}, nil)
	if err := errors.Join(evs.EnsureIndexes(ctx), svc.EnsureIndexes(ctx)); err != nil {
		return err
	}
	var orgID string
	if org != "" {
		o, created, err := findOrCreateOrg(ctx, evs, org, kind, county)
		if err != nil {
			return err
		}
		orgID = o.ID
		if created {
			fmt.Fprintf(out, "created organisation %q (%s, id %s)\n", o.Name, o.Kind, o.ID)
		} else {
			fmt.Fprintf(out, "organisation %q exists (id %s)\n", o.Name, o.ID)
		}
	}
	a, err := svc.AccountByEmail(ctx, email)
	switch {
	case errors.Is(err, accounts.ErrNotFound):
		a, err = svc.CreateAccount(ctx, accounts.NewAccount{Email: email, Password: password, Operator: operator})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(out, "created account %s\n", a.Email)
	case err != nil:
		return err
	default:
		if err := svc.SetPassword(ctx, a.ID, password); err != nil {
			return describe(err)
		}
		fmt.Fprintf(out, "account %s exists: password replaced, its sessions ended\n", a.Email)
		if operator && !a.Operator {
			if err := svc.SetOperator(ctx, a.ID, true); err != nil {
				return err
			}
		}
	}
	if operator {
		fmt.Fprintf(out, "%s is a platform operator\n", a.Email)
	}
	if orgID != "" {
		_, err := svc.AddMembership(ctx, a.ID, orgID, accounts.RoleAdmin)
		if errors.Is(err, accounts.ErrAlreadyMember) {
			err = svc.SetRole(ctx, a.ID, orgID, accounts.RoleAdmin)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s is an admin of %q\n", a.Email, org)
	}
	fmt.Fprintf(out, "sign in at %s/organiser/sign-in\n", cfg.BaseURL.String())
	return nil
}

func findOrCreateOrg(ctx context.Context, evs *events.Store, name, kind, county string) (events.Organisation, bool, error) {
	all, err := evs.Organisations(ctx)
	if err != nil {
		return events.Organisation{}, false, err
	}
	for _, o := range all {
		if strings.EqualFold(strings.TrimSpace(o.Name), name) {
			return o, false, nil
		}
	}
	o, err := evs.CreateOrganisation(ctx, events.OrganisationInput{Name: name, Kind: kind, County: county})
	if err != nil {
		var v *events.ValidationError
		if errors.As(err, &v) {
			return events.Organisation{}, false, fmt.Errorf("organisation: %s", strings.Join(problems(v), "; "))
		}
		return events.Organisation{}, false, err
	}
	return o, true, nil
}

func problems(v *events.ValidationError) []string {
	var out []string
	for field, msg := range v.FieldMessages("en") {
		out = append(out, "--"+field+": "+msg)
	}
	return out
}

func describe(err error) error {
	switch {
	case errors.Is(err, accounts.ErrPasswordShort):
		return fmt.Errorf("the password must have at least %d characters", accounts.MinPasswordLength)
	case errors.Is(err, accounts.ErrPasswordLong):
		return fmt.Errorf("the password may have at most %d characters", accounts.MaxPasswordLength)
	case errors.Is(err, accounts.ErrInvalidEmail):
		return errors.New("the e-mail address is not valid")
	}
	return err
}
