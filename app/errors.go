package app

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/badges"
	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
)

// retryAfterSeconds is what a 503 asks clients to wait.
const retryAfterSeconds = "5"

// apiError is what a client sees of an error: a stable code, and a message in its
// language from the catalogue (key).
type apiError struct {
	status int
	code   string
	key    string
}

func (e apiError) message(lang string) string { return locale.T(lang, e.key) }

// pageMessage is the message a person reads on an error page: the key's ".page"
// text where the JSON one is written for programmers (what header to send).
func (e apiError) pageMessage(lang string) string {
	if locale.Has(e.key + ".page") {
		return locale.T(lang, e.key+".page")
	}
	return e.message(lang)
}

// errorTable maps the domain packages' sentinel errors to responses. Checked in order with errors.Is.
var errorTable = []struct {
	target error
	resp   apiError
}{
	{events.ErrNotFound, apiError{http.StatusNotFound, "not_found", "err.not_found.event"}},
	{events.ErrNotDraft, apiError{http.StatusConflict, "not_draft", "err.not_draft"}},
	{events.ErrCancelled, apiError{http.StatusConflict, "cancelled", "err.cancelled"}},
	{registration.ErrNotFound, apiError{http.StatusNotFound, "not_found", "err.not_found.registration"}},
	{registration.ErrAlreadyRegistered, apiError{http.StatusConflict, "already_registered", "err.already_registered"}},
	{registration.ErrFull, apiError{http.StatusConflict, "full", "err.full"}},
	{registration.ErrNotOpen, apiError{http.StatusConflict, "registration_closed", "err.registration_closed"}},
	{registration.ErrInvitationNeeded, apiError{http.StatusForbidden, "invitation_required", "err.invitation_required"}},
	{registration.ErrInvitationUsedUp, apiError{http.StatusForbidden, "invitation_used_up", "err.invitation_used_up"}},
	{registration.ErrCancelled, apiError{http.StatusConflict, "registration_cancelled", "err.registration_cancelled"}},
	{registration.ErrRejected, apiError{http.StatusBadRequest, "rejected", "err.rejected"}},
	{registration.ErrSameMode, apiError{http.StatusConflict, "same_mode", "err.same_mode"}},
	{registration.ErrSwitchLimit, apiError{http.StatusConflict, "switch_limit", "err.switch_limit"}},
	{registration.ErrSwitchConflict, apiError{http.StatusConflict, "conflict", "err.switch_conflict"}},
	{evaluation.ErrAlreadyAnswered, apiError{http.StatusConflict, "already_answered", "err.evaluation_answered"}},
	{evaluation.ErrLocked, apiError{http.StatusConflict, "evaluation_locked", "err.evaluation_locked"}},
	{evaluation.ErrNotEnabled, apiError{http.StatusNotFound, "evaluation_closed", "err.evaluation_closed"}},
	{municipal.ErrNotFound, apiError{http.StatusNotFound, "not_found", "err.not_found.municipality"}},
	{municipal.ErrPlanned, apiError{http.StatusConflict, "already_planned", "err.request_planned"}},
	{municipal.ErrRecorded, apiError{http.StatusConflict, "already_recorded", "err.visit_recorded"}},
	// Organiser accounts (organiser_signin.go, organiser_members.go).
	{accounts.ErrNotFound, apiError{http.StatusNotFound, "not_found", "err.not_found.member"}},
	// Badges and check-in (badges_*.go, scanner_*.go).
	{badges.ErrNotFound, apiError{http.StatusNotFound, "not_found", "err.not_found.scanner"}},
	{badges.ErrLinkRevoked, apiError{http.StatusForbidden, "scanner_link_revoked", "err.scanner_link_revoked"}},
	{badges.ErrLinkExpired, apiError{http.StatusForbidden, "scanner_link_expired", "err.scanner_link_expired"}},
	{badges.ErrInvalidCode, apiError{http.StatusUnprocessableEntity, "invalid_code", "err.invalid_code"}},
}

