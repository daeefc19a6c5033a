package accounts

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// CSRFToken is the synchronizer token of a session: HMAC-SHA256(secret, "csrf|" +
// session id). It needs no storage, so any instance can check it, and it changes
// with every new session (sign-in rotates it).
func CSRFToken(secret []byte, sessionID string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("csrf|" + sessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ValidCSRF compares a presented token with the session's in constant time.
func ValidCSRF(secret []byte, sessionID, presented string) bool {
	if sessionID == "" || presented == "" {
		return false
	}
	return hmac.Equal([]byte(CSRFToken(secret, sessionID)), []byte(presented))
}
