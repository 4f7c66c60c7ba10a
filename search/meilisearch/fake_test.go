package meilisearch

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMeili is an httptest.Server that answers the part of Meilisearch's
// documented HTTP API this package uses, for a small corpus. Like
// Meilisearch it checks every request — the key and the actions it grants,
// the content type, the body's fields — and answers with Meilisearch's
// error codes; tasks are asynchronous and take effect, in order, only when
// they are polled. It records every request.
type fakeMeili struct {
	srv       *httptest.Server
	adminKey  string
	searchKey string // grants only the search and stats.get actions

	mu       sync.Mutex
	indexes  map[string]*fakeIndex
	tasks    []*fakeTask // task uid = position
	requests []fakeRequest

	// failTask, if set, makes a task fail with the returned error when it
	// is processed.
	failTask func(t *fakeTask) *apiError
}

type fakeIndex struct {
	uid        string
	primaryKey string
	settings   map[string]json.RawMessage
	docs       map[string]map[string]any
	createdAt  time.Time
}

type fakeTask struct {
	uid      int64
	indexUID string
	typ      string
	status   string // enqueued, processing, succeeded, failed
	polls    int
	apply    func() *apiError // the task's effect, run when processed
	err      *apiError
	enqueued time.Time
}

// fakeRequest is a request as the fake received it.
type fakeRequest struct {
	Method, Path, RawQuery string
	Key                    string // "admin", "search", "none" or "unknown"
	Body                   []byte
}

type apiError struct {
	Status  int    `json:"-"`
	Message string `json:"message"`
	Code    string `json:"code"`
	Type    string `json:"type"`
	Link    string `json:"link"`
}

func errorf(status int, code, format string, args ...any) *apiError {
	typ := "invalid_request"
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		typ = "auth"
	}
	return &apiError{Status: status, Code: code, Type: typ, Message: fmt.Sprintf(format, args...),
		Link: "https://docs.meilisearch.com/errors#" + code}
}

func newFakeMeili(t *testing.T) *fakeMeili {
	t.Helper()
	f := &fakeMeili{adminKey: "admin-key-123", searchKey: "search-key-456", indexes: map[string]*fakeIndex{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serveHTTP))
	t.Cleanup(f.srv.Close)
	return f
}

var (
	indexUIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,400}$`)
	docIDRe    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,511}$`)
	taskPath   = regexp.MustCompile(`^/tasks/([0-9]+)$`)
	indexPath  = regexp.MustCompile(`^/indexes/([^/]+)(/settings|/documents|/search|/stats)?$`)
)

func (f *fakeMeili) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()

	key := "none"
	switch auth := r.Header.Get("Authorization"); auth {
	case "":
	case "Bearer " + f.adminKey:
		key = "admin"
	case "Bearer " + f.searchKey:
		key = "search"
	default:
		key = "unknown"
	}
	f.requests = append(f.requests, fakeRequest{r.Method, r.URL.Path, r.URL.RawQuery, key, body})

	status, resp := f.route(r, key, body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(resp)
}

