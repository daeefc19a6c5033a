package registration

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
	"folkhalsa-events/platform/datastore"
)

// Messages: an organiser writes to the participants of an event, chosen by status,
// participation mode, workshop, badge category and (where check-in was used)
// whether they came. The text may hold placeholders ({förnamn}, {hanteringslänk},
// {onlinelänk}…) filled in for each person.
//
// Sending stores the message and returns; the mails are queued after the request
// (DeliverMessage, started at once and resumed by every instance's job pass if the
// instance goes away). Everything in a delivery is once-only, so deliveries of one
// message running at the same time on several instances send nobody two mails:
//   - the recipients are settled once: the first delivery inserts them under the
//     message's _id in message_recipients, later ones read what it inserted;
//   - each mail's id is "<registration>|msg|<message>";
//   - when all are queued, a marker with the message's _id goes into messages_queued.
//
// The record (what was written, to whom, by whom and when, and each mail's state in
// the outbox) stays for the organiser to open later.

// Collections of messages.
const (
	MessagesCollection          = "event_messages"
	messageRecipientsCollection = "message_recipients"
	messagesQueuedCollection    = "messages_queued"
)

// MessageFilter chooses the recipients. An empty list allows every value; Statuses
// empty means confirmed and waiting (everyone still registered).
type MessageFilter struct {
	Statuses   []Status      `bson:"statuses,omitempty" json:"status,omitempty"`
	Modes      []events.Mode `bson:"modes,omitempty" json:"mode,omitempty"`
	Workshop   string        `bson:"workshop,omitempty" json:"workshop,omitempty"` // a confirmed seat in it
	Categories []Category    `bson:"categories,omitempty" json:"category,omitempty"`
	Attended   string        `bson:"attended,omitempty" json:"attended,omitempty"` // "yes", "no" or ""
}

// Attended filter values.
const (
	AttendedYes = "yes"
	AttendedNo  = "no"
)

// MessageDraft is what the organiser wrote: the subject and body in Swedish and,
// optionally, English (for those who registered in English).
type MessageDraft struct {
	Subject, Body events.Text
	Filter        MessageFilter
	// ID, when set (the form's, made when it was opened), makes sending the same
	// draft twice (a double click, a reload) record and send it once.
	ID string
}

var draftIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// Message is a sent message as recorded.
type Message struct {
	ID        string        `bson:"_id" json:"id"`
	EventID   string        `bson:"event_id" json:"event_id"`
	Subject   events.Text   `bson:"subject" json:"subject"`
	Body      events.Text   `bson:"body" json:"body"`
	Filter    MessageFilter `bson:"filter" json:"filter"`
	By        string        `bson:"by" json:"by"` // who sent it
	CreatedAt time.Time     `bson:"created_at" json:"created_at"`
	// Recipients are settled by the first delivery (nil until then).
	Recipients []string `bson:"-" json:"recipients"`
	// QueuedAt is when every mail was queued (nil while the delivery runs).
	QueuedAt *time.Time `bson:"-" json:"queued_at,omitempty"`
}

type recipientsDoc struct {
	ID            string    `bson:"_id"`
	EventID       string    `bson:"event_id"`
	Registrations []string  `bson:"registrations"`
	At            time.Time `bson:"at"`
}

type queuedDoc struct {
	ID      string    `bson:"_id"`
	EventID string    `bson:"event_id"`
	Count   int       `bson:"count"`
	At      time.Time `bson:"at"`
}

// Attendance tells who was checked in at an event (the badges package).
type Attendance interface {
	Arrived(ctx context.Context, eventID string) (map[string]bool, error)
}

// SetAttendance wires the check-ins in; without it nobody counts as having come.
func (s *Service) SetAttendance(a Attendance) { s.attendance = a }

func (s *Service) arrived(ctx context.Context, eventID string) (map[string]bool, error) {
	if s.attendance == nil {
		return map[string]bool{}, nil
	}
	return s.attendance.Arrived(ctx, eventID)
}

