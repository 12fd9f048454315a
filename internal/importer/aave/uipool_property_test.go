package aave

// Goal: for any account, the contract route (aave-ui-pool-data: scaled
// balances and indices) and the indexer route (aave-user-reserves: current
// balances) agree, where the current balances are computed independently of
// the importer's integer rayMul: scaled·index/1e27 as an exact rational,
// rounded half up by comparing the remainder with one half.

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/importer"
)

// halfUpRat rounds a non-negative rational to the nearest integer, halves up.
func halfUpRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

func TestUIPoolDataMatchesCurrentBalances(t *testing.T) {
	ray := new(big.Int).Exp(big.NewInt(10), big.NewInt(27), nil)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "reserves")
		var reserves, rows, subRows []string
		for i := 0; i < n; i++ {
			addr := fmt.Sprintf("0x%040x", i+1)
			dec := rapid.IntRange(0, 18).Draw(t, "decimals")
			// indices in [1, 3) RAY, any 27-digit fraction
			li := new(big.Int).Add(ray, big.NewInt(0).Mul(big.NewInt(rapid.Int64Range(0, 2e12).Draw(t, "li")), big.NewInt(1e15)))
			vi := new(big.Int).Add(ray, big.NewInt(0).Mul(big.NewInt(rapid.Int64Range(0, 2e12).Draw(t, "vi")), big.NewInt(1e15)))
			li.Add(li, big.NewInt(rapid.Int64Range(0, 999_999_999_999_999).Draw(t, "li.frac")))
			vi.Add(vi, big.NewInt(rapid.Int64Range(0, 999_999_999_999_999).Draw(t, "vi.frac")))
			supply := big.NewInt(rapid.Int64Range(0, 1<<62).Draw(t, "supply"))
			debt := big.NewInt(rapid.Int64Range(0, 1<<62).Draw(t, "debt"))
			coll := rapid.Bool().Draw(t, "collateral")
			sym := fmt.Sprintf("T%d", i)
			reserves = append(reserves, fmt.Sprintf(`{"underlyingAsset": %q, "symbol": %q, "decimals": %d,
			  "liquidityIndex": "%s", "variableBorrowIndex": "%s"}`, addr, sym, dec, li, vi))
			rows = append(rows, fmt.Sprintf(`{"underlyingAsset": %q, "scaledATokenBalance": "%s",
			  "usageAsCollateralEnabledOnUser": %t, "scaledVariableDebt": "%s"}`, addr, supply, coll, debt))
			cur := func(scaled, index *big.Int) *big.Int {
				return halfUpRat(new(big.Rat).SetFrac(new(big.Int).Mul(scaled, index), ray))
			}
			subRows = append(subRows, fmt.Sprintf(`{"currentATokenBalance": "%s", "currentVariableDebt": "%s",
			  "usageAsCollateralEnabledOnUser": %t, "reserve": {"symbol": %q, "decimals": %d}}`,
				cur(supply, li), cur(debt, vi), coll, sym, dec))
		}
		ui := fmt.Sprintf(`{"reservesData": [%s], "userReserves": [%s], "userEmodeCategoryId": 0}`,
			strings.Join(reserves, ","), strings.Join(rows, ","))
		sub := fmt.Sprintf(`{"data": {"userReserves": [%s]}}`, strings.Join(subRows, ","))
		a, errA := importer.Run("aave-ui-pool-data", []byte(ui), importer.Options{})
		b, errB := importer.Run("aave-user-reserves", []byte(sub), importer.Options{})
		if errA != nil || errB != nil {
			t.Fatalf("contract route: %v; indexer route: %v", errA, errB)
		}
		var x, y any
		if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil || !reflect.DeepEqual(x, y) {
			t.Fatalf("contract route:\n%s\nindexer route:\n%s", a, b)
		}
	})
}
