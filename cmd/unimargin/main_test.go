// End-to-end tests of the binary: the file-format contract of DESIGN.md as
// tests outside the repository see it (exit status, one stderr line, JSON
// shape, byte-identical --json). TestMain builds the binary once; each test
// runs it with os/exec on the small fixtures in testdata/.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the unimargin executable built by TestMain.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "unimargin-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "unimargin")
	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building unimargin: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// runCLI runs the binary with args in dir ("" = the package directory).
func runCLI(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "UNIMARGIN_DEBUG=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running unimargin %v: %v", args, err)
	}
	return r
}

// mustSucceed runs the binary and fails the test unless it exits 0 with
// nothing on stderr.
func mustSucceed(t *testing.T, args ...string) string {
	t.Helper()
	r := runCLI(t, "", args...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("unimargin %s: want exit 0 and no stderr, got %v", strings.Join(args, " "), r)
	}
	return r.stdout
}

// mustFail runs the binary and checks the refusal contract: exit status
// code, nothing on stdout, exactly one line on stderr. It returns that line.
func mustFail(t *testing.T, code int, args ...string) string {
	t.Helper()
	r := runCLI(t, "", args...)
	if r.code != code {
		t.Fatalf("unimargin %s: want exit %d, got %v", strings.Join(args, " "), code, r)
	}
	if r.stdout != "" {
		t.Errorf("unimargin %s: stdout must be empty on error, got %q", strings.Join(args, " "), r.stdout)
	}
	line, rest, _ := strings.Cut(r.stderr, "\n")
	if line == "" || rest != "" {
		t.Errorf("unimargin %s: want exactly one stderr line, got %q", strings.Join(args, " "), r.stderr)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Errorf("unimargin %s: stderr looks like a crash: %q", strings.Join(args, " "), r.stderr)
	}
	return line
}

// fixture returns the text of testdata/name.
func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// writeFile writes text to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// replaceOnce replaces the single occurrence of old in text; a fixture edit
// that matches nothing (or twice) would silently test the wrong thing.
func replaceOnce(t *testing.T, text, old, new string) string {
	t.Helper()
	if n := strings.Count(text, old); n != 1 {
		t.Fatalf("fixture edit %q matches %d times, want 1", old, n)
	}
	return strings.Replace(text, old, new, 1)
}
