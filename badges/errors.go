package badges

import "errors"

var (
	// ErrUnknownPerson: no registration with that id.
	ErrUnknownPerson = errors.New("badges: unknown registration")
	// ErrNotFound: no such scanner link or check-in.
	ErrNotFound = errors.New("badges: not found")
	// ErrLinkRevoked and ErrLinkExpired: the scanner link no longer gives access.
	ErrLinkRevoked = errors.New("badges: scanner link revoked")
	ErrLinkExpired = errors.New("badges: scanner link not valid now")
)
