// Package smtptest runs a real SMTP server inside a test (github.com/emersion/go-smtp
// on 127.0.0.1, plain text, no TLS) and collects what it receives, so tests of code
// that sends mail through platform/outbox can check the messages that actually went out.
//
//	srv := smtptest.Start(t)
//	ob := outbox.New(db, srv.Config(), logger)
//	...
//	msgs := srv.WaitFor(t, 1, 5*time.Second)
//	p := msgs[0].Parse(t) // subject, text, html, attachments, decoded
package smtptest

import (
	"errors"
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"folkhalsa-events/config"
)

// DefaultFrom is the sender Config puts into the settings.
const DefaultFrom = "Folkhälsoevenemang <no-reply@example.se>"

// Received is one message as the server accepted it.
type Received struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO)
	User string   // the authenticated username, "" without AUTH
	Data []byte   // the raw message, headers and body, as transmitted
}

// Server is a running test SMTP server. It stops when the test ends.
type Server struct {
	srv      *smtp.Server
	addr     *net.TCPAddr
	username string
	password string

	mu         sync.Mutex
	received   []Received
	rejectLeft int
	rejectCode int
	rejected   int
}

// Option configures Start.
type Option func(*Server)

// WithAuth makes the server require AUTH PLAIN with these credentials before MAIL.
// Without it AUTH is offered but optional, and any credentials are accepted.
func WithAuth(username, password string) Option {
	return func(s *Server) { s.username, s.password = username, password }
}

// Start listens on 127.0.0.1 on a free port and serves until the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{}
	for _, opt := range opts {
		opt(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.addr = ln.Addr().(*net.TCPAddr)
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{server: s}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true // no TLS here, yet AUTH must work
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 32 << 20
	s.srv.MaxRecipients = 50
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // t.Log would panic after the test ends
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = s.srv.Close()
		<-done
	})
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return s.addr.String() }

// Host is the IP address the server listens on.
func (s *Server) Host() string { return s.addr.IP.String() }

// Port is the TCP port the server listens on.
func (s *Server) Port() int { return s.addr.Port }

// Config returns SMTP settings that deliver to this server: no TLS, the credentials
// of WithAuth if given, and DefaultFrom as sender.
func (s *Server) Config() config.SMTP {
	return config.SMTP{
		Host: s.Host(), Port: s.Port(), Security: "none", From: DefaultFrom,
		Username: s.username, Password: s.password,
	}
}

// Messages returns a copy of everything received so far, in order of arrival.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// WaitFor waits until at least n messages have arrived and returns all received so
// far; it fails the test after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := s.Messages()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("smtptest: %d message(s) received within %s, want %d", len(got), timeout, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// RejectNext makes the server refuse the next n messages at the end of DATA with the
// given reply code: 4xx (e.g. 451) is a temporary failure, 5xx (e.g. 554) a permanent
// one. Rejected messages are not collected.
func (s *Server) RejectNext(n, code int) {
	if code < 400 || code > 599 {
		panic("smtptest: RejectNext needs a 4xx or 5xx code, got " + strconv.Itoa(code))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectLeft, s.rejectCode = n, code
}

// Rejected tells how many messages RejectNext has refused so far.
func (s *Server) Rejected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// accept stores a message, or returns the rejection RejectNext asked for.
func (s *Server) accept(r Received) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rejectLeft > 0 {
		s.rejectLeft--
		s.rejected++
		return &smtp.SMTPError{
			Code:         s.rejectCode,
			EnhancedCode: smtp.EnhancedCode{s.rejectCode / 100, 0, 0},
			Message:      "rejected by smtptest",
		}
	}
	s.received = append(s.received, r)
	return nil
}

// session is one SMTP connection; it may carry several messages.
type session struct {
	server *Server
	user   string
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if s.server.username != "" && (username != s.server.username || password != s.server.password) {
			return errors.New("invalid username or password")
		}
		s.user, s.authed = username, true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.username != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from, s.to = from, nil
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return s.server.accept(Received{From: s.from, To: append([]string(nil), s.to...), User: s.user, Data: data})
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }
