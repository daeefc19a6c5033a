package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// Messages to participants (organiser): write, choose who gets it, see the mail one
// of them would get and how many it goes to, send; later, open what was sent to
// whom. The registration package checks, records and delivers (registration/
// messages.go); sending returns at once and the mails are queued after the request.

func orgMessagesPath(eventID string) string { return orgEventPath(eventID) + "/messages" }

// messageForm is the form's fields; the API sends the same as JSON (apiMessageInput).
type messageForm struct {
	SubjectSV string   `form:"subject_sv"`
	SubjectEN string   `form:"subject_en"`
	BodySV    string   `form:"body_sv"`
	BodyEN    string   `form:"body_en"`
	Status    []string `form:"status"`
	Mode      []string `form:"mode"`
	Workshop  string   `form:"workshop"`
	Category  []string `form:"category"`
	Attended  string   `form:"attended"`
	Draft     string   `form:"draft"`
	Action    string   `form:"action"` // "preview" or "send"
}

func (in messageForm) draft() registration.MessageDraft {
	return registration.MessageDraft{
		Subject: events.Text{SV: in.SubjectSV, EN: in.SubjectEN},
		Body:    events.Text{SV: in.BodySV, EN: in.BodyEN},
		Filter:  messageFilter(in.Status, in.Mode, in.Workshop, in.Category, in.Attended),
		ID:      in.Draft,
	}
}

func messageFilter(status, mode []string, workshop string, category []string, attended string) registration.MessageFilter {
	f := registration.MessageFilter{Workshop: workshop, Attended: attended}
	for _, s := range status {
		f.Statuses = append(f.Statuses, registration.Status(s))
	}
	for _, m := range mode {
		f.Modes = append(f.Modes, events.Mode(m))
	}
	for _, c := range category {
		f.Categories = append(f.Categories, registration.Category(c))
	}
	return f
}

// sender names who sends, for the record.
func sender(c *fiber.Ctx) string {
	p := organiser(c).principal
	if p.Token != nil {
		return "API: " + p.Token.Name
	}
	return p.Email
}

// orgMessageFormPage is the writing page, with the preview once asked for.
type orgMessageFormPage struct {
	Event      events.Event
	Form       orgMessageForm
	Previewed  bool
	Recipients int
	Preview    registration.Mail
	PreviewTo  string
	BackURL    string
	Names      []string // the placeholders, for the help text
}

// GET /organiser/events/:id/messages/new
func (s *server) orgNewMessage(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f, err := s.newMessageForm(c, ev)
	if err != nil {
		return err
	}
	f.In = messageForm{Status: []string{string(registration.StatusConfirmed), string(registration.StatusWaiting)}, Draft: datastore.NewID()}
	return s.renderMessageForm(c, ev, orgMessageFormPage{Form: f})
}

// POST /organiser/events/:id/messages/new: preview (action=preview) or send.
func (s *server) orgPostMessage(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f, err := s.newMessageForm(c, ev)
	if err != nil {
		return err
	}
	if err := bindForm(c, &f.In, &f.webForm); err != nil {
		return err
	}
	ctx := c.UserContext()
	auditDetail(c, map[bool]string{true: "send", false: "preview"}[f.In.Action == "send"])
	if f.In.Action == "send" {
		msg, err := s.regs.SendMessage(ctx, ev, f.In.draft(), sender(c))
		if err == nil {
			return orgDone(c, orgMessagesPath(ev.ID)+"/"+msg.ID, "message-sent")
		}
		if !formInvalid(err, &f.webForm) {
			return err
		}
		return s.renderMessageForm(c, ev, orgMessageFormPage{Form: f})
	}
	prep, err := s.regs.PrepareMessage(ctx, ev, f.In.draft())
	if err != nil {
		if !formInvalid(err, &f.webForm) {
			return err
		}
		return s.renderMessageForm(c, ev, orgMessageFormPage{Form: f})
	}
	p := orgMessageFormPage{Form: f, Previewed: true, Recipients: len(prep.Recipients)}
	if len(prep.Recipients) > 0 {
		p.Preview = s.regs.PreviewMessage(ctx, ev, prep.Draft, prep.Recipients[0])
		p.PreviewTo = prep.Recipients[0].FullName()
	}
	return s.renderMessageForm(c, ev, p)
}

