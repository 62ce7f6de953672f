package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/labstack/echo/v4"

	"forum/internal/forum"
	"forum/static"
)

// staticFile serves the embedded stylesheet and scripts. Their URLs carry a
// fingerprint of their content, so browsers may keep them for a year.
func (s *Server) staticFile(c echo.Context) error {
	name := path.Clean(c.Param("*"))
	b, err := fs.ReadFile(static.FS, name)
	if err != nil {
		return forum.ErrNotFound
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, ctype, b)
}
