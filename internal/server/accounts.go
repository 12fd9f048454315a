// Account endpoints: the list of every account's unified margin (admin),
// one account's vault state, margin report, hedges and liquidation preview
// on its stored book, and its stored portfolio. Money moves live in
// vaults.go. An account token reaches only its own account (auth.go).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/export"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/vault"
)

// AccountSummary is one account's unified margin (USD), as a margin event
// carries it.
type AccountSummary struct {
	ID           string           `json:"id"`
	Status       string           `json:"status" enum:"ok,margin_error" doc:"ok: the figures are the account's margin now; margin_error: it could not be margined (see error), its figures are zero and it is listed as liquidatable, never as safe."`
	Equity       float64          `json:"equity"`
	Initial      float64          `json:"initial"`
	Maintenance  float64          `json:"maintenance"`
	Excess       float64          `json:"excess" doc:"Equity minus initial margin."`
	Liquidatable bool             `json:"liquidatable" doc:"Equity below maintenance margin, or the margin could not be computed."`
	Error        string           `json:"error,omitempty" doc:"Why the account could not be margined (status margin_error)."`
	Params       *vault.ParamsRef `json:"params,omitempty" doc:"The governed parameter version the figures used (absent until governance is set up)."`
}

// Statuses of an AccountSummary.
const (
	StatusOK          = "ok"
	StatusMarginError = "margin_error"
)

// summaryOf lists a re-margin result: an account whose margin could not be
// computed, for whatever reason, is margin_error and liquidatable, so the
// list never shows it as safe.
func summaryOf(r cluster.Result) AccountSummary {
	a := AccountSummary{ID: r.Account, Status: StatusOK, Equity: r.Equity, Initial: r.Initial,
		Maintenance: r.Maintenance, Excess: r.Excess, Liquidatable: r.Liquidatable, Params: r.Params}
	if r.Error != "" {
		a.Status, a.Liquidatable, a.Error = StatusMarginError, true, r.Error
	}
	return a
}

// AccountList is GET /v1/accounts.
type AccountList struct {
	Accounts []AccountSummary `json:"accounts" doc:"Every account, by id."`
}

type accountListOutput struct{ Body AccountList }

// accountInput names the account; the parameter must be called id, which
// the "account" access level checks against the token.
type accountInput struct {
	ID string `path:"id" maxLength:"128" doc:"The account id."`
}

type accountStateOutput struct{ Body vault.AccountState }

type reportOutput struct{ Body *margin.Report }

// HedgeReport is `hedge --json` on the account's stored book.
type HedgeReport struct {
	UnifiedInitial float64             `json:"unified_initial" doc:"The account's unified initial margin now (USD)."`
	Suggestions    []margin.Suggestion `json:"suggestions" doc:"Trades that lower unified initial margin most per USD of cost, best first."`
}

type hedgesInput struct {
	ID  string `path:"id" maxLength:"128" doc:"The account id."`
	Top int    `query:"top" default:"5" minimum:"1" maximum:"1000" doc:"How many suggestions (best first)."`
}

type hedgesOutput struct{ Body HedgeReport }

// liquidationOptions are the unified engine's options as the flags of
// `unimargin liquidate` set them.
func liquidationOptions(penalty, insuranceFund float64) liquidation.Options {
	opt := liquidation.DefaultOptions()
	opt.PenaltyRate, opt.InsuranceFundUSD = penalty, insuranceFund
	return opt
}

type accountLiquidationInput struct {
	ID            string  `path:"id" maxLength:"128" doc:"The account id."`
	Penalty       float64 `query:"penalty" default:"0.01" minimum:"0" exclusiveMaximum:"1" doc:"Unified engine: share of the notional sold paid to the insurance fund."`
	InsuranceFund float64 `query:"insurance_fund" default:"0" minimum:"0" maximum:"1e15" doc:"Unified engine: insurance fund balance (USD, at most 1e15) before bad debt is socialised."`
}

type liquidationOutput struct{ Body *LiquidationReport }

type portfolioInput struct {
	ID   string          `path:"id" maxLength:"128" doc:"The account id."`
	Body json.RawMessage `doc:"A portfolio.json document (DESIGN.md)."`
}

func (s *Server) registerAccounts() {
	s.registerAccountReads()
	s.registerAccountBook()
	s.registerMoves()
}

