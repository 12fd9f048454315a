// backtest and var: the margin backtest on the embedded 2021-2023 prices
// (internal/backtest) and the VaR / ES table of any book beside its
// scenario margin. Wiring only.
package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	refbooks "github.com/unimargin/unimargin/docs/backtest"
	"github.com/unimargin/unimargin/internal/backtest"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
)

type backtestCmd struct {
	Books      string `help:"Books file (docs/backtest/books.json shape) or a portfolio file; the embedded reference books when absent." placeholder:"FILE"`
	From       string `help:"First day (YYYY-MM-DD); the data's first usable day when absent." placeholder:"DATE"`
	To         string `help:"Last day (YYYY-MM-DD); the data's last usable day when absent." placeholder:"DATE"`
	Out        string `required:"" help:"Directory for backtest.md, backtest.json and the plots (PNG and SVG)." placeholder:"DIR"`
	RiskParams string `name:"risk-params" help:"Risk-parameter overrides of the unified model (defaults when absent)." placeholder:"FILE"`
	JSON       bool   `help:"Print the result as JSON instead of the markdown report."`
	formatFlag
}

// day parses a --from / --to value; "" is the zero time.
func day(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, input.Invalid(flag, s, "is not a date (want YYYY-MM-DD)")
	}
	return t, nil
}

func (c *backtestCmd) Run(e *env) error {
	var w backtest.Window
	var err error
	if w.From, err = day("--from", c.From); err != nil {
		return err
	}
	if w.To, err = day("--to", c.To); err != nil {
		return err
	}
	doc := document{"docs/backtest/books.json", refbooks.BooksJSON}
	if c.Books != "" {
		if doc, err = readDocument(c.Books); err != nil {
			return err
		}
	}
	books, err := backtest.ParseBooks(doc.data)
	if err != nil {
		return input.InFile(err, doc.name)
	}
	rp := margin.DefaultRiskParams()
	if c.RiskParams != "" {
		f := bookFlags{RiskParams: c.RiskParams}
		if rp, err = f.riskParams(nil); err != nil {
			return err
		}
	}
	h, err := backtest.LoadHistory()
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	if _, _, err := h.Span(w); err != nil {
		return err // a flag, not the books file
	}
	res, files, err := backtest.Replay(context.Background(), h, books, w, rp, nil)
	var ie *input.Error
	switch {
	case errors.As(err, &ie):
		return input.InFile(err, doc.name)
	case err != nil:
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	var js bufferWriter
	if err := writeJSON(&js, res); err != nil {
		return err
	}
	files["backtest.json"] = js.b
	if err := writeOut(c.Out, files); err != nil {
		return err
	}
	return c.render(e, c.JSON, "backtest", res, nil, func() error {
		_, err := e.out.Write(files["backtest.md"])
		return err
	})
}

// bufferWriter collects bytes (writeJSON's target for a file).
type bufferWriter struct{ b []byte }

func (w *bufferWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

type varCmd struct {
	bookFlags
	JSON bool `help:"Print the table as JSON."`
	formatFlag
}

func (c *varCmd) Run(e *env) error {
	b, err := c.load(true)
	if err != nil {
		return err
	}
	h, err := backtest.LoadHistory()
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	rep, err := h.VaRAt(context.Background(), b.portfolio, b.market)
	if err != nil {
		var ie *input.Error
		if errors.As(err, &ie) && ie.Path == "as_of" {
			name := demoMarketName
			if !c.Demo {
				name = filepath.Base(c.Market)
			}
			return input.InFile(err, name)
		}
		return input.InFile(err, b.bookName)
	}
	mr, err := margin.Compute(b.portfolio, b.market, b.params)
	if err != nil {
		return input.InFile(err, b.bookName)
	}
	rep.UnifiedIM, rep.FragmentedIM = mr.Unified.Initial, mr.Fragmented.Initial
	if done, err := c.machine(e, c.JSON, "var", rep); done {
		return err
	}
	fmt.Fprint(e.out, backtest.VaRMarkdown(rep))
	return nil
}
