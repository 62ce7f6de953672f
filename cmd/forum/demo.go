package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"forum/internal/config"
	"forum/internal/demo"
	"forum/internal/store"
)

func demoCmd(ctx context.Context, e env, args []string) error {
	var size demo.Size
	cfg, _, err := parse("demo", e, args, func(fs *flag.FlagSet) {
		fs.IntVar(&size.Groups, "groups", 0, "with --topics: at least this many groups")
		fs.IntVar(&size.Forums, "forums", 0, "with --topics: at least this many discussion forums")
		fs.IntVar(&size.Topics, "topics", 0, "generate this many topics (a large database for measuring)")
		fs.IntVar(&size.Posts, "posts", 0, "with --topics: this many posts in all")
	})
	if err != nil {
		return err
	}
	if size.Topics > 0 {
		if size.Posts < size.Topics {
			return usageError{"demo: --posts must be at least --topics (every topic has an opening post)"}
		}
		st, err := openStore(ctx, cfg)
		if err != nil {
			return err
		}
		defer st.Close()
		return demo.Generate(ctx, st, size, uint64(time.Now().UnixNano()), e.stdout)
	}
	seed := uint64(time.Now().UnixNano())
	clock := demo.NewClock(time.Now().Add(-7*24*time.Hour), seed)
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{Now: clock.Now})
	if err != nil {
		return config.DatabaseError(err)
	}
	defer st.Close()
	r, err := demo.Fill(ctx, st, seed)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(e.stdout, "demo: wrote %d topics and %d posts across the groups; %d wait in the moderation queue and %d were declined\n",
		r.Topics, r.Posts, r.Pending, r.Declined)
	fmt.Fprintf(e.stdout, "demo: sample moderator %q has the passphrase %q\n", r.Moderator.Pseudonym, r.Moderator.Passphrase)
	fmt.Fprintf(e.stdout, "demo: sample practitioner %q has the passphrase %q\n", r.Practitioners[0].Pseudonym, r.Practitioners[0].Passphrase)
	return nil
}
