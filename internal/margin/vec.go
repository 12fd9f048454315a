// Vector primitives of the kernel's hot loops, with one meaning whatever
// runs them: an assembly version (AVX-512 or AVX2+FMA, chosen at run time
// from the CPU's features, vec_amd64.go) and the pure-Go reference below,
// which every other platform runs and the tests hold the assembly to bit
// for bit (vec_test.go). Each output element sees the same operations in
// the same order on both paths: fmaSum is one fused multiply-add per term
// in term order (math.FMA rounds once, as VFMADD231PD does), maxLoss a
// running "l > m ? l : m" and the first element with it (a NaN loss is
// skipped; the maximum is exact however the lanes split the scan, and
// the first element is the least of the lanes' firsts that have it).
package margin

import "math"

// axTerm is one term of fmaSum: quantity q times vector v.
type axTerm struct {
	v []float64
	q float64
}

// fmaSum sets acc[k] = fma(q_j, v_j[k], …fma(q_1, v_1[k], acc[k])…) for
// every k, the terms in order, each product-and-add rounded once. Every
// term's vector must have at least len(acc) elements (it panics otherwise,
// before writing anything).
func fmaSum(acc []float64, terms []axTerm) {
	n := len(acc)
	if n == 0 || len(terms) == 0 {
		return
	}
	for j := range terms {
		_ = terms[j].v[n-1] // the assembly reads n elements of each vector unchecked
	}
	done := fmaSumAsm(acc, terms)
	fmaSumGo(acc, terms, done)
}

// fmaSumGo is fmaSum on acc[from:] (the reference from 0, and the tail
// the assembly leaves).
func fmaSumGo(acc []float64, terms []axTerm, from int) {
	acc = acc[from:]
	for j := range terms {
		v := terms[j].v[from : from+len(acc)]
		q := terms[j].q
		for k := range acc {
			acc[k] = math.FMA(q, v[k], acc[k])
		}
	}
}

// maxLoss returns the largest counted loss −(pnl[k] × frac[k]) over
// every element of pnl and the first k that has it, or 0 and −1 when none
// is above 0 (a NaN loss is skipped; a scenario not counted has fraction
// 0, whose −0 or NaN loss never counts), read in order with no gather.
// frac must be at least as long as pnl (it panics otherwise).
func maxLoss(pnl, frac []float64) (float64, int) {
	n := len(pnl)
	if n == 0 {
		return 0, -1
	}
	frac = frac[:n] // the assembly reads n elements of both unchecked
	m, at, done := maxLossAsm(pnl, frac)
	return maxLossGo(pnl, frac, done, m, at)
}

// maxLossGo is maxLoss from element from on, starting from the running
// maximum m found first at element at (the reference starts at 0, −1
// from 0): a later element takes them only with a larger loss.
func maxLossGo(pnl, frac []float64, from int, m float64, at int) (float64, int) {
	frac = frac[from:len(pnl)]
	for k, x := range pnl[from:] {
		if l := -(x * frac[k]); l > m {
			m, at = l, from+k
		}
	}
	return m, at
}

// VectorWidth is the number of float64 lanes the kernel's assembly uses on
// this machine: 8 (AVX-512), 4 (AVX2+FMA) or 1 (the pure-Go reference).
func VectorWidth() int {
	return [...]int{1, 4, 8}[vecLevelNow()]
}