// route dispatches a request; it returns the status and the JSON answer.
func (f *fakeMeili) route(r *http.Request, key string, body []byte) (int, any) {
	p := r.URL.Path
	if p == "/health" && r.Method == http.MethodGet {
		return http.StatusOK, map[string]string{"status": "available"}
	}

	var action string
	var handle func() (int, any)
	switch m := indexPath.FindStringSubmatch(p); {
	case p == "/indexes" && r.Method == http.MethodPost:
		action, handle = "indexes.create", func() (int, any) { return f.createIndex(body) }
	case p == "/swap-indexes" && r.Method == http.MethodPost:
		action, handle = "indexes.swap", func() (int, any) { return f.swapIndexes(body) }
	case taskPath.MatchString(p) && r.Method == http.MethodGet:
		uid, _ := strconv.ParseInt(taskPath.FindStringSubmatch(p)[1], 10, 64)
		action, handle = "tasks.get", func() (int, any) { return f.getTask(uid) }
	case m != nil && m[2] == "" && r.Method == http.MethodGet:
		action, handle = "indexes.get", func() (int, any) { return f.getIndex(m[1]) }
	case m != nil && m[2] == "" && r.Method == http.MethodDelete:
		action, handle = "indexes.delete", func() (int, any) { return f.deleteIndex(m[1]) }
	case m != nil && m[2] == "/settings" && r.Method == http.MethodPatch:
		action, handle = "settings.update", func() (int, any) { return f.updateSettings(m[1], body) }
	case m != nil && m[2] == "/documents" && r.Method == http.MethodPost:
		action, handle = "documents.add", func() (int, any) { return f.addDocuments(m[1], r.URL.Query().Get("primaryKey"), body) }
	case m != nil && m[2] == "/search" && r.Method == http.MethodPost:
		action, handle = "search", func() (int, any) { return f.search(m[1], body) }
	case m != nil && m[2] == "/stats" && r.Method == http.MethodGet:
		action, handle = "stats.get", func() (int, any) { return f.stats(m[1]) }
	default:
		return fail(errorf(http.StatusNotFound, "not_found", "%s %s is not a route of this fake", r.Method, p))
	}

	// Meilisearch's answers to missing and insufficient keys.
	switch {
	case key == "none":
		return fail(errorf(http.StatusUnauthorized, "missing_authorization_header",
			"The Authorization header is missing. It must use the bearer authorization method."))
	case key == "unknown",
		key == "search" && action != "search" && action != "stats.get":
		return fail(errorf(http.StatusForbidden, "invalid_api_key", "The provided API key is invalid."))
	}
	if len(body) > 0 && r.Header.Get("Content-Type") != "application/json" {
		return fail(errorf(http.StatusUnsupportedMediaType, "invalid_content_type",
			"The Content-Type %q is invalid. Accepted values: application/json", r.Header.Get("Content-Type")))
	}
	return handle()
}

func fail(e *apiError) (int, any) { return e.Status, e }

// decodeStrict decodes body into v, refusing unknown fields as Meilisearch
// does.
func decodeStrict(body []byte, v any) *apiError {
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errorf(http.StatusBadRequest, "bad_request", "%v", err)
	}
	return nil
}

// enqueue adds a task and answers as Meilisearch does, with 202 Accepted.
func (f *fakeMeili) enqueue(indexUID, typ string, apply func() *apiError) (int, any) {
	t := &fakeTask{uid: int64(len(f.tasks)), indexUID: indexUID, typ: typ, status: "enqueued",
		apply: apply, enqueued: time.Now().UTC()}
	f.tasks = append(f.tasks, t)
	return http.StatusAccepted, map[string]any{
		"taskUid": t.uid, "indexUid": indexUID, "status": t.status, "type": typ, "enqueuedAt": t.enqueued,
	}
}

// getTask reports a task. The first poll sees it processing; the next one
// processes it and every task enqueued before it, in order.
func (f *fakeMeili) getTask(uid int64) (int, any) {
	if uid < 0 || uid >= int64(len(f.tasks)) {
		return fail(errorf(http.StatusNotFound, "task_not_found", "Task `%d` not found.", uid))
	}
	t := f.tasks[uid]
	t.polls++
	if t.status == "enqueued" && t.polls == 1 {
		t.status = "processing"
	} else if t.status == "enqueued" || t.status == "processing" {
		for _, u := range f.tasks[:uid+1] {
			f.process(u)
		}
	}
	resp := map[string]any{
		"uid": t.uid, "indexUid": t.indexUID, "status": t.status, "type": t.typ,
		"enqueuedAt": t.enqueued, "details": map[string]any{}, "error": nil,
	}
	if t.err != nil {
		resp["error"] = t.err
	}
	return http.StatusOK, resp
}

