package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
)

// Organiser pages for recurring series: create, overview with occurrences, generate.

type orgSeriesFormPage struct {
	Org     events.Organisation
	Form    orgSeriesForm
	Heading string
	Edit    bool
	// Editing: what becomes of the occurrences that exist already.
	Existing int
	BackURL  string
}

func (s *server) orgNewSeries(c *fiber.Ctx) error {
	f := orgSeriesForm{webForm: newWebForm(language(c), orgRoot+"/series")}
	f.In.Mode = string(events.ModeOnSite)
	f.In.Interval, f.In.Weekday = 1, 1
	f.In.ReminderDays = events.Event{}.ReminderDaysText() // the defaults
	return s.renderSeriesForm(c, c.Query("org"), f)
}

func (s *server) orgCreateSeries(c *fiber.Ctx) error {
	f := orgSeriesForm{webForm: newWebForm(language(c), orgRoot+"/series")}
	if err := bindForm(c, &f.In, &f.webForm, orgSeriesNumeric...); err != nil {
		return err
	}
	orgID, err := s.formOrganisation(c, &f.webForm)
	if err != nil {
		return err
	}
	if orgID == "" {
		return s.renderSeriesForm(c, "", f)
	}
	sr, err := s.events.CreateSeries(c.UserContext(), orgID, f.In)
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgSeriesPath(sr.ID), "series-created")
	}
	return s.renderSeriesForm(c, orgID, f)
}

func (s *server) renderSeriesForm(c *fiber.Ctx, orgID string, f orgSeriesForm) error {
	org, ok, err := s.pickOrganisation(c, orgID, &f.orgPick)
	if err != nil {
		return err
	}
	if !ok {
		return newOrganisationFirst(c)
	}
	heading := tr(f.Lang, "org.series.new")
	title := orgTitle(f.Lang, heading, f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/series_form", title, orgSeriesFormPage{Org: org, Form: f, Heading: heading, BackURL: orgRoot + "/"})
}

// GET /organiser/series/:id/edit
func (s *server) orgEditSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	f := orgSeriesForm{webForm: newWebForm(language(c), orgSeriesPath(sr.ID)), In: seriesInputOf(sr)}
	f.OrgID = sr.OrgID
	return s.renderSeriesEdit(c, sr, f)
}

// POST /organiser/series/:id: the template and rule; existing occurrences keep theirs.
func (s *server) orgUpdateSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	f := orgSeriesForm{webForm: newWebForm(language(c), orgSeriesPath(sr.ID))}
	if err := bindForm(c, &f.In, &f.webForm, orgSeriesNumeric...); err != nil {
		return err
	}
	f.OrgID = sr.OrgID
	_, err = s.events.UpdateSeries(c.UserContext(), sr.ID, f.In)
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgSeriesPath(sr.ID), "series-saved")
	}
	return s.renderSeriesEdit(c, sr, f)
}

func (s *server) renderSeriesEdit(c *fiber.Ctx, sr events.Series, f orgSeriesForm) error {
	org, err := s.events.Organisation(c.UserContext(), sr.OrgID)
	if err != nil {
		return err
	}
	total, _, err := s.events.SeriesCounts(c.UserContext(), sr.ID)
	if err != nil {
		return err
	}
	heading := tr(f.Lang, "org.series.edit")
	return s.orgRender(c, formStatus(f.webForm), "organiser/series_form", orgTitle(f.Lang, heading, f.webForm),
		orgSeriesFormPage{Org: org, Form: f, Heading: heading, Edit: true, Existing: total, BackURL: orgSeriesPath(sr.ID)})
}

// POST /organiser/series/:id/delete: asks first, saying what happens to the occurrences.
func (s *server) orgDeleteSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	var in orgStatusInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ctx, lang := c.UserContext(), language(c)
	if in.Confirm != "yes" {
		total, drafts, err := s.events.SeriesCounts(ctx, sr.ID)
		if err != nil {
			return err
		}
		data := orgConfirmPage{
			Heading: tr(lang, "org.series.delete.heading"),
			Text:    tr(lang, "org.series.delete.text", drafts, total-drafts),
			Button:  tr(lang, "org.series.delete.button"),
			Action:  orgSeriesPath(sr.ID) + "/delete", Hidden: [][2]string{{"confirm", "yes"}},
			Event: events.Event{Title: sr.Title}, BackURL: orgSeriesPath(sr.ID),
		}
		return s.orgRender(c, fiber.StatusOK, "organiser/confirm", data.Heading, data)
	}
	if _, _, err := s.events.DeleteSeries(ctx, sr.ID); err != nil {
		return err
	}
	return orgDone(c, orgRoot+"/", "series-deleted")
}

