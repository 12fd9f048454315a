// expFast is e^x to within a few ulp with about half the latency of math.Exp
// on amd64; the normal density in every Greek sits on the critical path of
// the hot loop, right after the logarithm, so its latency sets the speed.

package pricing

import "math"

// exp2Sixtyfourths[j] = 2^(j/64). Exp2 is accurate to an ulp, which is the
// precision budget of expFast.
var exp2Sixtyfourths = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()

const (
	sixtyfourLog2E = 64 * math.Log2E
	// ln2/64 split as hi + lo with hi holding 32 significant bits, so that
	// k·ln2Hi64 is exact for every |k| < 2^21 reached here (Cody and Waite).
	ln2Hi64 = 0x1.62e42ff000000p-7
	ln2Lo64 = -0x1.718432a1b0e26p-41
	// Outside this range the result is subnormal or overflows, which the
	// bit-built power of two below cannot represent; math.Exp handles it.
	expFastMin = -708.0
	expFastMax = 709.0
	// roundingShifter = 1.5·2^52: adding it to |y| < 2^51 rounds y to an integer.
	roundingShifter = 0x1.8p52
)

// expFast writes x = (64q + j)·ln2/64 + r with |r| ≤ ln2/128, so e^x =
// 2^q · 2^(j/64) · e^r, and e^r needs only a degree-6 Taylor polynomial
// (truncation r^7/7! < 2e-19).
func expFast(x float64) float64 {
	if !(x > expFastMin && x < expFastMax) {
		return math.Exp(x) // NaN, ±Inf and the extremes
	}
	// Adding 1.5·2^52 rounds x·64/ln2 to an integer k held in the low
	// mantissa bits: cheaper than math.Round, which is not a single
	// instruction on baseline amd64.
	shifted := x*sixtyfourLog2E + roundingShifter
	kf := shifted - roundingShifter
	k := int64(math.Float64bits(shifted) - math.Float64bits(roundingShifter))
	r := (x - kf*ln2Hi64) - kf*ln2Lo64
	r2 := r * r
	// Grouped (Estrin) rather than Horner to shorten the dependency chain.
	poly := 1 + r + r2*(0.5+r*(1.0/6)) + r2*r2*(1.0/24+r*(1.0/120)+r2*(1.0/720))
	pow2 := math.Float64frombits(uint64(k>>6+1023) << 52) // 2^q, q = ⌊k/64⌋
	return exp2Sixtyfourths[k&63] * poly * pow2
}

// discountFactor is e^{−rT}. Every pricer and solver takes it from here, so
// that a price and the implied vol read back from it discount identically.
func discountFactor(rate, expiryYears float64) float64 { return expFast(-rate * expiryYears) }