const (
	maxSubject = 200
	maxBody    = 10000
)

// placeholders maps each placeholder, in Swedish and English, to what it is.
var placeholders = map[string]string{
	"förnamn": "first_name", "first_name": "first_name",
	"efternamn": "last_name", "last_name": "last_name",
	"evenemang": "event", "event": "event",
	"datum": "date", "date": "date",
	"plats": "place", "place": "place",
	"hanteringslänk": "manage_link", "manage_link": "manage_link",
	"onlinelänk": "online_link", "online_link": "online_link",
}

// Placeholders are the Swedish names, for the form's help text.
var Placeholders = []string{"förnamn", "efternamn", "evenemang", "datum", "plats", "hanteringslänk", "onlinelänk"}

var placeholderRE = regexp.MustCompile(`\{([^{}\s]{1,40})\}`)

// validate cleans the draft and checks it against the event.
func (d MessageDraft) validate(ev events.Event, sessions []events.Session) (MessageDraft, error) {
	var v events.ValidationError
	events.RequireText(&v, "subject_sv", d.Subject.SV, maxSubject, "org.msg.subject_sv")
	events.LimitText(&v, "subject_en", d.Subject.EN, maxSubject, "org.msg.subject_en")
	events.RequireText(&v, "body_sv", d.Body.SV, maxBody, "org.msg.body_sv")
	events.LimitText(&v, "body_en", d.Body.EN, maxBody, "org.msg.body_en")
	out := MessageDraft{
		Subject: events.Text{SV: events.CleanText(d.Subject.SV), EN: events.CleanText(d.Subject.EN)},
		Body:    events.Text{SV: events.CleanMultiline(d.Body.SV), EN: events.CleanMultiline(d.Body.EN)},
	}
	if out.ID = strings.TrimSpace(d.ID); out.ID != "" && !draftIDRE.MatchString(out.ID) {
		v.Add("draft", "reg.err.message.draft")
	}
	if (out.Subject.EN == "") != (out.Body.EN == "") {
		v.Add("body_en", "reg.err.message.english")
	}
	online := false
	for _, ft := range [][2]string{{"subject_sv", out.Subject.SV}, {"body_sv", out.Body.SV}, {"subject_en", out.Subject.EN}, {"body_en", out.Body.EN}} {
		field, text := ft[0], ft[1]
		for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
			what, ok := placeholders[strings.ToLower(m[1])]
			if !ok {
				v.Add(field, "reg.err.message.placeholder", m[0], "{"+strings.Join(Placeholders, "}, {")+"}")
				continue
			}
			online = online || what == "online_link"
		}
	}
	f, err := d.Filter.clean(&v, sessions)
	out.Filter = f
	if err == nil && online {
		switch {
		case ev.OnlineURL == "":
			v.Add("body_sv", "reg.err.message.no_online_url")
		case ev.Mode != events.ModeDigital && !slices.Equal(f.Modes, []events.Mode{events.ModeDigital}):
			// The link goes only to those who take part online.
			v.Add("mode", "reg.err.message.online_only")
		}
	}
	return out, v.Err()
}

func (f MessageFilter) clean(v *events.ValidationError, sessions []events.Session) (MessageFilter, error) {
	var out MessageFilter
	var ok bool
	if out.Statuses, ok = choices(f.Statuses, func(st Status) bool {
		return st == StatusConfirmed || st == StatusWaiting || st == StatusCancelled
	}); !ok {
		v.Add("status", "reg.err.message.status")
		return out, errors.New("status")
	}
	if out.Modes, ok = choices(f.Modes, func(m events.Mode) bool { return m == events.ModeOnSite || m == events.ModeDigital }); !ok {
		v.Add("mode", "reg.err.message.mode")
		return out, errors.New("mode")
	}
	if out.Categories, ok = choices(f.Categories, ValidCategory); !ok {
		v.Add("category", "reg.err.message.category")
		return out, errors.New("category")
	}
	if out.Workshop = strings.TrimSpace(f.Workshop); out.Workshop != "" &&
		!slices.ContainsFunc(sessions, func(se events.Session) bool { return se.ID == out.Workshop && Bookable(se) }) {
		v.Add("workshop", "reg.err.message.workshop")
		return out, errors.New("workshop")
	}
	switch out.Attended = strings.TrimSpace(f.Attended); out.Attended {
	case "", AttendedYes, AttendedNo:
	default:
		v.Add("attended", "reg.err.message.attended")
		return out, errors.New("attended")
	}
	return out, nil
}

