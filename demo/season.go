package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// Season is what Seed made, for the command's summary and the tests.
type Season struct {
	Organisations, Events, Registrations, CheckIns int
	County                                         events.Organisation // Länsstyrelsen, the demo organiser's first
	ConferenceID                                   string
	Email, Password                                string // the demo organiser's sign-in
}

// clock is the time the stores see while the season is made: registrations are made
// on the days people would have registered, check-ins at the events, so that the
// follow-up, the waiting lists and the event pages look as after a real season.
type clock struct{ at atomic.Pointer[time.Time] }

// now is the stores' clock. Stores may read it from goroutines of their own (the door's
// figures are refreshed in the background), so it is read and set atomically.
func (c *clock) now() time.Time { return *c.at.Load() }

// set moves the clock.
func (c *clock) set(t time.Time) { c.at.Store(&t) }

// seeder holds what the steps share.
type seeder struct {
	deps   app.Deps
	real   time.Time // the true now: the season is dated around it
	clock  *clock
	rng    *rand.Rand
	people []person
	s      Season
	by     string                         // who the municipal records say entered them
	orgs   map[string]events.Organisation // by name
}

// Seed fills an empty store with the season. now is the true time; everything is
// dated relative to it, so the public list always has upcoming events and the
// follow-up has the past months.
func Seed(ctx context.Context, deps app.Deps, now time.Time, password string) (Season, error) {
	c := &clock{}
	c.set(now.AddDate(0, 0, -200))
	deps.Events.SetClock(c.now)
	deps.Registrations.SetClock(c.now)
	deps.Badges.SetClock(c.now)
	deps.Accounts.SetClock(c.now)
	deps.Municipal.SetClock(c.now)
	deps.Outbox.SetClock(c.now)
	rng := rand.New(rand.NewPCG(2026, 24))
	sd := &seeder{deps: deps, real: now, clock: c, rng: rng, people: people(rng, 260)}
	sd.s.Email, sd.s.Password = "demo@lansstyrelsen.example", password
	sd.by = sd.s.Email
	steps := []func(context.Context) error{sd.organisations, sd.conference, sd.networkMeetings, sd.otherEvents, sd.dialogue, sd.municipalities}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return sd.s, err
		}
	}
	c.set(now)
	return sd.s, nil
}

func (sd *seeder) organisations(ctx context.Context) error {
	sd.orgs = map[string]events.Organisation{}
	a, err := sd.deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: sd.s.Email, Name: "Demo Organisatör", Password: sd.s.Password})
	if err != nil {
		return fmt.Errorf("demo organiser: %w", err)
	}
	for _, in := range []events.OrganisationInput{
		{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "24", ContactEmail: "folkhalsa@lansstyrelsen.example", ContactPhone: "010-225 40 00", Website: "https://lansstyrelsen.example"},
		{Name: "Region Västerbotten", Kind: "region", County: "24", ContactEmail: "folkhalsa@region24.example", Website: "https://region24.example"},
		{Name: "Umeå kommun", Kind: "kommun", County: "24", ContactEmail: "folkhalsa@umea.example"},
		{Name: "Skellefteå kommun", Kind: "kommun", County: "24", ContactEmail: "folkhalsa@skelleftea.example"},
		{Name: "Lycksele kommun", Kind: "kommun", County: "24", ContactEmail: "kommunen@lycksele.example"},
	} {
		o, err := sd.deps.Events.CreateOrganisation(ctx, in)
		if err != nil {
			return fmt.Errorf("organisation %s: %w", in.Name, err)
		}
		if _, err := sd.deps.Accounts.AddMembership(ctx, a.ID, o.ID, accounts.RoleAdmin); err != nil {
			return err
		}
		sd.orgs[o.Name] = o
		sd.s.Organisations++
	}
	sd.s.County = sd.orgs["Länsstyrelsen Västerbotten"]
	return nil
}

// localDay is the Stockholm date days from now, moved forward to the weekday wd.
func (sd *seeder) localDay(days int, wd time.Weekday) time.Time {
	d := sd.real.In(events.Stockholm).AddDate(0, 0, days)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, events.Stockholm)
}

// at is a day at a wall-clock time, as the forms write it.
func at(day time.Time, hhmm string) string { return day.Format("2006-01-02") + "T" + hhmm }