// accountOp is the shape of every /v1/accounts/{id} operation.
func accountOp(id, method, path, summary, desc string, errs ...int) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: method, Path: path, Tags: []string{"accounts"},
		Summary: summary, Description: desc,
		Security: bearerSecurity, Metadata: map[string]any{"access": accessAccount},
		Errors: append([]int{401, 403, 404, 422, 429}, errs...),
	}
}

func (s *Server) registerAccountReads() {
	huma.Register(s.api, huma.Operation{
		OperationID: "list-accounts", Method: http.MethodGet, Path: "/v1/accounts", Tags: []string{"accounts"},
		Summary:     "Every account's unified margin (admin)",
		Description: "Each account re-margined now against the stored market, as the `margin` events carry it. An account that could not be margined is listed with status `margin_error`, its reason, and `liquidatable: true`.",
		Security:    bearerSecurity, Metadata: map[string]any{"access": accessAdmin}, Errors: []int{401, 403, 429, 503},
	}, s.listAccounts)
	// The state, report, hedges and liquidation preview are analyses of
	// the stored book (an analysis slot each, compute.go), as their POST
	// forms on a posted book are: the state margins the whole book.
	state := accountOp("get-account", http.MethodGet, "/v1/accounts/{id}",
		"An account's vault state and unified margin",
		"Balances per asset, liens, the haircut collateral value and the unified margin (`unimargin vault state`).")
	state.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, state, func(ctx context.Context, in *accountInput) (*accountStateOutput, error) {
		return s.accountState(ctx, in.ID)
	})
	report := accountOp("get-account-report", http.MethodGet, "/v1/accounts/{id}/report",
		"The margin report of an account's stored book",
		"`margin --json` on the stored portfolio plus the vault collateral venue (uct-vault): fragmented versus unified per venue, greeks, liquidation prices, rebalance.", 409)
	report.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, report, s.accountReport)
	hedges := accountOp("get-account-hedges", http.MethodGet, "/v1/accounts/{id}/hedges",
		"Hedge suggestions for an account's stored book",
		"`hedge --json` on the stored book plus the vault collateral venue.", 409)
	hedges.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, hedges, s.accountHedges)
	liq := accountOp("get-account-liquidation", http.MethodGet, "/v1/accounts/{id}/liquidation",
		"Liquidation preview of an account's stored book",
		"`liquidate --json` on the stored book plus the vault collateral venue: each venue by its own rules, then the unified engine.", 409)
	liq.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, liq, s.accountLiquidation)
}

// listAccounts re-margins every account through s.remargin (the same
// figures the events carry) and lists them by id.
func (s *Server) listAccounts(ctx context.Context, _ *struct{}) (*accountListOutput, error) {
	var ids []string
	if err := s.db.View(ctx, func(tx vault.Tx) error {
		var err error
		ids, err = tx.AccountIDs()
		return err
	}); err != nil {
		return nil, problemFor(err, "")
	}
	out := &accountListOutput{Body: AccountList{Accounts: make([]AccountSummary, 0, len(ids))}}
	var mu sync.Mutex
	err := s.remargin.Remargin(ctx, ids, func(r cluster.Result) {
		mu.Lock()
		defer mu.Unlock()
		out.Body.Accounts = append(out.Body.Accounts, summaryOf(r))
	})
	if err != nil {
		return nil, problemFor(err, "")
	}
	sort.Slice(out.Body.Accounts, func(i, j int) bool { return out.Body.Accounts[i].ID < out.Body.Accounts[j].ID })
	return out, nil
}

func (s *Server) accountReport(ctx context.Context, in *accountInput) (*reportOutput, error) {
	var rep *margin.Report
	start := time.Now()
	x := csvExtrasOf(ctx) // csv.go: the derived tables need the book and market
	err := s.db.View(ctx, func(tx vault.Tx) error {
		var err error
		if rep, err = vault.Report(tx, s.vaultConfig(), in.ID); err != nil || x == nil {
			return err
		}
		p, m, _, err := vault.UnifiedBookUnder(tx, s.vaultConfig(), in.ID)
		if err == nil {
			x.rows = export.MarginRows(p, m, rep)
		}
		return err
	})
	if err != nil {
		return nil, accountProblem(err)
	}
	s.metrics.marginSeconds.WithLabelValues("account").Observe(time.Since(start).Seconds())
	return &reportOutput{Body: rep}, nil
}

// storedBook reads the account's unified book in a read transaction; the
// computation runs after it ends.
func (s *Server) storedBook(ctx context.Context, account string) (*book, error) {
	var b book
	err := s.db.View(ctx, func(tx vault.Tx) error {
		var err error
		b.portfolio, b.market, b.params, err = vault.UnifiedBookUnder(tx, s.vaultConfig(), account)
		return err
	})
	if err != nil {
		return nil, accountProblem(err)
	}
	return &b, nil
}

