package main

import (
	"context"
	"fmt"
)

func migrate(ctx context.Context, e env, args []string) error {
	cfg, _, err := parse("migrate", e, args, nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "schema is up to date (version %d, %s)\n", v, st.Dialect())
	return nil
}
