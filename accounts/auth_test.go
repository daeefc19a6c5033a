package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHashes(t *testing.T) {
	h := newHasher()
	enc := h.hash("ett långt lösenord")
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash format: %s", enc)
	}
	if enc == h.hash("ett långt lösenord") {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !h.verify("ett långt lösenord", enc) || h.verify("ett långt lösenorD", enc) || h.verify("", enc) {
		t.Error("verify")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA", "plain", h.dummy[:20]} {
		if h.verify("x", bad) {
			t.Errorf("verify accepted %q", bad)
		}
	}
	if h.verify(h.dummy, h.dummy) {
		t.Error("the dummy hash verifies its own encoding")
	}
}

func TestPasswordRules(t *testing.T) {
	for pw, want := range map[string]error{
		"kort": ErrPasswordShort, "          ": ErrPasswordShort, "ååååååååå": ErrPasswordShort,
		"åååååååååå": nil, strings.Repeat("x", 200): nil, strings.Repeat("x", 201): ErrPasswordLong,
	} {
		if got := CheckPassword(pw); got != want {
			t.Errorf("%q: %v, want %v", pw, got, want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		" Anna.Berg@Umea.SE ": "anna.berg@umea.se", "a@b.se": "a@b.se",
		"Anna <a@b.se>": "", "a@b": "", "a b@c.se": "", "": "", "a@b.se, c@d.se": "",
	} {
		got, err := NormalizeEmail(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
}

func TestCSRFTokens(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	a, b := CSRFToken(key, "session-a"), CSRFToken(key, "session-b")
	if a == b || a != CSRFToken(key, "session-a") || len(a) != 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if !ValidCSRF(key, "session-a", a) || ValidCSRF(key, "session-b", a) || ValidCSRF(key, "", CSRFToken(key, "")) ||
		ValidCSRF(key, "session-a", "") || ValidCSRF([]byte("another key, another key, another"), "session-a", a) {
		t.Error("ValidCSRF")
	}
	if SessionID("token") == "token" || len(SessionID("token")) != 64 {
		t.Error("session ids must be hashes of the token")
	}
}
