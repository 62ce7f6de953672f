package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func resolve(args []string, env map[string]string) (Config, error) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := Register(fs)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	return f.Resolve(fs, func(k string) string { return env[k] })
}

func TestDefaultsEnvironmentAndFlags(t *testing.T) {
	c, err := resolve(nil, nil)
	if err != nil || c.Addr != ":8080" || c.DatabaseURL != "sqlite:forum.db" || !c.PublicRead || c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("defaults = %+v, %v", c, err)
	}
	env := map[string]string{"FORUM_ADDR": "127.0.0.1:9000", "FORUM_DATABASE_URL": "postgres://u@h/db", "FORUM_PUBLIC_READ": "false",
		"FORUM_METRICS_ADDR": "10.0.0.5:9100"}
	c, err = resolve(nil, env)
	if err != nil || c.Addr != "127.0.0.1:9000" || c.DatabaseURL != "postgres://u@h/db" || c.PublicRead || c.MetricsAddr != "10.0.0.5:9100" {
		t.Errorf("from environment = %+v, %v", c, err)
	}
	c, err = resolve([]string{"-addr", ":7000", "-public-read=true", "-metrics-addr", "127.0.0.1:0"}, env)
	if err != nil || c.Addr != ":7000" || !c.PublicRead || c.DatabaseURL != "postgres://u@h/db" || c.MetricsAddr != "127.0.0.1:0" {
		t.Errorf("flags over environment = %+v, %v", c, err)
	}
}

func TestBadSettingsNameTheSetting(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"FORUM_ADDR": "localhost"}, "FORUM_ADDR (-addr):"},
		{map[string]string{"FORUM_ADDR": ":99999"}, `FORUM_ADDR (-addr): "99999" is not a port number`},
		{map[string]string{"FORUM_DATABASE_URL": "mysql://x"}, `FORUM_DATABASE_URL (-db): unknown database scheme "mysql"`},
		{map[string]string{"FORUM_DATABASE_URL": "sqlite:"}, "FORUM_DATABASE_URL (-db): sqlite URL needs a file path"},
		{map[string]string{"FORUM_DATABASE_URL": "postgres://"}, "FORUM_DATABASE_URL (-db): not a valid PostgreSQL URL"},
		{map[string]string{"FORUM_PUBLIC_READ": "yes please"}, `FORUM_PUBLIC_READ (-public-read): "yes please" is not true or false`},
		{map[string]string{"FORUM_METRICS_ADDR": "9090"}, `FORUM_METRICS_ADDR (-metrics-addr): "9090" is not host:port`},
		{map[string]string{"FORUM_METRICS_ADDR": "127.0.0.1:90000"}, `FORUM_METRICS_ADDR (-metrics-addr): "90000" is not a port number`},
		{map[string]string{"FORUM_ADDR": ":8080", "FORUM_METRICS_ADDR": ":8080"}, `FORUM_METRICS_ADDR (-metrics-addr): ":8080" is the forum's own address`},
	}
	for _, c := range cases {
		_, err := resolve(nil, c.env)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want prefix %q", c.env, err, c.want)
		}
	}
}
