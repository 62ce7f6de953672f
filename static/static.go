// Package static embeds the stylesheet, scripts and images, so the binary
// serves them itself and no page ever asks another site for anything.
package static

import "embed"

// FS holds every static file, served under /static/.
//
//go:embed *.css *.js
var FS embed.FS
