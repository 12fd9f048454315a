// PriceCSV: output against Price, every error message, and a fuzz target.

package pricing

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestPriceCSV prices a Black-76 file and a Black-Scholes file, with columns
// in an unusual order, and checks every figure against Price.
func TestPriceCSV(t *testing.T) {
	cases := []struct {
		name, input string
		model       Model
	}{
		{"black76", "model,right,forward,strike,vol,expiry_years,rate\n" +
			"black76,call,19,19,0.28,0.75,0.10\n" +
			"Black76,PUT,100,90,0.5,1,-0.01\n" +
			"black76,put,100,90,0,1,0.05\n", Black76},
		{"bs columns reordered", "rate,vol,strike,spot,expiry_years,right,model\n" +
			"0.10,0.2,40,42,0.5,call,bs\n" +
			"0.10,0.2,40,42,0.5,put,bs\n", BlackScholes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := PriceCSV(strings.NewReader(c.input), &out); err != nil {
				t.Fatal(err)
			}
			in := readAllCSV(t, c.input)
			got := readAllCSV(t, out.String())
			if len(got) != len(in) {
				t.Fatalf("%d output rows, want %d", len(got), len(in))
			}
			wantHeader := strings.Join(append(in[0], "price", "delta", "gamma", "vega", "theta", "rho"), ",")
			if h := strings.Join(got[0], ","); h != wantHeader {
				t.Fatalf("header %q, want %q", h, wantHeader)
			}
			for i := 1; i < len(in); i++ {
				checkCSVRow(t, c.model, in[0], in[i], got[i])
			}
		})
	}
}

// checkCSVRow checks that out is row followed by Price's six figures.
func checkCSVRow(t *testing.T, model Model, header, row, out []string) {
	t.Helper()
	if strings.Join(out[:len(row)], ",") != strings.Join(row, ",") {
		t.Fatalf("output row %q does not start with input row %q", out, row)
	}
	field := map[string]string{}
	for i, name := range header {
		field[name] = row[i]
	}
	num := func(name string) float64 {
		x, _ := strconv.ParseFloat(field[name], 64)
		return x
	}
	right, _ := ParseRight(field["right"])
	g := Price(model, right, num("forward")+num("spot"), num("strike"), num("vol"), num("expiry_years"), num("rate"))
	for i, want := range []float64{g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho} {
		if got := out[len(row)+i]; got != strconv.FormatFloat(want+0, 'g', -1, 64) {
			t.Errorf("row %q figure %d = %s, want %v", row, i, got, want)
		}
	}
}

func readAllCSV(t *testing.T, s string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// TestPriceCSVErrors checks that each kind of bad input stops the batch with
// a message naming the line, the column and the quoted value.
func TestPriceCSVErrors(t *testing.T) {
	const header = "model,right,forward,strike,vol,expiry_years,rate\n"
	const good = "black76,call,100,100,0.2,1,0.01\n"
	cases := []struct{ name, input, want string }{
		{"empty input", "", "line 1: empty input: want a header row"},
		{"unknown column", "model,right,forward,strike,vol,expiry,rate\n",
			`line 1: unknown column "expiry" (want model, right, forward or spot, strike, vol, expiry_years, rate)`},
		{"repeated column", "model,right,forward,strike,vol,vol,expiry_years,rate\n", `line 1: column "vol" appears twice`},
		{"missing column", "model,right,forward,strike,expiry_years,rate\n", `line 1: missing column "vol"`},
		{"no underlying", "model,right,strike,vol,expiry_years,rate\n", `line 1: missing column "forward"`},
		{"forward and spot", "model,right,forward,spot,strike,vol,expiry_years,rate\n",
			"line 1: has both forward and spot columns; want exactly one"},
		{"negative strike", header + good + "black76,call,100,-5,0.2,1,0.01\n", `line 3: strike: "-5" must be > 0`},
		{"zero forward", header + "black76,put,0,100,0.2,1,0.01\n", `line 2: forward: "0" must be > 0`},
		{"zero expiry", header + "black76,put,100,100,0.2,0,0.01\n", `line 2: expiry_years: "0" must be > 0`},
		{"negative vol", header + "black76,put,100,100,-0.2,1,0.01\n", `line 2: vol: "-0.2" must be >= 0`},
		{"NaN vol", header + "black76,put,100,100,NaN,1,0.01\n", `line 2: vol: "NaN" must be a finite decimal number`},
		{"Inf rate", header + "black76,put,100,100,0.2,1,+Inf\n", `line 2: rate: "+Inf" must be a finite decimal number`},
		{"hex strike", header + "black76,put,100,0x1p4,0.2,1,0\n", `line 2: strike: "0x1p4" must be a finite decimal number`},
		{"overflowing strike", header + "black76,put,100,1e999,0.2,1,0\n", `line 2: strike: "1e999" is out of range`},
		{"not a number", header + "black76,put,100,abc,0.2,1,0\n", `line 2: strike: "abc" must be a finite decimal number`},
		{"blank number", header + "black76,put,100,,0.2,1,0\n", `line 2: strike: "" must be a finite decimal number`},
		{"unknown model", header + "black-76,put,100,100,0.2,1,0\n", `line 2: model: "black-76" must be black76 or bs`},
		{"model needs spot", header + "bs,put,100,100,0.2,1,0\n",
			`line 2: model: "bs" prices on the spot, but the file has a forward column`},
		{"unknown right", header + "black76,straddle,100,100,0.2,1,0\n", `line 2: right: "straddle" must be call or put`},
		{"short row", header + "black76,put,100,100,0.2,1\n", "line 2: has 6 fields, header has 7"},
		{"bad quoting", header + "black76,\"put,100,100,0.2,1,0\n", `line 2: extraneous or missing " in quoted-field`},
		// Found by FuzzPriceCSV: a quote left open to the end of the input.
		{"unterminated quote", header + "\"000000", `line 2: extraneous or missing " in quoted-field`},
		{"overflowing figures", header + "black76,call,100,100,0.2,1,-1000\n",
			"line 2: price or Greeks overflow: the inputs are out of range"},
	}
	for _, c := range cases {
		err := PriceCSV(strings.NewReader(c.input), io.Discard)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v\nwant %s", c.name, err, c.want)
		}
	}
}

