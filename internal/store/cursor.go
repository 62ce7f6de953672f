package store

import (
	"strconv"
	"strings"

	"forum/internal/forum"
)

// Keyset pagination: a page is named by the sort key of the row at its edge,
// so paging deep into a forum costs the same as the first page and a page
// does not shift when new topics arrive, as it would with OFFSET.

// A forum page's cursor is the public id of the topic at its edge, and a
// topic page's the public id of the post at its edge; the page starts
// after (or before) that one's place. The id alone goes in the URL, never
// the activity time or the thread path, which would date posts more finely
// than readers may see; and only a topic or post that readers see marks a
// page, so that a cursor tells nothing of one waiting in the queue.

var errBadCursor = &forum.Error{Code: forum.ENOTFOUND, Message: "That page does not exist."}

// parseTopicCursor reads a forum page's cursor, a topic's public id.
func parseTopicCursor(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errBadCursor
	}
	return id, nil
}

// pathSegment is one level of a post's thread path: its id in fixed-width
// base 36, so that comparing paths as bytes orders a thread depth-first.
const pathSegmentWidth = 9

func pathSegment(id int64) string {
	s := strconv.FormatInt(id, 36)
	return strings.Repeat("0", pathSegmentWidth-len(s)) + s
}
