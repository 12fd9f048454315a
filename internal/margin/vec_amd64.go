// The assembly kernel's dispatch on amd64: AVX-512 (F) when the CPU and
// OS support it, else AVX2 with FMA, else the pure-Go reference (vec.go).
// The assembly (vec_amd64.s) does the whole blocks of 8 (AVX-512) or 4
// (AVX2) elements and returns how many it did; Go finishes the tail.

//go:build amd64

package margin

import "golang.org/x/sys/cpu"

// vecLevel is the instruction set the kernel uses: 2 AVX-512, 1 AVX2+FMA,
// 0 none (tests lower it to compare the paths).
var vecLevel = detectVecLevel()

func detectVecLevel() int {
	switch {
	case cpu.X86.HasAVX512F:
		return 2
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return 1
	}
	return 0
}

// vecLevelNow is the level in use.
func vecLevelNow() int { return vecLevel }

//go:noescape
func fmaSumAVX512(acc *float64, n int, terms *axTerm, nt int)

//go:noescape
func fmaSumAVX2(acc *float64, n int, terms *axTerm, nt int)

//go:noescape
func maxLossAVX512(pnl *float64, frac *float64, n int) (m float64, at int)

//go:noescape
func maxLossAVX2(pnl *float64, frac *float64, n int) (m float64, at int)

// maxLossAsm is maxLoss over the whole blocks of pnl: the largest loss,
// the first element that has it (−1 when none is above 0) and how many
// elements it read.
func maxLossAsm(pnl, frac []float64) (m float64, at, done int) {
	switch vecLevel {
	case 2:
		if done = len(pnl) &^ 7; done > 0 {
			m, at = maxLossAVX512(&pnl[0], &frac[0], done)
			return m, at, done
		}
	case 1:
		if done = len(pnl) &^ 3; done > 0 {
			m, at = maxLossAVX2(&pnl[0], &frac[0], done)
			return m, at, done
		}
	}
	return 0, -1, 0
}

func fmaSumAsm(acc []float64, terms []axTerm) int {
	switch vecLevel {
	case 2:
		n := len(acc) &^ 7
		if n > 0 {
			fmaSumAVX512(&acc[0], n, &terms[0], len(terms))
		}
		return n
	case 1:
		n := len(acc) &^ 3
		if n > 0 {
			fmaSumAVX2(&acc[0], n, &terms[0], len(terms))
		}
		return n
	}
	return 0
}
