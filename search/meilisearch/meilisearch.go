// Package meilisearch implements senderos.SearchIndex on a Meilisearch
// server. Indexing uses the admin key and searching a separate search-only
// key; Replace builds a new index beside the live one and swaps them, so
// searches always see a complete index under the same name.
package meilisearch

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	meili "github.com/meilisearch/meilisearch-go"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// DefaultIndex is the name of the live index when Config.Index is empty.
const DefaultIndex = "documents"

// primaryKey is the attribute holding each document's Meilisearch id. Our
// document ids ("es:/guide/") contain characters Meilisearch refuses in a
// primary key, so the key is derived from the id (see docKey).
const primaryKey = "key"

// locales maps each of search.Languages to the locale Meilisearch uses to
// tokenize it (ISO 639-3).
var locales = map[string]string{
	"es": "spa",
	"en": "eng",
	"fr": "fra",
	"ar": "ara",
}

// Config says where the server is and which keys to use. The admin key
// needs the actions indexes.create, indexes.get, indexes.delete,
// indexes.swap, settings.update, documents.add and tasks.get on Index and
// Index_*; the search key only search and stats.get (for Count) on Index.
type Config struct {
	URL       string // e.g. http://127.0.0.1:7700
	AdminKey  string // used only to index, change settings and swap indexes
	SearchKey string // used only to search and count
	Index     string // name of the live index; DefaultIndex if empty
}

// indexName is what Meilisearch accepts as an index uid.
var indexName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,400}$`)

// Validate fills defaults and reports a missing or malformed setting.
func (c *Config) Validate() error {
	if c.Index == "" {
		c.Index = DefaultIndex
	}
	if c.URL == "" {
		return fmt.Errorf("meilisearch: URL required")
	} else if !indexName.MatchString(c.Index) {
		return fmt.Errorf("meilisearch: invalid index name %q", c.Index)
	}
	return nil
}

// Index is a senderos.SearchIndex backed by Meilisearch.
type Index struct {
	admin  meili.ServiceManager // indexing, settings, swaps, tasks
	search meili.ServiceManager // searches only
	name   string               // live index

	poll      time.Duration // how often to poll a task
	batchSize int           // documents per addition task

	mu sync.Mutex // one Replace at a time
}

var _ senderos.SearchIndex = (*Index)(nil)

// Open connects to the server described by cfg and checks that it is
// available. It changes nothing on the server.
func Open(ctx context.Context, cfg Config) (*Index, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	idx := &Index{
		admin:     meili.New(cfg.URL, meili.WithAPIKey(cfg.AdminKey)),
		search:    meili.New(cfg.URL, meili.WithAPIKey(cfg.SearchKey)),
		name:      cfg.Index,
		poll:      50 * time.Millisecond,
		batchSize: 1000,
	}
	h, err := idx.search.Health(ctx)
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("meilisearch: health: %w", err)
	} else if h.Status != "available" {
		idx.Close()
		return nil, fmt.Errorf("meilisearch: server status %q", h.Status)
	}
	return idx, nil
}

// Close releases the clients' idle connections.
func (idx *Index) Close() error {
	idx.admin.Close()
	idx.search.Close()
	return nil
}

// Count returns how many documents the live index holds; 0 before the
// first Replace.
func (idx *Index) Count(ctx context.Context) (int, error) {
	st, err := idx.search.Index(idx.name).GetStats(ctx, nil)
	if isIndexNotFound(err) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("meilisearch: stats: %w", err)
	}
	return int(st.NumberOfDocuments), nil
}

// settings is the whole configuration of an index. Every text field exists
// once per language (title_es, title_ar…) so that localizedAttributes can
// tell Meilisearch which tokenizer to use for it.
func settings() *meili.Settings {
	var searchable []string
	for _, field := range []string{"title", "summary", "text"} {
		for _, lang := range search.Languages {
			searchable = append(searchable, field+"_"+lang)
		}
	}
	searchable = append(searchable, "topics")

	var localized []*meili.LocalizedAttributes
	for _, lang := range search.Languages {
		localized = append(localized, &meili.LocalizedAttributes{
			Locales:           []string{locales[lang]},
			AttributePatterns: []string{"title_" + lang, "summary_" + lang, "text_" + lang},
		})
	}

	return &meili.Settings{
		SearchableAttributes: searchable,
		FilterableAttributes: []string{"lang", "type", "topics", "province"},
		SortableAttributes:   []string{"date"},
		LocalizedAttributes:  localized,
		TypoTolerance: &meili.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meili.MinWordSizeForTypos{OneTypo: search.MinWordSizeOneTypo, TwoTypos: search.MinWordSizeTwoTypos},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
	}
}

// isIndexNotFound reports whether err is Meilisearch's index_not_found.
func isIndexNotFound(err error) bool {
	var e *meili.Error
	return errors.As(err, &e) && e.APIError.Code == meili.APIErrCodeIndexNotFound
}

// wait waits for a task and turns a failed or canceled task into an error:
// WaitForTask itself only fails when it cannot read the task.
func (idx *Index) wait(ctx context.Context, info *meili.TaskInfo) error {
	task, err := idx.admin.WaitForTask(ctx, info.TaskUID, idx.poll)
	if err != nil {
		return fmt.Errorf("meilisearch: wait for task %d: %w", info.TaskUID, err)
	}
	if task.Status != meili.TaskStatusSucceeded {
		return &TaskError{UID: task.UID, Type: string(task.Type), Status: string(task.Status),
			Code: string(task.Error.Code), Message: task.Error.Message}
	}
	return nil
}

// TaskError is a Meilisearch task that ended without succeeding.
type TaskError struct {
	UID     int64
	Type    string // e.g. documentAdditionOrUpdate
	Status  string // failed or canceled
	Code    string // Meilisearch error code, e.g. invalid_document_id
	Message string
}

// Error implements the error interface.
func (e *TaskError) Error() string {
	return fmt.Sprintf("meilisearch: task %d (%s) %s: %s: %s", e.UID, e.Type, e.Status, e.Code, e.Message)
}
