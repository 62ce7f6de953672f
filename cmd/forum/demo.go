package main

import (
	"context"
	"fmt"
	"time"

	"forum/internal/config"
	"forum/internal/demo"
	"forum/internal/store"
)

func demoCmd(ctx context.Context, e env, args []string) error {
	cfg, _, err := parse("demo", e, args, nil)
	if err != nil {
		return err
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
