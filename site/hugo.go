package site

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// HugoVersion is the Hugo release pinned in go.mod and netlify.toml.
const HugoVersion = "v0.165.0"

// Hugo runs the pinned Hugo on the site in Root.
type Hugo struct {
	// Root is the repository root: it holds go.mod, site/, content/ and themes/.
	Root string
	// Binary is the Hugo executable. When empty, Prepare compiles the pinned
	// version into the user cache directory and sets it.
	Binary string
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
}

// BuildOptions say where and how to build.
type BuildOptions struct {
	Destination string // output folder, emptied first
	BaseURL     string // e.g. http://127.0.0.1:8080/; empty keeps the configured "/"
	ContentDir  string // optional replacement for ../content (benchmarks)
	Minify      bool
	// APIURL is the API the build reads published municipality profiles
	// from (content/municipalities/_content.gotmpl), e.g.
	// http://127.0.0.1:8080; see APIEnv. Empty leaves it to the
	// environment (HUGO_PARAMS_APIURL) or reads none.
	APIURL string
	// Env adds variables to Hugo's environment, e.g. HUGO_PARAMS_*.
	Env []string
}

// APIEnv returns the environment that makes Hugo read published profiles
// from the API at apiURL: the site parameter apiURL, and a security policy
// letting resources.GetRemote fetch from that API only (Hugo refuses
// localhost and IP addresses by default).
func APIEnv(apiURL string) []string {
	apiURL = strings.TrimRight(apiURL, "/")
	return []string{
		"HUGO_PARAMS_APIURL=" + apiURL,
		"HUGO_SECURITY_HTTP_URLS=^" + regexp.QuoteMeta(apiURL) + "/",
	}
}

// Result describes a finished build.
type Result struct {
	Pages    int           // pages rendered, all languages
	Files    int           // files written, static files included
	Duration time.Duration // wall time of the Hugo process
	PeakRSS  int64         // peak resident memory of the Hugo process, bytes
	Warnings []string      // WARN, ERROR and deprecation lines Hugo printed
	Output   string        // everything Hugo printed
}

// FindRoot walks up from dir to the folder holding go.mod and site/hugo.toml.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) && fileExists(filepath.Join(dir, "site", "hugo.toml")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("site: no folder with go.mod and site/hugo.toml above the working directory; run from the repository")
		}
		dir = parent
	}
}

// Prepare makes sure the pinned Hugo is compiled. The first time on a
// machine this takes minutes; afterwards the Go build cache answers at once.
func (h *Hugo) Prepare(ctx context.Context) error {
	if h.Binary != "" {
		return nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	bin := filepath.Join(cache, "senderos", "hugo-"+HugoVersion)
	if !fileExists(bin) {
		h.logf("Compiling Hugo %s from go.mod (first run on this machine: this takes a few minutes)…", HugoVersion)
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/gohugoio/hugo")
	cmd.Dir = h.Root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compile hugo: %w\n%s", err, out)
	}
	h.Binary = bin
	return nil
}

// Build renders the site into opts.Destination.
func (h *Hugo) Build(ctx context.Context, opts BuildOptions) (*Result, error) {
	if err := h.Prepare(ctx); err != nil {
		return nil, err
	}
	if opts.Destination == "" {
		return nil, errors.New("site: build needs a destination")
	}
	dest, err := filepath.Abs(opts.Destination)
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(h.Root)
	if err != nil {
		return nil, err
	}
	args := []string{
		"--source", filepath.Join(root, "site"),
		"--destination", dest,
		"--cleanDestinationDir",
		"--logLevel", "info",
		"--noBuildLock",
		"--cacheDir", filepath.Join(os.TempDir(), "senderos-hugo-cache"),
	}
	if opts.BaseURL != "" {
		args = append(args, "--baseURL", opts.BaseURL)
	}
	if opts.Minify {
		args = append(args, "--minify")
	}
	if opts.ContentDir != "" {
		args = append(args, "--contentDir", opts.ContentDir)
	}
	h.logf("Building the site with Hugo %s into %s…", HugoVersion, dest)
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, h.Binary, args...)
	cmd.Dir = root
	cmd.Stdout = &out
	cmd.Stderr = &out
	// Hugo reads HUGO_* variables as configuration; keep ours out of it.
	cmd.Env = append(os.Environ(), "HUGO_ENVIRONMENT=production")
	if opts.APIURL != "" {
		cmd.Env = append(cmd.Env, APIEnv(opts.APIURL)...)
	}
	cmd.Env = append(cmd.Env, opts.Env...)
	start := time.Now()
	runErr := cmd.Run()
	res := &Result{Duration: time.Since(start), Output: out.String()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.PeakRSS = ru.Maxrss * 1024
		}
	}
	res.Warnings = problemLines(res.Output)
	res.Pages, res.Files = countOutput(res.Output)
	if runErr != nil {
		detail := res.Output
		if len(res.Warnings) > 0 {
			detail = strings.Join(res.Warnings, "\n")
		}
		return res, fmt.Errorf("hugo: %w\n%s", runErr, detail)
	}
	h.logf("Built %d pages in %s.", res.Pages, res.Duration.Round(time.Millisecond))
	for _, w := range res.Warnings {
		h.logf("  %s", w)
	}
	return res, nil
}

func (h *Hugo) logf(format string, args ...any) {
	if h.Progress != nil {
		fmt.Fprintf(h.Progress, format+"\n", args...)
	}
}

var problem = regexp.MustCompile(`^(WARN|ERROR)\s|deprecated`)

// problemLines returns the lines of Hugo's output that a clean build must not have.
func problemLines(output string) []string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(output))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		if problem.MatchString(sc.Text()) {
			lines = append(lines, sc.Text())
		}
	}
	return lines
}

// countOutput sums the "Pages" and the file rows of Hugo's summary table,
// one column per language.
func countOutput(output string) (pages, files int) {
	for _, line := range strings.Split(output, "\n") {
		name, cells, ok := strings.Cut(line, "│")
		if !ok {
			continue
		}
		n := 0
		for _, c := range strings.Split(cells, "│") {
			v, err := strconv.Atoi(strings.TrimSpace(c))
			if err == nil {
				n += v
			}
		}
		switch strings.TrimSpace(name) {
		case "Pages":
			pages = n
			files += n
		case "Paginator pages", "Non-page files", "Static files", "Processed images", "Aliases":
			files += n
		}
	}
	return pages, files
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
