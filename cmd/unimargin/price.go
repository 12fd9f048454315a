// price and iv: one European option from flags, or a CSV of them.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/pricing"
)

// contractFlags describe one European option and its market, for price and iv.
// Numbers are read as text so that NaN, Inf and hex spellings are refused
// with a message naming the flag (strconv would accept them).
type contractFlags struct {
	Model       string `help:"Pricing model: black76 (on the forward) or bs (Black-Scholes on the spot)." placeholder:"black76|bs"`
	Right       string `help:"Option right: call or put." placeholder:"call|put"`
	Forward     string `help:"Forward price of the underlying (with --model black76)." placeholder:"F"`
	Spot        string `help:"Spot price of the underlying (with --model bs)." placeholder:"S"`
	Strike      string `help:"Strike price (> 0)." placeholder:"K"`
	ExpiryYears string `name:"expiry-years" help:"Time to expiry in years, ACT/365 (> 0)." placeholder:"T"`
	Rate        string `help:"Continuously compounded interest rate per year (0.04 = 4%)." default:"0" placeholder:"R"`
}

// contract is a validated option: every number finite and in range.
type contract struct {
	model       pricing.Model
	right       pricing.Right
	underlying  float64 // the forward (Black-76) or the spot (Black-Scholes)
	strike      float64
	expiryYears float64
	rate        float64
}

// parse validates the flags in a fixed order, so the first problem named is
// always the same one.
func (f *contractFlags) parse() (contract, error) {
	var c contract
	var err error
	if f.Model == "" {
		return c, input.Errorf("--model", "is required (black76 or bs)")
	}
	if c.model, err = pricing.ParseModel(f.Model); err != nil {
		return c, input.Invalid("--model", f.Model, "must be black76 or bs")
	}
	if f.Right == "" {
		return c, input.Errorf("--right", "is required (call or put)")
	}
	if c.right, err = pricing.ParseRight(f.Right); err != nil {
		return c, input.Invalid("--right", f.Right, "must be call or put")
	}
	if c.underlying, err = f.underlying(c.model); err != nil {
		return c, err
	}
	if c.strike, err = flagNumber("--strike", f.Strike, positive); err != nil {
		return c, err
	}
	if c.expiryYears, err = flagNumber("--expiry-years", f.ExpiryYears, positive); err != nil {
		return c, err
	}
	if c.rate, err = flagNumber("--rate", f.Rate, anyFinite); err != nil {
		return c, err
	}
	if math.Abs(c.rate) > maxRate {
		return c, input.Invalid("--rate", f.Rate, "must be between -%g and %g", maxRate, maxRate)
	}
	return c, nil
}

// maxRate bounds --rate as the market file bounds its rates.
const maxRate = 10.0

// underlying enforces the model's underlying: Black-76 prices on a forward,
// Black-Scholes on a spot; the other flag is an error that names it.
func (f *contractFlags) underlying(model pricing.Model) (float64, error) {
	want, wantText, other, otherText := "--forward", f.Forward, "--spot", f.Spot
	if model == pricing.BlackScholes {
		want, wantText, other, otherText = other, otherText, want, wantText
	}
	if otherText != "" {
		return 0, input.Invalid(other, otherText, "cannot be used with --model %s (it takes %s)", model, want)
	}
	return flagNumber(want, wantText, positive)
}

// numberRule is the range a flag's number must lie in.
type numberRule int

const (
	anyFinite numberRule = iota
	positive
	nonNegative
)

// flagNumber parses a required numeric flag.
func flagNumber(flag, text string, rule numberRule) (float64, error) {
	if text == "" {
		return 0, input.Errorf(flag, "is required")
	}
	x, err := input.ParseFloat(flag, text)
	if err != nil {
		return 0, err
	}
	switch {
	case rule == positive && x <= 0:
		return 0, input.Invalid(flag, text, "must be > 0")
	case rule == nonNegative && x < 0:
		return 0, input.Invalid(flag, text, "must be ≥ 0")
	}
	return x, nil
}

// priceResult is the contract's `price --json` object, in this key order.
type priceResult struct {
	Price float64 `json:"price"`
	Delta float64 `json:"delta"`
	Gamma float64 `json:"gamma"`
	Vega  float64 `json:"vega"`
	Theta float64 `json:"theta"`
	Rho   float64 `json:"rho"`
}

type priceCmd struct {
	contractFlags
	Vol  string `help:"Annual volatility (0.55 = 55%, ≥ 0)." placeholder:"V"`
	CSV  string `name:"csv" help:"Price every row of a CSV file (header model,right,forward|spot,strike,vol,expiry_years,rate) and write the rows with price and Greeks appended." placeholder:"FILE"`
	JSON bool   `help:"Print {price, delta, gamma, vega, theta, rho} as JSON."`
	formatFlag
}

