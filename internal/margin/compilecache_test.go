package margin

import "testing"

// TestCompileCache: a hit returns the same compiled market; another market
// document or other parameters are another entry; the least recently used
// entry goes first.
func TestCompileCache(t *testing.T) {
	m := propMarket(t)
	cc := NewCompileCache(2)
	rp := DefaultRiskParams()
	get := func(doc string, rp *RiskParams) *Compiled {
		t.Helper()
		c, err := cc.Get(CompileKey([]byte(doc), rp), m, rp)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := get("a", nil)
	if get("a", nil) != a {
		t.Fatal("a hit compiled again")
	}
	if get("a", rp) == a || get("b", nil) == a {
		t.Fatal("another document or other parameters share an entry")
	}
	// a was used before b and (a, rp): with room for 2, a is gone.
	if get("a", nil) == a {
		t.Fatal("the least recently used entry stayed")
	}
	if CompileKey([]byte("x"), nil) == CompileKey([]byte("y"), nil) {
		t.Fatal("keys of different documents are equal")
	}
}
