package badges

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"strings"
)

// ErrInvalidCode: the scanned text is not a badge code this server issued.
var ErrInvalidCode = errors.New("badges: invalid badge code")

// A badge code is "FH1" + the registration id in upper case + 16 characters of
// base32 HMAC-SHA256 (80 bits): 35 characters, all in the QR alphanumeric set (0-9, A-Z), so a version-2 QR code at
// error correction level M (38 alphanumeric characters) holds it and stays small and
// robust on a printed badge. It names one registration and nothing about the person;
// without the server secret it can be neither guessed nor altered.
const (
	codePrefix = "FH1"
	codeIDLen  = 16 // datastore.NewID
	codeMACLen = 16 // 10 bytes of MAC in base32
	// CodeLength is the length of every badge code.
	CodeLength = len(codePrefix) + codeIDLen + codeMACLen
)

// idAlphabet is datastore.NewID's alphabet in upper case.
const idAlphabet = "ABCDEFGHIJKMNPQRSTUVWXYZ23456789"

var macEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Coder makes and checks badge codes. The zero Coder is not usable; use NewCoder.
type Coder struct {
	key []byte
}

// NewCoder derives the badge-code key from the server secret, so the secret itself
// signs nothing directly and other uses of it cannot produce valid badge codes.
func NewCoder(secret []byte) Coder {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("badge-code-v1"))
	return Coder{key: m.Sum(nil)}
}

// Code returns the badge code of a registration. The id must be a datastore.NewID
// (16 characters of a-z and 2-9); for anything else Code returns "" (a programming
// error: no registration has such an id).
func (c Coder) Code(registrationID string) string {
	id := strings.ToUpper(registrationID)
	if !validID(id) || len(c.key) == 0 {
		return ""
	}
	return codePrefix + id + c.mac(id)
}

// Parse returns the registration id of a badge code (lower case, as stored). It
// ignores surrounding white space (keyboard-wedge scanners end with CR/LF) and case;
// anything that is not a code made with this server's secret is ErrInvalidCode.
func (c Coder) Parse(code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != CodeLength || !strings.HasPrefix(code, codePrefix) || len(c.key) == 0 {
		return "", ErrInvalidCode
	}
	id := code[len(codePrefix) : len(codePrefix)+codeIDLen]
	mac := code[len(codePrefix)+codeIDLen:]
	if !validID(id) {
		return "", ErrInvalidCode
	}
	if subtle.ConstantTimeCompare([]byte(mac), []byte(c.mac(id))) != 1 {
		return "", ErrInvalidCode
	}
	return strings.ToLower(id), nil
}

// mac is the first 80 bits of HMAC-SHA256(key, "FH1" + upper-case id), in base32.
func (c Coder) mac(upperID string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(codePrefix))
	m.Write([]byte(upperID))
	return macEncoding.EncodeToString(m.Sum(nil)[:10])
}

func validID(upperID string) bool {
	if len(upperID) != codeIDLen {
		return false
	}
	for i := 0; i < len(upperID); i++ {
		if strings.IndexByte(idAlphabet, upperID[i]) < 0 {
			return false
		}
	}
	return true
}
