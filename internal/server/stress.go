// Stress endpoints: POST /v1/scenarios/run runs named scenarios (a posted
// scenario file, or the built-in historical library) on a posted book, the
// JSON of `unimargin stress --json`; POST /v1/scenarios/run-all (admin) runs
// them on every stored account's book against the stored market; POST
// /v1/stress/reverse is `unimargin stress --reverse --json`; GET
// /v1/accounts/{id}/stress runs the library on one stored account (the
// dashboard's stress panel) and GET /v1/accounts/{id}/stress/reverse the
// reverse stress (the dashboard's risk panel). The work is
// margin.RunScenarios and margin.ReverseStress; nothing is stored.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// ScenariosBody is a book and, optionally, a scenario file.
type ScenariosBody struct {
	BookBody
	Scenarios json.RawMessage `json:"scenarios,omitempty" required:"false" doc:"A scenarios.json document ({\"scenarios\": [...]}); the built-in historical library when absent."`
}

type scenariosInput struct{ Body ScenariosBody }

type scenariosOutput struct{ Body *margin.ScenarioRun }

// ScenariosAllBody is an optional scenario file for every stored account.
type ScenariosAllBody struct {
	Scenarios json.RawMessage `json:"scenarios,omitempty" required:"false" doc:"A scenarios.json document; the built-in historical library when absent."`
}

type scenariosAllInput struct{ Body ScenariosAllBody }

// AccountScenarios is one stored account's scenario run.
type AccountScenarios struct {
	ID     string              `json:"id"`
	Status string              `json:"status" enum:"ok,margin_error" doc:"margin_error: the account could not be margined (see error); run is null."`
	Error  string              `json:"error,omitempty"`
	Run    *margin.ScenarioRun `json:"run"`
}

// ScenariosAll is POST /v1/scenarios/run-all.
type ScenariosAll struct {
	Accounts []AccountScenarios `json:"accounts" doc:"Every account, by id."`
}

type scenariosAllOutput struct{ Body ScenariosAll }

// ReverseBody is a book and the search tolerance.
type ReverseBody struct {
	BookBody
	Tolerance *float64 `json:"tolerance,omitempty" required:"false" default:"1e-6" exclusiveMinimum:"0" maximum:"0.01" doc:"Width of the final bracket, in move (a return)."`
}

type reverseInput struct{ Body ReverseBody }

type reverseOutput struct{ Body *margin.ReverseResult }

// scenariosFor reads a posted scenario file against m (the library when
// none) and checks its failures against books; errors name body.scenarios.
func scenariosFor(doc json.RawMessage, m *market.Snapshot, rp *margin.RiskParams, books []*portfolio.Portfolio) ([]scenario.Named, error) {
	scs, err := namedScenarios(doc, m, rp, books)
	if err != nil {
		return nil, problemFor(err, "body.scenarios")
	}
	return scs, nil
}

// namedScenarios parses a scenario document against m (the library when
// none) and checks its failures against books; errors are the document's
// (input errors naming its field).
func namedScenarios(doc json.RawMessage, m *market.Snapshot, rp *margin.RiskParams, books []*portfolio.Portfolio) ([]scenario.Named, error) {
	if len(doc) == 0 || string(doc) == "null" {
		return margin.LibraryScenarios(m, rp), nil
	}
	scs, err := scenario.ParseNamed(doc, m)
	if err != nil {
		return nil, err
	}
	if err := margin.CheckFailures(scs, books, rp); err != nil {
		return nil, err
	}
	return scs, nil
}

func (s *Server) registerStress() {
	huma.Register(s.api, s.previewOp("run-scenarios", "/v1/scenarios/run", "Named scenarios on a book",
		"The JSON of `unimargin stress --json`: each scenario's P&L, unified figures and each venue's health after, through the one margin path."),
		func(ctx context.Context, in *scenariosInput) (*scenariosOutput, error) {
			b, err := s.parseBook(&in.Body.BookBody)
			if err != nil {
				return nil, err
			}
			scs, err := scenariosFor(in.Body.Scenarios, b.market, b.params, []*portfolio.Portfolio{b.portfolio})
			if err != nil {
				return nil, err
			}
			run, err := margin.RunScenarios(b.portfolio, b.market, b.params, scs)
			if err != nil {
				return nil, problemFor(err, "body.portfolio")
			}
			return &scenariosOutput{Body: run}, nil
		})
	huma.Register(s.api, s.previewOp("reverse-stress", "/v1/stress/reverse", "Reverse stress of a book",
		"The JSON of `unimargin stress --reverse --json`: per direction the smallest move that makes a venue or the unified account liquidatable, what breaks first and the figures there."),
		func(ctx context.Context, in *reverseInput) (*reverseOutput, error) {
			b, err := s.parseBook(&in.Body.BookBody)
			if err != nil {
				return nil, err
			}
			opt := margin.DefaultReverseOptions()
			if in.Body.Tolerance != nil {
				opt.Tolerance = *in.Body.Tolerance
			}
			res, err := margin.ReverseStress(ctx, b.portfolio, b.market, b.params, opt)
			if err != nil {
				return nil, problemFor(err, "body.portfolio")
			}
			return &reverseOutput{Body: res}, nil
		})
	reverse := accountOp("get-account-reverse-stress", http.MethodGet, "/v1/accounts/{id}/stress/reverse",
		"Reverse stress of an account's stored book",
		"`stress --reverse --json` (tolerance 1e-6) on the stored book plus the vault collateral venue, against the stored market (the dashboard's risk panel).", 409)
	reverse.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, reverse,
		func(ctx context.Context, in *accountInput) (*reverseOutput, error) {
			b, err := s.storedBook(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			res, err := margin.ReverseStress(ctx, b.portfolio, b.market, b.params, margin.DefaultReverseOptions())
			if err != nil {
				return nil, problemFor(err, "")
			}
			return &reverseOutput{Body: res}, nil
		})
	stress := accountOp("get-account-stress", http.MethodGet, "/v1/accounts/{id}/stress",
		"The historical scenarios on an account's stored book",
		"`stress --json` (the built-in historical library) on the stored book plus the vault collateral venue, against the stored market.", 409)
	stress.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, stress,
		func(ctx context.Context, in *accountInput) (*scenariosOutput, error) {
			b, err := s.storedBook(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			run, err := margin.RunScenarios(b.portfolio, b.market, b.params, margin.LibraryScenarios(b.market, b.params))
			if err != nil {
				return nil, problemFor(err, "")
			}
			return &scenariosOutput{Body: run}, nil
		})
	huma.Register(s.api, huma.Operation{
		OperationID: "run-scenarios-all", Method: http.MethodPost, Path: "/v1/scenarios/run-all", Tags: []string{"margin"},
		Summary:     "Named scenarios on every stored account (admin)",
		Description: "Each account's stored book (with its vault collateral venue) against the stored market, as `unimargin stress --json`. An account that cannot be margined is listed with status `margin_error`.",
		Security:    bearerSecurity, Metadata: computeMeta(accessAdmin),
		MaxBodyBytes: s.cfg.MaxBodyBytes, Errors: []int{401, 403, 413, 422, 429, 503},
	}, s.runScenariosAll)
}

