// End-to-end tests of governance through the binary: the issue's "done
// when" story (a proposal refused by bounds, then one made, previewed,
// approved by signed votes, time-locked and executed, every account
// re-margined under the new version), refusals that name their field and
// change nothing (a non-signer, an expired and a replayed message), and
// `govern log --verify` exiting 1 once the log is tampered with in the
// database. On SQLite, and on PostgreSQL when PG_DSN is set.
package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/govern"
)

// rawExec runs one SQL statement on the store behind a --db value.
func rawExec(t *testing.T, db, stmt string) {
	t.Helper()
	driver, dsn := "pgx", db
	if path, ok := strings.CutPrefix(db, "sqlite:"); ok {
		driver, dsn = "sqlite", path
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	res, err := raw.Exec(stmt)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s changed %d rows, want 1", stmt, n)
	}
}

// members makes key files for the three members, the guardian and an
// outsider, and the rules naming them (2 of 3, a one-day timelock).
func members(t *testing.T, dir string) (keys map[string]string, rules string) {
	t.Helper()
	keys = map[string]string{}
	pubs := map[string]string{}
	for _, n := range []string{"risk", "treasury", "security", "guardian", "mallory"} {
		keys[n] = filepath.Join(dir, n+".key")
		var out struct {
			PublicKey string `json:"public_key"`
		}
		if err := json.Unmarshal([]byte(mustSucceed(t, "govern", "keygen", "--name", n, "--out", keys[n], "--json")), &out); err != nil {
			t.Fatal(err)
		}
		pubs[n] = out.PublicKey
	}
	doc, _ := json.Marshal(map[string]any{
		"decision": map[string]any{"mode": "signers", "threshold": 2},
		"members": []map[string]string{{"name": "risk", "public_key": pubs["risk"]},
			{"name": "treasury", "public_key": pubs["treasury"]}, {"name": "security", "public_key": pubs["security"]}},
		"guardian":         map[string]any{"name": "guardian", "public_key": pubs["guardian"]},
		"timelock_seconds": 86400, "min_ramp_seconds": 3600,
	})
	return keys, writeFile(t, dir, "governance.json", string(doc))
}

