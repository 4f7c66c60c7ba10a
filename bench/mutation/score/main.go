// Command score reads the JSON report Gremlins wrote for one package and
// prints the package's mutation score, killed / (killed + survived), after
// correcting the two things Gremlins gets wrong here:
//
//   - a mutant that does not compile fails `go test`, which Gremlins counts
//     as killed; score builds every killed mutant again and counts those that
//     do not build as neither killed nor survived;
//   - Gremlins marks "not covered" what its coverage blocks do not contain,
//     which includes the expressions of switch cases that the tests do run,
//     and "timed out" what took longer than a few times its coverage run,
//     which a busy machine causes; score runs the package's tests against
//     each such mutant itself, with a generous timeout.
//
// A mutant is applied through `go test -overlay`, so the work tree is never
// changed. bench/mutation/run calls it; by hand:
//
//	gremlins unleash -o "$out" ./search
//	go run ./bench/mutation/score -pkg ./search -report "$out"
//
// Gremlins changes operators only, which leaves a package of settings such
// as markdown/ with one mutant. -extra names a file of further mutants,
// one a line: a file of the package, the text to change in it and what to
// change it to, separated by tabs (bench/mutation/markdown.mutants).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// report is the part of Gremlins' JSON output that score reads.
type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// mutations is Gremlins' table of what each mutator turns a token into
// (its engine's mappings, v0.6.0).
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":   {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_ASSIGNMENTS":    {token.ADD_ASSIGN: token.SUB_ASSIGN, token.MUL_ASSIGN: token.QUO_ASSIGN, token.QUO_ASSIGN: token.MUL_ASSIGN, token.REM_ASSIGN: token.REM_ASSIGN, token.SUB_ASSIGN: token.ADD_ASSIGN},
	"INVERT_BITWISE":        {token.AND: token.OR, token.OR: token.AND, token.XOR: token.AND, token.AND_NOT: token.AND, token.SHL: token.SHR, token.SHR: token.SHL},
	"INVERT_BWASSIGN":       {token.AND_ASSIGN: token.OR_ASSIGN, token.OR_ASSIGN: token.AND_ASSIGN, token.XOR_ASSIGN: token.AND_ASSIGN, token.AND_NOT_ASSIGN: token.AND_ASSIGN, token.SHL_ASSIGN: token.SHR_ASSIGN, token.SHR_ASSIGN: token.SHL_ASSIGN},
	"INVERT_LOGICAL":        {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_LOOPCTRL":       {token.BREAK: token.CONTINUE, token.CONTINUE: token.BREAK},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
	"REMOVE_SELF_ASSIGNMENTS": {token.ADD_ASSIGN: token.ASSIGN, token.AND_ASSIGN: token.ASSIGN, token.AND_NOT_ASSIGN: token.ASSIGN,
		token.MUL_ASSIGN: token.ASSIGN, token.OR_ASSIGN: token.ASSIGN, token.QUO_ASSIGN: token.ASSIGN, token.REM_ASSIGN: token.ASSIGN,
		token.SHL_ASSIGN: token.ASSIGN, token.SHR_ASSIGN: token.ASSIGN, token.SUB_ASSIGN: token.ASSIGN, token.XOR_ASSIGN: token.ASSIGN},
}

