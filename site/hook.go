package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// hookTimeout bounds a build hook call when neither the context nor the
// client sets a shorter one.
const hookTimeout = 15 * time.Second

// BuildHook asks a hosting service to rebuild the site, e.g. a Netlify
// build hook after a municipality profile is published: the build then
// reads the published profiles from the API.
type BuildHook struct {
	// URL is the hook's secret address; it is never put in an error.
	URL string
	// Client sends the request; nil uses http.DefaultClient.
	Client *http.Client
}

// Trigger POSTs an empty body to the hook. A response other than 2xx is
// an error.
func (h *BuildHook) Trigger(ctx context.Context) error {
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("site: the build hook is not an absolute http(s) URL")
	}
	ctx, cancel := context.WithTimeout(ctx, hookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, http.NoBody)
	if err != nil {
		return fmt.Errorf("site: build hook: %w", err)
	}
	client := h.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// A *url.Error repeats the URL, which holds the hook's secret.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("site: build hook at %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("site: build hook at %s answered %s", u.Host, resp.Status)
	}
	return nil
}
