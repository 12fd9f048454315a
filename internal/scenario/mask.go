// Masks: the scenarios of one book's own set inside a set built over the
// whole market. The unified margin of a book is the worst loss over the set
// Build(m, bookAssets) would give; a compiled market builds one set over
// every asset and each book takes the subsequence its own set would have
// had. Within holds that equality (TestWithinEqualsBuild checks it against
// Build on random books), so one market-wide set serves every account.
package scenario

import "github.com/unimargin/unimargin/internal/market"

// Mask is a subsequence of a set's scenarios, in set order.
type Mask struct {
	ids     []int32  // the scenarios, ascending
	bits    []uint64 // membership, one bit per scenario of the set
	closure []bool   // per set asset: in the book's backing closure
}

// InClosure reports whether set asset i is in the book's backing closure
// (the assets its own set would hold).
func (k *Mask) InClosure(i int) bool { return k.closure[i] }

// IDs returns the masked scenarios in set order. The slice is shared: do
// not modify it.
func (k *Mask) IDs() []int32 { return k.ids }

// Has reports whether scenario sc is in the mask.
func (k *Mask) Has(sc int32) bool { return k.bits[sc>>6]&(1<<(uint(sc)&63)) != 0 }

// Len is the number of masked scenarios.
func (k *Mask) Len() int { return len(k.ids) }

// Within returns the scenarios of s that Build(m, assets, p) would give,
// with s itself built by Build(m, every asset of m, p) (a superset of
// assets' backing closure). What each family needs to be in a book's set:
//   - grid, tail, depeg: its asset is in the book's closure;
//   - joint, tail joint: two risk assets or more in the closure;
//   - correlated: its anchor is in the closure with at least one correlated
//     risk asset also in it;
//   - historical: always.
//
// In those scenarios every asset of the closure moves exactly as in the
// book's own set: a move depends only on the shocked asset's range, the
// family's step and the Betas of the backing graph, never on which other
// assets the set holds. Scenarios outside the mask either move nothing the
// book holds (loss 0) or, for a correlated anchor outside the closure, move
// its assets by correlation alone, which the book's own set does not do.
func (s *Set) Within(m *market.Snapshot, assets []string) Mask {
	in := make([]bool, len(s.Assets))
	risk := 0
	for _, sym := range closure(m, assets) {
		i, ok := s.index[sym]
		if !ok {
			continue // not in s: s was not built over the whole market
		}
		in[i] = true
	}
	isRisk := s.riskAssets()
	for i := range in {
		if in[i] && isRisk[i] {
			risk++
		}
	}
	k := Mask{bits: make([]uint64, (len(s.Scenarios)+63)/64), closure: in}
	for sc := range s.Scenarios {
		x := &s.Scenarios[sc]
		var keep bool
		switch x.Kind {
		case KindGrid, KindTail, KindDepeg:
			keep = in[x.Asset]
		case KindJoint, KindTailJoint:
			keep = risk >= 2
		case KindCorrelated:
			keep = in[x.Asset] && s.partnerIn(int(x.Asset), in)
		case KindHistorical:
			keep = true
		}
		if keep {
			k.ids = append(k.ids, int32(sc))
			k.bits[sc>>6] |= 1 << (uint(sc) & 63)
		}
	}
	return k
}

// riskAssets marks the assets with grid scenarios of their own (the risk
// roots: a range > 0).
func (s *Set) riskAssets() []bool {
	out := make([]bool, len(s.Assets))
	for i := range s.Scenarios {
		if x := &s.Scenarios[i]; x.Kind == KindGrid {
			out[x.Asset] = true
		}
	}
	return out
}

// partnerIn reports whether risk asset anchor has a correlated partner in
// the closure (in). The partners are the other risk assets that anchor's
// correlated scenarios shock directly: those whose move in them is not
// explained by anchor's Betas alone.
func (s *Set) partnerIn(anchor int, in []bool) bool {
	for _, p := range s.partners[anchor] {
		if in[p] {
			return true
		}
	}
	return false
}
