package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/jobboard/jobboard/domain/board"
)

// apiOperation describes one JSON API route for the OpenAPI document.
type apiOperation struct {
	Method, Path, Summary, Tag string
	Auth                       bool
	Request                    string // a schema name, or ""
	Responses                  map[string]string
}

// apiOperations is the API as documented. A test checks it against the
// routes actually registered, so it cannot drift.
var apiOperations = []apiOperation{
	{Method: "GET", Path: "/api/v1/openapi.json", Summary: "This document", Tag: "meta", Responses: map[string]string{"200": ""}},
	{Method: "POST", Path: "/api/v1/auth/signup", Summary: "Create an account on the board and mail a link to confirm its address; an address that has an account gets the same answer (its owner is told by mail)", Tag: "auth", Request: "SignupRequest",
		Responses: map[string]string{"201": "MailSent", "400": "Error", "415": "Error", "429": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/login", Summary: "Exchange credentials (and the second factor, when the account has one) for a bearer token; staff of a board that asks for two factors need one (403 two_factor_required)", Tag: "auth", Request: "LoginRequest",
		Responses: map[string]string{"200": "Token", "400": "Error", "401": "Error", "403": "Error", "415": "Error", "429": "Error"}},
	{Method: "GET", Path: "/api/v1/auth/me", Summary: "The signed-in user and their roles on the board", Tag: "auth", Auth: true,
		Responses: map[string]string{"200": "Me", "401": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/logout", Summary: "Revoke the bearer token (or end the cookie session)", Tag: "auth", Auth: true,
		Responses: map[string]string{"204": "", "401": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/password/forgot", Summary: "Mail a one-hour password reset link; the same answer whatever the address", Tag: "auth", Request: "EmailRequest",
		Responses: map[string]string{"202": "MailSent", "400": "Error", "415": "Error", "429": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/password/reset", Summary: "Set a new password with a reset link's token; every session and token of the account ends", Tag: "auth", Request: "ResetRequest",
		Responses: map[string]string{"204": "", "400": "Error", "415": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/password", Summary: "Change the caller's password; the token in use stays valid, every other session and token ends", Tag: "auth", Auth: true, Request: "ChangePasswordRequest",
		Responses: map[string]string{"204": "", "400": "Error", "401": "Error", "415": "Error", "429": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/email/verify", Summary: "Confirm an address with a link's token", Tag: "auth", Request: "TokenRequest",
		Responses: map[string]string{"200": "User", "400": "Error", "409": "Error", "415": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/email/resend", Summary: "Mail a new confirmation link (the caller's own address when signed in and none is given); the same answer whatever the address", Tag: "auth", Request: "EmailRequest",
		Responses: map[string]string{"202": "MailSent", "400": "Error", "415": "Error", "429": "Error"}},
	{Method: "POST", Path: "/api/v1/board/two-factor-resets", Summary: "Turn off two-factor sign-in for a board user who lost their phone and recovery codes (staff who manage staff); audited and mailed", Tag: "board", Auth: true, Request: "EmailRequest",
		Responses: map[string]string{"204": "", "400": "Error", "401": "Error", "403": "Error", "415": "Error"}},
	{Method: "GET", Path: "/api/v1/board/roles", Summary: "The board's custom roles with who holds them (staff who manage staff)", Tag: "board", Auth: true,
		Responses: map[string]string{"200": "RoleList", "401": "Error", "403": "Error"}},
	{Method: "POST", Path: "/api/v1/board/roles", Summary: "Make a custom role from permissions the caller holds", Tag: "board", Auth: true, Request: "CustomRoleRequest",
		Responses: map[string]string{"201": "Role", "400": "Error", "401": "Error", "403": "Error", "409": "Error", "415": "Error"}},
	{Method: "PUT", Path: "/api/v1/board/roles/{id}", Summary: "Replace a custom role's name and permissions; in force at once", Tag: "board", Auth: true, Request: "CustomRoleRequest",
		Responses: map[string]string{"200": "Role", "400": "Error", "401": "Error", "403": "Error", "404": "Error", "409": "Error", "415": "Error"}},
	{Method: "DELETE", Path: "/api/v1/board/roles/{id}", Summary: "Delete a custom role, taking it from everyone", Tag: "board", Auth: true,
		Responses: map[string]string{"204": "", "401": "Error", "403": "Error", "404": "Error"}},
	{Method: "POST", Path: "/api/v1/board/roles/{id}/members", Summary: "Give a custom role to the board user with the address", Tag: "board", Auth: true, Request: "EmailRequest",
		Responses: map[string]string{"204": "", "400": "Error", "401": "Error", "403": "Error", "404": "Error", "415": "Error"}},
	{Method: "DELETE", Path: "/api/v1/board/roles/{id}/members/{user_id}", Summary: "Take a custom role from a user", Tag: "board", Auth: true,
		Responses: map[string]string{"204": "", "401": "Error", "403": "Error", "404": "Error"}},
	{Method: "GET", Path: "/api/v1/me/sessions", Summary: "Where the caller is signed in: browser sessions and API tokens, the one in use first", Tag: "auth", Auth: true,
		Responses: map[string]string{"200": "SignedInList", "401": "Error"}},
	{Method: "DELETE", Path: "/api/v1/me/sessions", Summary: "Sign out every session and token of the caller but the one in use", Tag: "auth", Auth: true,
		Responses: map[string]string{"200": "Ended", "401": "Error"}},
	{Method: "DELETE", Path: "/api/v1/me/sessions/{id}", Summary: "Sign out one session or token of the caller", Tag: "auth", Auth: true,
		Responses: map[string]string{"204": "", "401": "Error", "404": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/email", Summary: "Change the caller's address: a link is mailed to the new one, which takes effect when it is followed", Tag: "auth", Auth: true, Request: "ChangeEmailRequest",
		Responses: map[string]string{"202": "MailSent", "400": "Error", "401": "Error", "415": "Error", "429": "Error"}},

	{Method: "GET", Path: "/api/v1/companies", Summary: "The public directory: published companies, premium first, then A–Z (query: q, sector, location, cursor, limit)", Tag: "companies",
		Responses: map[string]string{"200": "CompanyList", "400": "Error"}},
	{Method: "POST", Path: "/api/v1/companies", Summary: "Register a company as a draft; the caller becomes its owner", Tag: "companies", Auth: true, Request: "CompanyProfile",
		Responses: map[string]string{"201": "Company", "400": "Error", "401": "Error", "409": "Error"}},
	{Method: "GET", Path: "/api/v1/me/companies", Summary: "Companies the caller is on the team of, with their role", Tag: "companies", Auth: true,
		Responses: map[string]string{"200": "CompanyList", "401": "Error"}},
	{Method: "GET", Path: "/api/v1/companies/{id}", Summary: "A published company, or any company of the caller's team", Tag: "companies",
		Responses: map[string]string{"200": "Company", "404": "Error"}},
	{Method: "PATCH", Path: "/api/v1/companies/{id}", Summary: "Change the profile; fields left out keep their value, social links are merged (a blank link removes it) (company owners)", Tag: "companies", Auth: true, Request: "CompanyProfile",
		Responses: map[string]string{"200": "Company", "400": "Error", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/companies/{id}/submit", Summary: "Submit for review, or publish when the board does not review profiles", Tag: "companies", Auth: true,
		Responses: map[string]string{"200": "Company", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "PUT", Path: "/api/v1/companies/{id}/logo", Summary: "Upload the logo: multipart/form-data field \"logo\", PNG, JPEG or WebP, at most 2 MB", Tag: "companies", Auth: true,
		Responses: map[string]string{"200": "Company", "400": "Error", "403": "Error", "413": "Error", "415": "Error"}},
	{Method: "GET", Path: "/api/v1/companies/{id}/members", Summary: "The team and its open invitations (members)", Tag: "teams", Auth: true,
		Responses: map[string]string{"200": "Team", "404": "Error"}},
	{Method: "POST", Path: "/api/v1/companies/{id}/invitations", Summary: "Invite someone by e-mail; returns the one-time link (company owners)", Tag: "teams", Auth: true, Request: "InvitationRequest",
		Responses: map[string]string{"201": "Invitation", "400": "Error", "403": "Error", "404": "Error"}},
	{Method: "PATCH", Path: "/api/v1/companies/{id}/members/{user_id}", Summary: "Change a member's role (company owners); the last owner stays", Tag: "teams", Auth: true, Request: "RoleRequest",
		Responses: map[string]string{"204": "", "400": "Error", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "DELETE", Path: "/api/v1/companies/{id}/members/{user_id}", Summary: "Remove a member, or leave (yourself); the last owner stays", Tag: "teams", Auth: true,
		Responses: map[string]string{"204": "", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/invitations/{token}/accept", Summary: "Join the team an invitation is for (once, within 7 days, on its board)", Tag: "teams", Auth: true,
		Responses: map[string]string{"200": "Company", "404": "Error", "410": "Error"}},
	{Method: "GET", Path: "/api/v1/jobs", Summary: "Search open jobs: featured first, then title matches of a text search, then newest; facets count at most 1,000 matches, at_least marks a lower bound (query: q, category, location, workplace, employment_type, company, min_salary, cursor, limit; facets=false skips the counts)", Tag: "jobs",
		Responses: map[string]string{"200": "JobSearch", "400": "Error"}},
	{Method: "POST", Path: "/api/v1/alerts", Summary: "Subscribe an e-mail address to a job search (instant, daily or weekly digests). No account needed; a one-time confirmation link is mailed and nothing else is sent until it is used. Subscribing again to the same search keeps one alert. Answers alike whether or not the address subscribes already", Tag: "alerts", Request: "AlertRequest",
		Responses: map[string]string{"202": "AlertAccepted", "400": "Error", "415": "Error", "422": "Error", "429": "Error"}},
	{Method: "GET", Path: "/api/v1/featured-jobs", Summary: "The featured jobs of the widget, rotating when there are more than the board's slots", Tag: "jobs",
		Responses: map[string]string{"200": "JobList"}},
	{Method: "GET", Path: "/api/v1/jobs/{id}", Summary: "An open job, or any job of the caller's company", Tag: "jobs",
		Responses: map[string]string{"200": "Job", "404": "Error", "410": "Error"}},
	{Method: "PATCH", Path: "/api/v1/jobs/{id}", Summary: "Change a job's posting; fields left out keep their value, salary: null removes the salary (company owners and recruiters)", Tag: "jobs", Auth: true, Request: "JobPosting",
		Responses: map[string]string{"200": "Job", "400": "Error", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/jobs/{id}/submit", Summary: "Submit for review, or publish when the board does not review jobs", Tag: "jobs", Auth: true,
		Responses: map[string]string{"200": "Job", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/jobs/{id}/close", Summary: "Close a published job (position filled)", Tag: "jobs", Auth: true,
		Responses: map[string]string{"200": "Job", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/jobs/{id}/renew", Summary: "Publish an expired job again for the board's posting period", Tag: "jobs", Auth: true,
		Responses: map[string]string{"200": "Job", "400": "Error", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/jobs/{id}/feature", Summary: "Feature a published job until a time, or stop (board owners)", Tag: "jobs", Auth: true, Request: "FeatureRequest",
		Responses: map[string]string{"200": "Job", "400": "Error", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "GET", Path: "/api/v1/companies/{id}/jobs", Summary: "A company's jobs: every status with counters for its team, open jobs for others", Tag: "jobs",
		Responses: map[string]string{"200": "JobList", "404": "Error"}},
	{Method: "POST", Path: "/api/v1/companies/{id}/jobs", Summary: "Create a draft job (company owners and recruiters)", Tag: "jobs", Auth: true, Request: "JobPosting",
		Responses: map[string]string{"201": "Job", "400": "Error", "403": "Error", "404": "Error"}},
	{Method: "GET", Path: "/api/v1/moderation/queue", Summary: "What waits for review: new and edited jobs and profiles (with the changes), reported items; with signals; oldest first (moderators and owners)", Tag: "moderation", Auth: true,
		Responses: map[string]string{"200": "Queue", "403": "Error"}},
	{Method: "POST", Path: "/api/v1/moderation/bulk", Summary: "Approve or reject many items: {action, items: [{kind, id}], reason, message}; each item answers for itself", Tag: "moderation", Auth: true, Request: "BulkRequest",
		Responses: map[string]string{"200": "BulkResult", "400": "Error", "403": "Error"}},
	{Method: "POST", Path: "/api/v1/moderation/{kind}/{id}/{action}", Summary: "kind jobs or companies; action approve, reject ({reason, message}), take-down ({reason}), restore or dismiss-reports. Deciding twice or on a taken-down item is 409", Tag: "moderation", Auth: true, Request: "RejectRequest",
		Responses: map[string]string{"200": "Outcome", "400": "Error", "403": "Error", "404": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/{kind}/{id}/reports", Summary: "Report a public job (kind jobs) or company (kind companies): {reason, note}; no account needed; rate-limited", Tag: "moderation", Request: "ReportRequest",
		Responses: map[string]string{"201": "", "400": "Error", "404": "Error", "429": "Error"}},
	{Method: "GET", Path: "/api/v1/audit", Summary: "The board's append-only audit log, newest first (owners; query: action, actor, kind, item, before, limit, cursor from next_cursor)", Tag: "moderation", Auth: true,
		Responses: map[string]string{"200": "AuditList", "400": "Error", "403": "Error"}},
	{Method: "GET", Path: "/api/v1/board/settings", Summary: "The board's configuration (owners)", Tag: "admin", Auth: true,
		Responses: map[string]string{"200": "Settings", "403": "Error"}},
	{Method: "PATCH", Path: "/api/v1/board/settings", Summary: "Change the board's configuration; fields left out keep their value (owners; audited)", Tag: "admin", Auth: true, Request: "Settings",
		Responses: map[string]string{"200": "Settings", "400": "Error", "403": "Error", "409": "Error"}},
	{Method: "POST", Path: "/api/v1/orders", Summary: "Buy a product for a job or a company: writes a pending order at the board's price and returns where to pay (checkout_url; empty when free)", Tag: "billing", Auth: true, Request: "OrderRequest",
		Responses: map[string]string{"201": "Order", "400": "Error", "403": "Error", "404": "Error", "409": "Error", "503": "Error"}},
	{Method: "GET", Path: "/api/v1/orders/{id}", Summary: "An order (the company's owners or the board's owners); a pending one is settled with the gateway first", Tag: "billing", Auth: true,
		Responses: map[string]string{"200": "Order", "404": "Error"}},
	{Method: "GET", Path: "/api/v1/companies/{id}/orders", Summary: "A company's orders (its owners)", Tag: "billing", Auth: true,
		Responses: map[string]string{"200": "OrderList", "403": "Error", "404": "Error"}},
	{Method: "GET", Path: "/api/v1/prices", Summary: "The board's price list (amounts in minor units)", Tag: "billing",
		Responses: map[string]string{"200": "PriceList"}},
	{Method: "PUT", Path: "/api/v1/prices/{product}", Summary: "Set a product's price (board owners); existing orders keep theirs", Tag: "billing", Auth: true, Request: "PriceRequest",
		Responses: map[string]string{"200": "Price", "400": "Error", "403": "Error"}},
}

var apiSchemas = fiber.Map{
	"AlertRequest": obj(fiber.Map{
		"email": fiber.Map{"type": "string", "format": "email", "maxLength": 254}, "query": fiber.Map{"type": "string", "maxLength": 200, "description": "Keywords, as q of GET /api/v1/jobs"},
		"category": fiber.Map{"type": "string", "maxLength": 200}, "location": fiber.Map{"type": "string", "maxLength": 200},
		"workplace":       fiber.Map{"type": "string", "enum": []string{"", "onsite", "hybrid", "remote"}},
		"employment_type": fiber.Map{"type": "string", "enum": []string{"", "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}},
		"company":         fiber.Map{"type": "string", "maxLength": 100, "description": "Company slug or id"},
		"min_salary":      fiber.Map{"type": "integer", "minimum": 0, "description": "Per year"},
		"frequency":       fiber.Map{"type": "string", "enum": []string{"instant", "daily", "weekly"}},
	}, "email", "frequency"),
	"AlertAccepted": obj(fiber.Map{"status": fiber.Map{"type": "string", "enum": []string{"pending_confirmation"}}, "message": str("")}, "status", "message"),
	"Settings": obj(fiber.Map{"name": str(""), "custom_domain": str(""), "primary_color": str("#rrggbb"), "review_jobs": fiber.Map{"type": "boolean"},
		"review_profiles": fiber.Map{"type": "boolean"}, "review_edits": fiber.Map{"type": "boolean"}, "staff_two_factor": fiber.Map{"type": "boolean", "description": "Owners and moderators need a second factor for staff work"}, "posting_duration_days": fiber.Map{"type": "integer"},
		"language":       fiber.Map{"type": "string", "enum": board.SearchLanguages, "description": "the language of the board's jobs, for search (stemming)"},
		"featured_slots": fiber.Map{"type": "integer"}, "categories": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"sectors": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}}, "blocked_words": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"blocked_domains": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}}}),
	"Queue":         obj(fiber.Map{"items": fiber.Map{"type": "array", "items": fiber.Map{"type": "object"}}, "next_cursor": str("")}, "items"),
	"BulkRequest":   obj(fiber.Map{"action": fiber.Map{"type": "string", "enum": []string{"approve", "reject"}}, "items": fiber.Map{"type": "array", "items": obj(fiber.Map{"kind": str("job or company"), "id": str("")})}, "reason": str(""), "message": str("")}, "action", "items"),
	"BulkResult":    obj(fiber.Map{"items": fiber.Map{"type": "array", "items": fiber.Map{"type": "object"}}}, "items"),
	"Outcome":       obj(fiber.Map{"kind": str(""), "id": str(""), "title": str(""), "status": str(""), "refunded": fiber.Map{"type": "boolean"}}, "kind", "id", "status"),
	"ReportRequest": obj(fiber.Map{"reason": fiber.Map{"type": "string", "enum": []string{"spam", "misleading", "duplicate", "discriminatory", "incomplete", "other"}}, "note": str("")}, "reason"),
	"AuditList":     obj(fiber.Map{"items": fiber.Map{"type": "array", "items": fiber.Map{"type": "object"}}, "next_cursor": str("Pass as ?cursor= for older entries; empty on the last page")}, "items", "next_cursor"),
	"OrderRequest": obj(fiber.Map{"product": fiber.Map{"type": "string", "enum": []string{"job_posting", "featured", "premium_profile"}},
		"job_id": str("For job_posting and featured"), "company_id": str("For premium_profile")}, "product"),
	"Order": obj(fiber.Map{"id": str(""), "order_id": str("Same as id"), "product": str(""), "amount": fiber.Map{"type": "integer", "description": "Minor units"},
		"currency": str(""), "status": fiber.Map{"type": "string", "enum": []string{"pending", "paid", "failed", "expired", "canceled", "refunded"}},
		"checkout_url": str("Where to pay; empty when nothing is to be paid"), "company_id": str(""), "job_id": str(""), "receipt_url": str(""),
		"created_at": fiber.Map{"type": "string", "format": "date-time"}, "paid_at": fiber.Map{"type": []string{"string", "null"}, "format": "date-time"}},
		"id", "product", "amount", "currency", "status", "checkout_url"),
	"OrderList": obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Order")}, "next_cursor": str("")}, "items", "next_cursor"),
	"Price":     obj(fiber.Map{"product": str(""), "currency": str(""), "amount": fiber.Map{"type": "integer"}, "duration_days": fiber.Map{"type": "integer"}}, "product", "currency", "amount", "duration_days"),
	"PriceList": obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Price")}, "next_cursor": str("")}, "items"),
	"PriceRequest": obj(fiber.Map{"currency": str(""), "amount": fiber.Map{"type": "integer", "description": "Minor units; 0 makes it free"}, "duration_days": fiber.Map{"type": "integer"}},
		"currency", "amount", "duration_days"),
	"Salary": obj(fiber.Map{"min": fiber.Map{"type": "integer"}, "max": fiber.Map{"type": "integer"},
		"currency": str("ISO 4217 code"), "period": fiber.Map{"type": "string", "enum": []string{"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}}}, "min", "max", "currency", "period"),
	"Job": obj(fiber.Map{
		"id": str(""), "company_id": str(""), "slug": str(""), "title": str(""), "description": str("Markdown"), "description_html": str("Sanitised HTML"),
		"employment_type":     fiber.Map{"type": "string", "enum": []string{"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}},
		"locations":           fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"workplace":           fiber.Map{"type": "string", "enum": []string{"onsite", "hybrid", "remote"}},
		"applicant_countries": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}, "description": "Remote jobs: ISO 3166-1 alpha-2 codes, or WORLDWIDE alone; one or the other is required"},
		"salary":              fiber.Map{"oneOf": []fiber.Map{ref("Salary"), {"type": "null"}}},
		"category":            str(""), "seniority": str(""), "tags": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"apply_url": str("Present when candidates apply on a web page"), "apply_email": str("Present when candidates apply by e-mail"),
		"apply_method": fiber.Map{"type": "string", "enum": []string{"url", "email", "onsite"}}, "application_url": str("Present when candidates apply on this board: the application form"),
		"closing_date":   fiber.Map{"type": []string{"string", "null"}, "format": "date"},
		"status":         fiber.Map{"type": "string", "enum": []string{"draft", "pending", "published", "rejected", "expired", "closed"}},
		"featured":       fiber.Map{"type": "boolean"},
		"featured_until": fiber.Map{"type": []string{"string", "null"}, "format": "date-time"},
		"published_at":   fiber.Map{"type": []string{"string", "null"}, "format": "date-time"},
		"expires_at":     fiber.Map{"type": []string{"string", "null"}, "format": "date-time"},
		"url":            str("Public page"),
		"company":        obj(fiber.Map{"id": str(""), "name": str(""), "slug": str(""), "logo_url": fiber.Map{"type": []string{"string", "null"}}}),
		"stats":          obj(fiber.Map{"views": fiber.Map{"type": "integer"}, "apply_clicks": fiber.Map{"type": "integer"}, "widget_impressions": fiber.Map{"type": "integer"}, "widget_clicks": fiber.Map{"type": "integer"}}),
	}, "id", "company_id", "title", "status"),
	"JobList":   obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Job")}, "next_cursor": str("")}, "items", "next_cursor"),
	"JobSearch": obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Job")}, "next_cursor": str(""), "facets": fiber.Map{"type": "object"}}, "items", "next_cursor"),
	"JobPosting": obj(fiber.Map{
		"title": str(""), "description": str("Markdown"), "employment_type": str(""), "locations": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"workplace": str(""), "applicant_countries": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}}, "salary": ref("Salary"),
		"category": str(""), "seniority": str(""), "tags": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"apply_method": fiber.Map{"type": "string", "enum": []string{"url", "email", "onsite"}, "description": "Optional when apply_url or apply_email says it; onsite takes applications with a CV on this board"},
		"apply_url":    str(""), "apply_email": str(""), "closing_date": str("YYYY-MM-DD"),
	}, "title", "description", "employment_type", "workplace"),
	"FeatureRequest": obj(fiber.Map{"until": fiber.Map{"type": []string{"string", "null"}, "format": "date-time"}}),
	"Company": obj(fiber.Map{
		"id": str("Company id"), "slug": str("Address label, /companies/{slug}"), "name": str("Name"), "website": str("https URL or empty"),
		"sector": str("One of the board's sectors"), "location": str("Headquarters"), "size": str("Size band such as 51-200"),
		"founded_year":  fiber.Map{"type": []string{"integer", "null"}},
		"contact_email": str("Contact address or empty"),
		"social":        fiber.Map{"type": "object", "additionalProperties": fiber.Map{"type": "string"}},
		"description":   str("Markdown"), "description_html": str("Sanitised HTML of the description"),
		"logo_url":         fiber.Map{"type": []string{"string", "null"}},
		"status":           fiber.Map{"type": "string", "enum": []string{"draft", "pending", "published", "rejected"}},
		"rejection_reason": str("Why the profile was rejected (team only)"),
		"premium_until":    fiber.Map{"type": []string{"string", "null"}, "format": "date-time"},
		"url":              str("Public page"),
	}, "id", "slug", "name", "status"),
	"CompanyList": obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Company")}, "next_cursor": str("Pass as ?cursor= for the next page; empty on the last")}, "items", "next_cursor"),
	"CompanyProfile": obj(fiber.Map{
		"name": str("Required"), "slug": str("Optional; derived from the name"), "website": str(""), "sector": str(""), "location": str(""),
		"size": str(""), "founded_year": str("Year as text"), "contact_email": str(""), "description": str("Markdown"),
		"social": fiber.Map{"type": "object", "description": "linkedin, x, facebook, instagram, youtube", "additionalProperties": fiber.Map{"type": "string"}},
	}, "name"),
	"Team": obj(fiber.Map{
		"items":       fiber.Map{"type": "array", "items": obj(fiber.Map{"user_id": str(""), "name": str(""), "email": str(""), "role": str("owner or recruiter")})},
		"invitations": fiber.Map{"type": "array", "items": obj(fiber.Map{"id": str(""), "email": str(""), "role": str(""), "expires_at": str("")})},
		"next_cursor": str("Always empty"),
	}, "items"),
	"InvitationRequest": obj(fiber.Map{"email": str(""), "role": fiber.Map{"type": "string", "enum": []string{"owner", "recruiter"}}}, "email", "role"),
	"Invitation":        obj(fiber.Map{"id": str(""), "email": str(""), "role": str(""), "expires_at": str(""), "accept_url": str("One-time link"), "mailed": fiber.Map{"type": "boolean"}}, "id", "accept_url"),
	"RoleRequest":       obj(fiber.Map{"role": fiber.Map{"type": "string", "enum": []string{"owner", "recruiter"}}}, "role"),
	"RejectRequest":     obj(fiber.Map{"reason": fiber.Map{"type": "string", "enum": []string{"spam", "misleading", "duplicate", "discriminatory", "incomplete", "other"}}, "message": str("Message to the employer")}, "reason"),
	"Error": obj(fiber.Map{"error": obj(fiber.Map{
		"code":    str("Stable machine-readable code, e.g. validation_failed"),
		"message": str("Human-readable message"),
		"fields":  fiber.Map{"type": "object", "additionalProperties": fiber.Map{"type": "string"}, "description": "Message per invalid field"},
	}, "code", "message")}, "error"),
	"SignupRequest": obj(fiber.Map{
		"email":    fiber.Map{"type": "string", "format": "email", "maxLength": 254},
		"password": fiber.Map{"type": "string", "minLength": 8, "maxLength": 128},
		"name":     fiber.Map{"type": "string", "maxLength": 100},
	}, "email", "password", "name"),
	"LoginRequest": obj(fiber.Map{
		"email":    fiber.Map{"type": "string", "format": "email"},
		"password": fiber.Map{"type": "string"},
		"otp":      str("The code of the account's authenticator app, or a recovery code, when it uses two-factor sign-in (otherwise 401 otp_required)"),
	}, "email", "password"),
	"EmailRequest": obj(fiber.Map{"email": fiber.Map{"type": "string", "format": "email", "maxLength": 254}}, "email"),
	"TokenRequest": obj(fiber.Map{"token": str("The token of the link mailed")}, "token"),
	"ResetRequest": obj(fiber.Map{"token": str("The token of the reset link mailed"), "password": fiber.Map{"type": "string", "minLength": 8, "maxLength": 128}}, "token", "password"),
	"ChangePasswordRequest": obj(fiber.Map{
		"current_password": fiber.Map{"type": "string"},
		"password":         fiber.Map{"type": "string", "minLength": 8, "maxLength": 128},
	}, "current_password", "password"),
	"ChangeEmailRequest": obj(fiber.Map{
		"email":    fiber.Map{"type": "string", "format": "email", "maxLength": 254},
		"password": str("The current password"),
	}, "email", "password"),
	"SignedInList": obj(fiber.Map{"items": fiber.Map{"type": "array", "items": obj(fiber.Map{
		"id":           str("Handle to end it with; not usable to sign in"),
		"kind":         fiber.Map{"type": "string", "enum": []string{"browser", "api_token"}},
		"device":       str("Browser and system, from the User-Agent"),
		"client_ip":    str("Address it was started from"),
		"created_at":   fiber.Map{"type": "string", "format": "date-time"},
		"last_seen_at": fiber.Map{"type": "string", "format": "date-time"},
		"current":      fiber.Map{"type": "boolean"},
	}, "id", "kind", "device", "client_ip", "created_at", "last_seen_at", "current")}, "next_cursor": fiber.Map{"type": "string", "nullable": true}}, "items"),
	"CustomRoleRequest": obj(fiber.Map{"name": fiber.Map{"type": "string", "maxLength": 60},
		"permissions": fiber.Map{"type": "array", "items": fiber.Map{"type": "string", "enum": []string{"review_jobs", "review_companies", "handle_reports", "manage_prices", "see_revenue", "manage_staff", "edit_settings", "see_audit"}}}}, "name", "permissions"),
	"Role": obj(fiber.Map{"id": str(""), "name": str(""), "permissions": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}},
		"members": fiber.Map{"type": "array", "items": obj(fiber.Map{"user_id": str(""), "email": str(""), "name": str("")}, "user_id", "email", "name")}}, "id", "name", "permissions", "members"),
	"RoleList": obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Role")}, "next_cursor": fiber.Map{"type": "string", "nullable": true}}, "items"),
	"Ended":    obj(fiber.Map{"ended": fiber.Map{"type": "integer"}}, "ended"),
	"MailSent": obj(fiber.Map{"status": str("verification_sent or reset_sent"), "email": str("The address as given"), "message": str("What happens next")}, "status", "email", "message"),
	"Token":    obj(fiber.Map{"token": str("Bearer token"), "expires_at": fiber.Map{"type": "string", "format": "date-time"}}, "token", "expires_at"),
	"User": obj(fiber.Map{
		"id": str("User id"), "email": fiber.Map{"type": "string", "format": "email"}, "name": str("Display name"),
		"email_verified": fiber.Map{"type": "boolean", "description": "Whether the address is confirmed; posting, paying and applying need it"},
		"created_at":     fiber.Map{"type": "string", "format": "date-time"},
	}, "id", "email", "name", "created_at"),
	"Me": obj(fiber.Map{
		"user":  ref("User"),
		"roles": fiber.Map{"type": "array", "items": fiber.Map{"type": "string", "enum": []string{"owner", "moderator", "employer", "candidate"}}},
		"board": obj(fiber.Map{"id": str("Board id"), "slug": str("Board slug"), "name": str("Board name")}, "id", "slug", "name"),
	}, "user", "roles", "board"),
}

func obj(props fiber.Map, required ...string) fiber.Map {
	m := fiber.Map{"type": "object", "properties": props}
	if len(required) > 0 {
		m["required"] = required
	}
	return m
}

func str(desc string) fiber.Map { return fiber.Map{"type": "string", "description": desc} }

func ref(name string) fiber.Map { return fiber.Map{"$ref": "#/components/schemas/" + name} }

// openAPIDocument builds the OpenAPI 3.1 description of the JSON API.
func openAPIDocument() fiber.Map {
	paths := fiber.Map{}
	for _, op := range apiOperations {
		item, _ := paths[op.Path].(fiber.Map)
		if item == nil {
			item = fiber.Map{}
			paths[op.Path] = item
		}
		responses := fiber.Map{}
		for code, schema := range op.Responses {
			r := fiber.Map{"description": code}
			if schema != "" {
				r["content"] = fiber.Map{"application/json": fiber.Map{"schema": ref(schema)}}
			}
			responses[code] = r
		}
		o := fiber.Map{"summary": op.Summary, "tags": []string{op.Tag}, "responses": responses}
		if op.Request != "" {
			o["requestBody"] = fiber.Map{"required": true, "content": fiber.Map{"application/json": fiber.Map{"schema": ref(op.Request)}}}
		}
		if op.Auth {
			o["security"] = []fiber.Map{{"bearer": []string{}}}
		}
		item[strings.ToLower(op.Method)] = o
	}
	return fiber.Map{
		"openapi": "3.1.0",
		"info": fiber.Map{"title": "Jobboard API", "version": "1",
			"description": "The JSON API of a board. Call it on the board's host. Errors always have the shape {error: {code, message, fields}}."},
		"paths": paths,
		"components": fiber.Map{
			"schemas":         apiSchemas,
			"securitySchemes": fiber.Map{"bearer": fiber.Map{"type": "http", "scheme": "bearer", "description": "Token from POST /api/v1/auth/login"}},
		},
	}
}

// openapi serves the API description.
func (s *Server) openapi(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(openAPIDocument())
}
