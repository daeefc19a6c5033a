package registration

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
)

// Manage links. The secret in /manage/<registration>/<token> is derived, not stored:
// token = HMAC(SECRET_KEY, "manage|<registration>|<generation>"), so registering and
// re-sending a link write nothing on the registration (a write there could undo a
// cancellation made at the same moment; see transitions.go). Generation 0 is every
// registration's first link. "Send my link again" moves to the next generation by
// inserting "<registration>#<n>" in registration_links, which can exist only once;
// only the newest generation's token opens the registration, so earlier links stop
// working. Registrations made before links were derived keep a stored hash
// (manage_hash), which works until the first new link is sent.

// linkDoc records that generation N of a registration's link was issued.
type linkDoc struct {
	ID             string    `bson:"_id"` // "<registration>#<n>"
	RegistrationID string    `bson:"registration_id"`
	At             time.Time `bson:"at"`
}

func linkID(regID string, gen int) string { return regID + "#" + strconv.Itoa(gen) }

var tokenEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// linkToken is the token of a registration's link of one generation: 160 bits of the
// HMAC, in the same 32-character alphabet as the other tokens of the service.
func (s *Service) linkToken(regID string, gen int) string {
	mac := hmac.New(sha256.New, s.secret)
	fmt.Fprintf(mac, "manage|%s|%d", regID, gen)
	return tokenEncoding.EncodeToString(mac.Sum(nil)[:20])
}

// generation is the newest generation issued for the registration (0: none re-sent).
// Generations are dense, so it probes upwards until a miss; nearly always one lookup.
func (s *Service) generation(ctx context.Context, regID string) (int, error) {
	gen := 0
	for {
		ok, err := datastore.Exists(ctx, s.links, linkID(regID, gen+1))
		if err != nil {
			return 0, fmt.Errorf("read manage link: %w", err)
		}
		if !ok {
			return gen, nil
		}
		gen++
	}
}

// newLink issues the next generation and returns its token. Two requests at the
// same moment issue the same generation and send the same (valid) link.
func (s *Service) newLink(ctx context.Context, regID string) (string, error) {
	gen, err := s.generation(ctx, regID)
	if err != nil {
		return "", err
	}
	_, err = s.links.InsertOne(ctx, linkDoc{ID: linkID(regID, gen+1), RegistrationID: regID, At: s.now().UTC()})
	if err != nil && !datastore.IsDuplicate(err) {
		return "", fmt.Errorf("issue manage link: %w", err)
	}
	return s.linkToken(regID, gen+1), nil
}

// tokenOpens reports whether token opens registration r now.
func (s *Service) tokenOpens(ctx context.Context, r Registration, token string) (bool, error) {
	if !r.AnonymisedAt.IsZero() || token == "" {
		return false, nil
	}
	gen, err := s.generation(ctx, r.ID)
	if err != nil {
		return false, err
	}
	if subtle.ConstantTimeCompare([]byte(strings.ToLower(token)), []byte(s.linkToken(r.ID, gen))) == 1 {
		return true, nil
	}
	// A link from before derived tokens, until a new one has been sent.
	return gen == 0 && r.ManageHash != "" &&
		subtle.ConstantTimeCompare([]byte(hashToken(token)), []byte(r.ManageHash)) == 1, nil
}

// ByToken returns the registration a manage link points to. A wrong token and an
// unknown id look the same to the caller.
func (s *Service) ByToken(ctx context.Context, id, token string) (Registration, error) {
	r, err := s.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	ok, err := s.tokenOpens(ctx, r, token)
	if err != nil {
		return Registration{}, err
	}
	if !ok {
		return Registration{}, ErrNotFound
	}
	return r, nil
}

// ManageURL is the participant's secret link.
func (s *Service) ManageURL(r Registration, token string) string {
	return s.baseURL + "/manage/" + r.ID + "/" + token
}

// deleteLinks removes the issued generations of a registration (retention): the
// derived token of generation 0 is refused anyway once the registration is anonymised.
func (s *Service) deleteLinks(ctx context.Context, regID string) error {
	for gen := 1; ; gen++ {
		res, err := s.links.DeleteOne(ctx, bson.D{{Key: "_id", Value: linkID(regID, gen)}})
		if err != nil {
			return err
		}
		if res.DeletedCount == 0 {
			return nil
		}
	}
}

// currentToken is the token of the registration's newest link, for mails that carry it.
func (s *Service) currentToken(ctx context.Context, r Registration) (string, error) {
	gen, err := s.generation(ctx, r.ID)
	if err != nil {
		return "", err
	}
	return s.linkToken(r.ID, gen), nil
}
