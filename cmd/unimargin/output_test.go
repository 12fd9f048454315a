package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/input"
)

func TestFixed(t *testing.T) {
	cases := []struct {
		x        float64
		decimals int
		want     string
	}{
		{0, 2, "0.00"},
		{-0.001, 2, "0.00"}, // no "-0.00"
		{999.995, 2, "1,000.00"},
		{1234567.891, 2, "1,234,567.89"},
		{-1234567.891, 2, "-1,234,567.89"},
		{100000, 0, "100,000"},
		{12, 0, "12"},
		{math.NaN(), 2, "NaN"},
	}
	for _, tc := range cases {
		if got := fixed(tc.x, tc.decimals); got != tc.want {
			t.Errorf("fixed(%v, %d) = %q, want %q", tc.x, tc.decimals, got, tc.want)
		}
	}
}

func TestSigPlainPercent(t *testing.T) {
	cases := []struct{ got, want string }{
		{sig(0.000180912, 4), "0.0001809"},
		{sig(44.77531, 6), "44.7753"},
		{sig(-150000, 6), "-150,000"},
		{sig(0, 6), "0"},
		{plain(90000), "90,000"},
		{plain(0.3846), "0.3846"},
		{trimZeros("0.101250"), "0.10125"},
		{trimZeros("2.00"), "2"},
		{trimZeros("1,500"), "1,500"},
		{percent(0.16912), "16.91%"},
		{signedPercent(-0.16), "-16%"},
		{signedPercent(0.055), "+5.5%"},
		{signedPercent(0), "0%"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestTableAligns(t *testing.T) {
	tb := newTable([]string{"venue", "initial"}, left, right)
	tb.add("deribit", "1,000.00")
	tb.add("a", "—")
	var b bytes.Buffer
	tb.write(&b, "  ")
	want := "  venue     initial\n  deribit  1,000.00\n  a               —\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// A panic anywhere below run is an internal error: exit 2 and one line.
func TestProtectTurnsPanicsIntoExit2(t *testing.T) {
	var stderr bytes.Buffer
	code := protect(&stderr, func() int { panic("boom\nsecond line") })
	if code != exitInternal {
		t.Errorf("exit %d, want %d", code, exitInternal)
	}
	if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "internal error") || !strings.Contains(got, "boom") {
		t.Errorf("stderr %q: want one line saying internal error: boom", got)
	}
}

func TestErrorLineAndExitCode(t *testing.T) {
	ie := input.InFile(input.Invalid("venues[2].positions[0].strike", "-90000", "must be > 0"), "portfolio.json")
	cases := []struct {
		err  error
		code int
		line string
	}{
		{ie, exitInput, `portfolio.json: venues[2].positions[0].strike: "-90000" must be > 0`},
		{fmt.Errorf("venue x: %w", ie), exitInput, `portfolio.json: venues[2].positions[0].strike: "-90000" must be > 0`},
		{usagef("--market is required"), exitInput, "unimargin: --market is required"},
		{errors.New("hashing parameters: bad"), exitInternal, "unimargin: internal error: hashing parameters: bad"},
		{fmt.Errorf("%w: encoding JSON: x", errInternal), exitInternal, "unimargin: internal error: encoding JSON: x"},
	}
	for _, tc := range cases {
		if got := exitCode(tc.err); got != tc.code {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.code)
		}
		if got := errorLine(tc.err); got != tc.line {
			t.Errorf("errorLine(%v) = %q, want %q", tc.err, got, tc.line)
		}
	}
}
