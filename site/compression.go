package site

import (
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// minCompressSize is the smallest body worth compressing, when its size is
// known: below it the gzip header and a round of CPU cost more than they save.
const minCompressSize = 1024

// Compress gzips the responses of h that are text (pages, CSS, JavaScript,
// JSON, SVG…) for clients that accept gzip, and marks them Vary:
// Accept-Encoding so that caches keep both forms apart. Images, video,
// PDFs and anything already encoded pass unchanged, as do ranges, 304s
// and HEAD requests.
func Compress(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &compressWriter{
			ResponseWriter: w,
			// A range is of the file's bytes; compressing it would send
			// bytes of a representation the client did not ask for.
			allowed: acceptsGzip(r.Header.Get("Accept-Encoding")) && r.Method != http.MethodHead && r.Header.Get("Range") == "",
		}
		defer cw.close()
		h.ServeHTTP(cw, r)
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// compressible reports whether a body of this Content-Type shrinks under
// gzip. Formats that are compressed already (images but SVG, video, audio,
// PDF, fonts, archives) do not.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case mt == "text/event-stream": // streamed event by event
		return false
	case strings.HasPrefix(mt, "text/"),
		strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"): // image/svg+xml, application/rss+xml…
		return true
	}
	switch mt {
	case "application/json", "application/javascript", "application/xml",
		"application/yaml", "application/x-yaml", "application/wasm":
		return true
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// compressWriter decides at the first WriteHeader or Write whether the
// response is compressed, from its status and headers.
type compressWriter struct {
	http.ResponseWriter
	allowed     bool // the request allows compressing the response
	wroteHeader bool
	zw          *gzip.Writer
}

func (c *compressWriter) WriteHeader(status int) {
	if c.wroteHeader {
		c.ResponseWriter.WriteHeader(status) // let net/http report it
		return
	}
	c.wroteHeader = true
	h := c.Header()
	if status >= 200 && compressible(h.Get("Content-Type")) {
		h.Add("Vary", "Accept-Encoding")
		if c.allowed && c.worthIt(status) {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
				// The compressed bytes differ from those the tag names.
				h.Set("ETag", "W/"+etag)
			}
			c.zw = gzipWriters.Get().(*gzip.Writer)
			c.zw.Reset(c.ResponseWriter)
		}
	}
	c.ResponseWriter.WriteHeader(status)
}

// worthIt reports whether a response with this status and headers has a
// body that compression would shrink.
func (c *compressWriter) worthIt(status int) bool {
	h := c.Header()
	switch {
	case status == http.StatusNoContent, status == http.StatusNotModified, status == http.StatusPartialContent:
		return false
	case h.Get("Content-Encoding") != "", h.Get("Content-Range") != "":
		return false
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil && n < minCompressSize {
		return false
	}
	return true
}

func (c *compressWriter) Write(p []byte) (int, error) {
	if !c.wroteHeader {
		if c.Header().Get("Content-Type") == "" {
			// What net/http would do, done before deciding.
			c.Header().Set("Content-Type", http.DetectContentType(p))
		}
		c.WriteHeader(http.StatusOK)
	}
	if c.zw != nil {
		return c.zw.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// Flush sends what has been compressed so far.
func (c *compressWriter) Flush() {
	if c.zw != nil {
		c.zw.Flush()
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the connection's own writer.
func (c *compressWriter) Unwrap() http.ResponseWriter {
	return c.ResponseWriter
}

func (c *compressWriter) close() {
	if c.zw == nil {
		return
	}
	// An error here is the client gone mid-response; net/http already
	// ends the connection and there is no one left to tell.
	_ = c.zw.Close()
	c.zw.Reset(nil)
	gzipWriters.Put(c.zw)
	c.zw = nil
}