func (f *fakeMeili) process(t *fakeTask) {
	if t.status == "succeeded" || t.status == "failed" {
		return
	}
	if f.failTask != nil {
		t.err = f.failTask(t)
	}
	if t.err == nil {
		t.err = t.apply()
	}
	t.status = "succeeded"
	if t.err != nil {
		t.status = "failed"
	}
}

func (f *fakeMeili) createIndex(body []byte) (int, any) {
	var req struct {
		UID        string  `json:"uid"`
		PrimaryKey *string `json:"primaryKey"`
	}
	if e := decodeStrict(body, &req); e != nil {
		return fail(e)
	} else if !indexUIDRe.MatchString(req.UID) {
		return fail(errorf(http.StatusBadRequest, "invalid_index_uid", "`%s` is not a valid index uid.", req.UID))
	}
	return f.enqueue(req.UID, "indexCreation", func() *apiError {
		if f.indexes[req.UID] != nil {
			return errorf(http.StatusConflict, "index_already_exists", "Index `%s` already exists.", req.UID)
		}
		ix := f.newIndex(req.UID)
		if req.PrimaryKey != nil {
			ix.primaryKey = *req.PrimaryKey
		}
		return nil
	})
}

func (f *fakeMeili) newIndex(uid string) *fakeIndex {
	ix := &fakeIndex{uid: uid, settings: map[string]json.RawMessage{}, docs: map[string]map[string]any{},
		createdAt: time.Now().UTC()}
	f.indexes[uid] = ix
	return ix
}

func (f *fakeMeili) getIndex(uid string) (int, any) {
	ix := f.indexes[uid]
	if ix == nil {
		return fail(errorf(http.StatusNotFound, "index_not_found", "Index `%s` not found.", uid))
	}
	return http.StatusOK, map[string]any{"uid": uid, "primaryKey": ix.primaryKey,
		"createdAt": ix.createdAt, "updatedAt": ix.createdAt}
}

func (f *fakeMeili) deleteIndex(uid string) (int, any) {
	return f.enqueue(uid, "indexDeletion", func() *apiError {
		if f.indexes[uid] == nil {
			return errorf(http.StatusNotFound, "index_not_found", "Index `%s` not found.", uid)
		}
		delete(f.indexes, uid)
		return nil
	})
}

func (f *fakeMeili) swapIndexes(body []byte) (int, any) {
	var req []struct {
		Indexes []string `json:"indexes"`
		Rename  bool     `json:"rename"`
	}
	if e := decodeStrict(body, &req); e != nil {
		return fail(e)
	}
	for _, s := range req {
		if len(s.Indexes) != 2 || s.Indexes[0] == s.Indexes[1] {
			return fail(errorf(http.StatusBadRequest, "invalid_swap_indexes", "Two different indexes must be given."))
		}
	}
	return f.enqueue("", "indexSwap", func() *apiError {
		for _, s := range req {
			a, b := f.indexes[s.Indexes[0]], f.indexes[s.Indexes[1]]
			if a == nil || (b == nil && !s.Rename) {
				return errorf(http.StatusNotFound, "index_not_found", "Indexes %v not found.", s.Indexes)
			}
		}
		for _, s := range req {
			a, b := f.indexes[s.Indexes[0]], f.indexes[s.Indexes[1]]
			if s.Rename {
				delete(f.indexes, a.uid)
				a.uid = s.Indexes[1]
				f.indexes[a.uid] = a
				continue
			}
			a.uid, b.uid = b.uid, a.uid
			f.indexes[a.uid], f.indexes[b.uid] = a, b
		}
		return nil
	})
}

// settingsFields are the settings this fake knows; any other is refused.
var settingsFields = []string{"searchableAttributes", "filterableAttributes", "sortableAttributes",
	"localizedAttributes", "typoTolerance", "displayedAttributes", "rankingRules", "pagination", "faceting"}

