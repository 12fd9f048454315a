// history and explain: an account's recorded margins (the service records
// them in the store on every re-margin and account change), and the
// additive waterfall of why margin changed between two book+market pairs
// (margin.Explain: price, vol, time, trades, params, each step recomputed
// by the one margin path).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/server"
)

type historyCmd struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
	From    string `help:"Earliest recorded_at (RFC 3339)." placeholder:"TIME"`
	To      string `help:"Latest recorded_at (RFC 3339)." placeholder:"TIME"`
	Limit   int    `default:"100" help:"At most this many entries (the newest; 1 to 5000)."`
}

func parseFlagTime(flag, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, usagef("--%s %q: not an RFC 3339 time", flag, v)
	}
	return t, nil
}

func (c *historyCmd) Run(e *env) error {
	from, err := parseFlagTime("from", c.From, time.Unix(0, 0))
	if err != nil {
		return err
	}
	to, err := parseFlagTime("to", c.To, time.Now().Add(time.Hour))
	if err != nil {
		return err
	}
	if c.Limit < 1 || c.Limit > 5000 {
		return usagef("--limit %d: must be 1 to 5000", c.Limit)
	}
	ctx := context.Background()
	db, err := c.openAccount(ctx, "history", c.Account)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.History(ctx, c.Account, from, to, c.Limit)
	if err != nil {
		return fmt.Errorf("%w: history: %v", errInternal, err)
	}
	h := server.HistoryOf(c.Account, rows)
	if done, err := c.machine(e, c.JSON, "report", h); done {
		return err
	}
	t := newTable([]string{"seq", "recorded_at", "as_of", "params", "equity", "initial", "maintenance", "excess", "health"},
		right, left, left, left, right, right, right, right, right)
	for _, r := range h.Entries {
		health := "null"
		if r.Health != nil {
			health = strconv.FormatFloat(*r.Health, 'f', 3, 64)
		}
		t.add(strconv.FormatInt(r.Seq, 10), r.RecordedAt, r.AsOf, r.ParamsVersion, usd(r.Equity), usd(r.Initial),
			usd(r.Maintenance), usd(r.Excess), health)
	}
	t.write(e.out, "")
	return nil
}

type explainCmd struct {
	formatFlag
	Before     string        `help:"The earlier book and market: {\"portfolio\": …, \"market\": …, \"risk_params\": … (optional)}." placeholder:"FILE"`
	After      string        `help:"The later book and market, as --before." placeholder:"FILE"`
	Account    string        `help:"Explain between two stored history entries of this account (instead of --before and --after), as GET /v1/accounts/{id}/explain." placeholder:"A"`
	From       string        `help:"With --account: the earlier entry, a history seq or an RFC 3339 time (the last entry recorded at or before it)." placeholder:"ENTRY"`
	To         string        `help:"With --account: the later entry, as --from; default: the newest." placeholder:"ENTRY"`
	DB         string        `name:"db" env:"UNIMARGIN_DB" help:"With --account: sqlite:PATH or postgres://… (default: SQLite file unimargin.db under --data-dir)." placeholder:"DSN"`
	DataDir    string        `name:"data-dir" env:"UNIMARGIN_DATA_DIR" default:".unimargin" help:"With --account: directory of the default SQLite store." placeholder:"DIR"`
	JSON       bool          `help:"Print the waterfall as JSON."`
	AllowStale bool          `name:"allow-stale" help:"Report stale oracle prices as warnings instead of refusing them."`
	StaleAfter time.Duration `name:"stale-after" default:"1h" help:"Oracle age before as_of beyond which a price is stale."`
}

// explainPair is an --before/--after file.
type explainPair struct {
	Portfolio  json.RawMessage `json:"portfolio"`
	Market     json.RawMessage `json:"market"`
	RiskParams json.RawMessage `json:"risk_params"`
}