// signedVote writes a vote signed with a key file, expiring at exp.
func signedVote(t *testing.T, dir, key, proposal, hash, nonce string, exp time.Time) string {
	t.Helper()
	k, priv, err := govern.ReadKeyFile(key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := govern.Sign(govern.Message{Kind: govern.KindVote, Signer: k.Name, Proposal: proposal, ProposalHash: hash,
		Choice: govern.ChoiceYes, Nonce: nonce, ExpiresAt: exp.UTC().Format(time.RFC3339)}, priv)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(s)
	return writeFile(t, dir, nonce+".json", string(b))
}

func TestGovernStory(t *testing.T) {
	dir := t.TempDir()
	mkt := writeFile(t, dir, "market.json", fixture(t, "market.json"))
	book := writeFile(t, dir, "book.json", collateralBook)
	keys, rules := members(t, dir)
	bad := writeFile(t, dir, "bad.json", `{"proposer": "risk", "rationale": "far too much",
 "changes": [{"path": "risk_params.ranges_by_symbol.BTC", "value": "0.4"}], "transition": {"kind": "key"}}`)
	unknown := writeFile(t, dir, "unknown.json", `{"proposer": "risk", "rationale": "typo",
 "changes": [{"path": "risk_params.ranges_by_symbl.BTC", "value": "0.2"}], "transition": {"kind": "key"}}`)
	good := writeFile(t, dir, "good.json", `{"proposer": "risk", "rationale": "BTC moved more than its range in October",
 "changes": [{"path": "risk_params.ranges_by_symbol.BTC", "value": "0.2"}], "transition": {"kind": "ramp", "seconds": 7200}}`)
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			mustSucceed(t, "market", "set", "--market", mkt, "--db", db)
			for _, a := range []string{"fund-a", "fund-b"} {
				mustSucceed(t, "account", "set-portfolio", "--account", a, "--portfolio", book, "--db", db)
			}
			mustSucceed(t, "vault", "deposit", "--account", "fund-a", "--asset", "USDC", "--amount", "100000", "--id", "d1", "--db", db)
			refused(t, "not set up", "govern", "propose", "--file", good, "--db", db)
			mustSucceed(t, "govern", "init", "--rules", rules, "--db", db)

			refused(t, "changes[0].value", "govern", "propose", "--file", bad, "--db", db)
			refused(t, "changes[0].path", "govern", "propose", "--file", unknown, "--db", db)
			var p govern.Proposal
			out := mustSucceed(t, "govern", "propose", "--file", good, "--preview", "--json", "--db", db)
			if err := json.Unmarshal([]byte(out), &p); err != nil {
				t.Fatal(err)
			}
			if p.ID != "p1" || p.Preview == nil || p.Preview.Accounts != 2 || p.Preview.DeltaInitial <= 0 || len(p.Preview.Movers) != 2 {
				t.Fatalf("proposal %s", out)
			}

			before := mustSucceed(t, "govern", "list", "--proposal", "p1", "--json", "--db", db)
			refused(t, "message.signer", "govern", "vote", "--proposal", "p1", "--key", keys["mallory"], "--choice", "yes", "--db", db)
			expired := signedVote(t, dir, keys["risk"], "p1", p.Hash, "old", time.Now().Add(-time.Minute))
			refused(t, "message.expires_at", "govern", "vote", "--signed", expired, "--db", db)
			if after := mustSucceed(t, "govern", "list", "--proposal", "p1", "--json", "--db", db); after != before {
				t.Fatalf("refused votes changed the proposal:\n%s\n%s", before, after)
			}
			vote := signedVote(t, dir, keys["risk"], "p1", p.Hash, "v1-"+name, time.Now().Add(time.Hour))
			mustSucceed(t, "govern", "vote", "--signed", vote, "--db", db)
			refused(t, "replay", "govern", "vote", "--signed", vote, "--db", db)
			out = mustSucceed(t, "govern", "vote", "--proposal", "p1", "--key", keys["treasury"], "--choice", "yes", "--json", "--db", db)
			if err := json.Unmarshal([]byte(out), &p); err != nil || p.State != govern.StateQueued {
				t.Fatalf("after two votes: %s", out)
			}

			refused(t, "timelock", "govern", "execute", "--proposal", "p1", "--db", db)
			later := time.Now().Add(25 * time.Hour).UTC().Format(time.RFC3339)
			mustSucceed(t, "govern", "execute", "--proposal", "p1", "--now", later, "--db", db)
			refused(t, "executed", "govern", "execute", "--proposal", "p1", "--now", later, "--db", db)

			// every account re-margins under version 2 (fully in force after the ramp)
			end := time.Now().Add(28 * time.Hour).UTC().Format(time.RFC3339)
			var st struct {
				Status struct {
					Version int
					Ramps   []any
				}
			}
			if err := json.Unmarshal([]byte(`{"status": `+mustSucceed(t, "govern", "status", "--now", end, "--json", "--db", db)+`}`), &st); err != nil {
				t.Fatal(err)
			}
			if st.Status.Version != 2 || len(st.Status.Ramps) != 0 {
				t.Fatalf("status %+v", st)
			}
			var vs struct {
				Params  struct{ Version int }
				Unified struct{ Initial float64 }
			}
			if err := json.Unmarshal([]byte(mustSucceed(t, "vault", "state", "--account", "fund-b", "--json", "--db", db)), &vs); err != nil {
				t.Fatal(err)
			}
			if vs.Params.Version != 2 {
				t.Fatalf("fund-b runs under %+v", vs)
			}

			mustSucceed(t, "govern", "log", "--verify", "--db", db)
			rawExec(t, db, `UPDATE gov_log SET entry = REPLACE(entry, '"value":0.2', '"value":0.3') WHERE seq = 2`)
			refused(t, "entry 2", "govern", "log", "--verify", "--db", db)
		})
	}
}

// TestGovernKeygenRefusesToOverwrite: a key file is never replaced.
func TestGovernKeygenRefusesToOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.key")
	mustSucceed(t, "govern", "keygen", "--name", "risk", "--out", path)
	first, _ := os.ReadFile(path)
	refused(t, "--out", "govern", "keygen", "--name", "risk", "--out", path)
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Fatal("the key file changed")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", info.Mode().Perm())
	}
}