func (s *server) renderMessageForm(c *fiber.Ctx, ev events.Event, p orgMessageFormPage) error {
	p.Event, p.BackURL, p.Names = ev, orgMessagesPath(ev.ID), registration.Placeholders
	noStore(c)
	title := orgTitle(p.Form.Lang, tr(p.Form.Lang, "org.msg.new"), p.Form.webForm)
	return s.orgRender(c, formStatus(p.Form.webForm), "organiser/message_form", title, p)
}

// newMessageForm knows what the event offers to filter on: participation modes
// (hybrid events), its bookable workshops, and attendance once anyone checked in.
func (s *server) newMessageForm(c *fiber.Ctx, ev events.Event) (orgMessageForm, error) {
	lang := language(c)
	f := orgMessageForm{webForm: newWebForm(lang, orgMessagesPath(ev.ID)+"/new"), Hybrid: ev.Mode == events.ModeHybrid}
	sessions, err := s.events.Sessions(c.UserContext(), ev.ID)
	if err != nil {
		return f, err
	}
	for _, se := range sessions {
		if registration.Bookable(se) {
			f.Workshops = append(f.Workshops, webOption{Value: se.ID, Label: se.Title.In(lang)})
		}
	}
	arrived, err := s.badges.Arrived(c.UserContext(), ev.ID)
	f.CheckIn = len(arrived) > 0
	return f, err
}

// orgMessageCount is how many of a message's mails are in one state.
type orgMessageCount struct {
	Label string
	N     int
}

// orgMessageRow is one recipient of a sent message.
type orgMessageRow struct {
	Name, Email, State string
}

type orgMessagePage struct {
	Notice   string
	Event    events.Event
	Message  registration.Message
	Sent     string
	Filter   string // the filter, in words
	Rows     []orgMessageRow
	Counts   []orgMessageCount // mails by their state in the outbox
	Queueing bool              // the delivery is still running
	BackURL  string
}

// GET /organiser/events/:id/messages/:mid: what was sent, to whom, and how far.
func (s *server) orgMessage(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	ctx, lang := c.UserContext(), language(c)
	msg, err := s.regs.Message(ctx, ev.ID, c.Params("mid"))
	if err != nil {
		return err
	}
	states, err := s.messageStates(c, msg)
	if err != nil {
		return err
	}
	people, err := s.regs.List(ctx, ev.ID, registration.ListFilter{})
	if err != nil {
		return err
	}
	byID := make(map[string]registration.Registration, len(people))
	for _, r := range people {
		byID[r.ID] = r
	}
	p := orgMessagePage{Notice: orgNotice(c), Event: ev, Message: msg, Sent: orgDateTime(msg.CreatedAt, lang),
		Filter: s.filterText(c, ev, msg.Filter), Queueing: msg.QueuedAt == nil,
		BackURL: orgMessagesPath(ev.ID)}
	counts := map[outbox.Status]int{}
	for _, id := range msg.Recipients {
		r := byID[id]
		row := orgMessageRow{Name: r.FullName(), Email: r.Email, State: tr(lang, "org.msg.state.queued")}
		if st, ok := states[id]; ok {
			row.State = tr(lang, "outbox.status."+string(st))
			counts[st]++
		}
		if r.Email == "" {
			row.Name = tr(lang, "org.msg.anonymised")
		}
		p.Rows = append(p.Rows, row)
	}
	for _, st := range []outbox.Status{outbox.StatusSent, outbox.StatusPending, outbox.StatusFailed, outbox.StatusDropped} {
		if counts[st] > 0 {
			p.Counts = append(p.Counts, orgMessageCount{Label: tr(lang, "org.msg.mails."+string(st)), N: counts[st]})
		}
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/message", msg.Subject.In(lang), p)
}

// messageStates are the outbox states of msg's mails, by registration.
func (s *server) messageStates(c *fiber.Ctx, msg registration.Message) (map[string]outbox.Status, error) {
	ids := make([]string, len(msg.Recipients))
	for i, r := range msg.Recipients {
		ids[i] = registration.MessageMailID(msg.ID, r)
	}
	byMail, err := s.outbox.States(c.UserContext(), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]outbox.Status, len(byMail))
	for i, r := range msg.Recipients {
		if st, ok := byMail[ids[i]]; ok {
			out[r] = st
		}
	}
	return out, nil
}

