// Goal: hold the rules of DESIGN.md and STYLE.md that a compiler does not.
// Method: parse every Go file of the module with go/parser (no go/packages,
// no build), map each package under internal/ to its layer, and check each
// import and each use of the time and math/rand packages. Rules are checked
// on synthetic sources too, so a rule that silently stopped matching fails.
package lint

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// layers is DESIGN.md's dependency order, lowest first: a package may import
// packages of its own layer or below, never above. A sub-package belongs to
// its top directory's layer (venue/aave is venue). A new top-level package
// must be placed here; the test fails until it is.
//
// Every entry names a package of the tree (TestLayersNameTheTree): a planned
// package (govern, settle) is placed when it is created.
var layers = map[string]int{
	// The bottom: exact numbers, untrusted-input walking, embedded data, checks.
	"money": 0, "input": 0, "demo": 0, "assert": 0, "invariants": 0, "deadline": 0,
	"market":    1,
	"pricing":   2,
	"portfolio": 3, "scenario": 3,
	"venue":  4,
	"margin": 5, "importer": 5,
	"vault": 6, "ledger": 6, "liquidation": 6, "access": 6, "alert": 6, "export": 6,
	"cascade": 7, "govern": 7, "settle": 7,
	// backtest replays real prices through margin.Compute and reads the
	// embedded prices and plot helpers of cascade, beside it.
	"backtest": 7,
	// chain wraps go-ethereum (the on-chain UCT): it signs margin
	// attestations from margin results and the vault's lien figures, so it
	// sits above margin and vault, beside cascade; nothing below imports it.
	"chain": 7,
	"store": 8, "server": 8, "cluster": 8,
	// The simulator drives the service (server) over the store with its
	// re-margin workers (cluster), and audits them: above all of them, as
	// cmd is; nothing imports it but cmd.
	"sim":  9,
	"lint": 10,
}

// edgeImports are client libraries only an edge package may import: HTTP
// (server), a database driver (store), a message bus (cluster), go-ethereum
// (chain, the one package that wraps it).
var edgeImports = []struct {
	prefix  string
	what    string
	allowed []string // top-level internal packages that may import it
}{
	// sim calls the service's handler in process (httptest, no sockets).
	{"net/http", "an HTTP client or server", []string{"server", "cluster", "sim"}},
	{"database/sql", "a database driver", []string{"store"}},
	{"modernc.org/sqlite", "a database driver", []string{"store"}},
	{"github.com/mattn/go-sqlite3", "a database driver", []string{"store"}},
	{"github.com/ncruces/go-sqlite3", "a database driver", []string{"store"}},
	{"github.com/jackc/pgx", "a database driver", []string{"store"}},
	{"github.com/lib/pq", "a database driver", []string{"store"}},
	{"github.com/pressly/goose", "a database migrator", []string{"store"}},
	{"github.com/nats-io/", "a message bus", []string{"cluster"}},
	{"github.com/twmb/franz-go", "a message bus", []string{"cluster"}},
	{"github.com/ethereum/go-ethereum", "go-ethereum", []string{"chain"}},
}

// bannedEverywhere may not appear in any file of the module, tests included.
var bannedEverywhere = map[string]string{
	"github.com/shopspring/decimal": "use money.Decimal or cockroachdb/apd (STYLE.md: its division rounds silently)",
}

// wallClock are the time functions that read the wall clock; internal/ gets
// time from an injected clock so that runs are reproducible.
// wallClockEdge are the edge packages where real time enters, as in cmd: a
// server times requests and rate-limits, a worker pool times batches. They
// still take no global random source.
var wallClockEdge = map[string]bool{"server": true, "cluster": true}

var wallClock = map[string]bool{"Now": true, "Since": true, "Until": true}

// globalRand are math/rand/v2 functions that draw from the shared global
// source; internal/ draws from a seeded *rand.Rand (rand.New(rand.NewPCG(…))).
var globalRand = map[string]bool{
	"Int": true, "IntN": true, "Int32": true, "Int32N": true, "Int64": true, "Int64N": true,
	"Uint": true, "UintN": true, "Uint32": true, "Uint32N": true, "Uint64": true, "Uint64N": true,
	"N": true, "Float32": true, "Float64": true, "ExpFloat64": true, "NormFloat64": true,
	"Perm": true, "Shuffle": true,
}