// TestPriceCSVLineNumbers: a quoted field spanning lines shifts the line
// numbers that follow, and errors report where the record starts.
func TestPriceCSVLineNumbers(t *testing.T) {
	input := "model,right,forward,strike,vol,expiry_years,rate\n" +
		"black76,\"call\",100,100,0.2,1,0\n" +
		"\n" + // blank lines are skipped but counted
		"black76,call,100,-1,0.2,1,0\n"
	err := PriceCSV(strings.NewReader(input), io.Discard)
	var csvErr *CSVError
	if !errors.As(err, &csvErr) || csvErr.Line != 4 || csvErr.Column != "strike" || csvErr.Value != "-1" {
		t.Fatalf("error %#v, want *CSVError at line 4, column strike, value -1", err)
	}
}

// TestPriceCSVHeaderOnly: no rows in, the header alone out.
func TestPriceCSVHeaderOnly(t *testing.T) {
	var out bytes.Buffer
	if err := PriceCSV(strings.NewReader("\uFEFFspot,model,right,strike,vol,expiry_years,rate\n"), &out); err != nil {
		t.Fatal(err)
	}
	if want := "spot,model,right,strike,vol,expiry_years,rate,price,delta,gamma,vega,theta,rho\n"; out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
}

// TestPriceCSVWriteError: a failing writer's error is returned.
func TestPriceCSVWriteError(t *testing.T) {
	input := "model,right,forward,strike,vol,expiry_years,rate\nblack76,call,100,100,0.2,1,0\n"
	if err := PriceCSV(strings.NewReader(input), failingWriter{}); !errors.Is(err, errWriteFailed) {
		t.Fatalf("error %v, want errWriteFailed", err)
	}
}

var errWriteFailed = errors.New("write failed")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWriteFailed }

// FuzzPriceCSV: on any input PriceCSV must not panic, and must either return
// an error or write one output row per input row, each being the input row
// followed by six finite numbers equal to Price's.
func FuzzPriceCSV(f *testing.F) {
	f.Add("model,right,forward,strike,vol,expiry_years,rate\nblack76,call,19,19,0.28,0.75,0.10\n")
	f.Add("spot,rate,vol,strike,expiry_years,right,model\n42,0.1,0.2,40,0.5,put,bs\n42,0.1,0,40,0.5,call,BS\n")
	f.Add("model,right,forward,strike,vol,expiry_years,rate\nblack76,put,1e-300,1e300,1e3,1e-9,-1e3\n")
	f.Add("model,right,forward,strike,vol,expiry_years,rate\n\"black76\",\"put\",\"1\n\",2,3,4,5\n")
	f.Add("model,right,spot\n")
	f.Fuzz(func(t *testing.T, input string) {
		var out bytes.Buffer
		if err := PriceCSV(strings.NewReader(input), &out); err != nil {
			return
		}
		inReader := csv.NewReader(strings.NewReader(input))
		inReader.FieldsPerRecord = -1
		in, err := inReader.ReadAll()
		if err != nil {
			t.Fatalf("PriceCSV accepted input that encoding/csv rejects: %v", err)
		}
		got := readAllCSV(t, out.String())
		if len(got) != len(in) {
			t.Fatalf("%d output rows for %d input rows", len(got), len(in))
		}
		in[0][0] = strings.TrimPrefix(in[0][0], "\uFEFF")
		model := map[bool]Model{true: Black76, false: BlackScholes}[strings.Contains(","+strings.Join(in[0], ",")+",", ",forward,")]
		for i := 1; i < len(in); i++ {
			for _, s := range got[i][len(in[i]):] {
				if x, err := strconv.ParseFloat(s, 64); err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("row %d: figure %q is not a finite number", i, s)
				}
			}
			checkCSVRow(t, model, in[0], in[i], got[i])
		}
	})
}

// TestPriceCSVPartialOutput: the rows before a bad one are written out.
func TestPriceCSVPartialOutput(t *testing.T) {
	input := "model,right,forward,strike,vol,expiry_years,rate\n" +
		"black76,call,100,100,0,1,0\n" +
		"black76,call,100,100,x,1,0\n"
	var out bytes.Buffer
	if err := PriceCSV(strings.NewReader(input), &out); err == nil {
		t.Fatal("no error for vol x")
	}
	want := "model,right,forward,strike,vol,expiry_years,rate,price,delta,gamma,vega,theta,rho\n" +
		"black76,call,100,100,0,1,0,0,0.5,0,0,0,0\n" // rho is −T·0 = −0, written as 0
	if out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
}

// TestPriceCSVRowLimit: row MaxCSVRows+1 is refused with ErrCSVTooManyRows.
func TestPriceCSVRowLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("prices a million rows")
	}
	header := "model,right,forward,strike,vol,expiry_years,rate\n"
	row := "black76,call,100,100,0.2,1,0\n"
	input := io.MultiReader(strings.NewReader(header),
		strings.NewReader(strings.Repeat(row, MaxCSVRows+1)))
	err := PriceCSV(input, io.Discard)
	if !errors.Is(err, ErrCSVTooManyRows) || !strings.HasPrefix(err.Error(), "line 1000002: ") {
		t.Fatalf("error %v, want ErrCSVTooManyRows at line 1000002", err)
	}
}
