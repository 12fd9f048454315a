// Reading the input files (or the embedded demo) in the contract's order:
// market first, then the portfolio, then the risk parameters. Every error
// names its file by base name, so messages carry no directory.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Names the embedded demo files go by in messages.
const (
	demoMarketName    = "demo/market.json"
	demoPortfolioName = "demo/portfolio.json"
	demoParamsName    = "demo/risk_params.json"
)

// bookFlags are the inputs of every command that reads a book and a market.
type bookFlags struct {
	Portfolio  string        `help:"Portfolio file (portfolio.json contract)." placeholder:"FILE"`
	Market     string        `help:"Market snapshot file (market.json contract)." placeholder:"FILE"`
	RiskParams string        `name:"risk-params" help:"Risk-parameter overrides of the unified model (defaults when absent)." placeholder:"FILE"`
	Demo       bool          `help:"Use the embedded demo portfolio, market and risk parameters instead of --portfolio and --market."`
	AllowStale bool          `name:"allow-stale" help:"Report stale oracle prices as warnings instead of refusing them."`
	StaleAfter time.Duration `name:"stale-after" default:"1h" help:"Oracle age before as_of beyond which a price is stale."`
}

// book is what the flags resolve to.
type book struct {
	market    *market.Snapshot
	portfolio *portfolio.Portfolio // nil when none was asked for
	params    *margin.RiskParams
	bookName  string // file name for errors found later (margin.Compute)
}

// document is one input file's name (for messages) and bytes.
type document struct {
	name string
	data []byte
}

// load resolves the flags. needBook says whether a portfolio is required.
func (f *bookFlags) load(needBook bool) (*book, error) {
	mkt, bk, err := f.documents(needBook)
	if err != nil {
		return nil, err
	}
	if f.StaleAfter <= 0 {
		return nil, input.Invalid("--stale-after", f.StaleAfter.String(), "must be > 0")
	}
	b := &book{}
	opts := market.Options{StaleAfter: f.StaleAfter, AllowStale: f.AllowStale}
	if b.market, err = market.Load(mkt.data, opts); err != nil {
		return nil, input.InFile(err, mkt.name)
	}
	if bk != nil {
		b.bookName = bk.name
		if b.portfolio, err = portfolio.Parse(bk.data); err != nil {
			return nil, input.InFile(err, bk.name)
		}
		if err := portfolio.Check(b.portfolio, b.market); err != nil {
			return nil, input.InFile(err, bk.name)
		}
	}
	if b.params, err = f.riskParams(b.market); err != nil {
		return nil, err
	}
	return b, nil
}

// documents picks the market and portfolio bytes: the demo's or the files'.
func (f *bookFlags) documents(needBook bool) (document, *document, error) {
	if f.Demo {
		if f.Market != "" || f.Portfolio != "" {
			return document{}, nil, usagef("--demo cannot be combined with --market or --portfolio")
		}
		return document{demoMarketName, demo.MarketJSON}, &document{demoPortfolioName, demo.PortfolioJSON}, nil
	}
	if f.Market == "" {
		return document{}, nil, usagef("--market is required (or --demo)")
	}
	if needBook && f.Portfolio == "" {
		return document{}, nil, usagef("--portfolio is required (or --demo)")
	}
	mkt, err := readDocument(f.Market)
	if err != nil {
		return document{}, nil, err
	}
	if f.Portfolio == "" {
		return mkt, nil, nil
	}
	bk, err := readDocument(f.Portfolio)
	if err != nil {
		return document{}, nil, err
	}
	return mkt, &bk, nil
}

// riskParams reads --risk-params; without it the defaults apply, or with
// --demo the demo's embedded risk parameters.
func (f *bookFlags) riskParams(m *market.Snapshot) (*margin.RiskParams, error) {
	var doc document
	switch {
	case f.RiskParams != "":
		var err error
		if doc, err = readDocument(f.RiskParams); err != nil {
			return nil, err
		}
	case f.Demo:
		doc = document{demoParamsName, demo.RiskParamsJSON}
	default:
		return margin.DefaultRiskParams(), nil
	}
	rp, err := margin.LoadRiskParams(doc.data, m)
	if err != nil {
		return nil, input.InFile(err, doc.name)
	}
	return rp, nil
}

// readDocument reads at most input.MaxDocumentBytes+1 bytes of path (one
// byte more than the limit, so that the decoder reports an oversized file).
func readDocument(path string) (document, error) {
	name := filepath.Base(path)
	fh, err := os.Open(path)
	if err != nil {
		return document{}, unreadable(name, path, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, input.MaxDocumentBytes+1))
	if err != nil {
		return document{}, unreadable(name, path, err)
	}
	return document{name: name, data: data}, nil
}

func unreadable(name, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return input.InFile(input.Errorf("", "cannot read %s: %v", path, err), name)
}

// inFileOf attributes an error found while computing on a loaded book to
// the portfolio file (its paths are venues[i]…).
func (b *book) inFileOf(err error) error {
	if err == nil {
		return nil
	}
	var ie *input.Error
	if errors.As(err, &ie) && ie.File == "" && b.bookName != "" {
		return input.InFile(err, b.bookName)
	}
	if errors.As(err, &ie) {
		return err
	}
	return fmt.Errorf("%w: %v", errInternal, err)
}