// fakeLocales are the Meilisearch locales this fake accepts.
var fakeLocales = []string{"spa", "eng", "fra", "ara", "es", "en", "fr", "ar", "deu", "jpn"}

func (f *fakeMeili) updateSettings(uid string, body []byte) (int, any) {
	var req map[string]json.RawMessage
	if e := decodeStrict(body, &req); e != nil {
		return fail(e)
	}
	for k := range req {
		if !slices.Contains(settingsFields, k) {
			return fail(errorf(http.StatusBadRequest, "bad_request", "Unknown field `%s`.", k))
		}
	}
	var loc []struct {
		Locales           []string `json:"locales"`
		AttributePatterns []string `json:"attributePatterns"`
	}
	if raw, ok := req["localizedAttributes"]; ok {
		if e := decodeStrict(raw, &loc); e != nil {
			return fail(e)
		}
		for _, l := range loc {
			for _, code := range l.Locales {
				if !slices.Contains(fakeLocales, code) {
					return fail(errorf(http.StatusBadRequest, "invalid_settings_localized_attributes", "Unknown locale `%s`.", code))
				}
			}
			if len(l.AttributePatterns) == 0 {
				return fail(errorf(http.StatusBadRequest, "invalid_settings_localized_attributes", "Missing attributePatterns."))
			}
		}
	}
	return f.enqueue(uid, "settingsUpdate", func() *apiError {
		ix := f.indexes[uid]
		if ix == nil {
			ix = f.newIndex(uid) // as Meilisearch, settings create the index
		}
		maps.Copy(ix.settings, req)
		return nil
	})
}

func (f *fakeMeili) addDocuments(uid, primaryKey string, body []byte) (int, any) {
	var docs []map[string]any
	if err := json.Unmarshal(body, &docs); err != nil {
		return fail(errorf(http.StatusBadRequest, "malformed_payload", "The json payload provided is malformed: %v", err))
	}
	return f.enqueue(uid, "documentAdditionOrUpdate", func() *apiError {
		ix := f.indexes[uid]
		if ix == nil {
			ix = f.newIndex(uid)
		}
		if ix.primaryKey == "" {
			ix.primaryKey = primaryKey
		} else if primaryKey != "" && primaryKey != ix.primaryKey {
			return errorf(http.StatusBadRequest, "index_primary_key_already_exists", "Index `%s`: primary key already set.", uid)
		}
		// A task is all or nothing: check every document first.
		for _, d := range docs {
			id, ok := d[ix.primaryKey].(string)
			if !ok || !docIDRe.MatchString(id) {
				return errorf(http.StatusBadRequest, "invalid_document_id", "Document identifier `%v` is invalid.", d[ix.primaryKey])
			}
		}
		for _, d := range docs {
			ix.docs[d[ix.primaryKey].(string)] = d
		}
		return nil
	})
}

func (f *fakeMeili) stats(uid string) (int, any) {
	ix := f.indexes[uid]
	if ix == nil {
		return fail(errorf(http.StatusNotFound, "index_not_found", "Index `%s` not found.", uid))
	}
	return http.StatusOK, map[string]any{"numberOfDocuments": len(ix.docs), "isIndexing": false,
		"fieldDistribution": map[string]int{}}
}

// Helpers for the tests: they lock the fake.

func (f *fakeMeili) indexNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.indexes))
}

func (f *fakeMeili) docIDs(uid string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	if ix := f.indexes[uid]; ix != nil {
		for _, d := range ix.docs {
			ids = append(ids, d["id"].(string))
		}
	}
	slices.Sort(ids)
	return ids
}

func (f *fakeMeili) recorded() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// unfinished lists the tasks no one waited for until they ended.
func (f *fakeMeili) unfinished() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var s []string
	for _, t := range f.tasks {
		if t.status != "succeeded" && t.status != "failed" {
			s = append(s, fmt.Sprintf("%d %s %s", t.uid, t.typ, t.status))
		}
	}
	return s
}
