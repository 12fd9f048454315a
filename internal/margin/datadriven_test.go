// Golden tables of the unified model: each testdata/*.txt file is a family of
// small books with hand-checkable figures, written in a small DSL and run
// with cockroachdb/datadriven (update with -rewrite). The comments in each
// file carry the hand computation.
//
//	market as_of=T [rate=r]      body: one asset a line, "SYM price=P [vol=v]
//	                             [class=c] [depth=D] [spread=bps] [backed_by=A:u,…]",
//	                             or market.json verbatim
//	book                         body: "venue ID MODEL [chain=c]" lines, each
//	                             followed by indented items:
//	                               collateral ASSET AMOUNT [bridge=b]
//	                               spot|supply|borrow ASSET AMOUNT
//	                               perp UNDERLYING QTY [entry=P]
//	                               future UNDERLYING QTY EXPIRY [entry=P]
//	                               option UNDERLYING call|put STRIKE EXPIRY QTY
//	                             or portfolio.json verbatim
//	risk-params                  body: a risk-params file (empty: the defaults)
//	unified                      the unified result, components and worst scenario
//	worst [n=5]                  the n largest counted scenario losses
//	attribution                  each item's share of unified initial, and the sum
//	greeks                       Greeks per root asset
//	scenarios [all] [kind=k]     the scenario set (name, fraction, moves) of the
//	                             book, or of every market asset (all)
//	report                       the whole margin report as JSON
//	rebalance                    each venue's health before, the planned moves
//	                             and their warnings, each venue's health after
//	defaults                     the current risk params as MarshalDefaults writes them
package margin

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	_ "github.com/unimargin/unimargin/internal/venue/aave" // the rebalance tables use Aave
)

func TestGolden(t *testing.T) {
	// Only the .txt tables: rapid keeps its failure files under testdata/rapid.
	paths, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden tables: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := harness{rp: DefaultRiskParams()}
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				return h.run(t, d)
			})
		})
	}
}

type harness struct {
	m    *market.Snapshot
	book *portfolio.Portfolio
	rp   *RiskParams
}

