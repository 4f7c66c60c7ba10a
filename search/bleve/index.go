// Package bleve is the embedded search index of the portal: a
// senderos.SearchIndex kept in a directory with Bleve, for a portal that
// runs without a search server.
//
// Each language has its own analysed fields, with stemming, accent folding
// and Arabic normalisation (search.Normalize). A document matches when it
// has every word of the query: its stem, or the stem of an indexed word
// within the typos allowed (search.Fuzziness), which counts less; matches
// in the title weigh most. The directory holds one Bleve index per generation
// and a "current" file naming the one in use: Replace builds the next
// generation beside it and switches by renaming the pointer file into place.
package bleve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/search"
)

// BatchSize is how many documents Replace indexes between two calls of its
// progress callback.
const BatchSize = 500

const (
	currentFile = "current" // holds the name of the generation in use
	genPrefix   = "index-"  // generations are subdirectories index-<time>-<random>
)

// errClosed is returned by the methods of a closed Index.
var errClosed = errors.New("search index is closed")

// Index is a senderos.SearchIndex stored in a directory.
type Index struct {
	dir string

	replacing sync.Mutex // one Replace at a time

	// mu guards idx and gen. Searches hold it for reading while they run,
	// so Replace switches generations (and closes the old one) only
	// between searches.
	mu  sync.RWMutex
	idx blevesearch.Index // nil once closed
	gen string

	typos typoCache // per generation, language and query word
}

var _ senderos.SearchIndex = (*Index)(nil)

// Open opens the index kept in dir, creating dir and an empty index if
// needed. Generations left over by an interrupted Replace are removed.
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create search directory: %w", err)
	}
	gen, err := readCurrent(dir)
	var idx blevesearch.Index
	switch {
	case errors.Is(err, fs.ErrNotExist):
		gen, idx, err = create(dir)
		if err != nil {
			return nil, err
		}
		if err := writeCurrent(dir, gen); err != nil {
			return nil, errors.Join(err, idx.Close())
		}
	case err != nil:
		return nil, err
	default:
		idx, err = blevesearch.Open(filepath.Join(dir, gen))
		if err != nil {
			return nil, fmt.Errorf("open search index %s: %w", gen, err)
		}
	}
	if err := removeGenerations(dir, gen); err != nil {
		return nil, errors.Join(err, idx.Close())
	}
	return &Index{dir: dir, idx: idx, gen: gen}, nil
}

// Replace indexes docs into a new generation and switches to it once
// complete; until then searches use the previous one. It returns EINVALID,
// leaving the index as it was, when a document has no ID, a duplicate ID,
// or an unknown language or type. progress is called after each batch of
// BatchSize documents, last with (len(docs), len(docs)).
func (x *Index) Replace(ctx context.Context, docs []senderos.Document, progress func(done, total int)) error {
	if err := search.ValidateDocuments(docs); err != nil {
		return err
	}
	x.replacing.Lock()
	defer x.replacing.Unlock()

	gen, idx, err := build(ctx, x.dir, docs, progress)
	if err != nil {
		return err
	}
	if err := writeCurrent(x.dir, gen); err != nil {
		return errors.Join(err, idx.Close(), os.RemoveAll(filepath.Join(x.dir, gen)))
	}

	x.mu.Lock()
	old, oldGen := x.idx, x.gen
	if old == nil { // closed meanwhile; the next Open uses the new generation
		x.mu.Unlock()
		return errors.Join(errClosed, idx.Close())
	}
	x.idx, x.gen = idx, gen
	x.mu.Unlock()
	x.typos.reset() // they were the previous generation's

	if err := old.Close(); err != nil {
		return fmt.Errorf("close previous search index: %w", err)
	}
	if err := os.RemoveAll(filepath.Join(x.dir, oldGen)); err != nil {
		return fmt.Errorf("remove previous search index: %w", err)
	}
	return nil
}

// Count returns how many documents the index holds.
func (x *Index) Count(ctx context.Context) (int, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return 0, errClosed
	}
	n, err := x.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return int(n), nil
}