func (s *Server) runScenariosAll(ctx context.Context, in *scenariosAllInput) (*scenariosAllOutput, error) {
	all, err := RunScenariosStored(ctx, s.db, s.vaultConfig(), in.Body.Scenarios)
	if err != nil {
		if ferr, ok := IsScenarioFileError(err); ok {
			return nil, problemFor(ferr, "body.scenarios")
		}
		return nil, problemFor(err, "")
	}
	return &scenariosAllOutput{Body: all}, nil
}

// scenarioFileError is RunScenariosStored's refusal of its scenario
// document.
type scenarioFileError struct{ err error }

func (e *scenarioFileError) Error() string { return e.err.Error() }
func (e *scenarioFileError) Unwrap() error { return e.err }

// IsScenarioFileError reports whether RunScenariosStored refused its
// scenario document, and returns the refusal (an input error naming the
// field of the document, e.g. scenarios[2].shocks.FOO).
func IsScenarioFileError(err error) (error, bool) {
	var fe *scenarioFileError
	if errors.As(err, &fe) {
		return fe.err, true
	}
	return nil, false
}

// RunScenariosStored runs named scenarios (doc, a scenarios.json document;
// the built-in historical library when empty) on every stored account's
// unified book (its portfolio plus the vault collateral venue, cfg's
// parameters) against the stored market: the one path of POST
// /v1/scenarios/run-all and `unimargin stress --stored`. The books are
// read in one read transaction and run outside it, in account order; an
// account that cannot be margined is listed with status margin_error.
// A refused scenario document (unknown assets, a failing venue no book
// has) is an error IsScenarioFileError recognises; ctx ends the run
// between accounts.
func RunScenariosStored(ctx context.Context, db *store.DB, cfg vault.Config, doc json.RawMessage) (ScenariosAll, error) {
	type stored struct {
		id   string
		book *book
		err  error
	}
	var all []stored
	err := db.View(ctx, func(tx vault.Tx) error {
		ids, err := tx.AccountIDs()
		if err != nil {
			return err
		}
		for _, id := range ids {
			var b book
			b.portfolio, b.market, b.params, err = vault.UnifiedBookUnder(tx, cfg, id)
			all = append(all, stored{id: id, book: &b, err: err})
		}
		return nil
	})
	if err != nil {
		return ScenariosAll{}, err
	}
	out := ScenariosAll{Accounts: make([]AccountScenarios, 0, len(all))}
	var books []*portfolio.Portfolio
	var first *book
	for _, a := range all {
		if a.err == nil {
			books = append(books, a.book.portfolio)
			if first == nil {
				first = a.book
			}
		}
	}
	var scs []scenario.Named
	if first != nil {
		if scs, err = namedScenarios(doc, first.market, first.params, books); err != nil {
			return ScenariosAll{}, &scenarioFileError{err}
		}
	}
	for _, a := range all {
		if err := ctx.Err(); err != nil {
			return ScenariosAll{}, err
		}
		r := AccountScenarios{ID: a.id, Status: StatusOK}
		err := a.err
		if err == nil {
			r.Run, err = margin.RunScenarios(a.book.portfolio, a.book.market, a.book.params, scs)
		}
		if err != nil {
			r.Status, r.Error, r.Run = StatusMarginError, problemFor(err, "").Detail, nil
			if r.Error == "" {
				r.Error = "the account could not be margined"
			}
		}
		out.Accounts = append(out.Accounts, r)
	}
	sort.Slice(out.Accounts, func(i, j int) bool { return out.Accounts[i].ID < out.Accounts[j].ID })
	return out, nil
}