func main() {
	pkg := flag.String("pkg", "", "package directory Gremlins ran on, e.g. ./search")
	reportFile := flag.String("report", "", "Gremlins' JSON report (-o)")
	name := flag.String("name", "", "name to print (default: -pkg)")
	timeout := flag.Duration("timeout", 5*time.Minute, "longest run of the package's tests against one mutant")
	verbose := flag.Bool("v", false, "print every mutant's outcome, not only the survivors")
	extra := flag.String("extra", "", "file of further mutants: file, text, replacement, tab-separated")
	flag.Parse()
	if *pkg == "" || *reportFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	if *name == "" {
		*name = *pkg
	}
	b, err := os.ReadFile(*reportFile)
	if err != nil {
		log.Fatal(err)
	}
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		log.Fatalf("%s: %v", *reportFile, err)
	}
	tmp, err := os.MkdirTemp("", "mutant-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	var killed, survived, notViable, timedOut, reran int
	var survivors []string
	for _, f := range r.Files {
		path := filepath.Join(*pkg, f.Name)
		src, err := os.ReadFile(path)
		if err != nil {
			log.Fatal(err)
		}
		for _, m := range f.Mutations {
			where := fmt.Sprintf("%s:%d:%d %s", path, m.Line, m.Column, m.Type)
			outcome := m.Status
			switch m.Status {
			case "KILLED", "NOT COVERED", "TIMED OUT":
				mutant, err := mutate(src, m.Line, m.Column, m.Type)
				if err != nil {
					log.Fatalf("%s: %v", where, err)
				}
				overlay, err := writeOverlay(tmp, path, mutant)
				if err != nil {
					log.Fatal(err)
				}
				if !builds(*pkg, overlay) {
					outcome = "NOT VIABLE"
					break
				}
				if m.Status != "KILLED" {
					reran++
					outcome = runTests(*pkg, overlay, *timeout)
				}
			}
			switch outcome {
			case "KILLED":
				killed++
			case "TIMED OUT":
				timedOut++
				killed++ // the tests did not finish even given -timeout
			case "LIVED", "NOT COVERED":
				survived++
				survivors = append(survivors, where)
			default:
				notViable++
			}
			if *verbose {
				fmt.Printf("  %-10s %s\n", outcome, where)
			}
		}
	}
	if *extra != "" {
		lines, err := readExtra(*extra)
		if err != nil {
			log.Fatal(err)
		}
		for _, l := range lines {
			path := filepath.Join(*pkg, l[0])
			where := fmt.Sprintf("%s: %q → %q", path, l[1], l[2])
			src, err := os.ReadFile(path)
			if err != nil {
				log.Fatal(err)
			}
			if !bytes.Contains(src, []byte(l[1])) {
				log.Fatalf("%s: text not found", where)
			}
			overlay, err := writeOverlay(tmp, path, bytes.Replace(src, []byte(l[1]), []byte(l[2]), 1))
			if err != nil {
				log.Fatal(err)
			}
			outcome := "NOT VIABLE"
			if builds(*pkg, overlay) {
				reran++
				outcome = runTests(*pkg, overlay, *timeout)
			}
			switch outcome {
			case "KILLED", "TIMED OUT":
				killed++
			case "LIVED":
				survived++
				survivors = append(survivors, where)
			default:
				notViable++
			}
			if *verbose {
				fmt.Printf("  %-10s %s\n", outcome, where)
			}
		}
	}
	sort.Strings(survivors)
	for _, s := range survivors {
		fmt.Printf("  survived  %s\n", s)
	}
	score := 100.0
	if killed+survived > 0 {
		score = 100 * float64(killed) / float64(killed+survived)
	}
	fmt.Printf("%-24s score %5.1f%%  killed %d, survived %d (not viable %d, timed out %d counted killed, %d run here: \"not covered\", \"timed out\" and -extra)\n",
		*name, score, killed, survived, notViable, timedOut, reran)
}

// readExtra reads a file of further mutants; blank lines and lines
// starting with # are left out, and \n and \t stand for a new line and a
// tab.
func readExtra(path string) ([][3]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][3]string
	for n, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want file, text and replacement separated by tabs", path, n+1)
		}
		unescape := strings.NewReplacer(`\n`, "\n", `\t`, "\t").Replace
		out = append(out, [3]string{f[0], unescape(f[1]), unescape(f[2])})
	}
	return out, nil
}

// mutate returns src with the token at line:col changed as mutator typ
// changes it.
func mutate(src []byte, line, col int, typ string) ([]byte, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return nil, fmt.Errorf("no token at %d:%d", line, col)
		}
		p := fset.Position(pos)
		if p.Line != line || p.Column != col {
			continue
		}
		to, ok := mutations[typ][tok]
		if !ok {
			return nil, fmt.Errorf("%s does not change %q", typ, tok)
		}
		text := lit
		if text == "" {
			text = tok.String()
		}
		off := file.Offset(pos)
		var out bytes.Buffer
		out.Write(src[:off])
		out.WriteString(to.String())
		out.Write(src[off+len(text):])
		return out.Bytes(), nil
	}
}

// writeOverlay writes mutant and an overlay file that puts it in place of
// path for the go command.
func writeOverlay(dir, path string, mutant []byte) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	mf := filepath.Join(dir, "mutant.go")
	if err := os.WriteFile(mf, mutant, 0o600); err != nil {
		return "", err
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": {abs: mf}})
	if err != nil {
		return "", err
	}
	of := filepath.Join(dir, "overlay.json")
	return of, os.WriteFile(of, b, 0o600)
}

// builds reports whether the package and its tests compile with overlay.
func builds(pkg, overlay string) bool {
	cmd := exec.Command("go", "test", "-overlay", overlay, "-c", "-o", os.DevNull, pkg)
	return cmd.Run() == nil
}

// runTests runs the package's tests with overlay and says what became of
// the mutant.
func runTests(pkg, overlay string, timeout time.Duration) string {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-overlay", overlay, "-count=1", "-failfast", "-timeout", timeout.String(), pkg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	switch {
	case ctx.Err() != nil || strings.Contains(out.String(), "test timed out"):
		return "TIMED OUT"
	case err != nil:
		return "KILLED"
	}
	return "LIVED"
}
