package app

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// admission lets a bounded number of participant writes work on the store at once,
// per instance. When a popular conference opens, hundreds of people press "Anmäl"
// in the same second. Sharing the store among all of them makes each one slow, and
// past its deadline every one fails, the early ones included. With admission the
// first PARTICIPANT_CONCURRENCY work at full speed while the others queue, in order;
// one that cannot start within half its deadline gets 503 with Retry-After without
// having touched the store, so nothing is left half made.
type admission struct {
	slots chan struct{}
}

func newAdmission(n int) *admission { return &admission{slots: make(chan struct{}, max(n, 1))} }

// handle is the middleware. The wait is bounded by half the request's remaining
// time, so an admitted request still has time for its work.
func (a *admission) handle(c *fiber.Ctx) error {
	ctx := c.UserContext()
	wait := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		wait, cancel = context.WithDeadline(ctx, time.Now().Add(time.Until(deadline)/2))
		defer cancel()
	}
	select {
	case a.slots <- struct{}{}:
	case <-wait.Done():
		return errUnavailable
	}
	defer func() { <-a.slots }()
	return c.Next()
}
