package cluster

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/vault"
)

// memorySource serves one vault.Memory to every View.
type memorySource struct{ m *vault.Memory }

func (s memorySource) View(_ context.Context, f func(tx vault.Tx) error) error { return f(s.m) }

func demoMemory(t *testing.T, accounts ...string) *vault.Memory {
	t.Helper()
	m := vault.NewMemory()
	mdoc, err := os.ReadFile(filepath.Join("..", "demo", "market.json"))
	if err != nil {
		t.Fatal(err)
	}
	pdoc, err := os.ReadFile(filepath.Join("..", "demo", "portfolio.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.PutMarket(mdoc); err != nil {
		t.Fatal(err)
	}
	for _, id := range accounts {
		if err := vault.SetPortfolio(m, id, pdoc); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestLocalAnswersEveryAccountOnceAndAgreesWithState(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e"}
	m := demoMemory(t, ids...)
	l := &Local{Source: memorySource{m}, Config: func() vault.Config { return vault.Config{} }, Workers: 3}
	var got []Result
	if err := l.Remargin(context.Background(), append(ids, "nobody"), func(r Result) { got = append(got, r) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids)+1 {
		t.Fatalf("%d results for %d accounts", len(got), len(ids)+1)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Account < got[j].Account })
	st, err := vault.State(m, vault.Config{}, "a")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Account == "nobody" {
			if r.Error == "" {
				t.Fatal("unknown account answered without an error")
			}
			continue
		}
		if r.Error != "" || r.Initial != st.Unified.Initial || r.Excess != st.Unified.Excess || r.Initial <= 0 {
			t.Fatalf("result %+v, state initial %v excess %v", r, st.Unified.Initial, st.Unified.Excess)
		}
	}
}

func TestLocalStopsOnCancel(t *testing.T) {
	m := demoMemory(t, "a")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l := &Local{Source: memorySource{m}, Config: func() vault.Config { return vault.Config{} }}
	if err := l.Remargin(ctx, []string{"a", "a", "a"}, func(Result) {}); err == nil {
		t.Fatal("cancelled re-margin returned nil")
	}
}

// A unified figure that is not finite fails the account as not computable
// (listed liquidatable, with its reason) and leaves a Result JSON carries.
// One account's NaN once reached the event loop, whose encoding panicked
// and stopped the server (serve without NATS), and a worker, which could
// not publish its batch's answer and had it redelivered forever (every
// account's re-margin stalled).
func TestResultOfNonFiniteFigures(t *testing.T) {
	for _, u := range []margin.Unified{{Equity: math.NaN()}, {Initial: math.Inf(1)}, {Excess: math.Inf(-1)}, {Maintenance: math.NaN()}} {
		r := Result{Account: "a"}
		r.set(&u)
		if !r.Uncomputable || !r.Liquidatable || !strings.Contains(r.Error, "not finite") {
			t.Errorf("%+v: result %+v, want uncomputable and liquidatable", u, r)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("%+v: %v", u, err)
		}
	}
	r := Result{Account: "a"}
	r.set(&margin.Unified{Equity: 2, Initial: 1, Maintenance: 0.5, Excess: 1})
	if r.Error != "" || r.Equity != 2 || r.Excess != 1 || r.Liquidatable {
		t.Errorf("finite figures: %+v", r)
	}
}
