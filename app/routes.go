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
	f.Use(s.limitBody)
	f.Use(s.requestDeadline)

	f.Get("/healthz", s.healthz)
	f.Get("/readyz", s.readyz)
	f.Use("/static", s.static())
	// Browsers ask for /favicon.ico whatever the page says.
	f.Get("/favicon.ico", func(c *fiber.Ctx) error { return c.Redirect("/static/favicon.svg", fiber.StatusMovedPermanently) })
	// Everything below needs the store.
	f.Use(s.storeGate)

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
	// Their writes queue for a bounded number of slots per instance (admission.go).
	regLimit, resendLimit := regLimiters()
	admit := newAdmission(s.cfg.ParticipantConcurrency).handle
	f.Get("/privacy", s.regPrivacy)
	f.Get("/events/:id/register", s.regShowForm)
	f.Post("/events/:id/register", regLimit, admit, s.regSubmit)
	f.Get("/events/:id/register/resend", s.regResendForm)
	f.Post("/events/:id/register/resend", resendLimit, admit, s.regResend)
	pub.Post("/events/:id/registrations", regLimit, admit, s.regAPIRegister)
	pub.Post("/events/:id/registrations/resend", resendLimit, admit, s.regAPIResend)
	manage := f.Group("/manage", privateHeaders)
	manage.Get("/:rid/:token", s.regManage)
	manage.Post("/:rid/:token", admit, s.regManageUpdate)
	manage.Get("/:rid/:token/cancel", s.regManageCancelPage)
	manage.Post("/:rid/:token/cancel", admit, s.regManageCancel)
	manage.Post("/:rid/:token/mode", admit, s.regManageMode)

	// Participants: their own badge through the manage link (participant_manage.go).
	manage.Get("/:rid/:token/badge.pdf", s.badgeParticipantPDF)
	manage.Get("/:rid/:token/certificate.pdf", s.regCertificatePDF)
	manage.Get("/:rid/:token/evaluation", s.regEvaluation)
	manage.Post("/:rid/:token/evaluation", admit, s.regSubmitEvaluation)

	// Staff at the door: the scanner page and its JSON (scanner_*.go), authorised only by
	// the scanner token in the path (no account), never cached, indexed or named in
	// Referer headers. The JSON routes must come before the organiser API group below,
	// whose access middleware covers all of /api/v1.
	scanPages := f.Group("/scan", privateHeaders)
	scanPages.Get("/:token", s.scanPage)
	scanPages.Post("/:token", s.scanSubmit)
	scanPages.Post("/:token/manual", s.scanManualSubmit)
	scanPages.Post("/:token/undo", s.scanUndoSubmit)
	scanAPI := f.Group("/api/v1/scan", privateHeaders)
	scanAPI.Post("/:token", s.scanAPIScan)
	scanAPI.Get("/:token/search", s.scanAPISearch)
	scanAPI.Post("/:token/manual", s.scanAPIManual)
	scanAPI.Post("/:token/undo", s.scanAPIUndo)
	scanAPI.Get("/:token/stats", s.scanAPIStats)

	// Organisers sign in and set passwords (organiser_signin.go): public, so these come
	// before the organiser groups, whose access middleware asks for a session. Having
	// no session to bind a CSRF token to, their POSTs must not come from another site.
	f.Get("/organiser/sign-in", s.authSignInPage)
	f.Post("/organiser/sign-in", s.sameOrigin, s.authSignIn)
	f.Get("/organiser/password/forgot", s.authForgotPage)
	f.Post("/organiser/password/forgot", s.sameOrigin, newRegLimiter(forgotAttempts, forgotWindow).handle, s.authForgot)
	f.Get("/organiser/password/reset/:token", privateHeaders, s.authResetPage)
	f.Post("/organiser/password/reset/:token", privateHeaders, s.sameOrigin, s.authReset)

	// Organiser JSON API: a session cookie (with X-CSRF-Token on changes) or an
	// organisation's API token (organiser_access.go).
	api := f.Group("/api/v1", s.organiserAccess)
	api.Get("/session", s.apiSession)
	api.Get("/audit", s.apiAudit)
	api.Get("/organisations", s.apiListOrganisations)
	api.Post("/organisations", s.operatorOnly, s.apiCreateOrganisation)
	api.Put("/organisations/:org", s.apiUpdateOrganisation)
	api.Post("/organisations/:org/events", s.apiCreateEvent)
	api.Post("/organisations/:org/series", s.apiCreateSeries)
	api.Get("/events", s.apiListEvents)
	api.Get("/events/:id", s.apiGetEvent)
	api.Put("/events/:id", s.apiUpdateEvent)
	api.Delete("/events/:id", s.apiDeleteEvent)
	api.Post("/events/:id/status", s.apiSetStatus)
	api.Post("/events/:id/notify", s.orgSendNotice)
	api.Post("/events/:id/duplicate", s.orgDuplicateEvent)
	api.Post("/events/:id/programme/copy", s.orgCopyProgramme)
	api.Get("/events/:id/messages", s.apiListMessages)
	api.Post("/events/:id/messages", s.apiSendMessage)
	api.Get("/events/:id/messages/:mid", s.showsPersonalData, s.apiGetMessage)
	api.Get("/events/:id/sessions", s.apiListSessions)
	api.Post("/events/:id/sessions", s.apiAddSession)
	api.Get("/events/:id/sessions/:sid", s.apiGetSession)
	api.Put("/events/:id/sessions/:sid", s.apiUpdateSession)
	api.Delete("/events/:id/sessions/:sid", s.apiDeleteSession)
	api.Get("/events/:id/questions", s.apiListQuestions)
	api.Post("/events/:id/questions", s.apiAddQuestion)
	api.Put("/events/:id/questions/:qid", s.apiUpdateQuestion)
	api.Delete("/events/:id/questions/:qid", s.apiDeleteQuestion)
	api.Get("/series", s.apiListSeries)
	api.Get("/series/:id", s.apiGetSeries)
	api.Put("/series/:id", s.apiUpdateSeries)
	api.Delete("/series/:id", s.apiDeleteSeries)
	api.Post("/series/:id/generate", s.apiGenerate)

	// Organiser pages: plain HTML forms, usable without JavaScript. Every POST form
	// carries the session's CSRF token (organiser_access.go).
	org := f.Group("/organiser", s.organiserAccess)
	org.Get("/", s.orgDashboard)
	org.Get("/organisations/new", s.operatorOnly, s.orgNewOrganisation)
	org.Post("/organisations", s.operatorOnly, s.orgCreateOrganisation)
	org.Get("/organisations/:org/edit", s.orgEditOrganisation)
	org.Post("/organisations/:org", s.orgUpdateOrganisation)
	org.Get("/events/new", s.orgNewEvent)
	org.Post("/events", s.orgCreateEvent)
	org.Get("/events/:id", s.orgEvent)
	org.Get("/events/:id/edit", s.orgEditEvent)
	org.Post("/events/:id", s.orgUpdateEvent)
	org.Post("/events/:id/status", s.orgSetStatus)
	org.Get("/events/:id/notify", s.orgNotice)
	org.Post("/events/:id/notify", s.orgSendNotice)
	org.Get("/events/:id/messages", s.orgMessages)
	org.Get("/events/:id/messages/new", s.orgNewMessage)
	org.Post("/events/:id/messages/new", s.orgPostMessage)
	org.Get("/events/:id/messages/:mid", s.showsPersonalData, s.orgMessage)
	org.Post("/events/:id/delete", s.orgDeleteEvent)
	org.Post("/events/:id/duplicate", s.orgDuplicateEvent)
	org.Post("/events/:id/copy-programme", s.orgCopyProgramme)
	org.Post("/events/:id/sessions", s.orgAddSession)
	org.Get("/events/:id/sessions/:sid/edit", s.orgEditSession)
	org.Post("/events/:id/sessions/:sid", s.orgUpdateSession)
	org.Post("/events/:id/sessions/:sid/delete", s.orgDeleteSession)
	org.Get("/events/:id/evaluation", s.orgEvaluation)
	org.Post("/events/:id/evaluation", s.orgSaveEvaluation)
	api.Get("/events/:id/evaluation", s.apiEvaluation)
	api.Put("/events/:id/evaluation", s.apiSetEvaluation)
	org.Get("/events/:id/questions", s.orgQuestions)
	org.Post("/events/:id/questions", s.orgAddQuestion)
	org.Get("/events/:id/questions/:qid/edit", s.orgEditQuestion)
	org.Post("/events/:id/questions/:qid", s.orgUpdateQuestion)
	org.Post("/events/:id/questions/:qid/move", s.orgMoveQuestion)
	org.Post("/events/:id/questions/:qid/delete", s.orgDeleteQuestion)
	org.Get("/series/new", s.orgNewSeries)
	org.Post("/series", s.orgCreateSeries)
	org.Get("/series/:id", s.orgSeries)
	org.Post("/series/:id/generate", s.orgGenerate)
	org.Post("/series/:id/occurrences", s.orgBulkOccurrences)
	org.Get("/series/:id/edit", s.orgEditSeries)
	org.Post("/series/:id", s.orgUpdateSeries)
	org.Post("/series/:id/delete", s.orgDeleteSeries)

	// Organisers: participants, follow-up and invitations (organiser_participants*.go).
	org.Get("/events/:id/participants", s.showsPersonalData, s.orgParticipants)
	org.Get("/events/:id/participants.csv", s.exportsPersonalData, s.participantsCSV)
	org.Post("/events/:id/participants/promote", s.orgPromoteParticipants)
	org.Get("/events/:id/participants/add", s.orgAddPersonForm)
	org.Post("/events/:id/participants/add", s.orgAddPerson)
	org.Post("/events/:id/participants/:rid/cancel", s.orgCancelParticipant)
	org.Get("/events/:id/participants/:rid/edit", s.showsPersonalData, s.orgEditRegistration)
	org.Post("/events/:id/participants/:rid", s.orgUpdateRegistration)
	org.Post("/events/:id/participants/:rid/attendance", s.orgMarkAttendance)
	org.Get("/events/:id/needs", s.exportsPersonalData, s.orgNeeds)
	org.Get("/events/:id/certificates.pdf", s.exportsPersonalData, s.orgCertificatesPDF)
	org.Get("/events/:id/invitations", s.orgInvitations)
	org.Post("/events/:id/invitations", s.orgCreateInvitation)
	api.Get("/events/:id/registrations", s.showsPersonalData, s.apiRegistrations)
	api.Post("/events/:id/registrations", s.apiAddPerson)
	api.Get("/events/:id/registrations.csv", s.exportsPersonalData, s.participantsCSV)
	api.Post("/events/:id/registrations/:rid/cancel", s.apiCancelRegistration)
	api.Put("/events/:id/registrations/:rid", s.orgUpdateRegistration)
	api.Get("/events/:id/needs", s.exportsPersonalData, s.apiNeeds)
	api.Get("/events/:id/invitations", s.apiInvitations)
	api.Post("/events/:id/invitations", s.apiCreateInvitation)

	// Organisers: badges, scanner links and the check-in dashboard (badges_*.go).
	org.Get("/events/:id/badges", s.showsPersonalData, s.orgBadges)
	org.Get("/events/:id/badges.pdf", s.exportsPersonalData, s.orgBadgesPDF)
	org.Get("/events/:id/registrations/:rid/badge.pdf", s.exportsPersonalData, s.orgBadgePDF)
	org.Post("/events/:id/registrations/:rid/category", s.orgSetCategory)
	org.Get("/events/:id/scanner-links", s.orgScannerLinks)
	org.Post("/events/:id/scanner-links", s.orgCreateScannerLink)
	org.Post("/events/:id/scanner-links/:lid/revoke", s.orgRevokeScannerLink)
	org.Get("/events/:id/checkin", s.showsPersonalData, s.orgCheckin)
	org.Post("/events/:id/checkin/manual", s.orgCheckinManual)
	org.Post("/events/:id/checkin/undo", s.orgCheckinUndo)
	api.Get("/events/:id/scanner-links", s.apiScannerLinks)
	api.Post("/events/:id/scanner-links", s.apiCreateScannerLink)
	api.Post("/events/:id/scanner-links/:lid/revoke", s.apiRevokeScannerLink)
	api.Get("/events/:id/checkin/stats", s.showsPersonalData, s.apiCheckinStats)

	// Organisers' accounts, members, API tokens and the audit log (organiser_signin.go,
	// organiser_members.go, organiser_audit.go).
	org.Get("/sign-out", s.authSignOutPage)
	org.Post("/sign-out", s.authSignOut)
	org.Post("/sign-out-everywhere", s.authSignOutEverywhere)
	org.Get("/account", s.orgAccount)
	org.Post("/account/password", s.orgChangePassword)
	org.Get("/audit", s.orgAudit)
	org.Get("/outbox", s.operatorOnly, s.orgOutbox)
	org.Get("/organisations/:org/followup", s.orgFollowUp)
	org.Get("/organisations/:org/followup.csv", s.followUpCSV)
	org.Get("/organisations/:org/followup.pdf", s.followUpPDF)
	api.Get("/organisations/:org/followup", s.apiFollowUp)
	org.Get("/organisations/:org/members", s.orgMembers)
	org.Post("/organisations/:org/members", s.orgAddMember)
	org.Post("/organisations/:org/members/:aid", s.orgSetMemberRole)
	org.Post("/organisations/:org/members/:aid/remove", s.orgRemoveMember)
	org.Get("/organisations/:org/tokens", s.orgTokens)
	org.Post("/organisations/:org/tokens", s.orgCreateToken)
	org.Post("/organisations/:org/tokens/:tid/revoke", s.orgRevokeToken)
}
