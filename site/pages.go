package site

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Dir is a folder holding the built site. It gives the API the site's own
// pages (the forms and their thank-you pages) to answer in the site's look.
type Dir string

// Page returns the HTML of the page at a URL path such as /ar/move/form/.
func (d Dir) Page(urlPath string) ([]byte, error) {
	clean := path.Clean("/" + urlPath)
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(clean), "index.html"))
}

// Remote fetches the built pages from where the site is published, for an
// API that runs apart from the site. Pages are kept for TTL.
type Remote struct {
	BaseURL string // e.g. https://nuevossenderos.example
	Client  *http.Client
	TTL     time.Duration

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	body []byte
	at   time.Time
}

// Page fetches the page at a URL path, or returns the copy fetched within TTL.
func (r *Remote) Page(urlPath string) ([]byte, error) {
	clean := path.Clean("/"+urlPath) + "/"
	r.mu.Lock()
	if c, ok := r.cache[clean]; ok && time.Since(c.at) < r.TTL {
		r.mu.Unlock()
		return c.body, nil
	}
	r.mu.Unlock()
	client := r.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	res, err := client.Get(strings.TrimSuffix(r.BaseURL, "/") + clean)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("site: GET %s: %s", clean, res.Status)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.cache == nil {
		r.cache = map[string]cached{}
	}
	r.cache[clean] = cached{body: body, at: time.Now()}
	r.mu.Unlock()
	return body, nil
}