func (s *Server) accountHedges(ctx context.Context, in *hedgesInput) (*hedgesOutput, error) {
	b, err := s.storedBook(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	rep, err := hedges(b, in.Top)
	if err != nil {
		return nil, problemFor(err, "")
	}
	return &hedgesOutput{Body: *rep}, nil
}

// hedges is `hedge --json` on a book.
func hedges(b *book, top int) (*HedgeReport, error) {
	sess, err := margin.Prepare(b.portfolio, b.market, b.params)
	if err != nil {
		return nil, err
	}
	sugg, err := sess.Hedges(top)
	if err != nil {
		return nil, err
	}
	if sugg == nil {
		sugg = []margin.Suggestion{}
	}
	return &HedgeReport{UnifiedInitial: sess.Unified().Initial, Suggestions: sugg}, nil
}

func (s *Server) accountLiquidation(ctx context.Context, in *accountLiquidationInput) (*liquidationOutput, error) {
	b, err := s.storedBook(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	rep, err := liquidation.RunContext(ctx, b.portfolio, b.market, b.params, liquidationOptions(in.Penalty, in.InsuranceFund))
	if err != nil {
		return nil, problemFor(err, "")
	}
	return &liquidationOutput{Body: liquidationReportOf(rep)}, nil
}

func (s *Server) registerAccountBook() {
	op := accountOp("put-account-portfolio", http.MethodPut, "/v1/accounts/{id}/portfolio",
		"Store an account's portfolio",
		"Validates the portfolio.json body against the stored market and stores it as the account's book, creating the account when absent. Storing a book never touches a lien: only the venue, or an admin acting for it, releases one. Returns the account's state afterwards.", 413)
	// Storing margins the book (refusing one a model refuses) and the
	// answer margins it again: an analysis slot, taken by authenticate
	// before the handler runs, so a refused PUT stores nothing.
	op.Metadata = computeMeta(accessAccount)
	op.MaxBodyBytes = s.cfg.MaxBodyBytes
	huma.Register(s.api, op, func(ctx context.Context, in *portfolioInput) (*accountStateOutput, error) {
		if err := vault.CheckID("account", in.ID); err != nil {
			return nil, accountProblem(err)
		}
		if err := s.db.Update(ctx, func(tx vault.Tx) error { return s.setPortfolio(tx, in.ID, in.Body) }); err != nil {
			return nil, problemFor(err, "body")
		}
		s.accountChanged(ctx, in.ID)
		return s.accountState(ctx, in.ID)
	})
}

// accountState reads an account's vault state in one read transaction.
func (s *Server) accountState(ctx context.Context, id string) (*accountStateOutput, error) {
	var st vault.AccountState
	err := s.db.View(ctx, func(tx vault.Tx) (err error) {
		st, err = vault.State(tx, s.vaultConfig(), id)
		return err
	})
	if err != nil {
		return nil, accountProblem(err)
	}
	return &accountStateOutput{Body: st}, nil
}

// setPortfolio stores the book, then margins it against the stored market:
// vault.SetPortfolio checks the document and its assets but not the venue
// models' own rules, and a book a model refuses would break every later
// read of the account, so it is refused here with its path. The document
// names its account, which must be the path's: a book sent to one account
// must not claim to be another's.
func (s *Server) setPortfolio(tx vault.Tx, account string, doc []byte) error {
	p, err := portfolio.Parse(doc)
	if err != nil {
		return err
	}
	if p.Account != account {
		return input.Invalid("account", p.Account, "must be the account of the path, %q", account)
	}
	if err := vault.SetPortfolio(tx, account, doc); err != nil {
		return err
	}
	mdoc, ok, err := tx.Market()
	if err != nil || !ok {
		return err
	}
	m, err := market.Load(mdoc, marketOptions(true))
	if err != nil {
		return fmt.Errorf("stored market: %v", err)
	}
	_, err = margin.Compute(p, m, s.riskParams())
	return err
}

// accountProblem is problemFor with the account's path parameter named
// when the account is unknown or its id malformed.
func accountProblem(err error) *Problem {
	p := problemFor(err, "")
	if errors.Is(err, vault.ErrUnknownAccount) || errors.Is(err, vault.ErrBadID) {
		p.Errors = append(p.Errors, &ProblemField{Location: "path.id", Message: err.Error()})
	}
	return p
}
