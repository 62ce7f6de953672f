// Package views embeds the HTML templates: one layout, shared partials, and
// one file per page. The web package parses them once, at start.
package views

import "embed"

// FS holds layout.html, partials/*.html and pages/*.html.
//
//go:embed layout.html partials/*.html pages/*.html
var FS embed.FS