// publish makes an event public, as its organiser would before opening registration.
func (sd *seeder) publish(ctx context.Context, id string) (events.Event, error) {
	ev, err := sd.deps.Events.SetStatus(ctx, id, events.StatusPublished)
	if err == nil {
		sd.s.Events++
	}
	return ev, err
}

// register registers n people of the season, each on a day between from and to.
func (sd *seeder) register(ctx context.Context, ev events.Event, who []person, from, to time.Time, choose func(person) (events.Mode, []string)) ([]registration.Registration, error) {
	var out []registration.Registration
	span := max(to.Sub(from), time.Hour)
	for _, p := range who {
		sd.clock.set(from.Add(time.Duration(sd.rng.Int64N(int64(span)))))
		mode, workshops := ev.Mode, []string(nil)
		if choose != nil {
			mode, workshops = choose(p)
		}
		in := p.input(mode)
		in.Workshops = workshops
		lang := "sv"
		if sd.rng.IntN(20) == 0 {
			lang = "en"
		}
		res, err := sd.deps.Registrations.RegisterQuietly(ctx, ev.ID, in, lang)
		if err != nil {
			return out, fmt.Errorf("register %s for %s: %w", p.email, ev.Title.SV, err)
		}
		out = append(out, res.Registration)
		sd.s.Registrations++
	}
	return out, nil
}

