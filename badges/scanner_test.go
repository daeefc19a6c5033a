package badges_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestScannerLinkCreateAndAuthorize(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	link, token, err := d.svc.CreateLink(ctx, "ev1", badges.LinkInput{
		Station: "  Entré   A ", ValidFrom: eventDay.Add(-time.Hour), ValidUntil: eventDay.Add(10 * time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	if link.Station != "Entré A" || link.EventID != "ev1" || link.Revoked() {
		t.Fatalf("link %+v", link)
	}
	id, secret, ok := strings.Cut(token, ".")
	if !ok || id != link.ID || len(secret) != 32 {
		t.Fatalf("token %q: want <link id>.<32-character secret>", token)
	}

	// Only the secret's hash is stored.
	docs := d.find("badge_scanner_links", bson.D{{Key: "_id", Value: link.ID}})
	if len(docs) != 1 {
		t.Fatalf("%d link documents", len(docs))
	}
	raw, _ := bson.Marshal(docs[0])
	if strings.Contains(string(raw), secret) {
		t.Fatal("the stored link contains the secret")
	}
	if _, ok := docs[0]["secret_hash"]; !ok {
		t.Fatal("the stored link has no secret_hash")
	}

	got, err := d.svc.Authorize(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != link.ID || got.Station != "Entré A" || got.EventID != "ev1" || !got.ValidFrom.Equal(link.ValidFrom) {
		t.Fatalf("authorised %+v, created %+v", got, link)
	}

	links, err := d.svc.Links(ctx, "ev1")
	if err != nil || len(links) != 1 || links[0].ID != link.ID {
		t.Fatalf("Links: %+v, %v", links, err)
	}
	if other, _ := d.svc.Links(ctx, "ev2"); len(other) != 0 {
		t.Fatalf("another event's links: %+v", other)
	}
}

func TestScannerLinkWrongTokensAreNotFound(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	link, token, err := d.svc.CreateLink(ctx, "ev1", badges.LinkInput{Station: "Entré", ValidFrom: eventDay, ValidUntil: eventDay.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	_, otherToken, err := d.svc.CreateLink(ctx, "ev1", badges.LinkInput{Station: "Entré B", ValidFrom: eventDay, ValidUntil: eventDay.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	_, otherSecret, _ := strings.Cut(otherToken, ".")
	_, secret, _ := strings.Cut(token, ".")
	flipped := []byte(secret)
	flipped[0] ^= 1
	for name, tok := range map[string]string{
		"wrong secret":       link.ID + "." + otherSecret,
		"altered secret":     link.ID + "." + string(flipped),
		"secret missing":     link.ID + ".",
		"no dot":             link.ID,
		"unknown link":       "abcdefghijkmnpqr." + secret,
		"garbled id":         "../../etc." + secret,
		"upper-case id":      strings.ToUpper(link.ID) + "." + secret,
		"empty":              "",
		"secret as id":       secret + "." + link.ID,
		"truncated secret":   link.ID + "." + secret[:31],
		"overlong secret":    link.ID + "." + secret + "a",
		"query string glued": link.ID + "." + secret + "?x=1",
	} {
		if _, err := d.svc.Authorize(ctx, tok); !errors.Is(err, badges.ErrNotFound) {
			t.Errorf("%s: Authorize(%q) = %v, want ErrNotFound", name, tok, err)
		}
	}
}

func TestScannerLinkWindowAndRevocation(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	from, until := eventDay.Add(time.Hour), eventDay.Add(3*time.Hour)
	link, token, err := d.svc.CreateLink(ctx, "ev1", badges.LinkInput{Station: "Entré", ValidFrom: from, ValidUntil: until})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want error
	}{
		{from.Add(-time.Second), badges.ErrLinkExpired}, // not yet valid
		{from, nil},
		{until.Add(-time.Second), nil},
		{until, badges.ErrLinkExpired},
		{until.Add(24 * time.Hour), badges.ErrLinkExpired},
	} {
		d.setClock(c.at)
		if _, err := d.svc.Authorize(ctx, token); !errors.Is(err, c.want) {
			t.Errorf("at %s: %v, want %v", c.at.Format(time.TimeOnly), err, c.want)
		}
	}

	d.setClock(from.Add(time.Minute))
	if err := d.svc.RevokeLink(ctx, "ev2", link.ID); !errors.Is(err, badges.ErrNotFound) {
		t.Fatalf("revoking through another event: %v, want ErrNotFound", err)
	}
	if _, err := d.svc.Authorize(ctx, token); err != nil {
		t.Fatalf("after a refused revoke: %v", err)
	}
	if err := d.svc.RevokeLink(ctx, "ev1", link.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.Authorize(ctx, token); !errors.Is(err, badges.ErrLinkRevoked) {
		t.Fatalf("revoked link: %v, want ErrLinkRevoked", err)
	}
	d.setClock(from.Add(time.Hour))
	if err := d.svc.RevokeLink(ctx, "ev1", link.ID); err != nil {
		t.Fatalf("second revoke: %v", err)
	}
	links, err := d.svc.Links(ctx, "ev1")
	if err != nil || len(links) != 1 {
		t.Fatalf("Links: %+v, %v", links, err)
	}
	if !links[0].Revoked() || !links[0].RevokedAt.Equal(from.Add(time.Minute)) {
		t.Fatalf("listed link revoked at %v, want the first revocation %v", links[0].RevokedAt, from.Add(time.Minute))
	}
	if err := d.svc.RevokeLink(ctx, "ev1", "abcdefghijkmnpqr"); !errors.Is(err, badges.ErrNotFound) {
		t.Fatalf("revoking an unknown link: %v", err)
	}
}

func TestScannerLinkValidation(t *testing.T) {
	d := newDoor(t)
	ctx := storetest.Ctx(t)
	cases := []struct {
		name  string
		in    badges.LinkInput
		field string
	}{
		{"no station", badges.LinkInput{Station: "  ", ValidFrom: eventDay, ValidUntil: eventDay.Add(time.Hour)}, "station"},
		{"long station", badges.LinkInput{Station: strings.Repeat("å", 61), ValidFrom: eventDay, ValidUntil: eventDay.Add(time.Hour)}, "station"},
		{"no start", badges.LinkInput{Station: "A", ValidUntil: eventDay.Add(time.Hour)}, "valid_from"},
		{"no end", badges.LinkInput{Station: "A", ValidFrom: eventDay}, "valid_until"},
		{"end before start", badges.LinkInput{Station: "A", ValidFrom: eventDay, ValidUntil: eventDay.Add(-time.Minute)}, "valid_until"},
		{"end equals start", badges.LinkInput{Station: "A", ValidFrom: eventDay, ValidUntil: eventDay}, "valid_until"},
		{"15 days", badges.LinkInput{Station: "A", ValidFrom: eventDay, ValidUntil: eventDay.Add(15 * 24 * time.Hour)}, "valid_until"},
		{"already over", badges.LinkInput{Station: "A", ValidFrom: eventDay.Add(-3 * time.Hour), ValidUntil: eventDay.Add(-time.Hour)}, "valid_until"},
	}
	for _, c := range cases {
		_, _, err := d.svc.CreateLink(ctx, "ev1", c.in)
		var v *events.ValidationError
		if !errors.As(err, &v) || !v.Has(c.field) {
			t.Errorf("%s: %v, want a validation error on %s", c.name, err, c.field)
			continue
		}
		if sv := v.FieldMessages("sv")[c.field]; sv == "" || sv == v.FieldMessages("en")[c.field] {
			t.Errorf("%s: Swedish message %q, English %q", c.name, sv, v.FieldMessages("en")[c.field])
		}
	}
	if links, _ := d.svc.Links(ctx, "ev1"); len(links) != 0 {
		t.Fatalf("invalid input stored %d links", len(links))
	}
	// Exactly 14 days and 60 characters are allowed.
	if _, _, err := d.svc.CreateLink(ctx, "ev1", badges.LinkInput{Station: strings.Repeat("å", 60), ValidFrom: eventDay, ValidUntil: eventDay.Add(14 * 24 * time.Hour)}); err != nil {
		t.Fatalf("14 days, 60 characters: %v", err)
	}
}
