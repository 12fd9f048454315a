// Readable scenario names: "BTC -16% vol up", "all -3/4 range vol down",
// "all -66% vol up", "USDC depeg -5%", "2022-11 FTX collapse".
package scenario

import (
	"math"
	"strconv"
)

// Name returns scenario i's readable name.
func (s *Set) Name(i int) string {
	sc := &s.Scenarios[i]
	switch sc.Kind {
	case KindGrid, KindTail:
		return s.Assets[sc.Asset] + " " + Percent(sc.Move) + volSuffix(sc.Vol)
	case KindJoint:
		return "all " + rangeStep(int(sc.Step), int(sc.Steps)) + volSuffix(sc.Vol)
	case KindTailJoint:
		return "all " + Percent(sc.Move) + volSuffix(sc.Vol)
	case KindCorrelated:
		return s.Assets[sc.Asset] + " " + Percent(sc.Move) + " correlated" + volSuffix(sc.Vol)
	case KindDepeg:
		return s.Assets[sc.Asset] + " depeg " + Percent(sc.Move)
	case KindHistorical:
		return episodes[sc.Episode].Name
	}
	return sc.Kind.String()
}

func volSuffix(v Vol) string {
	if v == VolNone {
		return ""
	}
	return " vol " + v.String()
}

// Percent renders a relative move as a signed percentage: "+4.5%", "-16%", "0%".
func Percent(move float64) string {
	p := math.Round(move*100*1e6) / 1e6
	s := strconv.FormatFloat(p, 'f', -1, 64)
	switch {
	case p > 0:
		return "+" + s + "%"
	case p == 0:
		return "0%"
	}
	return s + "%"
}

// rangeStep renders step k of n per side as a fraction of the range:
// "-range", "+1/2 range", "0".
func rangeStep(k, n int) string {
	if k == 0 {
		return "0"
	}
	sign := "+"
	if k < 0 {
		sign, k = "-", -k
	}
	if k == n {
		return sign + "range"
	}
	g := gcd(k, n)
	return sign + strconv.Itoa(k/g) + "/" + strconv.Itoa(n/g) + " range"
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
