// limits through the binary: set writes what the API's PUT would (the
// kinds and thresholds given, set_by "cli", breach states clear), show
// reads them back as JSON, CSV and a table, clear removes them; a bad
// limit is refused naming the field (limits[i].kind, limits[i].threshold)
// and changes nothing; an unknown account is refused.
package main

import (
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/server"
)

func TestLimitsCommand(t *testing.T) {
	db, dsn := demoStore(t, t.TempDir(), false, "alice")
	db.Close()

	var got server.Limits
	mustDecode(t, mustSucceed(t, "limits", "set", "--db", dsn, "--account", "alice",
		"--limit", "health=1.25", "--limit", "excess=-5000", "--limit", "concentration=0.6", "--json"), &got)
	// Stored in kind order (the store lists by kind), as the API shows them.
	want := []struct {
		kind string
		x    float64
	}{{"concentration", 0.6}, {"excess", -5000}, {"health", 1.25}}
	if got.Account != "alice" || len(got.Limits) != len(want) {
		t.Fatalf("set: %+v", got)
	}
	for i, w := range want {
		l := got.Limits[i]
		if string(l.Kind) != w.kind || l.Threshold != w.x || l.SetBy != "cli" || l.Breached {
			t.Errorf("limits[%d] = %+v, want %s %g set by cli, not breached", i, l, w.kind, w.x)
		}
	}

	// Refusals name the field and leave the three limits in place.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--limit", "health=1", "--limit", "gamma=2"}, "limits[1].kind"},
		{[]string{"--limit", "health=-1"}, "limits[0].threshold"},
		{[]string{"--limit", "health=x"}, "limits[0].threshold"},
		{[]string{"--limit", "health"}, "limits[0]"},
		{[]string{"--limit", "health=1", "--limit", "health=2"}, "limits[1].kind"},
		// Go's float spellings, which the API's JSON number refuses, were
		// taken: health=1_0 stored 10, health=0x1p4 stored 16.
		{[]string{"--limit", "health=1_0"}, "limits[0].threshold"},
		{[]string{"--limit", "health=0x1p4"}, "limits[0].threshold"},
		{[]string{"--limit", "health=Inf"}, "limits[0].threshold"},
	} {
		args := append([]string{"limits", "set", "--db", dsn, "--account", "alice"}, c.args...)
		if line := mustFail(t, 1, args...); !strings.Contains(line, c.want) {
			t.Errorf("%v: %s, want it to name %s", c.args, line, c.want)
		}
	}
	var kept server.Limits
	mustDecode(t, mustSucceed(t, "limits", "show", "--db", dsn, "--account", "alice", "--json"), &kept)
	if len(kept.Limits) != 3 {
		t.Fatalf("a refused set changed the limits: %+v", kept)
	}
	cells := csvCells(t, mustSucceed(t, "limits", "show", "--db", dsn, "--account", "alice", "--format", "csv"))
	// Limits have no id: rows are keyed by index, in the store's kind order.
	if cells["limits||2|kind"] != "health" || cells["limits||2|threshold"] != "1.25" || cells["limits||1|set_by"] != "cli" {
		t.Errorf("csv: %v", cells)
	}
	if out := mustSucceed(t, "limits", "show", "--db", dsn, "--account", "alice"); !strings.Contains(out, "above") ||
		!strings.Contains(out, "1.25") {
		t.Errorf("table: %s", out)
	}

	var cleared server.Limits
	mustDecode(t, mustSucceed(t, "limits", "clear", "--db", dsn, "--account", "alice", "--json"), &cleared)
	if len(cleared.Limits) != 0 {
		t.Fatalf("clear: %+v", cleared)
	}
	if line := mustFail(t, 1, "limits", "show", "--db", dsn, "--account", "nobody"); !strings.Contains(line, "nobody") {
		t.Fatalf("unknown account: %s", line)
	}
	if line := mustFail(t, 1, "limits", "set", "--db", dsn, "--account", "nobody", "--limit", "health=1"); !strings.Contains(line, "nobody") {
		t.Fatalf("unknown account: %s", line)
	}
}
