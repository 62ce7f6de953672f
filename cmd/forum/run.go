package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"forum/internal/config"
	"forum/internal/store"
)

const usage = `Usage: forum [command] [flags]

Commands:
  serve              run the web server (the default)
  migrate            bring the database schema up to date and exit
  user add           create an account; the passphrase is read from standard input
                       --pseudonym NAME --role practitioner|moderator|host|admin
  backup FILE        write a consistent copy of a SQLite database to FILE
                       --force to replace FILE
  demo               fill the database with sample topics and posts

Settings (a flag wins over the environment):
  -addr         FORUM_ADDR          address to serve on (default :8080)
  -db           FORUM_DATABASE_URL  sqlite:PATH or postgres://… (default sqlite:forum.db)
  -public-read  FORUM_PUBLIC_READ   visitors may read approved posts (default true)
  -base-url     FORUM_BASE_URL      the forum's public URL; https makes cookies Secure (default http://localhost:PORT)
  -trusted-proxies FORUM_TRUSTED_PROXIES  networks whose X-Forwarded-For to trust (default none)
  -post-rate    FORUM_POST_RATE     forms a second one client may send after a burst of 30; 0 is off (default 2)
  -time-zone    FORUM_TIME_ZONE     where dates are shown (default Europe/London)
  -metrics-addr FORUM_METRICS_ADDR  address to serve /metrics on, apart from the forum (default 127.0.0.1:9090)
`

// env is what a command gets from the process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

// errHelpShown ends a command whose flags asked for help, which has been
// printed: nothing went wrong, so the program exits 0 and says no more.
var errHelpShown = errors.New("help shown")

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// run parses the command line and runs one command.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, e, args)
	case "migrate":
		return migrate(ctx, e, args)
	case "user":
		if len(args) == 0 || args[0] != "add" {
			return usageError{"user: the only subcommand is 'user add'"}
		}
		return userAdd(ctx, e, args[1:])
	case "backup":
		return backup(ctx, e, args)
	case "demo":
		return demoCmd(ctx, e, args)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q (try 'forum help')", cmd)}
}

// parse reads the settings and a command's own flags from args.
func parse(name string, e env, args []string, own func(fs *flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	settings := config.Register(fs)
	if own != nil {
		own(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, usage)
			return config.Config{}, nil, errHelpShown
		}
		return config.Config{}, nil, usageError{name + ": " + err.Error()}
	}
	cfg, err := settings.Resolve(fs, e.getenv)
	return cfg, fs, err
}

// openStore opens the database, reporting failure as a bad setting.
func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	s, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return nil, config.DatabaseError(err)
	}
	return s, nil
}