// choices trims, checks and deduplicates chosen values, sorted; false if one is unknown.
func choices[T ~string](raw []T, valid func(T) bool) ([]T, bool) {
	var out []T
	for _, x := range raw {
		x = T(strings.TrimSpace(string(x)))
		if !valid(x) {
			return nil, false
		}
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out, true
}

// matches reports whether r is a recipient under f; arrived is the event's check-ins.
func (f MessageFilter) matches(r Registration, arrived map[string]bool) bool {
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []Status{StatusConfirmed, StatusWaiting}
	}
	switch {
	case r.Email == "", // anonymised
		!slices.Contains(statuses, r.Status),
		len(f.Modes) > 0 && !slices.Contains(f.Modes, r.Mode),
		len(f.Categories) > 0 && !slices.Contains(f.Categories, r.Category),
		f.Attended == AttendedYes && !arrived[r.ID],
		f.Attended == AttendedNo && arrived[r.ID]:
		return false
	case f.Workshop != "":
		return slices.ContainsFunc(r.Workshops, func(w WorkshopChoice) bool {
			return w.SessionID == f.Workshop && w.Status == StatusConfirmed
		})
	}
	return true
}

// PreparedMessage is a checked draft with the people it would go to now.
type PreparedMessage struct {
	Draft      MessageDraft
	Recipients []Registration // sorted by name
}

// PrepareMessage checks a draft and finds its recipients, for the preview and the
// count before sending.
func (s *Service) PrepareMessage(ctx context.Context, ev events.Event, d MessageDraft) (PreparedMessage, error) {
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return PreparedMessage{}, err
	}
	clean, err := d.validate(ev, sessions)
	if err != nil {
		return PreparedMessage{}, err
	}
	list, err := s.recipients(ctx, ev.ID, clean.Filter)
	return PreparedMessage{Draft: clean, Recipients: list}, err
}

func (s *Service) recipients(ctx context.Context, eventID string, f MessageFilter) ([]Registration, error) {
	all, err := s.List(ctx, eventID, ListFilter{})
	if err != nil {
		return nil, err
	}
	return s.matching(ctx, eventID, all, f)
}

// matching are those of the event's registrations all that f chooses.
func (s *Service) matching(ctx context.Context, eventID string, all []Registration, f MessageFilter) ([]Registration, error) {
	var err error
	arrived := map[string]bool{}
	if f.Attended != "" {
		if arrived, err = s.arrived(ctx, eventID); err != nil {
			return nil, err
		}
	}
	out := make([]Registration, 0, len(all))
	for _, r := range all {
		if f.matches(r, arrived) {
			out = append(out, r)
		}
	}
	return out, nil
}

// PreviewMessage is the mail r would get, with a stand-in for the personal link (the
// organiser sees the mail, not the participant's key to it).
func (s *Service) PreviewMessage(ctx context.Context, ev events.Event, d MessageDraft, r Registration) Mail {
	msg := Message{ID: "preview", EventID: ev.ID, Subject: d.Subject, Body: d.Body}
	return s.messageMail(ev, s.arranger(ctx, ev), msg, r, s.ManageURL(r, "…"))
}

