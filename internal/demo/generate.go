package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"forum/internal/auth"
	"forum/internal/forum"
	"forum/internal/store"
)

// Size is how big a generated database is.
type Size struct {
	Groups, Forums, Topics, Posts int
}

// topicsPerBatch is how many topics (with their posts) one transaction loads.
const topicsPerBatch = 1000

// Generate writes a large, realistic database quickly: pseudonymous and
// anonymous authors, threaded replies, pinned topics, some posts pending or
// declined, words drawn from the practice vocabulary so that search has
// something to find. It reports progress to out.
func Generate(ctx context.Context, st *store.Store, size Size, seed uint64, out io.Writer) error {
	rnd := rand.New(rand.NewPCG(seed, 99))
	admin := forum.Account{Pseudonym: "Generator"}
	forums, err := ensureForums(ctx, st, admin, size)
	if err != nil {
		return err
	}
	authors, err := authorsFor(ctx, st, max(50, size.Topics/50), rnd)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: %d forums, %d authors; writing %d topics and %d posts\n", len(forums), len(authors), size.Topics, size.Posts)
	start := time.Now().Add(-365 * 24 * time.Hour)
	span := 364 * 24 * time.Hour
	postsLeft, topicsLeft := size.Posts, size.Topics
	began := time.Now()
	for written := 0; written < size.Topics; written += topicsPerBatch {
		n := min(topicsPerBatch, size.Topics-written)
		batch := make([]store.BulkTopic, 0, n)
		for i := 0; i < n; i++ {
			// Share the remaining posts out evenly, with spread; a few long
			// threads, as in real forums.
			mean := postsLeft / max(1, topicsLeft)
			count := max(1, mean/2+rnd.IntN(mean+1))
			if rnd.IntN(200) == 0 {
				count = 60 + rnd.IntN(40)
			}
			count = min(count, max(1, postsLeft-(topicsLeft-1)))
			at := start.Add(time.Duration(float64(span) * float64(written+i) / float64(size.Topics)))
			batch = append(batch, topic(rnd, forums[rnd.IntN(len(forums))], authors, count, at, i < 2 && written == 0))
			postsLeft -= count
			topicsLeft--
		}
		if err := st.BulkLoad(ctx, batch); err != nil {
			return err
		}
		// PostgreSQL plans each batch's statements with the statistics it
		// has, and on tables many times larger than when they were last
		// analysed its plans grew with the tables: the last batches of a
		// million posts took 30 s each, against 2.5 s once analysed.
		// Analysing whenever the tables have doubled keeps the plans right
		// for about ten ANALYZEs. (SQLite's plans here do not change.)
		if done := written/topicsPerBatch + 1; st.Dialect() == store.Postgres && done&(done-1) == 0 {
			if err := st.Analyze(ctx); err != nil {
				return err
			}
		}
		if (written/topicsPerBatch)%10 == 0 || written+n == size.Topics {
			fmt.Fprintf(out, "demo: %d/%d topics (%s)\n", written+n, size.Topics, time.Since(began).Round(time.Second))
		}
	}
	fmt.Fprintln(out, "demo: analysing and counting")
	// Statistics first: the counts' queries are planned with them.
	if err := st.Analyze(ctx); err != nil {
		return err
	}
	if err := st.RecountAll(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: done in %s\n", time.Since(began).Round(time.Second))
	return nil
}

func ensureForums(ctx context.Context, st *store.Store, admin forum.Account, size Size) ([]int64, error) {
	groups, err := st.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(groups); i < size.Groups; i++ {
		if _, err := st.CreateGroup(ctx, admin, forum.GroupEdit{Name: fmt.Sprintf("Sample group %d", i+1)}); err != nil {
			return nil, err
		}
	}
	if groups, err = st.Groups(ctx); err != nil {
		return nil, err
	}
	var ids []int64
	for _, g := range groups {
		for _, f := range g.Forums {
			if f.Kind == forum.KindDiscussion {
				ids = append(ids, f.ID)
			}
		}
	}
	for i := 0; len(ids) < size.Forums; i++ {
		g := groups[i%len(groups)]
		id, err := st.CreateForum(ctx, admin, forum.ForumEdit{GroupID: g.ID, Name: fmt.Sprintf("Practice questions %d", i+1),
			Description: "Generated for measuring.", Kind: forum.KindDiscussion, Anonymity: forum.AnonAllowed})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func authorsFor(ctx context.Context, st *store.Store, n int, rnd *rand.Rand) ([]int64, error) {
	hash, err := auth.HashPassphrase(auth.NewPassphrase())
	if err != nil {
		return nil, err
	}
	var ids []int64
	for i := 0; len(ids) < n; i++ {
		name := fmt.Sprintf("%s %d", auth.NewPseudonym(), rnd.IntN(100000))
		a, err := st.CreateAccount(ctx, name, forum.RolePractitioner, hash)
		if forum.ErrorCode(err) == forum.EINVALID || forum.ErrorCode(err) == forum.ECONFLICT {
			continue // a pseudonym drawn twice
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, a.ID)
	}
	return ids, nil
}

func topic(rnd *rand.Rand, forumID int64, authors []int64, posts int, at time.Time, pinned bool) store.BulkTopic {
	status := func() forum.PostStatus {
		switch r := rnd.IntN(1000); {
		case r < 15:
			return forum.StatusPending
		case r < 25:
			return forum.StatusDeclined
		case r < 30:
			return forum.StatusHidden
		}
		return forum.StatusApproved
	}
	t := store.BulkTopic{ForumID: forumID, Title: title(rnd), Pinned: pinned, CreatedAt: at}
	opening := status()
	if opening == forum.StatusHidden {
		opening = forum.StatusApproved
	}
	for i := 0; i < posts; i++ {
		p := store.BulkPost{AuthorID: authors[rnd.IntN(len(authors))], Anonymous: rnd.IntN(10) < 3,
			Status: status(), Body: body(rnd), Parent: -1, CreatedAt: at.Add(time.Duration(i) * 17 * time.Minute)}
		if i == 0 {
			p.Status = opening
		} else if opening != forum.StatusApproved {
			break // no replies to a topic nobody can see
		} else if rnd.IntN(3) > 0 {
			p.Parent = rnd.IntN(i)
		}
		t.Posts = append(t.Posts, p)
	}
	return t
}

func sentence(rnd *rand.Rand, words int) string {
	w := make([]string, words)
	for i := range w {
		w[i] = Words[rnd.IntN(len(Words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func title(rnd *rand.Rand) string {
	s := sentence(rnd, 4+rnd.IntN(6))
	return strings.TrimSuffix(s, ".") + "?"
}

func body(rnd *rand.Rand) string {
	var b strings.Builder
	for p := 0; p < 1+rnd.IntN(3); p++ {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for s := 0; s < 1+rnd.IntN(4); s++ {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentence(rnd, 6+rnd.IntN(12)))
		}
	}
	return b.String()
}
