// Package demo writes sample content through the store, so a newcomer sees a
// living forum: threaded discussions in every group, some posts waiting for a
// moderator and one declined.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
)

// Clock is a clock that walks forward a few minutes each time it is read,
// so sample posts spread over the past weeks instead of one instant.
type Clock struct {
	mu  sync.Mutex
	now time.Time
	rnd *rand.Rand
}

// NewClock starts a clock at start.
func NewClock(start time.Time, seed uint64) *Clock {
	return &Clock{now: start, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Now returns the current time and then moves the clock on, never past
// the real time: sample posts are never from the future.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.now
	c.now = c.now.Add(time.Duration(1+c.rnd.IntN(15)) * time.Minute)
	if real := time.Now(); t.After(real) {
		return real
	}
	return t
}

// Account is a sample account and the passphrase it was given.
type Account struct {
	forum.Account
	Passphrase string
}

// Report says what Fill wrote.
type Report struct {
	Topics, Posts, Pending, Declined int
	Moderator                        Account
	Practitioners                    []Account
}

// Fill writes the sample threads into the first discussion forum of each
// group, by a dozen practitioners, approved by a sample moderator.
func Fill(ctx context.Context, st *store.Store, seed uint64) (Report, error) {
	w := &writer{st: st, rnd: rand.New(rand.NewPCG(seed, 7))}
	var err error
	if w.report.Moderator, err = w.account(forum.RoleModerator); err != nil {
		return w.report, err
	}
	for i := 0; i < 12; i++ {
		a, err := w.account(forum.RolePractitioner)
		if err != nil {
			return w.report, err
		}
		w.report.Practitioners = append(w.report.Practitioners, a)
	}
	groups, err := st.Groups(ctx)
	if err != nil {
		return w.report, err
	}
	for gi, g := range groups {
		f, ok := firstDiscussion(g)
		if !ok {
			continue
		}
		for ti, th := range Threads[g.Name] {
			// The last topic of every third group waits in the queue.
			pendingTopic := gi%3 == 0 && ti == len(Threads[g.Name])-1
			if err := w.thread(ctx, f, th, pendingTopic); err != nil {
				return w.report, fmt.Errorf("%s: %w", th.Title, err)
			}
		}
	}
	return w.report, nil
}

func firstDiscussion(g forum.Group) (forum.Forum, bool) {
	for _, f := range g.Forums {
		if f.Kind == forum.KindDiscussion {
			return f, true
		}
	}
	return forum.Forum{}, false
}

type writer struct {
	st     *store.Store
	rnd    *rand.Rand
	report Report
}

func (w *writer) account(role forum.Role) (Account, error) {
	pass := auth.NewPassphrase()
	hash, err := auth.HashPassphrase(pass)
	if err != nil {
		return Account{}, err
	}
	for tries := 0; ; tries++ {
		name := auth.NewPseudonym()
		if role == forum.RoleModerator {
			name = "Demo Moderator"
			if tries > 0 {
				name = fmt.Sprintf("Demo Moderator %d", tries+1)
			}
		}
		a, err := w.st.CreateAccount(context.Background(), name, role, hash)
		// A two-word pseudonym drawn twice: CreateAccount reports it as a
		// field error ("That pseudonym is taken"), as the sign-up form shows.
		if code := forum.ErrorCode(err); (code == forum.EINVALID || code == forum.ECONFLICT) && tries < 50 {
			continue
		}
		return Account{Account: a, Passphrase: pass}, err
	}
}

func (w *writer) practitioner() Account {
	return w.report.Practitioners[w.rnd.IntN(len(w.report.Practitioners))]
}

func (w *writer) thread(ctx context.Context, f forum.Forum, th Thread, pendingTopic bool) error {
	author := w.practitioner()
	c, err := w.st.CreateTopic(ctx, forum.NewTopic{ForumID: f.ID, AuthorID: author.ID, Title: th.Title,
		Body: th.Body, Anonymous: w.rnd.IntN(10) < 4})
	if err != nil {
		return err
	}
	w.report.Topics++
	w.report.Posts++
	if pendingTopic {
		w.report.Pending++
		return nil
	}
	if err := w.st.Approve(ctx, w.report.Moderator.Account, c.PostID); err != nil {
		return err
	}
	return w.replies(ctx, c.TopicID, nil, th.Replies)
}

// declineReason is the moderator's reason on the sample posts declined.
const declineReason = "Off-topic: this forum is for practice questions about this outcome."

// replies writes rs under parent (nil: under the topic). The last reply of a
// thread's top level waits for a moderator; one in eight is declined.
func (w *writer) replies(ctx context.Context, topicID int64, parent *int64, rs []Reply) error {
	for i, r := range rs {
		c, err := w.st.CreateReply(ctx, forum.NewReply{TopicID: topicID, ParentID: parent,
			AuthorID: w.practitioner().ID, Body: r.Body, Anonymous: w.rnd.IntN(10) < 3})
		if err != nil {
			return err
		}
		w.report.Posts++
		switch {
		case parent == nil && i == len(rs)-1 && len(r.Replies) == 0:
			w.report.Pending++
			continue
		case w.rnd.IntN(8) == 0 && len(r.Replies) == 0:
			w.report.Declined++
			if err := w.st.Decline(ctx, w.report.Moderator.Account, c.PostID, declineReason); err != nil {
				return err
			}
			continue
		}
		if err := w.st.Approve(ctx, w.report.Moderator.Account, c.PostID); err != nil {
			return err
		}
		id := c.PostID
		if err := w.replies(ctx, topicID, &id, r.Replies); err != nil {
			return err
		}
	}
	return nil
}
