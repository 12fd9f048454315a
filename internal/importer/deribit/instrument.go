// Deribit instrument names.
package deribit

import (
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

// deliveryHourUTC is Deribit's expiry time: 08:00 UTC on the expiry date.
const deliveryHourUTC = 8

// instrument is one parsed instrument name.
type instrument struct {
	kind       string // perp, future, option
	underlying string // BTC for BTC-… and BTC_USDC-…
	settlement string // BTC (inverse) or USDC (linear)
	expiry     time.Time
	right      string // call, put
	strike     money.Decimal
}

var months = map[string]time.Month{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

// parseInstrument reads a Deribit instrument name. Errors name path.
func parseInstrument(path, name string) (instrument, error) {
	bad := func(why string) (instrument, error) {
		return instrument{}, input.Invalid(path, name, "is not a Deribit instrument name (%s)", why)
	}
	parts := strings.Split(name, "-")
	var in instrument
	base, quote, linear := strings.Cut(parts[0], "_")
	if base == "" || strings.ToUpper(base) != base {
		return bad("the currency must be upper case, as in BTC-PERPETUAL")
	}
	in.underlying, in.settlement = base, base
	if linear {
		if quote != "USDC" && quote != "USDT" {
			return bad("linear instruments settle in USDC or USDT, as in BTC_USDC-PERPETUAL")
		}
		in.settlement = quote
	}
	switch {
	case len(parts) == 2 && parts[1] == "PERPETUAL":
		in.kind = "perp"
		return in, nil
	case len(parts) == 2:
		in.kind = "future"
	case len(parts) == 4:
		in.kind = "option"
	default:
		return bad("want CUR-PERPETUAL, CUR-DDMMMYY or CUR-DDMMMYY-STRIKE-C|P")
	}
	exp, ok := parseExpiry(parts[1])
	if !ok {
		return bad("the expiry must be like 27DEC24")
	}
	in.expiry = exp
	if in.kind == "future" {
		return in, nil
	}
	strike, err := money.ParseDecimal(strings.Replace(parts[2], "d", ".", 1))
	if err != nil || strike.Sign() <= 0 {
		return bad("the strike must be a positive number, with d for a decimal point")
	}
	in.strike = strike
	switch parts[3] {
	case "C":
		in.right = "call"
	case "P":
		in.right = "put"
	default:
		return bad("the right must be C or P")
	}
	return in, nil
}

// parseExpiry reads 27DEC24 or 5JAN24 as that date at 08:00 UTC.
func parseExpiry(s string) (time.Time, bool) {
	if len(s) < 6 || len(s) > 7 {
		return time.Time{}, false
	}
	dayText, mon, yy := s[:len(s)-5], s[len(s)-5:len(s)-2], s[len(s)-2:]
	day, err1 := strconv.Atoi(dayText)
	year, err2 := strconv.Atoi(yy)
	m, ok := months[mon]
	if err1 != nil || err2 != nil || !ok || day < 1 || day > 31 || dayText[0] == '+' || yy[0] == '+' || yy[0] == '-' {
		return time.Time{}, false
	}
	t := time.Date(2000+year, m, day, deliveryHourUTC, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31FEB24
		return time.Time{}, false
	}
	return t, true
}
