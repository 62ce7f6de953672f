package main

import (
	"context"
	"flag"
	"fmt"
)

func backup(ctx context.Context, e env, args []string) error {
	var force bool
	// The file may come before or after the flags.
	var file string
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	cfg, fs, err := parse("backup", e, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&force, "force", false, "replace FILE if it exists")
	})
	if err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" || fs.NArg() > 1 {
		return usageError{"backup: name one file to write, as in 'forum backup forum-copy.db'"}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, file, force); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "wrote a consistent copy of the database to %s\n", file)
	return nil
}
