package store

import (
	"strconv"
	"strings"
	"time"

	"forum/internal/forum"
)

// Keyset pagination: a page is named by the sort key of the row at its edge,
// so paging deep into a forum costs the same as the first page and a page
// does not shift when new topics arrive, as it would with OFFSET.

// activityCursor is the forum page's key: latest activity, then id.
type activityCursor struct {
	At time.Time
	ID int64
}

func (c activityCursor) String() string {
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10)
}

var errBadCursor = &forum.Error{Code: forum.ENOTFOUND, Message: "That page does not exist."}

func parseActivityCursor(s string) (activityCursor, error) {
	micros, id, ok := strings.Cut(s, ".")
	if !ok {
		return activityCursor{}, errBadCursor
	}
	m, err1 := strconv.ParseInt(micros, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || m < 0 || n <= 0 {
		return activityCursor{}, errBadCursor
	}
	return activityCursor{At: time.UnixMicro(m).UTC(), ID: n}, nil
}

// pathSegment is one level of a post's thread path: its id in fixed-width
// base 36, so that comparing paths as bytes orders a thread depth-first.
const pathSegmentWidth = 9

func pathSegment(id int64) string {
	s := strconv.FormatInt(id, 36)
	return strings.Repeat("0", pathSegmentWidth-len(s)) + s
}

func validPathCursor(s string) bool {
	if len(s) == 0 || len(s)%pathSegmentWidth != 0 || len(s) > pathSegmentWidth*(forum.MaxThreadDepth+1) {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}
