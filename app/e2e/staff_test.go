package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/skip2/go-qrcode"

	"folkhalsa-events/badges"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// registerOnSite registers a confirmed on-site participant and returns the badge code.
func registerOnSite(t *testing.T, svc *service, conf conference, first, last string) (registration.Registration, string) {
	t.Helper()
	res, err := svc.deps.Registrations.Register(storetest.Ctx(t), conf.event.ID, registration.Input{
		FirstName: first, LastName: last, Email: strings.ToLower(first) + "@umea.se", Organisation: "Umeå kommun",
		OrgType: "kommun", Municipality: "Umeå", Mode: "on_site", PrivacyOK: true, Diet: "Vegetarisk",
	}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	return res.Registration, svc.deps.Badges.Coder().Code(res.Registration.ID)
}

// Journey 3: a staff member opens a scanner link, checks a participant in with a
// keyboard-wedge scanner (the code typed, then Enter), sees the green result, scans
// again and sees "already checked in"; then a second badge is shown to the camera
// (Chromium's fake video capture playing the badge's QR code).
func TestStaffJourney(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	first, firstCode := registerOnSite(t, svc, conf, "Åsa", "Öberg")
	second, secondCode := registerOnSite(t, svc, conf, "Nils", "Ŋuvttet")
	_, token, err := svc.deps.Badges.CreateLink(storetest.Ctx(t), conf.event.ID, badges.LinkInput{
		Station: "Entré A", ValidFrom: beforeEvent.Add(-time.Hour), ValidUntil: beforeEvent.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	camera := fakeCamera(t, secondCode)
	b := browser(t,
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", camera),
	)

	do(t, b, "open the scanner link in English", chromedp.Navigate(svc.base+"/scan/"+token+"?lang=en"), chromedp.WaitVisible(chromedp.CSS(`#code`)))
	checkAccessibility(t, b, "scanner page, English")
	do(t, b, "open the scanner link", chromedp.Navigate(svc.base+"/scan/"+token+"?lang=sv"), chromedp.WaitVisible(chromedp.CSS(`#code`)))
	checkAccessibility(t, b, "scanner page")
	checkWidths(t, b, svc.base+"/scan/"+token+"?lang=sv", "scanner page")
	do(t, b, "open the scanner again", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(svc.base+"/scan/"+token+"?lang=sv"), chromedp.WaitVisible(chromedp.CSS(`#code`)))
	do(t, b, "scan with the keyboard wedge", chromedp.SendKeys(chromedp.CSS(`#code`), firstCode+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#scan-result.scan-tone-ok`)))
	result := get(t, b, "read the result", chromedp.Text(chromedp.CSS(`#scan-result`)))
	if !strings.Contains(result, first.FirstName+" "+first.LastName) {
		t.Fatalf("green result without the name: %q", result)
	}
	screenshot(t, b, "1-checked-in")
	checkAccessibility(t, b, "scanner page with a result")
	if focused := get(t, b, "focus", chromedp.Evaluate[string](`document.activeElement.id + "|" + document.activeElement.value`)); focused != "code|" {
		t.Errorf("after a scan the empty code field must have the focus for the next one, got %q", focused)
	}

	do(t, b, "scan the same badge again", chromedp.SendKeys(chromedp.CSS(`#code`), firstCode+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#scan-result.scan-tone-warn`)))
	again := get(t, b, "read the result", chromedp.Text(chromedp.CSS(`#scan-result`)))
	if !strings.Contains(strings.ToLower(again), "redan incheckad") {
		t.Fatalf("second scan: %q", again)
	}
	screenshot(t, b, "2-already")

	// The camera path.
	do(t, b, "start the camera", chromedp.WaitVisible(chromedp.CSS(`#scan-camera-start`)), chromedp.Click(chromedp.CSS(`#scan-camera-start`)))
	deadline := time.Now().Add(20 * time.Second)
	for {
		text := get(t, b, "read the result", chromedp.Text(chromedp.CSS(`#scan-result`)))
		if strings.Contains(text, second.FirstName) {
			break
		}
		if time.Now().After(deadline) {
			screenshot(t, b, "3-camera-failed")
			t.Fatalf("the camera did not check in %s; result: %q", second.FirstName, text)
		}
		time.Sleep(250 * time.Millisecond)
	}
	screenshot(t, b, "3-camera")

	stats, err := svc.deps.Badges.Stats(storetest.Ctx(t), conf.event.ID, "")
	if err != nil || stats.CheckedIn != 2 {
		t.Fatalf("check-ins stored: %d (%v), want 2", stats.CheckedIn, err)
	}
}

// fakeCamera writes a Y4M video of the QR code for Chromium's fake capture device.
func fakeCamera(t *testing.T, code string) string {
	t.Helper()
	qr, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := qr.PNG(360)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 640, 480
	frame := image.NewGray(image.Rect(0, 0, w, h))
	for i := range frame.Pix {
		frame.Pix[i] = 0xff
	}
	off := image.Pt((w-img.Bounds().Dx())/2, (h-img.Bounds().Dy())/2)
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			frame.Set(off.X+x, off.Y+y, color.GrayModel.Convert(img.At(x, y)))
		}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", w, h)
	chroma := bytes.Repeat([]byte{0x80}, (w/2)*(h/2))
	for range 20 {
		buf.WriteString("FRAME\n")
		buf.Write(frame.Pix)
		buf.Write(chroma)
		buf.Write(chroma)
	}
	path := filepath.Join(t.TempDir(), "badge.y4m")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
