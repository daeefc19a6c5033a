package app

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
)

// routes is the one table of every route the service answers.
func (s *server) routes(f *fiber.App) {
	f.Use(requestid.New())
	f.Use(s.accessLog)
	f.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.logPanic}))
	f.Use(s.securityHeaders)
	f.Use(s.requestDeadline)

	f.Get("/healthz", s.healthz)
	f.Get("/readyz", s.readyz)
	f.Use("/static", s.static())

	// Public pages and files: anyone, Swedish first, ?lang=en for English.
	f.Get("/", s.pageUpcoming)
	f.Get("/events/:id", s.pageEvent)
	f.Get("/events/:id/programme.pdf", s.programmePDF)
	f.Get("/events/:id/event.ics", s.eventICS)
	f.Get("/series/:id/feed.ics", s.seriesFeed)

	// Public JSON.
	pub := f.Group("/api/v1/public")
	pub.Get("/events", s.apiPublicEvents)
	pub.Get("/events/:id", s.apiPublicEvent)

	// Participants: registration and the manage link (registration_*.go). These must come
	// before the organiser API group below, whose access middleware covers all of /api/v1.
	// The POST routes are rate limited per IP; form and JSON share one limit per kind.
	regLimit, resendLimit := regLimiters()
	f.Get("/privacy", s.regPrivacy)
	f.Get("/events/:id/register", s.regShowForm)
	f.Post("/events/:id/register", regLimit, s.regSubmit)
	f.Get("/events/:id/register/resend", s.regResendForm)
	f.Post("/events/:id/register/resend", resendLimit, s.regResend)
	pub.Post("/events/:id/registrations", regLimit, s.regAPIRegister)
	pub.Post("/events/:id/registrations/resend", resendLimit, s.regAPIResend)
	manage := f.Group("/manage", regPrivateHeaders)
	manage.Get("/:rid/:token", s.regManage)
	manage.Post("/:rid/:token", s.regManageUpdate)
	manage.Get("/:rid/:token/cancel", s.regManageCancelPage)
	manage.Post("/:rid/:token/cancel", s.regManageCancel)

	// Organiser JSON API.
	api := f.Group("/api/v1", s.placeholderOrganiserAccess)
	api.Get("/organisations", s.apiListOrganisations)
	api.Post("/organisations", s.apiCreateOrganisation)
	api.Post("/organisations/:org/events", s.apiCreateEvent)
	api.Post("/organisations/:org/series", s.apiCreateSeries)
	api.Get("/events", s.apiListEvents)
	api.Get("/events/:id", s.apiGetEvent)
	api.Put("/events/:id", s.apiUpdateEvent)
	api.Delete("/events/:id", s.apiDeleteEvent)
	api.Post("/events/:id/status", s.apiSetStatus)
	api.Get("/events/:id/sessions", s.apiListSessions)
	api.Post("/events/:id/sessions", s.apiAddSession)
	api.Get("/events/:id/sessions/:sid", s.apiGetSession)
	api.Put("/events/:id/sessions/:sid", s.apiUpdateSession)
	api.Delete("/events/:id/sessions/:sid", s.apiDeleteSession)
	api.Get("/series", s.apiListSeries)
	api.Get("/series/:id", s.apiGetSeries)
	api.Put("/series/:id", s.apiUpdateSeries)
	api.Post("/series/:id/generate", s.apiGenerate)

	// Organiser pages: plain HTML forms, usable without JavaScript.
	org := f.Group("/organiser", s.placeholderOrganiserAccess)
	org.Get("/", s.orgDashboard)
	org.Get("/organisations/new", s.orgNewOrganisation)
	org.Post("/organisations", s.orgCreateOrganisation)
	org.Get("/events/new", s.orgNewEvent)
	org.Post("/events", s.orgCreateEvent)
	org.Get("/events/:id", s.orgEvent)
	org.Get("/events/:id/edit", s.orgEditEvent)
	org.Post("/events/:id", s.orgUpdateEvent)
	org.Post("/events/:id/status", s.orgSetStatus)
	org.Post("/events/:id/delete", s.orgDeleteEvent)
	org.Post("/events/:id/sessions", s.orgAddSession)
	org.Get("/events/:id/sessions/:sid/edit", s.orgEditSession)
	org.Post("/events/:id/sessions/:sid", s.orgUpdateSession)
	org.Post("/events/:id/sessions/:sid/delete", s.orgDeleteSession)
	org.Get("/series/new", s.orgNewSeries)
	org.Post("/series", s.orgCreateSeries)
	org.Get("/series/:id", s.orgSeries)
	org.Post("/series/:id/generate", s.orgGenerate)

	// Organisers: participants, follow-up and invitations (organiser_participants*.go).
	org.Get("/events/:id/participants", s.orgParticipants)
	org.Get("/events/:id/participants.csv", s.participantsCSV)
	org.Post("/events/:id/participants/promote", s.orgPromoteParticipants)
	org.Post("/events/:id/participants/:rid/cancel", s.orgCancelParticipant)
	org.Get("/events/:id/needs", s.orgNeeds)
	org.Get("/events/:id/invitations", s.orgInvitations)
	org.Post("/events/:id/invitations", s.orgCreateInvitation)
	api.Get("/events/:id/registrations", s.apiRegistrations)
	api.Get("/events/:id/registrations.csv", s.participantsCSV)
	api.Post("/events/:id/registrations/:rid/cancel", s.apiCancelRegistration)
	api.Get("/events/:id/needs", s.apiNeeds)
	api.Get("/events/:id/invitations", s.apiInvitations)
	api.Post("/events/:id/invitations", s.apiCreateInvitation)
}
