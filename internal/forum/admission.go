package forum

import "time"

// The rules every new post meets, whoever writes it and however it comes
// (a new topic, a reply, a question to an expert forum). The store applies
// them inside the write that makes the post, with the forum and the
// author's role as they are in that transaction.

// Admit decides how a new post by a member of role, who asked to post
// anonymously or not, enters forum f at now: a closed expert forum takes
// none (it stays as a read-only archive); the forum's anonymity policy
// decides over the author's choice; a trusted role's signed post is
// published at once (PublishedAtOnce), and every other waits for a
// moderator.
func Admit(f Forum, author Role, wantsAnonymous bool, now time.Time) (anonymous bool, status PostStatus, err error) {
	if f.State(now) == StateClosed {
		return false, "", Errorf(ECONFLICT, "This expert forum has closed. It stays readable as an archive but takes no more posts.")
	}
	if anonymous, err = f.Anonymity.Apply(wantsAnonymous); err != nil {
		return false, "", err
	}
	status = StatusPending
	if PublishedAtOnce(author, anonymous) {
		status = StatusApproved
	}
	return anonymous, status, nil
}

// Apply applies a forum's anonymity policy to an author's choice: a forum
// that requires anonymity makes every post anonymous; one that offers none
// refuses an anonymous post.
func (p AnonymityPolicy) Apply(wantsAnonymous bool) (bool, error) {
	switch p {
	case AnonRequired:
		return true, nil
	case AnonOff:
		if wantsAnonymous {
			return false, Errorf(EINVALID, "This forum does not offer anonymous posting.")
		}
	}
	return wantsAnonymous, nil
}

// PublishedAtOnce reports whether a post skips the moderation queue: a
// trusted role's signed post. An anonymous post waits in the queue whoever
// wrote it, so that every anonymous post leaves the same trail (an
// approval in the log) and none stands out as staff's.
func PublishedAtOnce(author Role, anonymous bool) bool { return author.Trusted() && !anonymous }