// source is one parsed Go file and where it sits.
type source struct {
	path string // slash path from the module root, e.g. internal/venue/aave/model.go
	file *ast.File
	fset *token.FileSet
}

// internalPackage returns the package path under internal/ ("venue/aave"),
// or "" for a file outside internal/.
func (s source) internalPackage() string {
	rest, ok := strings.CutPrefix(s.path, "internal/")
	if !ok {
		return ""
	}
	return pathDir(rest)
}

func (s source) isTest() bool { return strings.HasSuffix(s.path, "_test.go") }

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func topOf(pkg string) string {
	top, _, _ := strings.Cut(pkg, "/")
	return top
}

func (s source) pos(n ast.Node) string {
	p := s.fset.Position(n.Pos())
	return fmt.Sprintf("%s:%d", s.path, p.Line)
}

// check returns every rule the file breaks, as "file:line: problem".
func check(s source, module string) []string {
	var problems []string
	pkg := s.internalPackage()
	names := map[string]string{} // local import name → import path, for time and math/rand
	for _, imp := range s.file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if why, banned := bannedEverywhere[path]; banned {
			problems = append(problems, fmt.Sprintf("%s: imports %s: %s", s.pos(imp), path, why))
		}
		if strings.HasPrefix(s.path, "internal/") && !s.isTest() {
			problems = append(problems, checkInternalImport(s, imp, pkg, path, module)...)
		}
		if strings.HasPrefix(s.path, "cmd/") && !s.isTest() {
			problems = append(problems, checkCmdImport(s, imp, path)...)
		}
		name := lastElem(path)
		if path == "math/rand/v2" {
			name = "rand"
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = path
	}
	if strings.HasPrefix(s.path, "internal/") && !s.isTest() {
		if _, ok := layers[topOf(pkg)]; !ok {
			problems = append(problems, fmt.Sprintf("%s: package internal/%s has no layer; add %q to the lint's layers (DESIGN.md order)", s.path, pkg, topOf(pkg)))
		}
		problems = append(problems, checkUses(s, names, wallClockEdge[topOf(pkg)])...)
	}
	return problems
}

func lastElem(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func checkInternalImport(s source, imp *ast.ImportSpec, pkg, path, module string) []string {
	var problems []string
	from := topOf(pkg)
	if target, ok := strings.CutPrefix(path, module+"/internal/"); ok {
		to := topOf(target)
		fromRank, known := layers[from]
		toRank, knownTo := layers[to]
		switch {
		case !known:
			// reported once per file by check
		case !knownTo:
			problems = append(problems, fmt.Sprintf("%s: imported package internal/%s has no layer; add %q to the lint's layers", s.pos(imp), target, to))
		case toRank > fromRank:
			problems = append(problems, fmt.Sprintf("%s: internal/%s (layer %d) imports internal/%s (layer %d): dependencies point down only (DESIGN.md)", s.pos(imp), pkg, fromRank, target, toRank))
		}
	}
	for _, e := range edgeImports {
		if underPath(path, e.prefix) && !contains(e.allowed, from) {
			problems = append(problems, fmt.Sprintf("%s: internal/%s imports %s, %s; only %s may", s.pos(imp), pkg, path, e.what, strings.Join(e.allowed, ", ")))
		}
	}
	if path == "math/rand" {
		problems = append(problems, fmt.Sprintf("%s: imports math/rand; use a seeded math/rand/v2 *rand.Rand (STYLE.md)", s.pos(imp)))
	}
	if imp.Name != nil && imp.Name.Name == "." && (path == "time" || strings.HasPrefix(path, "math/rand")) {
		problems = append(problems, fmt.Sprintf("%s: dot-imports %s, which hides wall-clock and global-random calls", s.pos(imp), path))
	}
	return problems
}

// checkCmdImport holds cmd/ to wiring: it reaches a database, a message bus
// or a chain only through the internal package that wraps it (store,
// cluster, chain), so every rule of those packages applies to the binary
// too. An HTTP client (loadtest) is wiring. Tests may import drivers to
// inspect a store.
func checkCmdImport(s source, imp *ast.ImportSpec, path string) []string {
	var problems []string
	for _, e := range edgeImports {
		if e.prefix != "net/http" && underPath(path, e.prefix) {
			problems = append(problems, fmt.Sprintf("%s: %s imports %s, %s; go through internal/%s", s.pos(imp),
				pathDir(s.path), path, e.what, strings.Join(e.allowed, ", internal/")))
		}
	}
	if path == "math/rand" {
		problems = append(problems, fmt.Sprintf("%s: imports math/rand; use a seeded math/rand/v2 *rand.Rand (STYLE.md)", s.pos(imp)))
	}
	return problems
}

// checkUses finds time.Now/Since/Until and the global math/rand/v2 functions.
func checkUses(s source, names map[string]string, clockAllowed bool) []string {
	var problems []string
	ast.Inspect(s.file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || x.Obj != nil { // x.Obj != nil: a local variable, not a package
			return true
		}
		switch names[x.Name] {
		case "time":
			if wallClock[sel.Sel.Name] && !clockAllowed {
				problems = append(problems, fmt.Sprintf("%s: time.%s reads the wall clock; take the time from an injected clock", s.pos(sel), sel.Sel.Name))
			}
		case "math/rand/v2":
			if globalRand[sel.Sel.Name] {
				problems = append(problems, fmt.Sprintf("%s: rand.%s draws from the global source; use a seeded *rand.Rand", s.pos(sel), sel.Sel.Name))
			}
		}
		return true
	})
	return problems
}