// Close closes the index, after the searches under way.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return nil
	}
	err := x.idx.Close()
	x.idx = nil
	return err
}

// build indexes docs in a new generation of dir, closed and reopened so
// that it is all on disk.
func build(ctx context.Context, dir string, docs []senderos.Document, progress func(done, total int)) (gen string, idx blevesearch.Index, err error) {
	gen, idx, err = create(dir)
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, gen)
	defer func() {
		if err != nil {
			if idx != nil {
				err = errors.Join(err, idx.Close())
			}
			err = errors.Join(err, os.RemoveAll(path))
			idx = nil
		}
	}()

	batch := idx.NewBatch()
	for i, d := range docs {
		m, err := indexed(d)
		if err != nil {
			return "", idx, err
		}
		if err := batch.Index(d.ID, m); err != nil {
			return "", idx, fmt.Errorf("index document %q: %w", d.ID, err)
		}
		if batch.Size() < BatchSize && i < len(docs)-1 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return "", idx, err
		}
		if err := idx.Batch(batch); err != nil {
			return "", idx, fmt.Errorf("index batch: %w", err)
		}
		batch.Reset()
		if progress != nil {
			progress(i+1, len(docs))
		}
	}
	if len(docs) == 0 && progress != nil {
		progress(0, 0)
	}

	// One segment makes searches faster than the few that batches leave.
	adv, err := idx.Advanced()
	if err != nil {
		return "", idx, fmt.Errorf("merge new search index: %w", err)
	}
	if s, ok := adv.(*scorch.Scorch); ok {
		if err := s.ForceMerge(ctx, nil); err != nil {
			return "", idx, fmt.Errorf("merge new search index: %w", err)
		}
	}
	if err := idx.Close(); err != nil {
		idx = nil
		return "", nil, fmt.Errorf("close new search index: %w", err)
	}
	idx, err = blevesearch.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("reopen new search index: %w", err)
	}
	return gen, idx, nil
}

// create makes an empty index in a new generation directory of dir.
func create(dir string) (string, blevesearch.Index, error) {
	var r [4]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", nil, err
	}
	gen := fmt.Sprintf("%s%d-%s", genPrefix, time.Now().UnixNano(), hex.EncodeToString(r[:]))
	idx, err := blevesearch.New(filepath.Join(dir, gen), newMapping())
	if err != nil {
		return "", nil, fmt.Errorf("create search index: %w", err)
	}
	return gen, idx, nil
}

// readCurrent returns the generation named by dir's pointer file, or an
// error wrapping fs.ErrNotExist when there is none yet.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", fmt.Errorf("read search index pointer: %w", err)
	}
	gen := strings.TrimSpace(string(b))
	if !strings.HasPrefix(gen, genPrefix) || filepath.Base(gen) != gen {
		return "", fmt.Errorf("search index pointer %s names %q, not a generation", filepath.Join(dir, currentFile), gen)
	}
	return gen, nil
}

// writeCurrent points dir's pointer file at gen: written beside it, synced,
// then renamed over it, so a crash leaves the old or the new pointer.
func writeCurrent(dir, gen string) error {
	f, err := os.CreateTemp(dir, currentFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("write search index pointer: %w", err)
	}
	_, err = f.WriteString(gen + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, currentFile))
	}
	if err != nil {
		return errors.Join(fmt.Errorf("write search index pointer: %w", err), os.Remove(f.Name()))
	}
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		return errors.Join(err, d.Close())
	}
	return nil
}

// removeGenerations removes the generations of dir other than keep, and
// pointer files left half-written.
func removeGenerations(dir, keep string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("list search directory: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		stale := strings.HasPrefix(name, genPrefix) && name != keep ||
			strings.HasPrefix(name, currentFile+".") && strings.HasSuffix(name, ".tmp")
		if stale {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("remove stale search index: %w", err)
			}
		}
	}
	return nil
}