// readSide reads one pair file: every error names the file and the field.
func readSide(path string, opts market.Options) (margin.ExplainSide, error) {
	doc, err := readDocument(path)
	if err != nil {
		return margin.ExplainSide{}, err
	}
	var p explainPair
	dec := json.NewDecoder(bytes.NewReader(doc.data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return margin.ExplainSide{}, input.InFile(input.Errorf("", "want {\"portfolio\": …, \"market\": …, \"risk_params\": …}: %v", err), doc.name)
	}
	if p.Portfolio == nil {
		return margin.ExplainSide{}, input.InFile(input.Errorf("portfolio", "is required"), doc.name)
	}
	if p.Market == nil {
		return margin.ExplainSide{}, input.InFile(input.Errorf("market", "is required"), doc.name)
	}
	m, err := market.Load(p.Market, opts)
	if err != nil {
		return margin.ExplainSide{}, input.InFile(prefixPath(err, "market"), doc.name)
	}
	b, err := portfolio.Parse(p.Portfolio)
	if err != nil {
		return margin.ExplainSide{}, input.InFile(prefixPath(err, "portfolio"), doc.name)
	}
	side := margin.ExplainSide{Book: b, Market: p.Market}
	if p.RiskParams != nil {
		if side.Params, err = margin.LoadRiskParams(p.RiskParams, m); err != nil {
			return margin.ExplainSide{}, input.InFile(prefixPath(err, "risk_params"), doc.name)
		}
	}
	return side, nil
}

// prefixPath puts an input error's JSON path under field.
func prefixPath(err error, field string) error {
	var ie *input.Error
	if errors.As(err, &ie) {
		c := *ie
		if c.Path == "" {
			c.Path = field
		} else if c.Path[0] == '[' {
			c.Path = field + c.Path
		} else {
			c.Path = field + "." + c.Path
		}
		return &c
	}
	return fmt.Errorf("%s: %w", field, err)
}

func (c *explainCmd) Run(e *env) error {
	if c.Account != "" {
		return c.runStored(e)
	}
	if c.From != "" || c.To != "" {
		return usagef("--from and --to name stored history entries: they need --account")
	}
	if c.Before == "" || c.After == "" {
		return usagef("explain needs --before FILE and --after FILE, or --account A --from ENTRY")
	}
	if c.StaleAfter <= 0 {
		return input.Invalid("--stale-after", c.StaleAfter.String(), "must be > 0")
	}
	opts := market.Options{StaleAfter: c.StaleAfter, AllowStale: c.AllowStale}
	before, err := readSide(c.Before, opts)
	if err != nil {
		return err
	}
	after, err := readSide(c.After, opts)
	if err != nil {
		return err
	}
	x, err := margin.Explain(before, after, opts)
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "report", x); done {
		return err
	}
	writeExplain(e, x)
	return nil
}

// runStored is --account: server.ExplainStored, the route's code, between
// two history entries of the selected store.
func (c *explainCmd) runStored(e *env) error {
	if c.Before != "" || c.After != "" {
		return usagef("--account explains stored history entries: it takes --from and --to, not --before or --after")
	}
	if c.From == "" {
		return usagef("--account needs --from ENTRY (a history seq or an RFC 3339 time)")
	}
	ctx := context.Background()
	sf := storeFlags{DB: c.DB, DataDir: c.DataDir}
	db, err := sf.openAccount(ctx, "explain", c.Account)
	if err != nil {
		return err
	}
	defer db.Close()
	x, err := server.ExplainStored(ctx, db, c.Account, c.From, c.To)
	var re *server.HistoryRefError
	switch {
	case errors.As(err, &re):
		return usagef("explain: --%s %q: %s", re.Field, re.Value, re.Reason)
	case errors.Is(err, server.ErrExplainUncomputable):
		return usagef("explain: %v", err)
	case err != nil:
		return fmt.Errorf("%w: explain: %v", errInternal, err)
	}
	if done, err := c.machine(e, c.JSON, "report", x); done {
		return err
	}
	fmt.Fprintf(e.out, "%s: history entry %d → %d\n", x.Account, x.FromSeq, x.ToSeq)
	writeExplain(e, x.Explanation)
	return nil
}

// writeExplain is the waterfall as a table.
func writeExplain(e *env, x *margin.Explanation) {
	t := newTable([]string{"step", "Δ initial", "Δ maintenance", "Δ equity", "Δ excess", "initial after"},
		left, right, right, right, right, right)
	t.add("before", "", "", "", "", usd(x.Before.Initial))
	for _, s := range x.Steps {
		t.add(s.Factor, usd(s.Change.Initial), usd(s.Change.Maintenance), usd(s.Change.Equity), usd(s.Change.Excess), usd(s.After.Initial))
	}
	t.add("total", usd(x.Total.Initial), usd(x.Total.Maintenance), usd(x.Total.Equity), usd(x.Total.Excess), usd(x.After.Initial))
	t.write(e.out, "")
}
