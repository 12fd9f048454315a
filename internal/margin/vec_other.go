// Platforms without the assembly kernel run the pure-Go reference (vec.go).

//go:build !amd64

package margin

// vecImpl names the implementation in use (reported by bench remargin).
func vecImpl() string { return "go" }

func fmaSumAsm(acc []float64, terms []axTerm) int { return 0 }

func maxLossAsm(pnl []float64, ids []int32, frac []float64) (float64, int) { return 0, 0 }