// checkIn lets most of an on-site event's registered people in at the door, some
// minutes after the start; a few do not come.
func (sd *seeder) checkIn(ctx context.Context, ev events.Event, regs []registration.Registration) error {
	sd.clock.set(ev.Start.Add(-30 * time.Minute))
	link, _, err := sd.deps.Badges.CreateLink(ctx, ev.ID, badges.LinkInput{Station: "Entrén", ValidFrom: ev.Start.Add(-time.Hour), ValidUntil: ev.End})
	if err != nil {
		return fmt.Errorf("scanner link: %w", err)
	}
	for i, r := range regs {
		if r.Status != registration.StatusConfirmed || r.Mode == events.ModeDigital || sd.rng.IntN(100) < 12 {
			continue
		}
		sd.clock.set(ev.Start.Add(time.Duration(i%25-10) * time.Minute))
		res, err := sd.deps.Badges.ManualCheckIn(ctx, link, r.ID, "")
		if err != nil {
			return fmt.Errorf("check-in: %w", err)
		}
		if res.Outcome == badges.OutcomeOK {
			sd.s.CheckIns++
		}
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// pastOff: the mails after an event are not sent for what the demo dated in the past.
func pastOff(in events.EventInput) events.EventInput {
	in.RemindersOff, in.ThanksOff = true, true
	return in
}

func (sd *seeder) conference(ctx context.Context) error {
	org := sd.orgs["Länsstyrelsen Västerbotten"]
	day1 := sd.localDay(35, time.Tuesday)
	day2 := day1.AddDate(0, 0, 1)
	sd.clock.set(sd.real.AddDate(0, 0, -60))
	ev, err := sd.deps.Events.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference",
			TitleSV: fmt.Sprintf("Folkhälsokonferensen %d: Jämlik hälsa i hela länet", day1.Year()),
			TitleEN: fmt.Sprintf("Public Health Conference %d: Health equity across the county", day1.Year()),
			DescriptionSV: "Länets årliga folkhälsokonferens för kommuner, region och civilsamhälle. Två dagar med forskning, " +
				"erfarenheter från länets kommuner och workshops om barns uppväxtvillkor, psykisk hälsa och levnadsvanor.",
			DescriptionEN: "The county's yearly public-health conference for municipalities, the region and civil society: " +
				"research, the municipalities' experience and workshops on children's living conditions, mental health and living habits.",
			VenueName: "Umeå Folkets Hus", VenueAddress: "Skolgatan 59", VenueCity: "Umeå", Mode: "hybrid",
			CapacityOnSite: 220, CapacityDigital: 150, TargetAreas: []int{1, 5, 8},
			PriorityAreas: []string{"Jämlik och jämställd hälsa", "God psykisk hälsa", "Hälsosamma levnadsvanor"},
			Municipality:  "Umeå", ContactName: "Karin Öberg", ContactEmail: "karin.oberg@lansstyrelsen.example"},
		Start: at(day1, "09:00"), End: at(day2, "15:00"), OnlineURL: "https://meet.example/folkhalsokonferensen",
		RegistrationCloses: at(day1.AddDate(0, 0, -7), "23:59"),
	})
	if err != nil {
		return fmt.Errorf("conference: %w", err)
	}
	sd.s.ConferenceID = ev.ID
	lhd := []events.SpeakerInput{{Name: "Helena Lundmark", Title: "Landshövding", Organisation: "Länsstyrelsen Västerbotten"}}
	agenda := []events.SessionInput{
		{TitleSV: "Välkommen", TitleEN: "Welcome", Start: at(day1, "09:00"), End: at(day1, "09:30"), Room: "Stora salen", Kind: "plenary", Speakers: lhd},
		{TitleSV: "Jämlik hälsa – var står vi?", TitleEN: "Health equity: where do we stand?", Start: at(day1, "09:30"), End: at(day1, "10:30"), Room: "Stora salen", Kind: "plenary", TargetAreas: []int{1, 8},
			Speakers: []events.SpeakerInput{{Name: "Per Sandström", Title: "Professor i folkhälsovetenskap", Organisation: "Umeå universitet"}}},
		{TitleSV: "Fika", TitleEN: "Coffee", Start: at(day1, "10:30"), End: at(day1, "11:00"), Room: "Foajén", Kind: "break"},
		{TitleSV: "Barns uppväxtvillkor", TitleEN: "Children's living conditions", Start: at(day1, "11:00"), End: at(day1, "12:00"), Room: "Sal A", Kind: "workshop", SeatLimit: 60, TargetAreas: []int{1},
			Speakers: []events.SpeakerInput{{Name: "Sara Holmström", Title: "Folkhälsostrateg", Organisation: "Region Västerbotten"}}},
		{TitleSV: "Psykisk hälsa bland unga", TitleEN: "Young people's mental health", Start: at(day1, "11:00"), End: at(day1, "12:00"), Room: "Sal B", Kind: "workshop", SeatLimit: 60,
			Speakers: []events.SpeakerInput{{Name: "Jonas Marklund", Title: "Psykolog", Organisation: "Region Västerbotten"}}},
		{TitleSV: "ANDTS-förebyggande arbete i kommunen", TitleEN: "Preventing alcohol, drugs, tobacco and gambling harm", Start: at(day1, "11:00"), End: at(day1, "12:00"), Room: "Sal C", Kind: "workshop", SeatLimit: 50, TargetAreas: []int{6},
			Speakers: []events.SpeakerInput{{Name: "Lena Wikström", Title: "Länssamordnare ANDTS", Organisation: "Länsstyrelsen Västerbotten"}}},
		{TitleSV: "Lunch", TitleEN: "Lunch", Start: at(day1, "12:00"), End: at(day1, "13:00"), Room: "Restaurangen", Kind: "lunch"},
		{TitleSV: "Suicidprevention i praktiken", TitleEN: "Suicide prevention in practice", Start: at(day1, "13:00"), End: at(day1, "14:00"), Room: "Sal A", Kind: "workshop", SeatLimit: 60},
		{TitleSV: "Hälsosamma levnadsvanor", TitleEN: "Healthy living habits", Start: at(day1, "13:00"), End: at(day1, "14:00"), Room: "Sal B", Kind: "workshop", SeatLimit: 60, TargetAreas: []int{5}},
		{TitleSV: "Våld i nära relationer", TitleEN: "Domestic violence", Start: at(day1, "13:00"), End: at(day1, "14:00"), Room: "Sal C", Kind: "workshop", SeatLimit: 50},
		{TitleSV: "Kommunerna berättar", TitleEN: "The municipalities' experience", Start: at(day1, "14:15"), End: at(day1, "15:30"), Room: "Stora salen", Kind: "dialogue",
			SpeakersText: "Mikael Nordin, Kommunstyrelsens ordförande, Lycksele kommun\nAnna Burman, Folkhälsosamordnare, Skellefteå kommun"},
		{TitleSV: "Länets folkhälsoenkät", TitleEN: "The county's public-health survey", Start: at(day2, "09:00"), End: at(day2, "10:00"), Room: "Stora salen", Kind: "plenary",
			Speakers: []events.SpeakerInput{{Name: "Elin Hedlund", Title: "Analytiker", Organisation: "Region Västerbotten"}}},
		{TitleSV: "Delaktighet och inflytande", TitleEN: "Participation and influence", Start: at(day2, "10:15"), End: at(day2, "11:45"), Room: "Sal A", Kind: "workshop", SeatLimit: 80, TargetAreas: []int{7}},
		{TitleSV: "Äldres hälsa", TitleEN: "Health of older people", Start: at(day2, "10:15"), End: at(day2, "11:45"), Room: "Sal B", Kind: "workshop", SeatLimit: 80},
		{TitleSV: "Lunch", TitleEN: "Lunch", Start: at(day2, "12:00"), End: at(day2, "13:00"), Room: "Restaurangen", Kind: "lunch"},
		{TitleSV: "Avslutning: nästa steg för länet", TitleEN: "Closing: the county's next steps", Start: at(day2, "13:00"), End: at(day2, "15:00"), Room: "Stora salen", Kind: "plenary", Speakers: lhd},
	}
	slots := map[string][]string{} // workshop ids by start time
	var order []string
	for _, in := range agenda {
		se, err := sd.deps.Events.AddSession(ctx, ev.ID, in)
		if err != nil {
			return fmt.Errorf("session %s: %w", in.TitleSV, err)
		}
		if se.Kind == events.KindWorkshop {
			k := se.Start.String()
			if slots[k] == nil {
				order = append(order, k)
			}
			slots[k] = append(slots[k], se.ID)
		}
	}
	if _, err := sd.deps.Events.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "choice", LabelSV: "Vilken lunch vill du ha?",
		LabelEN: "Which lunch would you like?", Options: "Kött | Meat\nFisk | Fish\nVegetariskt | Vegetarian"}); err != nil {
		return err
	}
	if ev, err = sd.publish(ctx, ev.ID); err != nil {
		return err
	}
	who := sample(sd.rng, sd.people, 175)
	_, err = sd.register(ctx, ev, who, sd.real.AddDate(0, 0, -55), sd.real, func(p person) (events.Mode, []string) {
		if sd.rng.IntN(100) < 25 {
			return events.ModeDigital, nil
		}
		var ws []string
		for _, k := range order {
			if sd.rng.IntN(10) < 8 {
				ws = append(ws, slots[k][sd.rng.IntN(len(slots[k]))])
			}
		}
		return events.ModeOnSite, ws
	})
	return err
}