// filterText says in words who a message went to.
func (s *server) filterText(c *fiber.Ctx, ev events.Event, f registration.MessageFilter) string {
	lang := language(c)
	var parts []string
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []registration.Status{registration.StatusConfirmed, registration.StatusWaiting}
	}
	var words []string
	for _, st := range statuses {
		words = append(words, strings.ToLower(tr(lang, "reg_status."+string(st))))
	}
	parts = append(parts, strings.Join(words, ", "))
	words = nil
	for _, m := range f.Modes {
		words = append(words, strings.ToLower(tr(lang, "mode."+string(m))))
	}
	if len(words) > 0 {
		parts = append(parts, strings.Join(words, ", "))
	}
	words = nil
	for _, cat := range f.Categories {
		words = append(words, strings.ToLower(tr(lang, "category."+string(cat))))
	}
	if len(words) > 0 {
		parts = append(parts, strings.Join(words, ", "))
	}
	if f.Workshop != "" {
		title := f.Workshop
		if se, err := s.events.Session(c.UserContext(), ev.ID, f.Workshop); err == nil {
			title = se.Title.In(lang)
		}
		parts = append(parts, tr(lang, "org.msg.filter.workshop", title))
	}
	if f.Attended != "" {
		parts = append(parts, tr(lang, "org.msg.attended."+f.Attended))
	}
	return strings.Join(parts, " · ")
}

type orgMessagesPage struct {
	Notice  string
	Event   events.Event
	Rows    []orgMessagesRow
	NewURL  string
	BackURL string
}

type orgMessagesRow struct {
	Subject, Sent, By, URL string
	Recipients             int
	Queueing               bool
}

// GET /organiser/events/:id/messages
func (s *server) orgMessages(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	lang := language(c)
	list, err := s.regs.Messages(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	p := orgMessagesPage{Notice: orgNotice(c), Event: ev, NewURL: orgMessagesPath(ev.ID) + "/new", BackURL: orgEventPath(ev.ID)}
	for _, m := range list {
		p.Rows = append(p.Rows, orgMessagesRow{Subject: m.Subject.In(lang), Sent: orgDateTime(m.CreatedAt, lang), By: m.By,
			URL: orgMessagesPath(ev.ID) + "/" + m.ID, Recipients: len(m.Recipients), Queueing: m.QueuedAt == nil})
	}
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/messages", tr(lang, "org.msg.title"), p)
}

// --- API ---------------------------------------------------------------------------

// apiMessageInput is POST /api/v1/events/:id/messages. With dry_run nothing is sent:
// the answer says how many it would go to and shows the first one's mail.
type apiMessageInput struct {
	Subject events.Text `json:"subject"`
	Body    events.Text `json:"body"`
	Filter  struct {
		Status   []string `json:"status"`
		Mode     []string `json:"mode"`
		Workshop string   `json:"workshop"`
		Category []string `json:"category"`
		Attended string   `json:"attended"`
	} `json:"filter"`
	ID     string `json:"id"` // optional: the same id sends once
	DryRun bool   `json:"dry_run"`
}

// POST /api/v1/events/:id/messages: 202 {message} (the mails are queued after the
// answer), or with dry_run 200 {recipients, preview}.
func (s *server) apiSendMessage(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in apiMessageInput
	if err := bind(c, &in); err != nil {
		return err
	}
	f := in.Filter
	d := registration.MessageDraft{Subject: in.Subject, Body: in.Body, ID: in.ID,
		Filter: messageFilter(f.Status, f.Mode, f.Workshop, f.Category, f.Attended)}
	ctx := c.UserContext()
	noStore(c)
	if in.DryRun {
		prep, err := s.regs.PrepareMessage(ctx, ev, d)
		if err != nil {
			return err
		}
		out := fiber.Map{"recipients": len(prep.Recipients)}
		if len(prep.Recipients) > 0 {
			m := s.regs.PreviewMessage(ctx, ev, prep.Draft, prep.Recipients[0])
			out["preview"] = fiber.Map{"to": m.To, "subject": m.Subject, "text": m.Text, "html": m.HTML}
		}
		return c.JSON(out)
	}
	msg, err := s.regs.SendMessage(ctx, ev, d, sender(c))
	if err != nil {
		return err
	}
	c.Location("/api/v1/events/" + ev.ID + "/messages/" + msg.ID)
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"message": msg, "status": "queued"})
}

