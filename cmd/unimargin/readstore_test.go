package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Goal: a command that reads the store refuses a --data-dir (or a --db
// sqlite:PATH) where there is no store, naming the flag, and creates
// nothing: sqlite.Open makes the directory and an empty store, so `stress
// --stored`, `limits`, `explain --account`, `history` and `alerts` left an
// empty .unimargin behind a mistyped path, then refused for an unknown
// account (stress --stored printed an empty table); every read-only
// transaction (vault, lien, ledger, govern and settle reads) opens the same
// way (storeFlags.transactRaw). limits set and clear
// write, but only to an account the store holds: on no store they cannot
// succeed either. Method: run each command on a missing directory under an
// empty one, then on a missing SQLite file, and check the refusal and that
// the empty directory is still empty.
func TestReadCommandsCreateNoStore(t *testing.T) {
	reads := [][]string{
		{"stress", "--stored"},
		{"limits", "show", "--account", "alice"},
		{"limits", "set", "--account", "alice", "--limit", "health=1.2"},
		{"limits", "clear", "--account", "alice"},
		{"explain", "--account", "alice", "--from", "1"},
		{"alerts", "--account", "alice"},
		{"history", "--account", "alice"},
		{"vault", "state", "--account", "alice"},
		{"vault", "caps", "show"},
		{"lien", "history", "--account", "alice", "--venue", "v"},
		{"govern", "status"},
		{"govern", "list"},
		{"govern", "log"},
		{"settle", "status"},
		{"settle", "list"},
		{"ledger", "verify"},
	}
	for _, args := range reads {
		parent := t.TempDir()
		dir := filepath.Join(parent, "missing")
		r := runCLI(t, "", append(args, "--data-dir", dir)...)
		if r.code != 1 || !strings.Contains(r.stderr, "--data-dir "+dir) || !strings.Contains(r.stderr, "no store") {
			t.Errorf("%v on a missing --data-dir: exit %d: %s", args, r.code, r.stderr)
		}
		file := filepath.Join(parent, "none.db")
		r = runCLI(t, "", append(args, "--db", "sqlite:"+file)...)
		if r.code != 1 || !strings.Contains(r.stderr, "--db sqlite:"+file) || !strings.Contains(r.stderr, "no store") {
			t.Errorf("%v on a missing --db sqlite:PATH: exit %d: %s", args, r.code, r.stderr)
		}
		if left, err := os.ReadDir(parent); err != nil || len(left) != 0 {
			t.Errorf("%v left %v behind (%v)", args, left, err)
		}
	}
}
