package optionvault

// Golden tables (cockroachdb/datadriven; update with -rewrite, then check by
// hand): testdata/*.txt hold market, portfolio and margin commands. Each
// case states the vault rule it checks and its hand computation.

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func TestGolden(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		if strings.HasSuffix(path, ".fail") { // rapid's failure files (testdata/rapid), not cases
			return
		}
		var m *market.Snapshot
		var p *portfolio.Portfolio
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "market":
				var err error
				if m, err = market.Load([]byte(d.Input), market.Options{}); err != nil {
					return "error: " + err.Error() + "\n"
				}
				return ""
			case "portfolio":
				var err error
				if p, err = portfolio.Parse([]byte(d.Input)); err == nil {
					err = portfolio.Check(p, m)
				}
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				return ""
			case "margin":
				r, err := venue.Margin(&p.Venues[0], m)
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				var b strings.Builder
				fmt.Fprintf(&b, "collateral_value: %s\nequity: %s\ninitial: %s\nmaintenance: %s\nexcess: %s\n",
					g(r.CollateralValue), g(r.Equity), g(r.Initial), g(r.Maintenance), g(r.Equity-r.Initial))
				if r.Health != nil {
					fmt.Fprintf(&b, "health: %s\n", g(*r.Health))
				} else {
					b.WriteString("health: null\n")
				}
				fmt.Fprintf(&b, "liquidatable: %v\n", r.Liquidatable())
				if d.HasArg("params") {
					fmt.Fprintf(&b, "params: %+v\n", r.ParamsUsed)
				}
				return b.String()
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', 12, 64) }
