// Package config reads the forum's settings from flags and the environment.
// A flag wins over the environment, which wins over the default, and a bad
// value stops the program with one line naming the setting and the reason.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones even on a machine without zoneinfo

	"forum/internal/dburl"
)

// Config is every setting of the forum, checked.
type Config struct {
	Addr        string
	DatabaseURL string
	PublicRead  bool
	// BaseURL is the forum's address as people reach it. An https URL
	// makes cookies Secure with the __Host- prefix.
	BaseURL string
	// TrustedProxies are the networks whose X-Forwarded-For is believed.
	TrustedProxies []*net.IPNet
	// PostRate is how many forms a second one client may send (a burst
	// of 30 on top); 0 turns the limit off, for benchmarks.
	PostRate float64
	// TimeZone is where dates are shown.
	TimeZone *time.Location
	// MetricsAddr is where /metrics is served, on a listener of its own:
	// counts by route say how many posts wait, reveals are asked for and
	// accounts are erased, which is for the operator, not the public.
	MetricsAddr string
}

// setting is one setting: its variable, its flag and its default.
type setting struct {
	env, flag, def, usage string
	value                 *string
}

// Flags registers the settings on fs and returns what Resolve needs later.
type Flags struct {
	settings []*setting
}

// Register adds the forum's settings as flags on fs.
func Register(fs *flag.FlagSet) *Flags {
	f := &Flags{settings: []*setting{
		{env: "FORUM_ADDR", flag: "addr", def: ":8080", usage: "address to serve on"},
		{env: "FORUM_DATABASE_URL", flag: "db", def: "sqlite:forum.db", usage: "database: sqlite:PATH or postgres://…"},
		{env: "FORUM_PUBLIC_READ", flag: "public-read", def: "true", usage: "let visitors who are not signed in read approved posts"},
		{env: "FORUM_BASE_URL", flag: "base-url", def: "", usage: "the forum's public URL, e.g. https://forum.example.org (default http://localhost:PORT)"},
		{env: "FORUM_TRUSTED_PROXIES", flag: "trusted-proxies", def: "", usage: "comma-separated networks of reverse proxies whose X-Forwarded-For to trust"},
		{env: "FORUM_POST_RATE", flag: "post-rate", def: "2", usage: "forms per second one client may send, after a burst of 30; 0 turns the limit off"},
		{env: "FORUM_TIME_ZONE", flag: "time-zone", def: "Europe/London", usage: "the time zone dates are shown in"},
		{env: "FORUM_METRICS_ADDR", flag: "metrics-addr", def: "127.0.0.1:9090", usage: "address to serve /metrics on, apart from the forum"},
	}}
	for _, s := range f.settings {
		s.value = fs.String(s.flag, s.def, s.usage+" (env "+s.env+")")
	}
	return f
}

// SettingError names the setting that is wrong and says why.
type SettingError struct {
	Env, Flag string
	Reason    string
}

func (e *SettingError) Error() string {
	return fmt.Sprintf("%s (-%s): %s", e.Env, e.Flag, e.Reason)
}

// Resolve picks each setting's value (flag, then environment, then default)
// and checks it. Call it after fs.Parse.
func (f *Flags) Resolve(fs *flag.FlagSet, getenv func(string) string) (Config, error) {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	values := map[string]string{}
	for _, s := range f.settings {
		v := *s.value
		if !set[s.flag] {
			if env := getenv(s.env); env != "" {
				v = env
			}
		}
		values[s.env] = v
	}
	var c Config
	var err error
	bad := func(env, reason string) error {
		for _, s := range f.settings {
			if s.env == env {
				return &SettingError{Env: s.env, Flag: s.flag, Reason: reason}
			}
		}
		return fmt.Errorf("%s: %s", env, reason)
	}
	c.Addr = values["FORUM_ADDR"]
	if reason := addrProblem(c.Addr); reason != "" {
		return c, bad("FORUM_ADDR", reason)
	}
	c.DatabaseURL = values["FORUM_DATABASE_URL"]
	if _, _, err := dburl.Parse(c.DatabaseURL); err != nil {
		return c, bad("FORUM_DATABASE_URL", err.Error())
	}
	if c.PublicRead, err = strconv.ParseBool(values["FORUM_PUBLIC_READ"]); err != nil {
		return c, bad("FORUM_PUBLIC_READ", fmt.Sprintf("%q is not true or false", values["FORUM_PUBLIC_READ"]))
	}
	if c.BaseURL, err = baseURL(values["FORUM_BASE_URL"], c.Addr); err != nil {
		return c, bad("FORUM_BASE_URL", err.Error())
	}
	for _, cidr := range strings.Split(values["FORUM_TRUSTED_PROXIES"], ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return c, bad("FORUM_TRUSTED_PROXIES", fmt.Sprintf("%q is not a network such as 10.0.0.0/8", cidr))
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	if c.PostRate, err = strconv.ParseFloat(values["FORUM_POST_RATE"], 64); err != nil || c.PostRate < 0 {
		return c, bad("FORUM_POST_RATE", fmt.Sprintf("%q is not a number of forms a second (0 or more)", values["FORUM_POST_RATE"]))
	}
	if c.TimeZone, err = time.LoadLocation(values["FORUM_TIME_ZONE"]); err != nil {
		return c, bad("FORUM_TIME_ZONE", fmt.Sprintf("%q is not a time zone such as Europe/London", values["FORUM_TIME_ZONE"]))
	}
	c.MetricsAddr = values["FORUM_METRICS_ADDR"]
	if reason := addrProblem(c.MetricsAddr); reason != "" {
		return c, bad("FORUM_METRICS_ADDR", reason)
	}
	if c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		return c, bad("FORUM_METRICS_ADDR", fmt.Sprintf("%q is the forum's own address (FORUM_ADDR); metrics need one of their own", c.MetricsAddr))
	}
	return c, nil
}

// ListenError is a SettingError for the forum's address that cannot be bound.
func ListenError(addr string, err error) error {
	return listenError("FORUM_ADDR", "addr", addr, err)
}

// MetricsListenError is a SettingError for a metrics address that cannot
// be bound.
func MetricsListenError(addr string, err error) error {
	return listenError("FORUM_METRICS_ADDR", "metrics-addr", addr, err)
}

func listenError(env, flag, addr string, err error) error {
	reason := err.Error()
	if i := strings.LastIndex(reason, ": "); i >= 0 {
		reason = reason[i+2:]
	}
	return &SettingError{Env: env, Flag: flag, Reason: fmt.Sprintf("cannot listen on %s: %s", addr, reason)}
}

// DatabaseError is a SettingError for a database that cannot be opened.
func DatabaseError(err error) error {
	return &SettingError{Env: "FORUM_DATABASE_URL", Flag: "db", Reason: err.Error()}
}

func baseURL(raw, addr string) (string, error) {
	if raw == "" {
		_, port, _ := net.SplitHostPort(addr)
		return "http://localhost:" + port, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q is not an http or https URL such as https://forum.example.org", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// Secure reports whether the forum is served over HTTPS.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func addrProblem(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("%q is not host:port (for example :8080 or 127.0.0.1:8080)", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Sprintf("%q is not a port number", port)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Sprintf("%q is not a host name or address", host)
	}
	return ""
}
