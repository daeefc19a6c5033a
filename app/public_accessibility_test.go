package app_test

import (
	"net/url"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/platform/datastore/storetest"
)

// The statement has DIGG's parts, in both languages, and names the operator.
func TestAccessibilityStatementHasTheRequiredParts(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous(), apptest.WithEnv("OPERATOR_NAME", "Länsstyrelsen Västerbotten"), apptest.WithEnv("ACCESSIBILITY_REVIEWED", "2026-11-20"))
	sv := s.Get(t, "/accessibility")
	for _, want := range []string{"Tillgänglighetsredogörelse", "Länsstyrelsen Västerbotten står bakom", "delvis förenlig", "Innehåll som inte är tillgängligt",
		"Rapportera brister", "Myndigheten för digital förvaltning", "https://www.digg.se/tdosanmalan", "WCAG 2.1", "20 november 2026"} {
		if sv.Status != 200 || !strings.Contains(sv.Text(), want) {
			t.Errorf("Swedish statement lacks %q (%d)", want, sv.Status)
		}
	}
	en := s.Get(t, "/accessibility?lang=en")
	for _, want := range []string{"Accessibility statement", "partially compliant", "Agency for Digital Government"} {
		if !strings.Contains(en.Text(), want) {
			t.Errorf("English statement lacks %q", want)
		}
	}
	// Every page's footer leads to it.
	if home := s.Get(t, "/"); !strings.Contains(home.Text(), `href="/accessibility?page=%2f"`) {
		t.Error("the footer does not link to the accessibility statement")
	}
}

// Feedback without a message, or with an address that is none, is refused in the
// visitor's language and queues nothing; the honeypot is refused too.
func TestAccessibilityFeedbackRefusesBadInput(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous())
	for _, tc := range []struct {
		form url.Values
		lang string
		want string
	}{
		{url.Values{"message": {"  "}}, "sv", "Beskrivning av problemet måste anges"},
		{url.Values{"message": {"Kontrasten är låg."}, "email": {"inte en adress"}}, "sv", "e-postadress"},
		{url.Values{"message": {""}}, "en", "Description of the problem is required"},
	} {
		r := s.PostForm(t, "/accessibility?lang="+tc.lang, tc.form)
		if r.Status != 422 || !strings.Contains(r.Text(), tc.want) {
			t.Errorf("%v: %d, want 422 with %q", tc.form, r.Status, tc.want)
		}
	}
	if r := s.PostForm(t, "/accessibility", url.Values{"message": {"spam"}, "website": {"http://spam.example"}}); r.Status < 400 {
		t.Errorf("honeypot: %d", r.Status)
	}
	n, err := s.DB.Collection("outbox").CountDocuments(storetest.Ctx(t), bson.D{})
	if err != nil || n != 0 {
		t.Fatalf("queued after refused feedback: %d (%v)", n, err)
	}
	// A control character never reaches the mail.
	if r := s.PostForm(t, "/accessibility", url.Values{"message": {"Fokus\x07 syns inte"}}); r.Status != 200 {
		t.Fatalf("good feedback: %d", r.Status)
	}
	var m struct {
		To   string `bson:"to"`
		Text string `bson:"text"`
	}
	if err := s.DB.Collection("outbox").FindOne(storetest.Ctx(t), bson.D{}).Decode(&m); err != nil || strings.ContainsRune(m.Text, 7) || !strings.Contains(m.Text, "syns inte") || m.To == "" {
		t.Fatalf("queued feedback: %+v (%v)", m, err)
	}
}
