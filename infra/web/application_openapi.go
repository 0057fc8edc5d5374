package web

import "github.com/gofiber/fiber/v2"

// The candidate API (saved jobs, applications, privacy), added to the
// document next to the rest of the API.
func init() {
	apiOperations = append(apiOperations,
		apiOperation{Method: "GET", Path: "/api/v1/me/saved-jobs", Summary: "The caller's saved jobs, newest first; jobs no longer open stay, with open false and their status", Tag: "candidates", Auth: true,
			Responses: map[string]string{"200": "SavedJobList", "401": "Error"}},
		apiOperation{Method: "PUT", Path: "/api/v1/me/saved-jobs/{job_id}", Summary: "Save an open job (idempotent)", Tag: "candidates", Auth: true,
			Responses: map[string]string{"204": "", "401": "Error", "404": "Error", "410": "Error"}},
		apiOperation{Method: "DELETE", Path: "/api/v1/me/saved-jobs/{job_id}", Summary: "Stop saving a job (idempotent)", Tag: "candidates", Auth: true,
			Responses: map[string]string{"204": "", "401": "Error"}},
		apiOperation{Method: "POST", Path: "/api/v1/jobs/{id}/applications", Summary: "Apply to an open job whose apply_method is onsite: multipart/form-data with name, email, cover_letter and cv (PDF or DOCX by content, at most 5 MB); once per job; rate-limited", Tag: "candidates", Auth: true,
			Responses: map[string]string{"201": "Application", "400": "Error", "401": "Error", "404": "Error", "409": "Error", "410": "Error", "413": "Error", "415": "Error", "429": "Error"}},
		apiOperation{Method: "GET", Path: "/api/v1/me/applications", Summary: "The caller's applications with their status and job", Tag: "candidates", Auth: true,
			Responses: map[string]string{"200": "ApplicationList", "401": "Error"}},
		apiOperation{Method: "GET", Path: "/api/v1/jobs/{id}/applications", Summary: "A job's applications, newest first (the company's owners and recruiters)", Tag: "applications", Auth: true,
			Responses: map[string]string{"200": "ApplicationList", "401": "Error", "404": "Error"}},
		apiOperation{Method: "GET", Path: "/api/v1/applications/{id}", Summary: "An application: for the company's team, with the statuses it may move to; for the applicant, their own", Tag: "applications", Auth: true,
			Responses: map[string]string{"200": "Application", "401": "Error", "404": "Error"}},
		apiOperation{Method: "PATCH", Path: "/api/v1/applications/{id}", Summary: "Move an application: new → reviewing → shortlisted → hired, or to rejected from any open stage; other moves are 409. The candidate is e-mailed", Tag: "applications", Auth: true, Request: "StatusRequest",
			Responses: map[string]string{"200": "Application", "400": "Error", "401": "Error", "404": "Error", "409": "Error"}},
		apiOperation{Method: "GET", Path: "/api/v1/applications/{id}/cv", Summary: "Download the CV (the company's team and the applicant only; an attachment)", Tag: "applications", Auth: true,
			Responses: map[string]string{"200": "", "401": "Error", "404": "Error"}},
		apiOperation{Method: "GET", Path: "/api/v1/me/export", Summary: "Everything the board keeps about the caller: account, saved jobs, applications (and alert subscriptions where the board has alerts)", Tag: "privacy", Auth: true,
			Responses: map[string]string{"200": "DataExport", "401": "Error"}},
		apiOperation{Method: "DELETE", Path: "/api/v1/me", Summary: "Delete the caller's account (password required): applications are anonymised and their CVs deleted, sessions and tokens end. Staff and company team members get 409 until they leave", Tag: "privacy", Auth: true, Request: "PasswordRequest",
			Responses: map[string]string{"204": "", "400": "Error", "401": "Error", "409": "Error"}},
	)
	statuses := []string{"new", "reviewing", "shortlisted", "rejected", "hired"}
	apiSchemas["SavedJob"] = obj(fiber.Map{"job_id": str(""), "title": str(""), "company": str(""), "open": fiber.Map{"type": "boolean"},
		"status": fiber.Map{"type": "string", "enum": []string{"open", "expired", "closed", "unavailable"}}, "url": str("Present while the job is open"),
		"saved_at": fiber.Map{"type": "string", "format": "date-time"}}, "job_id", "title", "open", "status")
	apiSchemas["SavedJobList"] = obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("SavedJob")}, "next_cursor": str("")}, "items")
	apiSchemas["Application"] = obj(fiber.Map{
		"id": str(""), "job_id": str(""), "company_id": str(""), "name": str(""), "email": str(""), "cover_letter": str(""),
		"cv": fiber.Map{"oneOf": []fiber.Map{obj(fiber.Map{"file_name": str(""), "type": fiber.Map{"type": "string", "enum": []string{"pdf", "docx"}},
			"size": fiber.Map{"type": "integer"}, "url": str("Authenticated download")}), {"type": "null"}}},
		"status":        fiber.Map{"type": "string", "enum": statuses},
		"next_statuses": fiber.Map{"type": "array", "items": fiber.Map{"type": "string", "enum": statuses}},
		"anonymised":    fiber.Map{"type": "boolean", "description": "The candidate deleted their account"},
		"created_at":    fiber.Map{"type": "string", "format": "date-time"}, "updated_at": fiber.Map{"type": "string", "format": "date-time"},
		"job": obj(fiber.Map{"id": str(""), "title": str(""), "company": str(""), "open": fiber.Map{"type": "boolean"}, "url": str("")}),
	}, "id", "job_id", "status")
	apiSchemas["ApplicationList"] = obj(fiber.Map{"items": fiber.Map{"type": "array", "items": ref("Application")}, "next_cursor": str("")}, "items")
	apiSchemas["StatusRequest"] = obj(fiber.Map{"status": fiber.Map{"type": "string", "enum": statuses}}, "status")
	apiSchemas["PasswordRequest"] = obj(fiber.Map{"password": str("The account's password")}, "password")
	apiSchemas["DataExport"] = obj(fiber.Map{
		"exported_at": fiber.Map{"type": "string", "format": "date-time"}, "board": fiber.Map{"type": "object"},
		"account":             obj(fiber.Map{"id": str(""), "email": str(""), "name": str(""), "created_at": str(""), "roles": fiber.Map{"type": "array", "items": fiber.Map{"type": "string"}}}),
		"saved_jobs":          fiber.Map{"type": "array", "items": ref("SavedJob")},
		"applications":        fiber.Map{"type": "array", "items": ref("Application")},
		"alert_subscriptions": fiber.Map{"type": "array", "items": fiber.Map{"type": "object"}},
	}, "account", "saved_jobs", "applications")
}