func (h *harness) run(t *testing.T, d *datadriven.TestData) string {
	switch d.Cmd {
	case "market":
		doc := d.Input
		if !strings.HasPrefix(strings.TrimSpace(doc), "{") {
			doc = marketDoc(t, d)
		}
		m, err := market.Load([]byte(doc), market.Options{})
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.m = m
		return "ok\n"
	case "book":
		doc := d.Input
		if !strings.HasPrefix(strings.TrimSpace(doc), "{") {
			doc = bookDoc(t, d.Input)
		}
		b, err := portfolio.Parse([]byte(doc))
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.book = b
		return "ok\n"
	case "risk-params":
		if strings.TrimSpace(d.Input) == "" {
			h.rp = DefaultRiskParams()
			return "ok\n"
		}
		rp, err := LoadRiskParams([]byte(d.Input), h.m)
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.rp = rp
		return "ok\n"
	case "report":
		rep, err := Compute(h.book, h.m, h.rp)
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		out, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return string(out) + "\n"
	case "scenarios":
		return h.scenarios(t, d)
	case "rebalance":
		return h.rebalance(t)
	case "defaults":
		out, err := h.rp.MarshalDefaults()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if err := portfolio.Check(h.book, h.m); err != nil {
		return "error: " + err.Error() + "\n"
	}
	c, err := Compile(h.m, h.rp)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	a, u := computeUnified(h.book, c)
	switch d.Cmd {
	case "unified":
		return printUnified(u)
	case "worst":
		n := 5
		d.MaybeScanArgs(t, "n", &n)
		return printWorst(a, n)
	case "attribution":
		return printAttribution(a, u)
	case "greeks":
		return printGreeks(u)
	}
	t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	return ""
}

// num renders a figure rounded to 6 decimals, so hand-checked values read
// plainly (14400, not 14399.999999999998).
func num(x float64) string {
	r := math.Round(x*1e6) / 1e6
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func printUnified(r *unifiedResult) string {
	u := &r.unified
	var b strings.Builder
	worst := u.WorstScenario.Name
	if worst == "" {
		worst = "none"
	}
	fmt.Fprintf(&b, "scenario     %s (%s)\n", num(u.Components.Scenario), worst)
	fmt.Fprintf(&b, "liquidity    %s\n", num(u.Components.Liquidity))
	fmt.Fprintf(&b, "contingency  %s = short option %s + basis %s\n",
		num(u.Components.Contingency), num(r.shortOption), num(r.basis))
	fmt.Fprintf(&b, "initial      %s\n", num(u.Initial))
	fmt.Fprintf(&b, "maintenance  %s\n", num(u.Maintenance))
	fmt.Fprintf(&b, "collateral   %s\n", num(u.CollateralValue))
	fmt.Fprintf(&b, "equity       %s\n", num(u.Equity))
	fmt.Fprintf(&b, "excess       %s\n", num(u.Excess))
	fmt.Fprintf(&b, "liquidatable %t\n", u.Liquidatable)
	for _, w := range r.warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return b.String()
}

func printWorst(a *account, n int) string {
	pnl := a.pnl()
	type row struct {
		s    int
		loss float64
	}
	var rows []row
	for _, id := range a.mask.IDs() {
		if s := int(id); a.set.Scenarios[s].InRequirement {
			rows = append(rows, row{s, -pnl[s] * a.set.Scenarios[s].Fraction})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].loss > rows[j].loss })
	var b strings.Builder
	for i := 0; i < n && i < len(rows); i++ {
		sc := &a.set.Scenarios[rows[i].s]
		fmt.Fprintf(&b, "%-28s loss %s (pnl %s × %s)\n", a.set.Name(rows[i].s), num(rows[i].loss), num(pnl[rows[i].s]), num(sc.Fraction))
	}
	return b.String()
}

func printAttribution(a *account, r *unifiedResult) string {
	var b strings.Builder
	var sum float64
	for i := range a.items {
		it := &a.items[i]
		v := &a.book.Venues[it.venue]
		var what string
		if it.kind == kindCollateral {
			what = fmt.Sprintf("collateral[%d] %s", it.index, v.Collateral[it.index].Asset)
		} else {
			p := &v.Positions[it.index]
			what = fmt.Sprintf("positions[%d] %s %s", it.index, p.Kind, p.HoldingAsset())
		}
		fmt.Fprintf(&b, "%s %s: %s = scenario %s + liquidity %s + contingency %s\n", v.ID, what,
			num(r.attribution[i]), num(r.attrScenario[i]), num(r.attrLiquidity[i]), num(r.attrContingency[i]))
		sum += r.attribution[i]
	}
	fmt.Fprintf(&b, "sum %s = initial %s\n", num(sum), num(r.unified.Initial))
	return b.String()
}

func printGreeks(r *unifiedResult) string {
	syms := make([]string, 0, len(r.greeks))
	for s := range r.greeks {
		syms = append(syms, s)
	}
	sort.Strings(syms)
	var b strings.Builder
	for _, s := range syms {
		g := r.greeks[s]
		fmt.Fprintf(&b, "%s delta %s gamma %s vega %s theta %s\n", s, num(g.Delta), num(g.Gamma), num(g.Vega), num(g.Theta))
		fmt.Fprintf(&b, "%s delta_usd %s gamma_usd %s vega_usd %s theta_usd %s\n", s,
			num(g.DeltaUSD), num(g.GammaUSD), num(g.VegaUSD), num(g.ThetaUSD))
	}
	return b.String()
}

func (h *harness) scenarios(t *testing.T, d *datadriven.TestData) string {
	var kind string
	d.MaybeScanArgs(t, "kind", &kind)
	book := h.book
	if d.HasArg("all") {
		book = nil
	}
	list, err := Scenarios(book, h.m, h.rp)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d scenarios\n", len(list))
	for _, sc := range list {
		if kind != "" && sc.Kind != kind {
			continue
		}
		syms := make([]string, 0, len(sc.Spot))
		for s := range sc.Spot {
			syms = append(syms, s)
		}
		sort.Strings(syms)
		moves := make([]string, len(syms))
		for i, s := range syms {
			moves[i] = s + " " + num(sc.Spot[s])
		}
		req := ""
		if !sc.InRequirement {
			req = " (not in requirement)"
		}
		fmt.Fprintf(&b, "%s: vol %s fraction %s [%s]%s\n", sc.Name, sc.Vol, num(sc.Fraction), strings.Join(moves, ", "), req)
	}
	return b.String()
}

// marketDoc turns the compact market DSL into market.json.
func marketDoc(t *testing.T, d *datadriven.TestData) string {
	var asOf, rate string
	d.ScanArgs(t, "as_of", &asOf)
	d.MaybeScanArgs(t, "rate", &rate)
	assets := map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		a := map[string]any{}
		for _, kv := range fields[1:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "price", "depth_usd":
				a[k] = v
			case "depth":
				a["depth_usd"] = v
			case "vol", "spread":
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%s: %s", d.Pos, err)
				}
				if k == "spread" {
					k = "spread_bps"
				}
				a[k] = f
			case "class":
				a[k] = v
			case "backed_by":
				b := map[string]any{}
				for _, part := range strings.Split(v, ",") {
					sym, per, _ := strings.Cut(part, ":")
					b[sym] = per
				}
				a[k] = b
			default:
				t.Fatalf("%s: unknown asset field %q", d.Pos, k)
			}
		}
		assets[fields[0]] = a
	}
	doc := map[string]any{"as_of": asOf, "assets": assets}
	if rate != "" {
		doc["rates"] = map[string]any{"USD": rate}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// bookDoc turns the compact book DSL into portfolio.json.
func bookDoc(t *testing.T, input string) string {
	var venues []map[string]any
	var cur map[string]any
	for _, line := range strings.Split(input, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		opts := map[string]string{}
		var pos []string
		for _, f := range fields {
			if k, v, ok := strings.Cut(f, "="); ok {
				opts[k] = v
			} else {
				pos = append(pos, f)
			}
		}
		if pos[0] == "venue" {
			chain := opts["chain"]
			if chain == "" {
				chain = "offchain"
			}
			cur = map[string]any{"id": pos[1], "model": pos[2], "chain": chain,
				"collateral": []any{}, "positions": []any{}}
			venues = append(venues, cur)
			continue
		}
		if cur == nil {
			t.Fatalf("book: %q before any venue", line)
		}
		cur["collateral"], cur["positions"] = bookItem(t, pos, opts, cur["collateral"].([]any), cur["positions"].([]any))
	}
	out, err := json.Marshal(map[string]any{"account": "golden", "venues": venues})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func bookItem(t *testing.T, pos []string, opts map[string]string, coll, positions []any) ([]any, []any) {
	item := map[string]any{}
	switch pos[0] {
	case "collateral":
		item["asset"], item["amount"] = pos[1], pos[2]
		if b, ok := opts["bridge"]; ok {
			item["bridge"] = b
		}
		return append(coll, item), positions
	case "spot", "supply", "borrow":
		item["kind"], item["asset"], item["amount"] = pos[0], pos[1], pos[2]
	case "perp":
		item["kind"], item["underlying"], item["quantity"] = "perp", pos[1], pos[2]
	case "future":
		item["kind"], item["underlying"], item["quantity"], item["expiry"] = "future", pos[1], pos[2], pos[3]
	case "option":
		item["kind"], item["underlying"], item["right"] = "option", pos[1], pos[2]
		item["strike"], item["expiry"], item["quantity"] = pos[3], pos[4], pos[5]
	default:
		t.Fatalf("book: unknown item %q", pos[0])
	}
	if e, ok := opts["entry"]; ok {
		item["entry_price"] = e
	}
	return coll, append(positions, item)
}

func (h *harness) rebalance(t *testing.T) string {
	var b strings.Builder
	health := func(book *portfolio.Portfolio) {
		for i := range book.Venues {
			v := &book.Venues[i]
			var coll []string
			for _, c := range v.Collateral {
				entry := c.Amount.String() + " " + c.Asset
				if c.Bridge != "" {
					entry += " (" + c.Bridge + ")"
				}
				coll = append(coll, entry)
			}
			fmt.Fprintf(&b, "  %-12s health %-8s %s\n", v.ID, strconv.FormatFloat(healthOf(t, v, h.m), 'f', 4, 64),
				strings.Join(coll, ", "))
		}
	}
	b.WriteString("before\n")
	health(h.book)
	moves, warnings, err := Rebalance(h.book, h.m, h.rp)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	for _, mv := range moves {
		fmt.Fprintf(&b, "move %s %s from %s to %s\n", mv.Amount, mv.Asset, mv.From, mv.To)
	}
	for _, w := range warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	after, err := ApplyMoves(h.book, h.m, h.rp, moves)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("after\n")
	health(after)
	return b.String()
}