// DELETE /api/v1/series/:id: {deleted, kept}.
func (s *server) apiDeleteSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	deleted, kept, err := s.events.DeleteSeries(c.UserContext(), sr.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"deleted": deleted, "kept": kept})
}

type orgSeriesPage struct {
	Notice      string
	Series      events.Series
	Org         events.Organisation
	Rule        string
	FeedPath    string
	Occurrences []events.Event
	Form        orgGenerateForm
}

func (s *server) orgSeries(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	f := orgGenerateForm{webForm: newWebForm(language(c), orgSeriesPath(sr.ID)+"/generate"), Until: sr.Rule.Until}
	return s.renderSeriesPage(c, sr, f)
}

func (s *server) orgGenerate(c *fiber.Ctx) error {
	sr, err := s.scopedSeries(c)
	if err != nil {
		return err
	}
	f := orgGenerateForm{webForm: newWebForm(language(c), orgSeriesPath(sr.ID)+"/generate")}
	var in generateInput
	if err := bind(c, &in); err != nil {
		return err
	}
	f.Until = in.Until
	until, err := time.ParseInLocation("2006-01-02", in.Until, events.Stockholm)
	if err != nil {
		f.Errors["until"] = tr(f.Lang, "org.err.until")
		return s.renderSeriesPage(c, sr, f)
	}
	if in.Confirm != "yes" {
		// First the dates that would be made; nothing is made until the organiser agrees.
		dates, err := s.events.GenerateDates(c.UserContext(), sr.ID, until)
		if err != nil {
			if !formInvalid(err, &f.webForm) {
				return err
			}
			return s.renderSeriesPage(c, sr, f)
		}
		f.Preview = generatePreview(dates, f.Lang)
		return s.renderSeriesPage(c, sr, f)
	}
	created, err := s.events.Generate(c.UserContext(), sr.ID, until)
	if err != nil {
		if !formInvalid(err, &f.webForm) {
			return err
		}
		return s.renderSeriesPage(c, sr, f)
	}
	return orgDone(c, orgSeriesPath(sr.ID), "generated", "count", strconv.Itoa(len(created)))
}

// orgGeneratePreview is what generating would make: how many, the first and last ten.
type orgGeneratePreview struct {
	Count       int
	First, Last []string
}

func generatePreview(dates []time.Time, lang string) *orgGeneratePreview {
	p := &orgGeneratePreview{Count: len(dates)}
	day := func(d time.Time) string { return events.LongDate(d, lang) }
	if len(dates) <= 20 {
		for _, d := range dates {
			p.First = append(p.First, day(d))
		}
		return p
	}
	for _, d := range dates[:10] {
		p.First = append(p.First, day(d))
	}
	for _, d := range dates[len(dates)-10:] {
		p.Last = append(p.Last, day(d))
	}
	return p
}

func (s *server) renderSeriesPage(c *fiber.Ctx, sr events.Series, f orgGenerateForm) error {
	lang := language(c)
	org, err := s.events.Organisation(c.UserContext(), sr.OrgID)
	if err != nil {
		return err
	}
	list, err := s.events.ListEvents(c.UserContext(), events.EventFilter{SeriesID: sr.ID, Limit: 200})
	if err != nil {
		return err
	}
	data := orgSeriesPage{
		Notice: orgNotice(c), Series: sr, Org: org, Rule: orgRule(sr.Rule, lang),
		FeedPath: "/series/" + sr.ID + "/feed.ics", Occurrences: list.Events, Form: f,
	}
	return s.orgRender(c, formStatus(f.webForm), "organiser/series", orgTitle(lang, sr.Title.In(lang), f.webForm), data)
}
