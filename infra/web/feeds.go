package web

import "github.com/gofiber/fiber/v2"

// The feed, sitemap and widget handlers are filled in separately; until
// then they answer 404.

func (s *Server) robots(c *fiber.Ctx) error        { return fiber.ErrNotFound }
func (s *Server) rssFeed(c *fiber.Ctx) error       { return fiber.ErrNotFound }
func (s *Server) indeedFeed(c *fiber.Ctx) error    { return fiber.ErrNotFound }
func (s *Server) sitemap(c *fiber.Ctx) error       { return fiber.ErrNotFound }
func (s *Server) sitemapJobs(c *fiber.Ctx) error   { return fiber.ErrNotFound }
func (s *Server) embedFeatured(c *fiber.Ctx) error { return fiber.ErrNotFound }
func (s *Server) embedScript(c *fiber.Ctx) error   { return fiber.ErrNotFound }
func (s *Server) embedClick(c *fiber.Ctx) error    { return fiber.ErrNotFound }