// messageMail is msg written for r, with manageURL as their link.
func (s *Service) messageMail(ev events.Event, org events.Organisation, msg Message, r Registration, manageURL string) Mail {
	lang := normLang(r.Lang)
	l := letter(mails.Message, ev, org, r)
	l.ManageURL = manageURL
	fill := func(text string) string {
		return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
			switch placeholders[strings.ToLower(m[1:len(m)-1])] {
			case "first_name":
				return r.FirstName
			case "last_name":
				return r.LastName
			case "event":
				return ev.Title.In(lang)
			case "date":
				return events.When(ev.Start, ev.End, lang)
			case "place":
				return events.Place(ev, lang)
			case "manage_link":
				return manageURL
			case "online_link":
				return l.OnlineURL // empty for those on site (validate keeps them out)
			}
			return m
		})
	}
	subject, body := msg.Subject.SV, msg.Body.SV
	if lang == "en" && msg.Subject.EN != "" {
		subject, body = msg.Subject.EN, msg.Body.EN
	}
	l.Subject, l.Body = fill(subject), fill(body)
	return addressed(MessageMailID(msg.ID, r.ID), mails.Message, r, l)
}

// SendMessage records the message and starts its delivery after the request; it
// returns at once. by names the sender in the record.
func (s *Service) SendMessage(ctx context.Context, ev events.Event, d MessageDraft, by string) (Message, error) {
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return Message{}, err
	}
	clean, err := d.validate(ev, sessions)
	if err != nil {
		return Message{}, err
	}
	msg := Message{ID: cmp.Or(clean.ID, datastore.NewID()), EventID: ev.ID, Subject: clean.Subject, Body: clean.Body,
		Filter: clean.Filter, By: by, CreatedAt: s.now().UTC()}
	if _, err := s.messages.InsertOne(ctx, msg); datastore.IsDuplicate(err) {
		return s.Message(ctx, ev.ID, msg.ID) // sent already: this is the same draft again
	} else if err != nil {
		return Message{}, fmt.Errorf("record message: %w", err)
	}
	s.deliverLater(msg.ID)
	return msg, nil
}

// resumeWindow is how far back the job pass resumes deliveries.
const resumeWindow = 24 * time.Hour

// deliverTimeout bounds one delivery; a delivery cut short is resumed by the job pass.
const deliverTimeout = 15 * time.Minute

// deliverLater runs DeliverMessage in the background, outside the request.
func (s *Service) deliverLater(id string) {
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		ctx, cancel := context.WithTimeout(context.Background(), deliverTimeout)
		defer cancel()
		n, err := s.DeliverMessage(ctx, id)
		if err != nil {
			s.log.Warn("message: delivery cut short; the job pass resumes it", "message", id, "queued", n, "error", err)
			return
		}
		s.log.Info("message: queued", "message", id, "count", n)
	}()
}

