package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with Argon2id at OWASP's recommended minimum (19 MiB, two
// passes, one lane). The parameters are stored with each hash, so they can be raised
// later and old hashes still verify.

const (
	// MinPasswordLength and MaxPasswordLength bound a password, in characters.
	MinPasswordLength = 10
	MaxPasswordLength = 200

	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
	// maxConcurrentHashes bounds the memory hashing takes on one instance (19 MiB each).
	maxConcurrentHashes = 4
)

type hasher struct {
	sem   chan struct{}
	dummy string // a hash of nothing, verified against when there is no account
}

func newHasher() *hasher {
	h := &hasher{sem: make(chan struct{}, maxConcurrentHashes)}
	h.dummy = h.hash(randomString())
	return h
}

func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawStdEncoding.EncodeToString(b)
}

// CheckPassword tells whether a password is acceptable (ErrPasswordShort,
// ErrPasswordLong), before anything is stored.
func CheckPassword(pw string) error { return checkPassword(pw) }

// checkPassword enforces the length rule; any characters are allowed.
func checkPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength || strings.TrimSpace(pw) == "" {
		return ErrPasswordShort
	}
	if n > MaxPasswordLength {
		return ErrPasswordLong
	}
	return nil
}

func (h *hasher) hash(pw string) string {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt)
	h.sem <- struct{}{}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	<-h.sem
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// verify tells whether pw matches encoded. An empty or malformed encoded value (an
// account that has not set a password yet) is checked against the dummy hash, so
// that the answer takes as long as for a real account, and is always false.
func (h *hasher) verify(pw, encoded string) bool {
	ok := encoded != ""
	m, t, p, salt, key, err := parseHash(encoded)
	if err != nil {
		ok = false
		m, t, p, salt, key, _ = parseHash(h.dummy)
	}
	h.sem <- struct{}{}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	<-h.sem
	return subtle.ConstantTimeCompare(got, key) == 1 && ok
}

func parseHash(encoded string) (m, t uint32, p uint8, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return 0, 0, 0, nil, nil, fmt.Errorf("not an argon2id hash")
	}
	var v int
	if _, err = fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return 0, 0, 0, nil, nil, fmt.Errorf("unsupported argon2 version")
	}
	if _, err = fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return 0, 0, 0, nil, nil, fmt.Errorf("bad argon2 parameters")
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return 0, 0, 0, nil, nil, err
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return 0, 0, 0, nil, nil, fmt.Errorf("bad argon2 key")
	}
	return m, t, p, salt, key, nil
}