// networkMeetings is the monthly series of the county's public-health coordinators:
// the second Tuesday afternoon, not in July, from five months back to five ahead.
func (sd *seeder) networkMeetings(ctx context.Context) error {
	org := sd.orgs["Länsstyrelsen Västerbotten"]
	first := sd.real.In(events.Stockholm).AddDate(0, -5, 0)
	first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, events.Stockholm)
	until := sd.real.In(events.Stockholm).AddDate(0, 5, 0)
	sd.clock.set(first.AddDate(0, 0, -10))
	sr, err := sd.deps.Events.CreateSeries(ctx, org.ID, events.SeriesInput{
		DetailsInput: events.DetailsInput{Type: "network_meeting", TitleSV: "Nätverksträff för folkhälsosamordnare",
			TitleEN:       "Network meeting for public-health coordinators",
			DescriptionSV: "Länets folkhälsosamordnare ses varje månad: aktuellt från länet, erfarenhetsutbyte och ett tema.",
			DescriptionEN: "The county's public-health coordinators meet every month: news, experience and a theme.",
			VenueName:     "Länsstyrelsen, sal Vindeln", VenueAddress: "Storgatan 71 B", VenueCity: "Umeå", Mode: "on_site",
			CapacityOnSite: 40, TargetAreas: []int{7, 8}, PriorityAreas: []string{"Jämlik och jämställd hälsa"}},
		Freq: "monthly", Weekday: int(time.Tuesday), Ordinal: 2, StartDate: first.Format("2006-01-02"),
		StartTime: "13:00", EndTime: "15:30", Until: until.Format("2006-01-02"), SkipMonths: []int{7},
	})
	if err != nil {
		return fmt.Errorf("series: %w", err)
	}
	made, err := sd.deps.Events.Generate(ctx, sr.ID, until)
	if err != nil {
		return fmt.Errorf("series: %w", err)
	}
	coordinators := sample(sd.rng, sd.people, 60)
	nextDone := false
	for _, ev := range made {
		if ev, err = sd.publish(ctx, ev.ID); err != nil {
			return err
		}
		switch {
		case ev.End.Before(sd.real):
			regs, err := sd.register(ctx, ev, sample(sd.rng, coordinators, 18+sd.rng.IntN(14)), ev.Start.AddDate(0, 0, -25), ev.Start.AddDate(0, 0, -1), nil)
			if err != nil {
				return err
			}
			if err := sd.checkIn(ctx, ev, regs); err != nil {
				return err
			}
		case !nextDone:
			nextDone = true
			from := later(ev.Start.AddDate(0, 0, -25), sd.real.AddDate(0, 0, -20))
			if _, err := sd.register(ctx, ev, sample(sd.rng, coordinators, 16), from, sd.real, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// otherEvents: the region's training and webinar, and the municipalities' seminars.
func (sd *seeder) otherEvents(ctx context.Context) error {
	type planned struct {
		org   string
		days  int
		wd    time.Weekday
		from  string
		to    string
		n     int
		input events.DetailsInput
	}
	for _, p := range []planned{
		{"Region Västerbotten", -52, time.Wednesday, "09:00", "16:00", 26, events.DetailsInput{Type: "training",
			TitleSV: "Första hjälpen till psykisk hälsa", TitleEN: "Mental health first aid",
			DescriptionSV: "Utbildningsdag för personal i kommun och region: att upptäcka psykisk ohälsa och ge stöd.",
			VenueName:     "Campus Skellefteå", VenueAddress: "Kanalgatan 65", VenueCity: "Skellefteå", Mode: "on_site", CapacityOnSite: 30,
			TargetAreas: []int{6}, PriorityAreas: []string{"God psykisk hälsa", "Suicidprevention"}, Municipality: "Skellefteå"}},
		{"Skellefteå kommun", -38, time.Thursday, "13:00", "16:00", 40, events.DetailsInput{Type: "seminar",
			TitleSV: "Trygghet i offentlig miljö – brottsförebyggande arbete", TitleEN: "Safety in public spaces: crime prevention",
			DescriptionSV: "Seminarium om trygghetsvandringar, lägesbilder och samverkan mellan kommun och polis.",
			VenueName:     "Stadshuset", VenueAddress: "Trädgårdsgatan 6", VenueCity: "Skellefteå", Mode: "on_site", CapacityOnSite: 60,
			TargetAreas: []int{4}, Municipality: "Skellefteå"}},
		{"Umeå kommun", 12, time.Thursday, "13:00", "16:00", 32, events.DetailsInput{Type: "seminar",
			TitleSV: "Föräldraskapsstöd – så når vi fler föräldrar", TitleEN: "Parenting support: reaching more parents",
			DescriptionSV: "Erfarenheter från Umeås familjecentraler och föräldragrupper.",
			VenueName:     "Väven", VenueAddress: "Storgatan 46 A", VenueCity: "Umeå", Mode: "on_site", CapacityOnSite: 40,
			TargetAreas: []int{1}, PriorityAreas: []string{"Barn och ungas uppväxtvillkor"}, Municipality: "Umeå"}},
		{"Region Västerbotten", 21, time.Tuesday, "10:00", "11:30", 48, events.DetailsInput{Type: "seminar",
			TitleSV: "Hälsosamma levnadsvanor – samtal som gör skillnad", TitleEN: "Healthy living habits: conversations that make a difference",
			DescriptionSV: "Webbinarium om rådgivande samtal i primärvård och kommunal verksamhet.",
			Mode:          "digital", CapacityDigital: 100, TargetAreas: []int{5}, PriorityAreas: []string{"Hälsosamma levnadsvanor"}}},
	} {
		day := sd.localDay(p.days, p.wd)
		sd.clock.set(day.AddDate(0, 0, -45))
		in := events.EventInput{DetailsInput: p.input, Start: at(day, p.from), End: at(day, p.to)}
		if p.input.Mode == "digital" {
			in.OnlineURL = "https://meet.example/levnadsvanor"
		}
		past := p.days < 0
		if past {
			in = pastOff(in)
		}
		ev, err := sd.deps.Events.CreateEvent(ctx, sd.orgs[p.org].ID, in)
		if err != nil {
			return fmt.Errorf("%s: %w", p.input.TitleSV, err)
		}
		if ev, err = sd.publish(ctx, ev.ID); err != nil {
			return err
		}
		to := sd.real
		if past {
			to = ev.Start.AddDate(0, 0, -1)
		}
		regs, err := sd.register(ctx, ev, sample(sd.rng, sd.people, p.n), ev.Start.AddDate(0, 0, -40), to, nil)
		if err != nil {
			return err
		}
		if past {
			if err := sd.checkIn(ctx, ev, regs); err != nil {
				return err
			}
		}
	}
	return nil
}

// dialogue is the county board's kommundialog with Lycksele three weeks ago: an
// invite-only visit whose people the organiser added, recorded afterwards with the
// actions agreed.
func (sd *seeder) dialogue(ctx context.Context) error {
	org := sd.orgs["Länsstyrelsen Västerbotten"]
	day := sd.localDay(-21, time.Monday)
	sd.clock.set(day.AddDate(0, 0, -30))
	ev, err := sd.deps.Events.CreateEvent(ctx, org.ID, pastOff(events.EventInput{
		DetailsInput: events.DetailsInput{Type: "dialogue_visit", TitleSV: "Kommundialog med Lycksele kommun",
			TitleEN:       "Municipal dialogue with Lycksele",
			DescriptionSV: "Länsstyrelsens dialog med kommunledningen om det förebyggande arbetet: lägesbild, prioriteringar och stöd.",
			VenueName:     "Kommunhuset", VenueAddress: "Torget 1", VenueCity: "Lycksele", Mode: "on_site", CapacityOnSite: 12,
			Visibility: "invite_only", TargetAreas: []int{6}, PriorityAreas: []string{"God psykisk hälsa"}, Municipality: "Lycksele"},
		Start: at(day, "09:00"), End: at(day, "11:30"),
	}))
	if err != nil {
		return fmt.Errorf("dialogue visit: %w", err)
	}
	if ev, err = sd.publish(ctx, ev.ID); err != nil {
		return err
	}
	var regs []registration.Registration
	for _, p := range []registration.AddedInput{
		{FirstName: "Mikael", LastName: "Nordin", Organisation: "Lycksele kommun", OrgType: "kommun", Municipality: "Lycksele", Role: "Kommunstyrelsens ordförande"},
		{FirstName: "Ingrid", LastName: "Granberg", Organisation: "Lycksele kommun", OrgType: "kommun", Municipality: "Lycksele", Role: "Kommundirektör"},
		{FirstName: "Tomas", LastName: "Stenlund", Organisation: "Lycksele kommun", OrgType: "kommun", Municipality: "Lycksele", Role: "Socialchef"},
		{FirstName: "Frida", LastName: "Lundberg", Email: "frida.lundberg@lycksele.example", Organisation: "Lycksele kommun", OrgType: "kommun", Municipality: "Lycksele", Role: "Folkhälsosamordnare"},
		{FirstName: "Karin", LastName: "Öberg", Organisation: "Länsstyrelsen Västerbotten", OrgType: "lansstyrelse", Municipality: "Umeå", Role: "Länssamordnare", Category: "staff"},
		{FirstName: "Lena", LastName: "Wikström", Organisation: "Länsstyrelsen Västerbotten", OrgType: "lansstyrelse", Municipality: "Umeå", Role: "Länssamordnare ANDTS", Category: "staff"},
	} {
		sd.clock.set(day.AddDate(0, 0, -7))
		res, err := sd.deps.Registrations.AddByOrganiser(ctx, ev.ID, p)
		if err != nil {
			return fmt.Errorf("dialogue visit: add %s: %w", p.LastName, err)
		}
		regs = append(regs, res.Registration)
		sd.s.Registrations++
	}
	if err := sd.checkIn(ctx, ev, regs); err != nil {
		return err
	}
	m, _ := events.LookupMunicipality("Lycksele")
	sd.clock.set(day.AddDate(0, 0, 2))
	_, actions, err := sd.deps.Municipal.RecordVisit(ctx, org.ID, m.Code, municipal.VisitInput{
		EventID: ev.ID, Kind: municipal.VisitDialogue, Date: day.Format("2006-01-02"),
		PeopleText: "Kommunstyrelsens ordförande, Mikael Nordin\nKommundirektör, Ingrid Granberg\nSocialchef, Tomas Stenlund\n" +
			"Folkhälsosamordnare, Frida Lundberg\nLänssamordnare, Karin Öberg",
		Topics: []string{"pf:andts", "pf:suicide", "pa:God psykisk hälsa", "ta:6"},
		Notes: "Kommunen tar fram en lokal ANDTS-plan under våren. Ungdomsenkäten visar ökad oro bland unga; " +
			"kommunen vill ha stöd i suicidpreventivt arbete.",
		NextContact: day.AddDate(0, 3, 0).Format("2006-01-02"),
		Actions: []municipal.ActionInput{
			{What: "Skicka underlag för lokal ANDTS-plan", Who: "Länsstyrelsen", Due: day.AddDate(0, 0, 10).Format("2006-01-02")},
			{What: "Utse kontaktperson för suicidprevention", Who: "Lycksele kommun", Due: day.AddDate(0, 0, 14).Format("2006-01-02")},
			{What: "Boka utbildning i Första hjälpen till psykisk hälsa", Who: "Region Västerbotten", Due: day.AddDate(0, 2, 0).Format("2006-01-02")},
		},
	}, sd.by)
	if err != nil {
		return fmt.Errorf("visit record: %w", err)
	}
	sd.clock.set(day.AddDate(0, 0, 8))
	return sd.deps.Municipal.ActionDone(ctx, org.ID, m.Code, actions[0].ID, sd.by)
}

// municipalities: where the county board's work with each municipality stands, its
// contacts, an agreement, and a new visit request from Vilhelmina.
func (sd *seeder) municipalities(ctx context.Context) error {
	org := sd.orgs["Länsstyrelsen Västerbotten"]
	sd.clock.set(sd.real.AddDate(0, -4, 0))
	for _, w := range []struct {
		name                 string
		step, phase          int
		contact, role, email string
	}{
		{"Umeå", 4, 6, "Sofia Eklund", "Folkhälsostrateg", "sofia.eklund@umea.example"},
		{"Skellefteå", 3, 5, "Anna Burman", "Folkhälsosamordnare", "anna.burman@skelleftea.example"},
		{"Lycksele", 2, 3, "Frida Lundberg", "Folkhälsosamordnare", "frida.lundberg@lycksele.example"},
		{"Vilhelmina", 1, 1, "", "", ""},
		{"Storuman", 2, 2, "Nils Sjödin", "Drogförebyggande samordnare", "nils.sjodin@storuman.example"},
	} {
		m, _ := events.LookupMunicipality(w.name)
		if _, err := sd.deps.Municipal.SetStep(ctx, org.ID, m.Code, w.step, sd.by); err != nil {
			return fmt.Errorf("step %s: %w", w.name, err)
		}
		if _, err := sd.deps.Municipal.SetPhase(ctx, org.ID, m.Code, w.phase, sd.by); err != nil {
			return fmt.Errorf("phase %s: %w", w.name, err)
		}
		if w.contact != "" {
			if _, err := sd.deps.Municipal.AddContact(ctx, org.ID, m.Code, municipal.ContactInput{Name: w.contact, Role: w.role, Email: w.email}, sd.by); err != nil {
				return fmt.Errorf("contact %s: %w", w.name, err)
			}
		}
	}
	umea, _ := events.LookupMunicipality("Umeå")
	if _, err := sd.deps.Municipal.AddAgreement(ctx, org.ID, umea.Code, municipal.AgreementInput{Kind: "samforstandsavtal",
		Title: "Samverkan om förebyggande arbete", Signed: sd.real.AddDate(-1, 0, 0).Format("2006-01-02"),
		From: sd.real.AddDate(-1, 0, 0).Format("2006-01-02"), To: sd.real.AddDate(2, 0, 0).Format("2006-01-02")}, sd.by); err != nil {
		return fmt.Errorf("agreement: %w", err)
	}
	sd.clock.set(sd.real.AddDate(0, 0, -3))
	_, err := sd.deps.Municipal.SubmitRequest(ctx, org, municipal.RequestInput{Organisation: "Vilhelmina kommun", Municipality: "Vilhelmina",
		Kind: municipal.RequestVisit, Name: "Elsa Vikström", Role: "Socialchef", Email: "elsa.vikstrom@vilhelmina.example",
		Topics: []string{"pf:andts", "pf:parenting", "ta:1"}, Period: "Under våren",
		Message: "Vi vill gärna ha en kommundialog med kommunledningen om det drogförebyggande arbetet och föräldraskapsstöd."}, "sv")
	if err != nil {
		return fmt.Errorf("visit request: %w", err)
	}
	return nil
}
