package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestStoredConfigFollowsTheStoredParameters(t *testing.T) {
	m := NewMemory()
	c, err := StoredConfig(m)
	if err != nil || c.RiskParams != nil {
		t.Fatalf("empty store: %+v %v, want defaults", c, err)
	}
	mdoc, err := os.ReadFile(filepath.Join("..", "demo", "market.json"))
	if err != nil {
		t.Fatal(err)
	}
	pdoc, err := os.ReadFile(filepath.Join("..", "demo", "risk_params.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.PutMarket(mdoc); err != nil {
		t.Fatal(err)
	}
	if err := m.PutRiskParams(pdoc); err != nil {
		t.Fatal(err)
	}
	c, err = StoredConfig(m)
	if err != nil || c.RiskParams == nil {
		t.Fatalf("stored parameters not loaded: %+v %v", c, err)
	}
	if err := m.PutRiskParams([]byte(`{"no_such_field": 1}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := StoredConfig(m); err == nil {
		t.Fatal("a bad stored document was accepted")
	} else if errors.Is(err, ErrNoMarket) {
		t.Fatalf("wrong error: %v", err)
	}
}
