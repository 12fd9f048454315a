package deribit

import (
	"context"
	"sync"
	"testing"

	"github.com/unimargin/unimargin/internal/venue"
)

// Ladders are kept in at most two generations (a ladder asked for again
// survives a rotation, a one-off does not); a rung answers only the key it
// was computed from, is written once, and is never stored at a narrowing
// point or past the last rung; all of it is safe for concurrent use.
func TestLadders(t *testing.T) {
	ls := ladders[int, int]{size: 2}
	key := func(k int) ladderKey[int] { return ladderKey[int]{first: k, moved: "BTC"} }
	first := ls.find(key(1))
	for _, k := range []int{2, 1, 3, 1, 4, 5} { // 3 fills the generation holding 1 and 2: 1 moves forward
		ls.find(key(k))
	}
	if ls.find(key(1)) != first {
		t.Fatal("ladder 1, asked for throughout, was replaced")
	}
	if n := len(ls.cur) + len(ls.prev); n > 2*ls.size {
		t.Fatalf("%d ladders held, more than two generations of %d", n, ls.size)
	}
	if ls.find(ladderKey[int]{first: 1, moved: "ETH"}) == first {
		t.Fatal("a search moving other assets shares the ladder")
	}

	computed := 0
	get := func(l *ladder[int, int], k, key int) int {
		return at(l, k, key, func() int { computed++; return 10 * key })
	}
	l := new(ladder[int, int])
	for _, c := range []struct {
		rung, key, want, computed int
	}{
		{3, 7, 70, 1},  // computed and stored
		{3, 7, 70, 1},  // read
		{3, 8, 80, 2},  // another key at the rung: computed, the first value kept
		{3, 7, 70, 2},  // still read
		{-1, 7, 70, 3}, // a narrowing point: computed, never stored
		{ladderRungs, 9, 90, 4},
		{ladderRungs, 9, 90, 5},
	} {
		if got := get(l, c.rung, c.key); got != c.want || computed != c.computed {
			t.Fatalf("rung %d key %d: got %d after %d computations, want %d after %d",
				c.rung, c.key, got, computed, c.want, c.computed)
		}
	}
	if get(nil, 3, 7); computed != 6 {
		t.Fatal("no ladder: not computed")
	}

	shared := ladders[int, int]{size: 4}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				k := (i*7 + g) % 12
				l := shared.find(key(k % 6))
				if v := at(l, k, k, func() int { return k * k }); v != k*k {
					t.Errorf("rung %d = %d", k, v)
					return
				}
			}
		})
	}
	wg.Wait()
}

// The search's grid fits a ladder: a cushion that never changes sign is
// evaluated at every grid point, and the rungs hold them all.
func TestLadderHoldsTheGrid(t *testing.T) {
	points := 0
	_, err := venue.SearchCushion(context.Background(), func(_ float64, point int) (float64, error) {
		if point > 0 {
			points++
		}
		return 1, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if points != venue.GridPoints || points > ladderRungs || points < ladderRungs-10 {
		t.Fatalf("the grid has %d points; ladderRungs is %d", points, ladderRungs)
	}
	t.Logf("%d grid points", points)
}
