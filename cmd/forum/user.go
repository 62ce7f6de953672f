package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"forum/internal/auth"
	"forum/internal/forum"
)

func userAdd(ctx context.Context, e env, args []string) error {
	var pseudonym, role string
	cfg, _, err := parse("user add", e, args, func(fs *flag.FlagSet) {
		fs.StringVar(&pseudonym, "pseudonym", "", "the account's pseudonym")
		fs.StringVar(&role, "role", "practitioner", "practitioner, moderator, host or admin")
	})
	if err != nil {
		return err
	}
	if strings.TrimSpace(pseudonym) == "" {
		return usageError{"user add: --pseudonym is required"}
	}
	passphrase, err := readPassphrase(e)
	if err != nil {
		return err
	}
	na := forum.NewAccount{Pseudonym: pseudonym, Passphrase: passphrase, Role: forum.Role(role)}
	if err := na.Validate(); err != nil {
		var msgs []string
		for _, fe := range forum.FieldErrorsOf(err) {
			msgs = append(msgs, fe.Message)
		}
		return fmt.Errorf("user add: %s", strings.Join(msgs, "; "))
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := auth.HashPassphrase(na.Passphrase)
	if err != nil {
		return err
	}
	a, err := st.CreateAccount(ctx, na.Pseudonym, na.Role, hash)
	if err != nil {
		return fmt.Errorf("user add: %s", forum.ErrorMessage(err))
	}
	fmt.Fprintf(e.stdout, "created %s %q (account %d)\n", a.Role, a.Pseudonym, a.ID)
	return nil
}

// readPassphrase reads one line from standard input: without echo when it
// is a terminal, as is from a pipe.
func readPassphrase(e env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Passphrase (not shown): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	line, err := bufio.NewReaderSize(e.stdin, 4096).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("user add: no passphrase on standard input")
	}
	return line, nil
}
