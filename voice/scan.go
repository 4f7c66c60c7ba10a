package voice

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Langs are the site's languages, in the order of the back-office's
// [4]string texts.
var Langs = []string{"es", "en", "fr", "ar"}

// Line is one line of text, in one language, and where it comes from.
type Line struct {
	File   string // relative to the repository root, with slashes
	N      int    // line number, from 1
	Lang   string
	Family bool // on a page for families (see FamilyPage)
	Text   string
}

// familySections are the content sections written for families; the guide,
// the library, the magazine and the pages for municipalities may use the
// programme's own terms.
var familySections = []string{"move/", "programme/_index.", "programme/how-it-works.", "programme/who-can-take-part.",
	"testimonials/", "municipalities/", "search/", "_index.", "contact.", "privacy.", "accessibility."}

// FamilyPage reports whether the content file rel (relative to content/)
// is a page for families.
func FamilyPage(rel string) bool {
	return slices.ContainsFunc(familySections, func(s string) bool { return strings.HasPrefix(rel, s) })
}

// Content returns the lines of every text file of content/: the pages
// (name.<lang>.md) and the captions (name.<lang>.vtt).
func Content(root string) ([]Line, error) {
	var lines []Line
	dir := filepath.Join(root, "content")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := path.Ext(d.Name())
		if ext != ".md" && ext != ".vtt" {
			return nil
		}
		l := strings.TrimPrefix(path.Ext(strings.TrimSuffix(d.Name(), ext)), ".")
		if !slices.Contains(Langs, l) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		got, err := fileLines(root, p, l, FamilyPage(rel), nil)
		lines = append(lines, got...)
		return err
	})
	return lines, err
}

// Catalogues returns the lines of the interface texts, site/i18n/<lang>.toml,
// without their comments. They are read on pages for families.
func Catalogues(root string) ([]Line, error) {
	var lines []Line
	for _, l := range Langs {
		got, err := fileLines(root, filepath.Join(root, "site", "i18n", l+".toml"), l, true, func(s string) bool {
			return !strings.HasPrefix(strings.TrimSpace(s), "#")
		})
		if err != nil {
			return nil, err
		}
		lines = append(lines, got...)
	}
	return lines, nil
}

// Templates returns the lines of the theme's layouts and the back-office's
// templates (backoffice/templates) that hold words in Arabic script or Latin letters outside
// template actions; a text written in a template has no language of its
// own, so each line is given the language of its script (Arabic, or
// Spanish for Latin letters).
func Templates(root string) ([]Line, error) {
	var lines []Line
	for _, dir := range []string{"themes/senderos/layouts", "backoffice/templates"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			got, err := fileLines(root, p, "", false, nil)
			lines = append(lines, got...)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// serverDirs are the folders of the Go packages that hold texts for
// people: the public API and the back-office.
var serverDirs = []string{"api", "backoffice"}

// ServerTexts returns the string literals of the Go files of the API and
// the back-office (not their tests), each with its language where the
// source says it: a key "es", "en", "fr" or "ar" in a map literal or an
// index, or a position in a back-office text (staffTexts: es, en, fr, ar).
// A literal with no language is given the language of its script. The
// messages of api/message*.go are read by families; the other files hold
// the back-office's texts.
func ServerTexts(root string) ([]Line, error) {
	var files []string
	for _, dir := range serverDirs {
		got, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			return nil, err
		}
		files = append(files, got...)
	}
	var lines []Line
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return nil, err
		}
		rel = filepath.ToSlash(rel)
		family := strings.HasPrefix(rel, "api/message")
		for _, s := range literals(file) {
			v, err := strconv.Unquote(s.lit.Value)
			if err != nil {
				continue
			}
			start := fset.Position(s.lit.Pos()).Line
			for i, t := range strings.Split(v, "\n") {
				l := s.lang
				if l == "" {
					l = scriptLang(t)
				}
				lines = append(lines, Line{File: rel, N: start + i, Lang: l, Family: family, Text: t})
			}
		}
	}
	return lines, nil
}

type literal struct {
	lit  *ast.BasicLit
	lang string
}

// literals lists the string literals of file with the language the code
// gives them.
func literals(file *ast.File) []literal {
	var out []literal
	given := map[ast.Node]string{}
	stack := []string{""}
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		l := stack[len(stack)-1]
		if g, ok := given[n]; ok {
			l = g
		}
		stack = append(stack, l)
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				out = append(out, literal{n, l})
			}
		case *ast.CompositeLit:
			staff := isIdent(n.Type, "staffTexts")
			for _, e := range n.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if k := langKey(kv.Key); k != "" {
					given[kv.Value] = k
				}
				if inner, ok := kv.Value.(*ast.CompositeLit); ok && staff && len(inner.Elts) == len(Langs) {
					for i, e := range inner.Elts {
						given[e] = Langs[i]
					}
				}
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if k := indexLang(lhs); k != "" {
					for _, rhs := range n.Rhs {
						given[rhs] = k
					}
				}
			}
		}
		return true
	})
	return out
}

// langKey returns the language a map key names, or "".
func langKey(e ast.Expr) string {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return ""
	}
	k, err := strconv.Unquote(b.Value)
	if err != nil || !slices.Contains(Langs, k) {
		return ""
	}
	return k
}

// indexLang returns the language an index expression such as
// messages["ar"][key] names, or "".
func indexLang(e ast.Expr) string {
	for {
		ix, ok := e.(*ast.IndexExpr)
		if !ok {
			return ""
		}
		if k := langKey(ix.Index); k != "" {
			return k
		}
		e = ix.X
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// scriptLang is the language of a text with no language of its own: Arabic
// for Arabic script, else Spanish, the site's default.
func scriptLang(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return "ar"
		}
	}
	return "es"
}

// fileLines reads the file p in language l ("": by each line's script),
// keeping the lines keep accepts (nil: all).
func fileLines(root, p, l string, family bool, keep func(string) bool) ([]Line, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return nil, err
	}
	var lines []Line
	for i, t := range strings.Split(string(b), "\n") {
		if keep != nil && !keep(t) {
			continue
		}
		ll := l
		if ll == "" {
			ll = scriptLang(t)
		}
		lines = append(lines, Line{File: filepath.ToSlash(rel), N: i + 1, Lang: ll, Family: family, Text: t})
	}
	return lines, nil
}
