// Goal: a change in the shape of a reporting command's CSV (a row added,
// renamed or dropped, a figure changed) fails a test. Method: each file
// under testdata/csv is a data-driven golden: `file name=F` writes its
// input into the test's directory, `setup` runs the command line of its
// input (e.g. filling a store) without checking its output, `run` runs
// the command line of its input and expects its stdout byte for byte
// ($DIR is that directory in both). `seed-alerts db=F account=A` and
// `seed-history db=F` write the rows of their input (a JSON array of
// store.AlertRow or store.HistoryRow; a history row's documents default to
// {}) into the SQLite store F of that directory through the store, as the
// service does: the CLI has no command that writes them. `sign-vote db=F
// key=K proposal=P nonce=N expires=T out=O` writes O, a yes vote on P
// (at its hash in F) signed with the key file K, with a fixed nonce and
// expiry: `govern vote --key` draws a random nonce, which the audit log's
// hash chain would carry into the golden.
// Every golden opens with the derivation of at least one of its figures
// (internal/lint's golden rule). Regenerate with -rewrite after checking
// the derivations still hold.
package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
)

func TestCSVGoldens(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "csv", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			dir := t.TempDir()
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				switch d.Cmd {
				case "file":
					var name string
					d.ScanArgs(t, "name", &name)
					if err := os.WriteFile(filepath.Join(dir, name), []byte(d.Input), 0o600); err != nil {
						t.Fatal(err)
					}
					return ""
				case "setup":
					mustSucceed(t, strings.Fields(strings.ReplaceAll(d.Input, "$DIR", dir))...)
					return ""
				case "seed-alerts", "seed-history":
					seed(t, dir, d)
					return ""
				case "sign-vote":
					signVote(t, dir, d)
					return ""
				case "run":
					args := strings.Fields(strings.ReplaceAll(d.Input, "$DIR", dir))
					if !strings.Contains(d.Input, "--format csv") {
						t.Fatalf("%s: a CSV golden runs with --format csv", d.Pos)
					}
					return mustSucceed(t, args...)
				}
				t.Fatalf("%s: unknown directive %q", d.Pos, d.Cmd)
				return ""
			})
		})
	}
}

// seed writes a seed-alerts or seed-history directive's rows into its store.
func seed(t *testing.T, dir string, d *datadriven.TestData) {
	t.Helper()
	var name string
	d.ScanArgs(t, "db", &name)
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if d.Cmd == "seed-alerts" {
		var account string
		d.ScanArgs(t, "account", &account)
		var rows []store.AlertRow
		if err := json.Unmarshal([]byte(d.Input), &rows); err != nil {
			t.Fatalf("%s: %v", d.Pos, err)
		}
		if err := db.RaiseAlerts(t.Context(), account, nil, rows, 1000); err != nil {
			t.Fatalf("%s: %v", d.Pos, err)
		}
		return
	}
	var rows []store.HistoryRow
	if err := json.Unmarshal([]byte(d.Input), &rows); err != nil {
		t.Fatalf("%s: %v", d.Pos, err)
	}
	for i := range rows {
		for _, doc := range []*[]byte{&rows[i].Book, &rows[i].Market, &rows[i].Params} {
			if *doc == nil {
				*doc = []byte("{}")
			}
		}
	}
	if err := db.AppendHistory(t.Context(), rows, store.KeepAll); err != nil {
		t.Fatalf("%s: %v", d.Pos, err)
	}
}

// signVote writes a sign-vote directive's signed yes vote.
func signVote(t *testing.T, dir string, d *datadriven.TestData) {
	t.Helper()
	var db, key, proposal, nonce, expires, out string
	d.ScanArgs(t, "db", &db)
	d.ScanArgs(t, "key", &key)
	d.ScanArgs(t, "proposal", &proposal)
	d.ScanArgs(t, "nonce", &nonce)
	d.ScanArgs(t, "expires", &expires)
	d.ScanArgs(t, "out", &out)
	var p govern.Proposal
	mustDecode(t, mustSucceed(t, "govern", "list", "--proposal", proposal, "--json", "--db", "sqlite:"+filepath.Join(dir, db)), &p)
	k, priv, err := govern.ReadKeyFile(filepath.Join(dir, key))
	if err != nil {
		t.Fatalf("%s: %v", d.Pos, err)
	}
	s, err := govern.Sign(govern.Message{Kind: govern.KindVote, Signer: k.Name, Proposal: p.ID, ProposalHash: p.Hash,
		Choice: govern.ChoiceYes, Nonce: nonce, ExpiresAt: expires}, priv)
	if err != nil {
		t.Fatalf("%s: %v", d.Pos, err)
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, out), data, 0o600); err != nil {
		t.Fatal(err)
	}
}
