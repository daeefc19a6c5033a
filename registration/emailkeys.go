package registration

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
)

// One registration per address and event, held by the store rule alone.
//
// An address's keys for an event form a chain of generations: "<event>|<digest>" is
// generation 0, "<event>|<digest>|<n>" generation n, where the digest is a keyed hash
// of the address (addressDigest): keys outlive tries that never became
// registrations, and must not keep the address of someone who was turned away. A try inserts the first
// generation it can; a generation already there may be passed only once its
// registration is spent for good: cancelled (a once-only transition) or never to
// appear (a tombstone under its _id). Both are permanent, so of all the keys of an
// address at most one names a registration that is not spent, and that one is the
// address's registration.
//
// Keys are never deleted while the event takes registrations. Deleting one and
// inserting it again would be a conditional update, which the embedded store does
// not make atomic: a retry that read the old key could delete the new one, and two
// registrations of one address would both go in. Only the retention pass removes
// keys, after the event.

// keyDoc is one generation of an address's key for an event.
type keyDoc struct {
	ID             string    `bson:"_id"`
	RegistrationID string    `bson:"registration_id"`
	EventID        string    `bson:"event_id,omitempty"`
	At             time.Time `bson:"at,omitempty"`
}

// maxKeyGenerations bounds the chain: an address that has registered and cancelled
// this often for one event is refused rather than walked further.
const maxKeyGenerations = 200

// keyID is the _id of generation n of the address whose digest is given.
func keyID(eventID, digest string, n int) string {
	if n == 0 {
		return eventID + "|" + digest
	}
	return eventID + "|" + digest + "|" + strconv.Itoa(n)
}

// addressDigest names a normalised address in keys without keeping it: a keyed hash
// (SECRET_KEY), so it cannot be reversed by trying addresses without the secret.
func (s *Service) addressDigest(eventID, email string) string {
	mac := hmac.New(sha256.New, s.secret)
	fmt.Fprintf(mac, "email|%s|%s", eventID, email)
	return tokenEncoding.EncodeToString(mac.Sum(nil)[:20])
}

// takeEmail inserts the registration's key at the first generation that is free,
// passing generations whose registrations are spent. A try that died or timed out
// (its registration never appeared) is settled as spent on the spot with a
// tombstone, so a retry by the same address succeeds at once rather than after the
// repair pass; a double submit still in flight then answers ErrAlreadyRegistered
// while the later one goes on.
func (s *Service) takeEmail(ctx context.Context, r Registration) error {
	digest := s.addressDigest(r.EventID, r.Email)
	for n := range maxKeyGenerations {
		key := keyDoc{ID: keyID(r.EventID, digest, n), RegistrationID: r.ID, EventID: r.EventID, At: s.now().UTC()}
		_, err := s.keys.InsertOne(ctx, key)
		if err == nil {
			return nil
		}
		if !datastore.IsDuplicate(err) {
			return fmt.Errorf("insert e-mail key: %w", err)
		}
		spent, err := s.keySpent(ctx, key.ID)
		if err != nil {
			return err
		}
		if !spent {
			return ErrAlreadyRegistered
		}
	}
	return ErrAlreadyRegistered
}

// keySpent reports whether the registration a key names is spent for good, settling
// one that has not appeared (a tombstone makes sure it never will).
func (s *Service) keySpent(ctx context.Context, id string) (bool, error) {
	key, found, err := s.key(ctx, id)
	if err != nil || !found {
		// Gone: only the retention pass removes keys, after the event.
		return false, err
	}
	alive, err := s.settle(ctx, key.RegistrationID)
	if err != nil || !alive {
		return !alive, err
	}
	return s.cancelled(ctx, key.RegistrationID)
}

// cancelled reports whether a registration's cancellation is recorded (it may not
// yet show in the registration's status).
func (s *Service) cancelled(ctx context.Context, regID string) (bool, error) {
	err := s.transitions.FindOne(ctx, bson.D{{Key: "_id", Value: cancelledID(regID)}}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find cancellation: %w", err)
	}
	return true, nil
}

// key reads one generation.
func (s *Service) key(ctx context.Context, id string) (keyDoc, bool, error) {
	var k keyDoc
	err := s.keys.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&k)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return keyDoc{}, false, nil
	}
	if err != nil {
		return keyDoc{}, false, fmt.Errorf("find e-mail key: %w", err)
	}
	return k, true, nil
}

// addressKeys returns an address's keys for an event, generation 0 first. The chain
// has no gaps: a generation is inserted only after the one before it.
func (s *Service) addressKeys(ctx context.Context, eventID, email string) ([]keyDoc, error) {
	var keys []keyDoc
	digest := s.addressDigest(eventID, email)
	for n := range maxKeyGenerations {
		k, found, err := s.key(ctx, keyID(eventID, digest, n))
		if err != nil {
			return nil, err
		}
		if !found {
			break
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// holder returns the registration that holds an address for an event: the one key
// whose registration is neither cancelled nor missing. "" when there is none.
func (s *Service) holder(ctx context.Context, eventID, email string) (string, error) {
	keys, err := s.addressKeys(ctx, eventID, email)
	if err != nil {
		return "", err
	}
	for i := len(keys) - 1; i >= 0; i-- {
		id := keys[i].RegistrationID
		alive, err := datastore.Exists(ctx, s.regs, id)
		if err != nil {
			return "", err
		}
		if !alive {
			continue
		}
		gone, err := s.cancelled(ctx, id)
		if err != nil || !gone {
			return id, err
		}
	}
	return "", nil
}

// KeyAudit describes an event's e-mail keys: what the store rule promises, checked.
type KeyAudit struct {
	Held      int      // keys whose registration is active: one per active registration
	Spent     int      // keys passed for good (cancelled, or a try that never became one)
	Unsettled int      // keys whose registration has not appeared (in flight, or dead until settled)
	Doubled   []string // registrations holding an address another one holds too: always none
}

// AuditKeys reads every e-mail key of an event (a scan; for checks, not requests).
func (s *Service) AuditKeys(ctx context.Context, eventID string) (KeyAudit, error) {
	cur, err := s.keys.Find(ctx, bson.D{{Key: "event_id", Value: eventID}})
	if err != nil {
		return KeyAudit{}, fmt.Errorf("audit e-mail keys: %w", err)
	}
	var keys []keyDoc
	if err := cur.All(ctx, &keys); err != nil {
		return KeyAudit{}, fmt.Errorf("audit e-mail keys: %w", err)
	}
	var a KeyAudit
	holders := map[string]string{}
	for _, k := range keys {
		found, void, err := datastore.Lookup(ctx, s.regs, k.RegistrationID)
		if err != nil {
			return KeyAudit{}, err
		}
		gone := void
		if found && !void {
			if gone, err = s.cancelled(ctx, k.RegistrationID); err != nil {
				return KeyAudit{}, err
			}
		}
		switch {
		case !found:
			a.Unsettled++
		case gone:
			a.Spent++
		default:
			a.Held++
			address := keyAddress(eventID, k.ID)
			if other, ok := holders[address]; ok {
				a.Doubled = append(a.Doubled, other, k.RegistrationID)
			}
			holders[address] = k.RegistrationID
		}
	}
	return a, nil
}

// keyAddress is the address part (its digest) of a key's _id.
func keyAddress(eventID, id string) string {
	rest := strings.TrimPrefix(id, eventID+"|")
	if i := strings.LastIndexByte(rest, '|'); i >= 0 {
		if _, err := strconv.Atoi(rest[i+1:]); err == nil {
			return rest[:i]
		}
	}
	return rest
}