func (c *priceCmd) Run(e *env) error {
	if c.CSV != "" {
		return c.runCSV(e.out)
	}
	opt, err := c.parse()
	if err != nil {
		return err
	}
	vol, err := flagNumber("--vol", c.Vol, nonNegative)
	if err != nil {
		return err
	}
	g := pricing.Price(opt.model, opt.right, opt.underlying, opt.strike, vol, opt.expiryYears, opt.rate)
	res := priceResult{g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho}
	for _, x := range []float64{res.Price, res.Delta, res.Gamma, res.Vega, res.Theta, res.Rho} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: pricing gave a non-finite figure: %+v", errInternal, res)
		}
	}
	if done, err := c.machine(e, c.JSON, "price", res); done {
		return err
	}
	writeOption(e.out, opt, [2]string{"vol", plain(vol)})
	t := newTable([]string{"figure", "value", "unit"}, left, right, left)
	t.add("price", sig(res.Price, 8), "per unit of underlying")
	t.add("delta", sig(res.Delta, 6), deltaUnit(opt.model))
	t.add("gamma", sig(res.Gamma, 6), "change of delta per unit move")
	t.add("vega", sig(res.Vega, 6), "per 1.00 of vol")
	t.add("theta", sig(res.Theta, 6), "per year")
	t.add("rho", sig(res.Rho, 6), "per 1.00 of rate")
	fmt.Fprintln(e.out)
	t.write(e.out, "")
	return nil
}

func deltaUnit(m pricing.Model) string {
	if m == pricing.Black76 {
		return "w.r.t. the forward"
	}
	return "w.r.t. the spot"
}

// writeOption prints the validated inputs, so a reader sees what was priced.
func writeOption(w io.Writer, opt contract, extra [2]string) {
	name := "forward"
	if opt.model == pricing.BlackScholes {
		name = "spot"
	}
	t := newTable([]string{"input", "value"}, left, right)
	t.add("model", opt.model.String())
	t.add("right", opt.right.String())
	t.add(name, plain(opt.underlying))
	t.add("strike", plain(opt.strike))
	t.add(extra[0], extra[1])
	t.add("expiry (years)", plain(opt.expiryYears))
	t.add("rate", plain(opt.rate))
	t.write(w, "")
}

// runCSV prices a file of options; the CSV goes to stdout only when every
// row priced.
func (c *priceCmd) runCSV(w io.Writer) error {
	flags := []struct{ name, value string }{
		{"--model", c.Model}, {"--right", c.Right}, {"--forward", c.Forward}, {"--spot", c.Spot},
		{"--strike", c.Strike}, {"--vol", c.Vol}, {"--expiry-years", c.ExpiryYears},
	}
	for _, f := range flags {
		if f.value != "" {
			return usagef("%s cannot be combined with --csv (the file gives every option)", f.name)
		}
	}
	if c.JSON {
		return usagef("--json cannot be combined with --csv (the output is CSV)")
	}
	if c.Rate != "0" {
		return usagef("--rate cannot be combined with --csv (the file gives each row's rate)")
	}
	doc, err := readDocument(c.CSV)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := pricing.PriceCSV(bytes.NewReader(doc.data), &out); err != nil {
		var ie *input.Error
		if errors.As(err, &ie) {
			return input.InFile(err, doc.name)
		}
		// Every PriceCSV failure is about the file's content.
		return &input.Error{File: doc.name, Reason: err.Error()}
	}
	_, err = w.Write(out.Bytes())
	return err
}

type ivCmd struct {
	contractFlags
	Price string `help:"Option price per unit of underlying (≥ 0)." placeholder:"P"`
	JSON  bool   `help:"Print {vol} as JSON."`
	formatFlag
}

// ivResult is the contract's `iv --json` object.
type ivResult struct {
	Vol float64 `json:"vol"`
}

func (c *ivCmd) Run(e *env) error {
	opt, err := c.parse()
	if err != nil {
		return err
	}
	price, err := flagNumber("--price", c.Price, nonNegative)
	if err != nil {
		return err
	}
	vol, err := pricing.ImpliedVol(opt.model, opt.right, price, opt.underlying, opt.strike, opt.expiryYears, opt.rate)
	if err != nil {
		return input.Invalid("--price", c.Price, "%v", err)
	}
	if done, err := c.machine(e, c.JSON, "iv", ivResult{Vol: vol}); done {
		return err
	}
	writeOption(e.out, opt, [2]string{"price", plain(price)})
	fmt.Fprintf(e.out, "\nimplied vol  %s  (%s a year)\n", strconv.FormatFloat(vol, 'f', 10, 64), percent(vol))
	return nil
}
