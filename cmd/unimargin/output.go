// Rendering helpers: JSON for machines (deterministic bytes), aligned tables
// and grouped numbers for people.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writeJSON writes v as indented JSON and a newline. encoding/json sorts map
// keys and formats float64 the same way every time, so equal inputs give
// equal bytes. A NaN or Inf figure is an internal error, never printed.
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("%w: encoding JSON: %v", errInternal, err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// writeRawJSON re-indents a JSON document produced elsewhere the same way.
func writeRawJSON(w io.Writer, data []byte) error {
	var compact, out bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		return fmt.Errorf("%w: invalid JSON: %v", errInternal, err)
	}
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return fmt.Errorf("%w: invalid JSON: %v", errInternal, err)
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// align says how a table column is aligned.
type align int

const (
	left align = iota
	right
)

// table is a plain-text table: a header, rows, per-column alignment, two
// spaces between columns. Widths count runes, so "—" and "≥" align.
type table struct {
	aligns []align
	rows   [][]string
}

func newTable(header []string, aligns ...align) *table {
	t := &table{aligns: aligns}
	t.rows = append(t.rows, header)
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer, indent string) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(t.aligns) && t.aligns[i] == right {
				b.WriteString(pad + c)
			} else if i == len(r)-1 {
				b.WriteString(c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// section writes a blank-line-separated heading.
func section(w io.Writer, title string) {
	fmt.Fprintf(w, "\n%s\n", title)
}

// fixed renders x with the given decimals and thousands separators:
// fixed(-1234567.891, 2) = "-1,234,567.89". Zero prints without a sign.
func fixed(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// plain renders x in its shortest exact form, grouped: 90000 → "90,000".
func plain(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	_, frac, _ := strings.Cut(s, ".")
	return fixed(x, len(frac))
}

// usd renders a USD figure to the cent.
func usd(x float64) string { return fixed(x, 2) }

// sig renders x with about n significant digits (at least none after the
// point, at most 12), grouped: Greeks and coin amounts span many magnitudes.
func sig(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return fixed(x, 0)
	}
	mag := int(math.Floor(math.Log10(math.Abs(x))))
	return fixed(x, min(max(n-1-mag, 0), 12))
}

// trimZeros drops trailing fractional zeros: "0.101250" → "0.10125", "2.00" → "2".
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// percent renders a fraction as a percentage: 0.1234 → "12.34%".
func percent(x float64) string { return fixed(100*x, 2) + "%" }

// signedPercent renders a move: 0.16 → "+16%", -0.055 → "-5.5%".
func signedPercent(x float64) string {
	p := math.Round(x*1e4) / 100 // percent, to two decimals
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if p > 0 {
		s = "+" + s
	}
	return s + "%"
}

// optional renders a figure that may not exist ("—" for null).
func optional(x *float64, render func(float64) string) string {
	if x == nil {
		return "—"
	}
	return render(*x)
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "no"
}
