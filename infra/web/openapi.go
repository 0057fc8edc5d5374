package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
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
	{Method: "POST", Path: "/api/v1/auth/signup", Summary: "Create an account on the board", Tag: "auth", Request: "SignupRequest",
		Responses: map[string]string{"201": "User", "400": "Error", "409": "Error", "415": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/login", Summary: "Exchange credentials for a bearer token", Tag: "auth", Request: "LoginRequest",
		Responses: map[string]string{"200": "Token", "400": "Error", "401": "Error", "415": "Error", "429": "Error"}},
	{Method: "GET", Path: "/api/v1/auth/me", Summary: "The signed-in user and their roles on the board", Tag: "auth", Auth: true,
		Responses: map[string]string{"200": "Me", "401": "Error"}},
	{Method: "POST", Path: "/api/v1/auth/logout", Summary: "Revoke the bearer token (or end the cookie session)", Tag: "auth", Auth: true,
		Responses: map[string]string{"204": "", "401": "Error"}},
}

var apiSchemas = fiber.Map{
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
	}, "email", "password"),
	"Token": obj(fiber.Map{"token": str("Bearer token"), "expires_at": fiber.Map{"type": "string", "format": "date-time"}}, "token", "expires_at"),
	"User": obj(fiber.Map{
		"id": str("User id"), "email": fiber.Map{"type": "string", "format": "email"}, "name": str("Display name"),
		"created_at": fiber.Map{"type": "string", "format": "date-time"},
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
