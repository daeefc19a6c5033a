package registration

// KeyID is the _id of generation 0 of an address's e-mail key, for tests that leave
// keys behind as a dead request would.
func KeyID(s *Service, eventID, email string) string {
	return keyID(eventID, s.addressDigest(eventID, email), 0)
}
