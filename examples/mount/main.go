// Command mount shows how an existing city application mounts the
// go-socialsvc API into what it already runs: under its own path prefix
// (/socialsvc/), behind its own login, with its own users mapped to the
// API's roles. The API keeps no state of its own, so the same handler can
// run in as many instances as the application does.
//
//	go run ./examples/mount
//	curl localhost:8090/socialsvc/api/v1/projects/social-atelier
//	curl -b city_session=s-ana localhost:8090/socialsvc/api/v1/me
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/zajednica/go-socialsvc/socialsvc"
	"github.com/zajednica/go-socialsvc/socialsvc/demo"
	"github.com/zajednica/go-socialsvc/socialsvc/httpapi"
	"github.com/zajednica/go-socialsvc/socialsvc/store"
	"github.com/zajednica/go-socialsvc/socialsvc/store/memory"
)

// cityUser is a user of the city application, as its own user directory
// describes them: a department and what they may do there.
type cityUser struct {
	Login   string
	Dept    string
	Manager bool
}

// The city application's sessions and users. A real application has a
// session store and a directory (LDAP, OIDC ...); the mapping below is
// the part that matters.
var (
	sessions = map[string]string{"s-ana": "ana", "s-ivo": "ivo", "s-it": "it-admin"}
	users    = map[string]cityUser{
		"ana":      {Login: "ana", Dept: "dkolektiv", Manager: true}, // project manager at the NGO partner
		"ivo":      {Login: "ivo", Dept: "k-zona"},                   // staff who reads reports
		"it-admin": {Login: "it-admin", Dept: "it", Manager: true},
	}
)

type userKey struct{}

// cityAuth is the application's own authentication middleware: it finds
// the user of the session cookie, or none.
func cityAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("city_session"); err == nil {
			if u, ok := users[sessions[c.Value]]; ok {
				r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// principal maps a city user to the API's roles: IT administrators are
// admins, managers edit their department's projects (as far as its role in
// each project allows: store.Role), other staff view
// them, and requests without a session are anonymous (published data
// only).
func principal(r *http.Request) (httpapi.Principal, error) {
	u, ok := r.Context().Value(userKey{}).(cityUser)
	if !ok {
		return httpapi.Principal{}, nil
	}
	p := httpapi.Principal{ID: "city:" + u.Login, Name: u.Login}
	switch {
	case u.Dept == "it":
		p.Role = httpapi.RoleAdmin
	case u.Manager:
		p.Role, p.OrgID = httpapi.RoleEditor, socialsvc.OrgID(u.Dept)
	default:
		p.Role, p.OrgID = httpapi.RoleViewer, socialsvc.OrgID(u.Dept)
	}
	return p, nil
}

// newApp is the city application: its own pages, and the API under
// /socialsvc/.
func newApp(s store.Store) http.Handler {
	api := httpapi.New(httpapi.Options{Store: s, Authenticate: principal, Prefix: "/socialsvc"})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "City intranet. Social services: /socialsvc/")
	})
	mux.Handle("/socialsvc/", http.StripPrefix("/socialsvc", api))
	return cityAuth(mux)
}

func main() {
	ctx := context.Background()
	s := memory.New()
	if err := demo.Load(ctx, s, demo.Seed()); err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: "127.0.0.1:8090", Handler: newApp(s), ReadHeaderTimeout: 5 * time.Second}
	log.Printf("city application on http://%s/ (API under /socialsvc/)", srv.Addr)
	log.Fatal(srv.ListenAndServe())
}
