package cluster

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

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