// fieldErrors is implemented by the domain packages' validation errors: one message per
// invalid field, in the requested language. Declared here so domains need not import app.
type fieldErrors interface {
	error
	FieldMessages(lang string) map[string]string
}

var (
	errInternal    = apiError{http.StatusInternalServerError, "internal", "err.internal"}
	errUnavailable = apiError{http.StatusServiceUnavailable, "unavailable", "err.unavailable"}
	errValidation  = apiError{http.StatusUnprocessableEntity, "validation_failed", "err.validation_failed"}
	errBadJSON     = apiError{http.StatusBadRequest, "bad_request", "err.bad_json"}
)

// fiberErrors covers errors Fiber itself raises before a handler runs.
var fiberErrors = map[int]apiError{
	http.StatusNotFound:              {http.StatusNotFound, "not_found", "err.http.not_found"},
	http.StatusMethodNotAllowed:      {http.StatusMethodNotAllowed, "method_not_allowed", "err.http.method_not_allowed"},
	http.StatusRequestEntityTooLarge: {http.StatusRequestEntityTooLarge, "too_large", "err.http.too_large"},
	http.StatusRequestTimeout:        {http.StatusRequestTimeout, "request_timeout", "err.http.request_timeout"},
	http.StatusBadRequest:            {http.StatusBadRequest, "bad_request", "err.http.bad_request"},
	http.StatusUnsupportedMediaType:  {http.StatusUnsupportedMediaType, "unsupported_media_type", "err.http.unsupported_media_type"},
	http.StatusTooManyRequests:       {http.StatusTooManyRequests, "too_many_requests", "err.http.too_many_requests"},
	http.StatusServiceUnavailable:    {http.StatusServiceUnavailable, "unavailable", "err.http.unavailable"},
}

// describe turns any error into what the client may see; the cause of a 500 stays in the log.
func describe(err error) (apiError, fieldErrors) {
	var fe fieldErrors
	if errors.As(err, &fe) {
		return errValidation, fe
	}
	for _, row := range errorTable {
		if errors.Is(err, row.target) {
			return row.resp, nil
		}
	}
	var ae apiError
	if errors.As(err, &ae) {
		return ae, nil
	}
	if datastore.IsUnavailable(err) {
		return errUnavailable, nil
	}
	var fiberErr *fiber.Error
	if errors.As(err, &fiberErr) {
		if resp, ok := fiberErrors[fiberErr.Code]; ok {
			return resp, nil
		}
		if fiberErr.Code < 500 {
			return apiError{fiberErr.Code, "bad_request", "err.bad_request"}, nil
		}
	}
	return errInternal, nil
}

func (e apiError) Error() string { return e.code }

// handleError is Fiber's ErrorHandler: JSON for API clients, an HTML page for browsers.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	resp, fields := describe(err)
	lang := language(c)
	switch {
	case resp.status == http.StatusServiceUnavailable:
		// Not this request's fault: the store was too slow or away. Nothing it started
		// is left half made (registration/register.go), so the client may simply retry.
		c.Set(fiber.HeaderRetryAfter, retryAfterSeconds)
		s.log.Warn("request answered 503: store unavailable", "request_id", requestID(c), "method", c.Method(), "path", loggedPath(c), "error", err)
	case resp.status >= 500:
		s.log.Error("request failed", "request_id", requestID(c), "method", c.Method(), "path", loggedPath(c), "error", err)
	}
	c.Status(resp.status)
	if wantsHTML(c) {
		return s.render(c, "shared/error", page{
			Title: resp.pageMessage(lang),
			Data:  errorPage{Status: resp.status, Code: resp.code, Message: resp.pageMessage(lang)},
		})
	}
	body := fiber.Map{"code": resp.code, "message": resp.message(lang)}
	if fields != nil {
		body["fields"] = fields.FieldMessages(lang)
	}
	return c.JSON(fiber.Map{"error": body})
}

type errorPage struct {
	Status  int
	Code    string
	Message string
}
