package datastore

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// NewID returns a random 16-character identifier (80 bits) from an alphabet without
// look-alike characters, short enough to read out on the phone and safe in URLs.
func NewID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return idEncoding.EncodeToString(b)
}

// NewToken returns a random 32-character secret (160 bits) for links that grant access.
func NewToken() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return strings.ToLower(idEncoding.EncodeToString(b))
}
