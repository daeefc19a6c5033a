package registration

import "errors"

var (
	ErrNotFound          = errors.New("registration: not found")
	ErrAlreadyRegistered = errors.New("registration: this e-mail address is already registered for the event")
	ErrFull              = errors.New("registration: no seats left")
	ErrNotOpen           = errors.New("registration: registration is not open")
	ErrInvitationNeeded  = errors.New("registration: a valid invitation code is needed")
	ErrInvitationUsedUp  = errors.New("registration: the invitation code has been used up")
	ErrCancelled         = errors.New("registration: the registration is cancelled")
)
