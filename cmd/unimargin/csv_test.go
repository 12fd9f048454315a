package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

// Goal: `price --csv` writes each row with the six figures appended, and the
// figures equal `price --json` on the same option. Method: price both
// fixture files (forward and spot columns), then every row again by flags.
func TestPriceCSV(t *testing.T) {
	for _, name := range []string{"options_forward.csv", "options_spot.csv"} {
		t.Run(name, func(t *testing.T) {
			in, err := csv.NewReader(strings.NewReader(fixture(t, name))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			out := mustSucceed(t, "price", "--csv", "testdata/"+name)
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("price --csv output is not CSV: %v\n%s", err, out)
			}
			if len(rows) != len(in) {
				t.Fatalf("want %d rows, got %d", len(in), len(rows))
			}
			figures := []string{"price", "delta", "gamma", "vega", "theta", "rho"}
			if got, want := strings.Join(rows[0], ","), strings.Join(append(in[0], figures...), ","); got != want {
				t.Fatalf("header %q, want %q", got, want)
			}
			for i := 1; i < len(in); i++ {
				if got, want := strings.Join(rows[i][:len(in[i])], ","), strings.Join(in[i], ","); got != want {
					t.Errorf("row %d: input columns changed: %q, want %q", i, got, want)
				}
				var args []string
				for j, col := range in[0] {
					args = append(args, "--"+strings.ReplaceAll(col, "_", "-"), in[i][j])
				}
				want := priceJSON(t, args...)
				for k, fig := range figures {
					got, err := strconv.ParseFloat(rows[i][len(in[i])+k], 64)
					if err != nil || got != want[fig] {
						t.Errorf("row %d %s: csv %q, price --json %v", i, fig, rows[i][len(in[i])+k], want[fig])
					}
				}
			}
		})
	}
}

// A bad row refuses the whole file: exit 1, one line naming the file, the
// line and column and quoting the value, and nothing on stdout (not even the
// rows before it).
func TestPriceCSVRefusesBadRows(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, text, want string
	}{
		{"negative strike", "model,right,forward,strike,vol,expiry_years,rate\nblack76,call,100,100,0.5,1,0\nblack76,call,100,-5,0.5,1,0\n",
			`bad.csv: line 3: strike: "-5" `},
		{"NaN vol", "model,right,spot,strike,vol,expiry_years,rate\nbs,call,100,100,NaN,1,0\n", `bad.csv: line 2: vol: "NaN" `},
		{"model against column", "model,right,spot,strike,vol,expiry_years,rate\nblack76,call,100,100,0.5,1,0\n", `bad.csv: line 2: model: "black76" `},
		{"unknown column", "model,right,spot,strike,vol,expiry_years,rate,colour\n", "bad.csv: line 1: "},
		{"empty", "", "bad.csv: line 1: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, "bad.csv", tc.text)
			if line := mustFail(t, 1, "price", "--csv", path); !strings.HasPrefix(line, tc.want) {
				t.Errorf("want a line starting %q, got %q", tc.want, line)
			}
		})
	}
	mustFail(t, 1, "price", "--csv", "testdata/options_spot.csv", "--json")
	mustFail(t, 1, "price", "--csv", "testdata/absent.csv")
}
