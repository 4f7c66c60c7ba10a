package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search/bleve"
	"github.com/cepaim/senderos/search/meilisearch"
	"github.com/cepaim/senderos/site"
)

// openSearch opens Meilisearch when a URL is configured, else the
// embedded index in the data directory.
func (m *Main) openSearch(ctx context.Context) (senderos.SearchIndex, error) {
	if m.Config.MeiliURL != "" {
		m.step("Connecting to Meilisearch at %s…", m.Config.MeiliURL)
		return meilisearch.Open(ctx, meilisearch.Config{
			URL: m.Config.MeiliURL, AdminKey: m.Config.MeiliKey, SearchKey: m.Config.MeiliSearchKey,
		})
	}
	dir := filepath.Join(m.Config.DataDir, "search")
	m.step("Opening the embedded search index at %s…", dir)
	return bleve.Open(dir)
}

// siteDocuments reads the search documents the site build emitted, one
// file per language, and a fingerprint of them.
func siteDocuments(public string) ([]senderos.Document, string, error) {
	var docs []senderos.Document
	h := sha256.New()
	for _, l := range site.Languages {
		path := filepath.Join(public, "search.json")
		if l != site.Languages[0] {
			path = filepath.Join(public, l, "search.json")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, "", fmt.Errorf("search documents: %w (build the site first)", err)
		}
		h.Write(data)
		var part []senderos.Document
		if err := json.Unmarshal(data, &part); err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		docs = append(docs, part...)
	}
	return docs, hex.EncodeToString(h.Sum(nil)), nil
}

// indexSite (re)indexes the built site when its documents changed since
// the last time, or when force is set, showing progress.
func (m *Main) indexSite(ctx context.Context, idx senderos.SearchIndex, public string, force bool) error {
	docs, fingerprint, err := siteDocuments(public)
	if err != nil {
		return err
	}
	stamp := filepath.Join(m.Config.DataDir, "search.fingerprint")
	if !force && m.Config.MeiliURL == "" {
		if prev, err := os.ReadFile(stamp); err == nil && strings.TrimSpace(string(prev)) == fingerprint {
			if n, err := idx.Count(ctx); err == nil && n == len(docs) {
				m.step("The search index is up to date (%d documents).", n)
				return nil
			}
		}
	}
	start := time.Now()
	bar := &progressBar{out: m.Out, label: "Indexing"}
	if err := idx.Replace(ctx, docs, bar.update); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	bar.done()
	perLang := map[string]int{}
	for _, d := range docs {
		perLang[d.Lang]++
	}
	var parts []string
	for _, l := range site.Languages {
		parts = append(parts, fmt.Sprintf("%s %d", l, perLang[l]))
	}
	m.step("Indexed %d documents (%s) in %s.", len(docs), strings.Join(parts, ", "), time.Since(start).Round(time.Millisecond))
	if m.Config.MeiliURL == "" {
		if err := os.WriteFile(stamp, []byte(fingerprint+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// progressBar draws "Indexing [#####.....] 512/1024" on one line.
type progressBar struct {
	out   io.Writer
	label string
	last  time.Time
	total int
}

func (p *progressBar) update(done, total int) {
	p.total = total
	if done < total && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	fmt.Fprintf(p.out, "\r  %s [%s%s] %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
}

func (p *progressBar) done() {
	if p.total > 0 {
		fmt.Fprintln(p.out)
	}
}

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := &Main{Out: stdout}
	fs := newFlagSet("index", "(Re)index the search documents of the built site (data/public, or --site) in the\nembedded index, or in Meilisearch when --meilisearch-url is set. Builds the site first if needed.", stderr)
	m.Config.bind(fs, true)
	public := fs.String("site", "", "folder of the built site (default: data/public, built if missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := m.Config.Validate(); err != nil {
		return err
	}
	m.Logger = newLogger(stderr, m.Config.LogLevel)
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return err
	}
	if *public == "" {
		*public = filepath.Join(m.Config.DataDir, "public")
		if _, err := os.Stat(filepath.Join(*public, "search.json")); errors.Is(err, os.ErrNotExist) {
			if err := m.buildSite(ctx, *public, "", ""); err != nil {
				return err
			}
		}
	}
	idx, err := m.openSearch(ctx)
	if err != nil {
		return err
	}
	defer idx.Close()
	return m.indexSite(ctx, idx, *public, true)
}
