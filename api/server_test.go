package api

import (
	"testing"

	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/internal/webtest"
)

// newServer returns a Server on a SQLite database in a temporary folder,
// with the official list of places and the published profiles.
func newServer(t *testing.T, configure ...func(*Config)) (*Server, webtest.Services) {
	t.Helper()
	svc := webtest.OpenSQLite(t)
	return webtest.MustNew(t, NewServer, Config{
		Logger: svc.Logger(), Submissions: svc.Submissions, Places: atlas.Places{}, Profiles: svc.Profiles,
		FormKey: webtest.FormKey(), Now: svc.Clock.Now,
	}, configure...), svc
}
