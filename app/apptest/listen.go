package apptest

import (
	"net"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// Listen serves the app on a free loopback port until the test ends and returns its base URL.
func Listen(t testing.TB, a *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Listener(ln) }()
	t.Cleanup(func() { _ = a.Shutdown() })
	return "http://" + ln.Addr().String()
}
