// Platforms without the assembly kernel run the pure-Go reference (vec.go).

//go:build !amd64

package margin

// vecLevel is 0: the pure-Go reference.
var vecLevel = 0

// vecLevelNow is the level in use.
func vecLevelNow() int { return vecLevel }

func fmaSumAsm(acc []float64, terms []axTerm) int { return 0 }

func maxLossAsm(pnl, frac []float64) (float64, int, int) { return 0, -1, 0 }