// GET /api/v1/events/:id/messages
func (s *server) apiListMessages(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	list, err := s.regs.Messages(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(fiber.Map{"messages": list})
}

// GET /api/v1/events/:id/messages/:mid: the record, with each recipient's mail state.
func (s *server) apiGetMessage(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	msg, err := s.regs.Message(c.UserContext(), ev.ID, c.Params("mid"))
	if err != nil {
		return err
	}
	states, err := s.messageStates(c, msg)
	if err != nil {
		return err
	}
	type delivery struct {
		Registration string        `json:"registration_id"`
		State        outbox.Status `json:"state"`
	}
	out := make([]delivery, len(msg.Recipients))
	for i, r := range msg.Recipients {
		out[i] = delivery{Registration: r, State: states[r]}
		if out[i].State == "" {
			out[i].State = "queueing"
		}
	}
	noStore(c)
	return c.JSON(fiber.Map{"message": msg, "deliveries": out, "queued": msg.QueuedAt != nil})
}

// orgMessageForm is the writing form.
type orgMessageForm struct {
	webForm
	In        messageForm
	Hybrid    bool        // offer the participation-mode filter
	Workshops []webOption // bookable workshops, for the workshop filter
	CheckIn   bool        // someone was checked in: offer attended / not attended
}

var orgMessageOrder = []string{"subject_sv", "body_sv", "subject_en", "body_en", "status", "mode", "workshop", "category", "attended"}

func (f orgMessageForm) Field(name string) webField {
	switch name {
	case "subject_sv":
		return required(f.input("text", name, "org.msg.subject_sv", f.In.SubjectSV))
	case "subject_en":
		return f.input("text", name, "org.msg.subject_en", f.In.SubjectEN)
	case "body_sv":
		return required(f.textarea(name, "org.msg.body_sv", f.In.BodySV, 10))
	case "body_en":
		return f.textarea(name, "org.msg.body_en", f.In.BodyEN, 10)
	case "status":
		var opts []webOption
		for _, st := range []registration.Status{registration.StatusConfirmed, registration.StatusWaiting, registration.StatusCancelled} {
			opts = append(opts, webOption{Value: string(st), Label: tr(f.Lang, "reg_status."+string(st))})
		}
		return f.group("checkboxes", name, "org.msg.f.status", opts, f.In.Status...)
	case "mode":
		opts := []webOption{{Value: string(events.ModeOnSite), Label: tr(f.Lang, "mode.on_site")}, {Value: string(events.ModeDigital), Label: tr(f.Lang, "mode.digital")}}
		return f.group("checkboxes", name, "org.msg.f.mode", opts, f.In.Mode...)
	case "workshop":
		opts := append([]webOption{{Value: "", Label: tr(f.Lang, "org.msg.f.workshop.any")}}, f.Workshops...)
		return f.selectOne(name, "org.msg.f.workshop", f.In.Workshop, opts)
	case "category":
		var opts []webOption
		for _, c := range registration.Categories {
			opts = append(opts, webOption{Value: string(c.Value), Label: tr(f.Lang, string(c.Label))})
		}
		return f.group("checkboxes", name, "org.msg.f.category", opts, f.In.Category...)
	case "attended":
		opts := []webOption{{Value: "", Label: tr(f.Lang, "org.msg.attended.any")}, {Value: registration.AttendedYes, Label: tr(f.Lang, "org.msg.attended.yes")}, {Value: registration.AttendedNo, Label: tr(f.Lang, "org.msg.attended.no")}}
		return f.group("radios", name, "org.msg.f.attended", opts, f.In.Attended)
	}
	panic("message form has no field " + name)
}

func (f orgMessageForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgMessageForm) Summary() webSummary               { return f.summary(f.Field, orgMessageOrder) }
