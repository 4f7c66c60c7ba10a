package meilisearch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	meili "github.com/meilisearch/meilisearch-go"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// Replace builds a new index named <live>_<timestamp> with the settings and
// docs, swaps it with the live index once every task has succeeded, and
// deletes the previous content. If anything fails before the swap the live
// index is left as it was and the new one is deleted.
func (idx *Index) Replace(ctx context.Context, docs []senderos.Document, progress func(done, total int)) error {
	idx.mu.Lock()
	defer idx.mu.Unlock()

	if err := search.ValidateDocuments(docs); err != nil {
		return err
	}
	records := make([]record, len(docs))
	for i, d := range docs {
		records[i] = newRecord(d)
	}

	next := idx.name + "_" + strings.Replace(time.Now().UTC().Format("20060102T150405.000000000"), ".", "", 1)
	if err := idx.build(ctx, next, records, progress); err != nil {
		return errors.Join(err, idx.drop(ctx, next))
	}
	if err := idx.ensureLive(ctx); err != nil {
		return errors.Join(err, idx.drop(ctx, next))
	}

	info, err := idx.admin.SwapIndexes(ctx, []*meili.SwapIndexesParams{{Indexes: []string{idx.name, next}}})
	if err != nil {
		return errors.Join(fmt.Errorf("meilisearch: swap indexes: %w", err), idx.drop(ctx, next))
	} else if err := idx.wait(ctx, info); err != nil {
		return errors.Join(err, idx.drop(ctx, next))
	}

	// After the swap, next holds what was live before.
	if err := idx.drop(ctx, next); err != nil {
		return fmt.Errorf("meilisearch: new documents are live, but the previous index was not deleted: %w", err)
	}
	return nil
}

// build creates the index uid, applies the settings and adds the records,
// waiting for every task.
func (idx *Index) build(ctx context.Context, uid string, records []record, progress func(done, total int)) error {
	info, err := idx.admin.CreateIndex(ctx, &meili.IndexConfig{Uid: uid, PrimaryKey: primaryKey})
	if err != nil {
		return fmt.Errorf("meilisearch: create index %s: %w", uid, err)
	} else if err := idx.wait(ctx, info); err != nil {
		return err
	}

	ix := idx.admin.Index(uid)
	if info, err = ix.UpdateSettings(ctx, settings()); err != nil {
		return fmt.Errorf("meilisearch: update settings of %s: %w", uid, err)
	} else if err := idx.wait(ctx, info); err != nil {
		return err
	}

	// Enqueue every batch before waiting so that Meilisearch can index
	// them together, then wait in order to report progress.
	pk := primaryKey
	var tasks []*meili.TaskInfo
	var sizes []int
	for start := 0; start < len(records); start += idx.batchSize {
		batch := records[start:min(start+idx.batchSize, len(records))]
		info, err := ix.AddDocuments(ctx, batch, &meili.DocumentOptions{PrimaryKey: &pk})
		if err != nil {
			return fmt.Errorf("meilisearch: add documents to %s: %w", uid, err)
		}
		tasks = append(tasks, info)
		sizes = append(sizes, len(batch))
	}
	done := 0
	if progress != nil {
		progress(done, len(records))
	}
	for i, info := range tasks {
		if err := idx.wait(ctx, info); err != nil {
			return err
		}
		done += sizes[i]
		if progress != nil {
			progress(done, len(records))
		}
	}
	return nil
}

// ensureLive creates the live index, with its settings, if it does not
// exist yet: swapping needs both indexes.
func (idx *Index) ensureLive(ctx context.Context) error {
	_, err := idx.admin.GetIndex(ctx, idx.name)
	if err == nil {
		return nil
	} else if !isIndexNotFound(err) {
		return fmt.Errorf("meilisearch: get index %s: %w", idx.name, err)
	}
	info, err := idx.admin.CreateIndex(ctx, &meili.IndexConfig{Uid: idx.name, PrimaryKey: primaryKey})
	if err != nil {
		return fmt.Errorf("meilisearch: create index %s: %w", idx.name, err)
	} else if err := idx.wait(ctx, info); err != nil {
		return err
	}
	if info, err = idx.admin.Index(idx.name).UpdateSettings(ctx, settings()); err != nil {
		return fmt.Errorf("meilisearch: update settings of %s: %w", idx.name, err)
	}
	return idx.wait(ctx, info)
}

// drop deletes the index uid and waits for it, even if ctx was canceled:
// an abandoned index would only take disk space.
func (idx *Index) drop(ctx context.Context, uid string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	info, err := idx.admin.DeleteIndex(ctx, uid)
	if isIndexNotFound(err) {
		return nil
	} else if err != nil {
		return fmt.Errorf("meilisearch: delete index %s: %w", uid, err)
	}
	err = idx.wait(ctx, info)
	if te := (*TaskError)(nil); errors.As(err, &te) && te.Code == string(meili.APIErrCodeIndexNotFound) {
		return nil
	}
	return err
}

// record is a Document as stored in Meilisearch: its text fields carry the
// language in their name (title_es) and its key is derived from its id.
type record map[string]any

// newRecord makes the record of a document validated by
// search.ValidateDocuments.
func newRecord(d senderos.Document) record {
	r := record{
		primaryKey: docKey(d.ID),
		"id":       d.ID,
		"type":     d.Type,
		"lang":     d.Lang,
		"url":      d.URL,
		"topics":   d.Topics,

		"title_" + d.Lang:   stripMarkers(d.Title),
		"summary_" + d.Lang: stripMarkers(d.Summary),
		"text_" + d.Lang:    stripMarkers(d.Text),
	}
	if d.Topics == nil {
		r["topics"] = []string{}
	}
	if d.Province != "" {
		r["province"] = d.Province // no empty value in the facets
	}
	if !d.Date.IsZero() {
		r["date"] = d.Date.Unix()
	}
	if d.Example {
		r["example"] = true
	}
	return r
}

// docKey is a valid Meilisearch document id for the document id.
func docKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}
