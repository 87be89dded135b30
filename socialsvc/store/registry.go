package store

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/zajednica/go-socialsvc/socialsvc"
)

// OpenFunc opens a store for a parsed URL.
type OpenFunc func(ctx context.Context, u *url.URL) (Store, error)

var (
	driversMu sync.RWMutex
	drivers   = map[string]OpenFunc{}
)

// Register makes a driver available to Open under a URL scheme. Drivers
// call it from init, as database/sql drivers do; registering a scheme twice
// panics because it is a programming error.
func Register(scheme string, open OpenFunc) {
	driversMu.Lock()
	defer driversMu.Unlock()
	if _, dup := drivers[scheme]; dup {
		panic("store: Register called twice for scheme " + scheme)
	}
	drivers[scheme] = open
}

// Schemes lists the registered URL schemes.
func Schemes() []string {
	driversMu.RLock()
	defer driversMu.RUnlock()
	out := make([]string, 0, len(drivers))
	for s := range drivers {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Open opens the store named by rawURL: memory://, sqlite:///path/file.db,
// sqlite://:memory:, postgres://... The driver package must be imported
// (for its side effect) by the program.
func Open(ctx context.Context, rawURL string) (Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		return nil, socialsvc.FieldErr("db", "url", "err.db.url")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme == "postgresql" {
		scheme = "postgres"
	}
	driversMu.RLock()
	open, ok := drivers[scheme]
	driversMu.RUnlock()
	if !ok {
		return nil, socialsvc.Errorf(socialsvc.Invalid, "no store driver for scheme %q (registered: %s); import the driver package", scheme, strings.Join(Schemes(), ", "))
	}
	return open(ctx, u)
}
