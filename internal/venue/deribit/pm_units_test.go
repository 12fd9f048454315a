package deribit

import (
	"sync"
	"testing"
)

// The memo computes a key once while it is held (stored only when asked
// to), keeps at most two
// generations (a key asked for again survives a rotation, a one-off does
// not), and is safe for concurrent use.
func TestMemoGenerations(t *testing.T) {
	m := memo[int, int]{size: 2}
	computed := map[int]int{}
	get := func(k int) int {
		return m.get(k, true, func() int { computed[k]++; return 10 * k })
	}
	for _, k := range []int{1, 2, 1, 3, 1, 4, 5} { // 3 fills the generation holding 1 and 2: 1 moves forward
		if got := get(k); got != 10*k {
			t.Fatalf("get(%d) = %d", k, got)
		}
	}
	if computed[1] != 1 {
		t.Fatalf("key 1, asked for throughout, computed %d times", computed[1])
	}
	if get(2); computed[2] != 2 {
		t.Fatalf("key 2, a one-off two generations ago, computed %d times (want it aged out)", computed[2])
	}
	m.get(9, false, func() int { computed[9]++; return 90 })
	if get(9); computed[9] != 2 {
		t.Fatalf("key 9, read without storing, then computed %d times in all (want 2)", computed[9])
	}
	if n := len(m.cur) + len(m.prev); n > 2*m.size {
		t.Fatalf("%d entries held, more than two generations of %d", n, m.size)
	}

	shared := memo[int, int]{size: 16}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				k := (i*7 + g) % 40
				if v := shared.get(k, true, func() int { return k * k }); v != k*k {
					t.Errorf("get(%d) = %d", k, v)
					return
				}
			}
		})
	}
	wg.Wait()
}
