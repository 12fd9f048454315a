package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/export/exporttest"
)

// Goal: the flattening of a small report, worked by hand. The report has a
// scalar, an object, an array keyed by id (whose "id" also fills the venue
// column in the venues section), an array without keys (keyed by index), a
// null and a nested map keyed by underlying.
func TestFlattenGolden(t *testing.T) {
	doc := `{"account": "a", "venues": [{"id": "hl", "initial": 1.5, "health": null,
	  "liquidation_prices": {"BTC": 80000}}], "greeks": {"ETH": {"delta_usd": -2e3}},
	  "warnings": ["x", "y"], "ok": true}`
	rows, err := FlattenJSON("margin", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, rows); err != nil {
		t.Fatal(err)
	}
	// Sections in key order; within one, fields in key order; the venue's
	// rows carry its id as venue and (array element key) as key; -2e3 is
	// printed as the JSON has it.
	const want = `section,venue,key,field,value
account,,,,a
greeks,,ETH,delta_usd,-2e3
ok,,,,true
venues,hl,hl,health,
venues,hl,hl,id,hl
venues,hl,hl,initial,1.5
venues,hl,hl.liquidation_prices,BTC,80000
warnings,,,0,x
warnings,,,1,y
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	// A report that is not an object is the section top.
	rows, _ = FlattenJSON("venues", []byte(`[{"model": "aave-v3", "params": {"ltv": 0.8}}]`))
	if len(rows) != 2 || rows[1] != (Row{"venues", "", "aave-v3.params", "ltv", "0.8"}) {
		t.Fatalf("array report: %+v", rows)
	}
	if _, err := FlattenJSON("x", []byte(`{"a": 1} {"b": 2}`)); !errors.Is(err, ErrNotJSON) {
		t.Fatalf("two documents: %v", err)
	}
	if _, err := Flatten("x", math.NaN()); !errors.Is(err, ErrNotJSON) {
		t.Fatalf("NaN report: %v", err)
	}
	if Num(0.1) != "0.1" || Num(1e21) != "1e+21" {
		t.Fatalf("Num: %s %s", Num(0.1), Num(1e21))
	}
}

// jsonValue draws a JSON document of bounded depth.
func jsonValue(depth int) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		kind := rapid.IntRange(0, 5).Draw(t, "kind")
		if depth == 0 {
			kind %= 4
		}
		switch kind {
		case 0:
			return nil
		case 1:
			return rapid.Bool().Draw(t, "bool")
		case 2:
			return rapid.Float64Range(-1e12, 1e12).Draw(t, "num")
		case 3:
			return rapid.StringMatching(`[a-z ,"\n]{0,6}`).Draw(t, "str")
		case 4:
			return rapid.SliceOfN(jsonValue(depth-1), 0, 3).Draw(t, "arr")
		}
		return rapid.MapOfN(rapid.StringMatching(`[a-z_]{1,5}`), jsonValue(depth-1), 0, 3).Draw(t, "obj")
	})
}

// Goal: for any report, the CSV is valid, every row has five cells, and
// its values are exactly the report's leaves (each number equal as a
// float64 to the JSON's), so CSV and JSON never differ in a figure.
func TestFlattenKeepsEveryLeaf(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := jsonValue(3).Draw(t, "report")
		data, _ := json.Marshal(v)
		rows, err := Flatten("top", v)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := Write(&b, rows); err != nil {
			t.Fatal(err)
		}
		table, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v", err)
		}
		var got []string
		for _, r := range table[1:] {
			if len(r) != 5 {
				t.Fatalf("row %v", r)
			}
			got = append(got, r[4])
		}
		want, err := exporttest.Leaves(data)
		if err != nil {
			t.Fatal(err)
		}
		norm := func(s []string) string {
			out := make([]string, len(s))
			for i, x := range s {
				if f, err := strconv.ParseFloat(x, 64); err == nil && !strings.ContainsAny(x, " ,\n\"") {
					x = strconv.FormatFloat(f, 'g', -1, 64)
				}
				out[i] = x
			}
			sort.Strings(out)
			return strings.Join(out, "\x00")
		}
		if norm(got) != norm(want) {
			t.Fatalf("values %q, leaves %q (report %s)", got, want, data)
		}
	})
}

// Goal: a negative zero is written 0. A figure that rounds to zero from
// below (a contingency of −0 in `conform derive-pmrm2`) is −0 in
// encoding/json's form, which a spreadsheet shows as 0 but a diff and a
// string compare do not; every other number stays as the JSON has it.
func TestFlattenWritesNegativeZeroAsZero(t *testing.T) {
	for in, want := range map[string]string{"-0": "0", "-0.0": "0", "-0e-7": "0", "-0.000E+2": "0", "0": "0",
		"-0.5": "-0.5", "-1e-300": "-1e-300", "-10": "-10", "1e-7": "1e-7"} {
		rows, err := FlattenJSON("x", []byte(`{"v": `+in+`}`))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Value != want {
			t.Errorf("%s: %+v, want value %s", in, rows, want)
		}
	}
	rows, err := Flatten("x", map[string]float64{"v": math.Copysign(0, -1)})
	if err != nil || len(rows) != 1 || rows[0].Value != "0" {
		t.Fatalf("Flatten of −0: %+v %v", rows, err)
	}
	if got := Num(math.Copysign(0, -1)); got != "0" {
		t.Fatalf("Num(−0) = %s", got)
	}
}
