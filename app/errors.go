package app

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/registration"
)

// retryAfterSeconds is what a 503 asks clients to wait.
const retryAfterSeconds = "5"

// apiError is what a client sees of an error: a stable code and a message in its language.
type apiError struct {
	status int
	code   string
	sv, en string
}

func (e apiError) message(lang string) string {
	if lang == "en" {
		return e.en
	}
	return e.sv
}

// errorTable maps the domain packages' sentinel errors to responses. Checked in order with errors.Is.
var errorTable = []struct {
	target error
	resp   apiError
}{
	{events.ErrNotFound, apiError{http.StatusNotFound, "not_found", "Det du söker finns inte (eller är inte publicerat).", "What you are looking for does not exist (or is not published)."}},
	{events.ErrNotDraft, apiError{http.StatusConflict, "not_draft", "Bara utkast kan tas bort. Ställ in evenemanget i stället.", "Only drafts can be deleted. Cancel the event instead."}},
	{events.ErrCancelled, apiError{http.StatusConflict, "cancelled", "Evenemanget är inställt och kan inte ändras.", "The event is cancelled and cannot be changed."}},
	{registration.ErrNotFound, apiError{http.StatusNotFound, "not_found", "Anmälan finns inte, eller så har länken ersatts av en nyare.", "The registration does not exist, or the link has been replaced by a newer one."}},
	{registration.ErrAlreadyRegistered, apiError{http.StatusConflict, "already_registered", "Den här e-postadressen är redan anmäld till evenemanget. Vi kan skicka länken till din anmälan igen.", "This e-mail address is already registered for the event. We can send the link to your registration again."}},
	{registration.ErrFull, apiError{http.StatusConflict, "full", "Evenemanget är fullbokat. Du kan ställa dig på väntelistan.", "The event is fully booked. You can join the waiting list."}},
	{registration.ErrNotOpen, apiError{http.StatusConflict, "registration_closed", "Anmälan till evenemanget är inte öppen.", "Registration for the event is not open."}},
	{registration.ErrInvitationNeeded, apiError{http.StatusForbidden, "invitation_required", "Evenemanget är bara för inbjudna. Ange en giltig inbjudningskod.", "The event is by invitation only. Give a valid invitation code."}},
	{registration.ErrInvitationUsedUp, apiError{http.StatusForbidden, "invitation_used_up", "Inbjudningskoden är redan använd.", "The invitation code has already been used."}},
	{registration.ErrCancelled, apiError{http.StatusConflict, "registration_cancelled", "Anmälan är avbokad.", "The registration is cancelled."}},
	{registration.ErrRejected, apiError{http.StatusBadRequest, "rejected", "Anmälan kunde inte tas emot.", "The registration could not be accepted."}},
	// Organiser accounts (organiser_signin.go, organiser_members.go).
	{accounts.ErrNotFound, apiError{http.StatusNotFound, "not_found", "Medlemmen eller API-nyckeln finns inte.", "The member or API token does not exist."}},
	// Badges and check-in (badges_*.go, scanner_*.go).
	{badges.ErrNotFound, apiError{http.StatusNotFound, "not_found", "Skannerlänken eller incheckningen finns inte.", "The scanner link or the check-in does not exist."}},
	{badges.ErrLinkRevoked, apiError{http.StatusForbidden, "scanner_link_revoked", "Skannerlänken är återkallad. Be arrangören om en ny länk.", "The scanner link has been revoked. Ask the organiser for a new link."}},
	{badges.ErrLinkExpired, apiError{http.StatusForbidden, "scanner_link_expired", "Skannerlänken gäller inte nu. Be arrangören om en ny länk.", "The scanner link is not valid now. Ask the organiser for a new link."}},
	{badges.ErrInvalidCode, apiError{http.StatusUnprocessableEntity, "invalid_code", "Koden är inte en giltig namnbricka.", "The code is not a valid name badge."}},
}

// fieldErrors is implemented by the domain packages' validation errors: one message per
// invalid field, in the requested language. Declared here so domains need not import app.
type fieldErrors interface {
	error
	FieldMessages(lang string) map[string]string
}

var (
	errInternal    = apiError{http.StatusInternalServerError, "internal", "Något gick fel hos oss. Försök igen om en stund.", "Something went wrong on our side. Please try again shortly."}
	errUnavailable = apiError{http.StatusServiceUnavailable, "unavailable", "Just nu är det många som använder tjänsten och vi hann inte klart. Försök igen om en liten stund.", "The service is very busy right now and could not finish in time. Please try again in a moment."}
	errValidation  = apiError{http.StatusUnprocessableEntity, "validation_failed", "Kontrollera de markerade fälten.", "Please check the marked fields."}
	errBadJSON     = apiError{http.StatusBadRequest, "bad_request", "Förfrågan kunde inte läsas. Skicka giltig JSON i UTF-8.", "The request could not be read. Send valid JSON in UTF-8."}
)

// fiberErrors covers errors Fiber itself raises before a handler runs.
var fiberErrors = map[int]apiError{
	http.StatusNotFound:              {http.StatusNotFound, "not_found", "Sidan eller resursen finns inte.", "The page or resource does not exist."},
	http.StatusMethodNotAllowed:      {http.StatusMethodNotAllowed, "method_not_allowed", "Metoden stöds inte här.", "That method is not supported here."},
	http.StatusRequestEntityTooLarge: {http.StatusRequestEntityTooLarge, "too_large", "Förfrågan är för stor.", "The request is too large."},
	http.StatusRequestTimeout:        {http.StatusRequestTimeout, "request_timeout", "Förfrågan kom inte fram i tid. Försök igen.", "The request did not arrive in time. Please try again."},
	http.StatusBadRequest:            {http.StatusBadRequest, "bad_request", "Förfrågan kunde inte läsas.", "The request could not be read."},
	http.StatusUnsupportedMediaType:  {http.StatusUnsupportedMediaType, "unsupported_media_type", "Skicka data som JSON eller formulär.", "Send the data as JSON or as a form."},
	http.StatusTooManyRequests:       {http.StatusTooManyRequests, "too_many_requests", "För många försök. Vänta en stund och försök igen.", "Too many attempts. Wait a moment and try again."},
	http.StatusServiceUnavailable:    {http.StatusServiceUnavailable, "unavailable", "Tjänsten är tillfälligt otillgänglig.", "The service is temporarily unavailable."},
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
			return apiError{fiberErr.Code, "bad_request", "Förfrågan kunde inte behandlas.", "The request could not be processed."}, nil
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
		s.log.Warn("request answered 503: store unavailable", "id", requestID(c), "method", c.Method(), "path", loggedPath(c), "error", err)
	case resp.status >= 500:
		s.log.Error("request failed", "id", requestID(c), "method", c.Method(), "path", loggedPath(c), "error", err)
	}
	c.Status(resp.status)
	if wantsHTML(c) {
		return s.render(c, "error", page{
			Title: resp.message(lang),
			Data:  errorPage{Status: resp.status, Code: resp.code, Message: resp.message(lang)},
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