// WaitBackground waits for deliveries started by this instance (at shutdown, and in
// tests), or until ctx ends.
func (s *Service) WaitBackground(ctx context.Context) {
	done := make(chan struct{})
	go func() { s.background.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// DeliverMessage queues the message's mails and returns how many; it can run any
// number of times, anywhere, at once.
func (s *Service) DeliverMessage(ctx context.Context, id string) (int, error) {
	if done, err := datastore.Exists(ctx, s.messagesQueued, id); err != nil || done {
		return 0, err
	}
	var msg Message
	if err := s.messages.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&msg); err != nil {
		return 0, fmt.Errorf("read message: %w", err)
	}
	ev, err := s.events.Event(ctx, msg.EventID)
	if err != nil {
		return 0, err
	}
	// One read of the registrations serves choosing the recipients and writing to them.
	all, err := s.List(ctx, msg.EventID, ListFilter{})
	if err != nil {
		return 0, err
	}
	ids, err := s.settleRecipients(ctx, msg, all)
	if err != nil {
		return 0, err
	}
	byID := make(map[string]Registration, len(all))
	for _, r := range all {
		byID[r.ID] = r
	}
	org, n := s.arranger(ctx, ev), 0
	for _, rid := range ids {
		r, ok := byID[rid]
		if !ok || r.Email == "" {
			continue // anonymised meanwhile
		}
		token, err := s.currentToken(ctx, r)
		if err != nil {
			return n, err
		}
		if err := s.mailer.Send(ctx, s.messageMail(ev, org, msg, r, s.ManageURL(r, token))); err != nil {
			return n, fmt.Errorf("queue message: %w", err)
		}
		n++
	}
	_, err = s.messagesQueued.InsertOne(ctx, queuedDoc{ID: id, EventID: msg.EventID, Count: n, At: s.now().UTC()})
	if err != nil && !datastore.IsDuplicate(err) {
		return n, fmt.Errorf("mark message queued: %w", err)
	}
	return n, nil
}

// settleRecipients returns the message's recipients, choosing them among all (the
// event's registrations) if no delivery has yet: the first insert decides.
func (s *Service) settleRecipients(ctx context.Context, msg Message, all []Registration) ([]string, error) {
	var doc recipientsDoc
	err := s.messageRecipients.FindOne(ctx, bson.D{{Key: "_id", Value: msg.ID}}).Decode(&doc)
	if err == nil {
		return doc.Registrations, nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, fmt.Errorf("read recipients: %w", err)
	}
	list, err := s.matching(ctx, msg.EventID, all, msg.Filter)
	if err != nil {
		return nil, err
	}
	doc = recipientsDoc{ID: msg.ID, EventID: msg.EventID, Registrations: make([]string, len(list)), At: s.now().UTC()}
	for i, r := range list {
		doc.Registrations[i] = r.ID
	}
	if _, err := s.messageRecipients.InsertOne(ctx, doc); datastore.IsDuplicate(err) {
		return s.settleRecipients(ctx, msg, all) // another delivery chose first
	} else if err != nil {
		return nil, fmt.Errorf("record recipients: %w", err)
	}
	return doc.Registrations, nil
}

// Messages returns the event's messages, newest first, with their state.
func (s *Service) Messages(ctx context.Context, eventID string) ([]Message, error) {
	cur, err := s.messages.Find(ctx, bson.D{{Key: "event_id", Value: eventID}}, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}))
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	out := []Message{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	for i := range out {
		if err := s.messageState(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Message returns one message of the event with its state.
func (s *Service) Message(ctx context.Context, eventID, id string) (Message, error) {
	var msg Message
	err := s.messages.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&msg)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && msg.EventID != eventID) {
		return Message{}, ErrNotFound
	}
	if err != nil {
		return Message{}, fmt.Errorf("read message: %w", err)
	}
	return msg, s.messageState(ctx, &msg)
}

func (s *Service) messageState(ctx context.Context, msg *Message) error {
	var rec recipientsDoc
	err := s.messageRecipients.FindOne(ctx, bson.D{{Key: "_id", Value: msg.ID}}).Decode(&rec)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("read recipients: %w", err)
	}
	msg.Recipients = rec.Registrations
	var q queuedDoc
	err = s.messagesQueued.FindOne(ctx, bson.D{{Key: "_id", Value: msg.ID}}).Decode(&q)
	if err == nil {
		msg.QueuedAt = &q.At
	} else if !errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("read message state: %w", err)
	}
	return nil
}

// MessageMailID is the outbox id of the mail msg sent a registration.
func MessageMailID(msgID, regID string) string { return regID + "|msg|" + msgID }

// ResumeMessages delivers the messages recorded in the day before `before` whose
// mails are not all queued (an instance stopped during the delivery), and returns
// how many mails it queued. Older ones are left: a message days late misleads.
func (s *Service) ResumeMessages(ctx context.Context, before time.Time) (int, error) {
	window := bson.D{{Key: "$gte", Value: before.Add(-resumeWindow).UTC()}, {Key: "$lt", Value: before.UTC()}}
	cur, err := s.messages.Find(ctx, bson.D{{Key: "created_at", Value: window}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("list messages: %w", err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return 0, fmt.Errorf("list messages: %w", err)
	}
	total := 0
	for _, m := range ids {
		n, err := s.DeliverMessage(ctx, m.ID)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
