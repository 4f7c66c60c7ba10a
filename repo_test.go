package senderos_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
)

// maxTrackedSize is the largest file the repository may hold: anything
// bigger is a build output or a data set, which belong elsewhere.
const maxTrackedSize = 1 << 20

// trackedFiles lists the files git tracks, relative to the repository root
// (this package's directory). The test is skipped outside a git checkout,
// e.g. in a source archive.
func trackedFiles(tb testing.TB) []string {
	tb.Helper()
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		tb.Skipf("not a git checkout: %v", err)
	}
	var files []string
	for _, f := range bytes.Split(out, []byte{0}) {
		if len(f) > 0 {
			files = append(files, string(f))
		}
	}
	return files
}

func TestNoLargeTrackedFiles(t *testing.T) {
	for _, f := range trackedFiles(t) {
		fi, err := os.Lstat(f)
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet committed
		} else if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > maxTrackedSize {
			t.Errorf("%s is %d bytes; tracked files stay under %d (build outputs and data sets do not belong in git)", f, fi.Size(), maxTrackedSize)
		}
	}
}

// fileRef is a path named in a comment: a file of the repository with one of
// the extensions the repository uses.
var fileRef = regexp.MustCompile(`(?:^|[\s(\x60"'])((?:\.\.?/)?[A-Za-z0-9_][A-Za-z0-9_./-]*\.(?:md|go|html|toml|json|sql|yml|yaml|mjs|js|css|csv|txt|gotmpl))\b`)

// commentLine reports the comment part of a line of a source file, or "".
func commentLine(file, line string) string {
	s := strings.TrimSpace(line)
	switch path.Ext(file) {
	case ".go", ".mjs", ".js", ".css":
		if i := strings.Index(s, "//"); i >= 0 && !strings.Contains(s[:i], `"`) && !strings.Contains(s[:i], "`") {
			return s[i+2:]
		}
		if strings.HasPrefix(s, "/*") || strings.HasPrefix(s, "*") {
			return s
		}
	case ".html", ".gotmpl":
		if strings.Contains(s, "{{/*") || strings.Contains(s, "{{- /*") || strings.HasPrefix(s, "<!--") {
			return s
		}
	case ".toml", ".yml", ".yaml", ".sql", ".sh":
		if strings.HasPrefix(s, "#") || strings.HasPrefix(s, "--") {
			return s
		}
	}
	return ""
}

// outside names the files that comments may name although the repository
// does not hold them, and where they are.
var outside = map[string]string{
	"es/municipalities.json":     "in the npm package es-atlas",
	"es/autonomous_regions.json": "in the npm package es-atlas",
	"robots.txt":                 "made by Hugo",
	"municipalities-es.csv":      "in ../shared/data",
}

// TestCommentsNameFilesThatExist fails when a comment points to a file that
// the repository does not have: such a pointer sends the reader nowhere.
// A reference counts as found when it names a tracked file relative to the
// root or to the commenting file, or ends a tracked file's path. Patterns
// (with *, {, <, N, X) and paths outside the repository (../shared/…) are
// not checked.
func TestCommentsNameFilesThatExist(t *testing.T) {
	files := trackedFiles(t)
	known := make(map[string]bool, len(files))
	for _, f := range files {
		known[f] = true
	}
	exists := func(from, ref string) bool {
		if known[path.Clean(ref)] || known[path.Join(path.Dir(from), ref)] {
			return true
		}
		for f := range known {
			if strings.HasSuffix(f, "/"+ref) {
				return true
			}
		}
		return false
	}
	for _, f := range files {
		switch path.Ext(f) {
		case ".go", ".mjs", ".js", ".css", ".html", ".gotmpl", ".toml", ".yml", ".yaml", ".sql":
		default:
			continue
		}
		data, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for n := 1; sc.Scan(); n++ {
			c := commentLine(f, sc.Text())
			if strings.Contains(c, "/tmp/") {
				t.Errorf("%s:%d: comment names a temporary file outside the repository", f, n)
			}
			for _, m := range fileRef.FindAllStringSubmatch(c, -1) {
				ref := strings.TrimSuffix(m[1], ".")
				if strings.ContainsAny(ref, "*{<") || strings.HasPrefix(ref, "../") || strings.Contains(ref, "NN") || outside[ref] != "" {
					continue
				}
				if !exists(f, ref) {
					t.Errorf("%s:%d: comment names %s, which the repository does not have", f, n, ref)
				}
			}
		}
	}
}