// underPath reports whether import path is prefix or inside it ("net/http/httptest"
// is under "net/http"; "github.com/nats-io/nats.go" is under "github.com/nats-io/").
func underPath(path, prefix string) bool {
	prefix = strings.TrimSuffix(prefix, "/")
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// moduleRoot walks up from the working directory to go.mod and returns the
// directory and the module path.
func moduleRoot(t *testing.T) (string, string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		fh, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer fh.Close()
			sc := bufio.NewScanner(fh)
			for sc.Scan() {
				if mod, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
					return dir, strings.TrimSpace(mod)
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// parseModule parses every .go file of the module (skipping testdata and
// hidden directories, as the go tool does).
func parseModule(t *testing.T, root string) []source {
	t.Helper()
	var out []source
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0) // with object resolution: checkUses tells packages from variables
		if err != nil {
			return err
		}
		out = append(out, source{path: filepath.ToSlash(rel), file: f, fset: fset})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestProjectRules(t *testing.T) {
	root, module := moduleRoot(t)
	sources := parseModule(t, root)
	if len(sources) == 0 {
		t.Fatal("no Go files found")
	}
	var problems []string
	for _, s := range sources {
		problems = append(problems, check(s, module)...)
	}
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for banned := range bannedEverywhere {
		if strings.Contains(string(goMod), banned) {
			problems = append(problems, fmt.Sprintf("go.mod: requires %s", banned))
		}
	}
	sort.Strings(problems)
	for _, p := range dedupe(problems) {
		t.Error(p)
	}
}

// TestLayersNameTheTree: the layer table names exactly the top-level
// packages under internal/ (a stale name would let a rule rot silently; a
// missing one fails TestProjectRules), and the lint reads cmd/ too.
func TestLayersNameTheTree(t *testing.T) {
	root, _ := moduleRoot(t)
	tree := map[string]bool{}
	sawCmd := false
	for _, s := range parseModule(t, root) {
		if pkg := s.internalPackage(); pkg != "" {
			tree[topOf(pkg)] = true
		}
		sawCmd = sawCmd || strings.HasPrefix(s.path, "cmd/")
	}
	for name := range layers {
		if !tree[name] {
			t.Errorf("layers names internal/%s, which is not in the tree", name)
		}
	}
	if !sawCmd {
		t.Error("the lint read no file under cmd/")
	}
}

func dedupe(xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Goal: each rule still matches what it is meant to. Method: check small
// synthetic files placed at chosen paths; count the problems reported.
func TestRulesCatchViolations(t *testing.T) {
	const module = "example.com/m"
	cases := []struct {
		name string
		path string
		src  string
		want int // number of problems
	}{
		{"downward import", "internal/margin/a.go", `package margin; import _ "example.com/m/internal/venue"`, 0},
		{"same layer", "internal/scenario/a.go", `package scenario; import _ "example.com/m/internal/portfolio"`, 0},
		{"upward import", "internal/market/a.go", `package market; import _ "example.com/m/internal/margin"`, 1},
		{"sub-package upward", "internal/venue/aave/a.go", `package aave; import _ "example.com/m/internal/margin/x"`, 1},
		{"unplaced package", "internal/widget/a.go", `package widget; import _ "example.com/m/internal/money"`, 1},
		{"import of an unplaced package", "internal/margin/a.go", `package margin; import _ "example.com/m/internal/widget"`, 1},
		{"local variable named time", "internal/ledger/a.go", `package ledger; type c struct{}; func (c) Now() int { return 0 }; func f(time c) int { return time.Now() }`, 0},
		{"http in a domain package", "internal/margin/a.go", `package margin; import _ "net/http"`, 1},
		{"http in server", "internal/server/a.go", `package server; import _ "net/http"`, 0},
		{"httptest in a domain package", "internal/vault/a.go", `package vault; import _ "net/http/httptest"`, 1},
		{"driver in ledger", "internal/ledger/a.go", `package ledger; import _ "modernc.org/sqlite"`, 1},
		{"driver in store", "internal/store/a.go", `package store; import _ "github.com/jackc/pgx/v5"`, 0},
		{"nats in cascade", "internal/cascade/a.go", `package cascade; import _ "github.com/nats-io/nats.go"`, 1},
		{"go-ethereum outside chain", "internal/vault/a.go", `package vault; import _ "github.com/ethereum/go-ethereum/common"`, 1},
		{"time.Now", "internal/ledger/a.go", `package ledger; import "time"; var _ = time.Now()`, 1},
		{"time.Since", "internal/ledger/a.go", `package ledger; import "time"; func f(t time.Time) time.Duration { return time.Since(t) }`, 1},
		{"renamed time", "internal/ledger/a.go", `package ledger; import tm "time"; var _ = tm.Now`, 1},
		{"time.Now in a test", "internal/ledger/a_test.go", `package ledger; import "time"; var _ = time.Now()`, 0},
		{"time.Now in cmd", "cmd/x/main.go", `package main; import "time"; var _ = time.Now()`, 0},
		{"time.Unix is fine", "internal/ledger/a.go", `package ledger; import "time"; var _ = time.Unix(0, 0)`, 0},
		{"math/rand v1", "internal/cascade/a.go", `package cascade; import _ "math/rand"`, 1},
		{"global rand v2", "internal/cascade/a.go", `package cascade; import "math/rand/v2"; var _ = rand.Float64()`, 1},
		{"seeded rand v2", "internal/cascade/a.go", `package cascade; import "math/rand/v2"; var r = rand.New(rand.NewPCG(1, 2)); var _ = r.Float64()`, 0},
		{"shopspring in a test", "internal/money/a_test.go", `package money; import _ "github.com/shopspring/decimal"`, 1},
		{"shopspring in cmd", "cmd/x/main.go", `package main; import _ "github.com/shopspring/decimal"`, 1},
		{"driver in cmd", "cmd/x/main.go", `package main; import _ "modernc.org/sqlite"`, 1},
		{"nats in cmd", "cmd/x/main.go", `package main; import _ "github.com/nats-io/nats.go"`, 1},
		{"driver in a cmd test", "cmd/x/main_test.go", `package main; import _ "github.com/jackc/pgx/v5/stdlib"`, 0},
		{"http client in cmd", "cmd/x/main.go", `package main; import _ "net/http"`, 0},
		{"math/rand v1 in cmd", "cmd/x/main.go", `package main; import _ "math/rand"`, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, tc.path, tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			s := source{path: tc.path, file: f, fset: fset}
			got := check(s, module)
			if len(got) != tc.want {
				t.Errorf("want %d problems, got %d: %q", tc.want, len(got), got)
			}
		})
	}
}
