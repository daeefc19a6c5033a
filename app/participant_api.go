package app

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The participants' JSON API and the rate limits shared with the HTML forms.

// Per-IP rate limits on the routes that create registrations or send mail. They live
// in memory, so each instance counts on its own: behind a load balancer with n
// instances a client may get up to n times as many. Fixed here rather than configured,
// since nobody has needed other values; the client address is c.IP(), which believes
// X-Forwarded-For only from TRUSTED_PROXIES.
const (
	regAttempts       = 10 // registration attempts (form and JSON together) …
	regAttemptsWindow = time.Minute
	regResends        = 5 // "send my link again" requests (form and JSON together) …
	regResendsWindow  = 10 * time.Minute
)

// regLimiters returns one limiter for registering and one for resending; each is
// shared by the form and the JSON route, and answers 429 through the error handler
// (an HTML page for browsers, the JSON error for the API).
//
// Fiber's middleware/limiter does the same, but it needs github.com/tinylib/msgp,
// which is not among the module's requirements; this is its fixed-window algorithm.
func regLimiters() (register, resend fiber.Handler) {
	return newRegLimiter(regAttempts, regAttemptsWindow).handle, newRegLimiter(regResends, regResendsWindow).handle
}

// regLimiter allows max requests per key (client IP) in each fixed window.
type regLimiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	hits  map[string]*regWindow
	sweep time.Time // when expired windows are next dropped
}

type regWindow struct {
	count int
	ends  time.Time
}

func newRegLimiter(max int, window time.Duration) *regLimiter {
	return &regLimiter{max: max, window: window, now: time.Now, hits: map[string]*regWindow{}}
}

// allow counts one request of key and tells whether it is within the limit, and if
// not, how long until the window ends.
func (l *regLimiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.After(l.sweep) {
		for k, w := range l.hits {
			if !now.Before(w.ends) {
				delete(l.hits, k)
			}
		}
		l.sweep = now.Add(l.window)
	}
	w := l.hits[key]
	if w == nil || !now.Before(w.ends) {
		w = &regWindow{ends: now.Add(l.window)}
		l.hits[key] = w
	}
	w.count++
	return w.count <= l.max, w.ends.Sub(now)
}

func (l *regLimiter) handle(c *fiber.Ctx) error {
	ok, wait := l.allow(c.IP())
	if !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return fiber.ErrTooManyRequests
	}
	return c.Next()
}

// regPublic is what the API tells the participant about their own registration.
type regPublic struct {
	ID            string                        `json:"id"`
	EventID       string                        `json:"event_id"`
	FirstName     string                        `json:"first_name"`
	LastName      string                        `json:"last_name"`
	Email         string                        `json:"email"`
	Organisation  string                        `json:"organisation"`
	OrgType       registration.OrgType          `json:"org_type"`
	Municipality  string                        `json:"municipality"`
	County        string                        `json:"county"`
	Role          string                        `json:"role,omitempty"`
	Mode          string                        `json:"mode"`
	Diet          string                        `json:"diet,omitempty"`
	Accessibility string                        `json:"accessibility,omitempty"`
	Gender        registration.Gender           `json:"gender,omitempty"`
	ListConsent   bool                          `json:"list_consent"`
	WaitlistOK    bool                          `json:"waitlist_ok"`
	Lang          string                        `json:"lang"`
	Workshops     []registration.WorkshopChoice `json:"workshops"`
	Status        registration.Status           `json:"status"`
	CreatedAt     time.Time                     `json:"created_at"`
}

func toRegPublic(r registration.Registration) regPublic {
	return regPublic{
		ID: r.ID, EventID: r.EventID, FirstName: r.FirstName, LastName: r.LastName, Email: r.Email,
		Organisation: r.Organisation, OrgType: r.OrgType, Municipality: r.Municipality, County: r.County,
		Role: r.Role, Mode: string(r.Mode), Diet: r.Diet, Accessibility: r.Accessibility, Gender: r.Gender,
		ListConsent: r.ListConsent, WaitlistOK: r.WaitlistOK, Lang: r.Lang, Workshops: r.Workshops,
		Status: r.Status, CreatedAt: r.CreatedAt,
	}
}

// POST /api/v1/public/events/:id/registrations
func (s *server) regAPIRegister(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	var in registration.Input
	if err := bind(c, &in); err != nil {
		return err
	}
	res, err := s.regs.Register(c.UserContext(), c.Params("id"), in, language(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{
		"registration": toRegPublic(res.Registration),
		"status":       res.Registration.Status,
		"position":     res.Position,
		"manage_url":   s.regs.ManageURL(res.Registration, res.ManageToken),
	})
}

// POST /api/v1/public/events/:id/registrations/resend: 202 with the same message
// whether or not the address is registered; 422 only for what cannot be an address.
func (s *server) regAPIResend(c *fiber.Ctx) error {
	ev, err := s.visibleEvent(c, c.Params("id"))
	if err != nil {
		return err
	}
	var in regResendInput
	if err := bind(c, &in); err != nil {
		return err
	}
	lang := language(c)
	if !regEmailOK(in.Email) {
		var v events.ValidationError
		v.Add("email", "reg.err.email")
		return v.Err()
	}
	if err := s.regs.ResendManageLink(c.UserContext(), ev.ID, in.Email); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"message": tr(lang, "reg.resend.sent")})
}
