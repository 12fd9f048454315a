// Margin history and explain: every margin event the service publishes (a
// re-margin after a market change, an account change) is also recorded in
// the store's margin history (store.AppendHistory) with the exact inputs
// it was computed from, kept to Config.HistoryKeep rows per account and,
// when Config.HistoryMaxAge is set, to that age (both bounds hold).
// GET /v1/accounts/{id}/history lists an account's entries in a time
// range; GET /v1/accounts/{id}/explain recomputes two entries' inputs
// through margin.Explain: the additive waterfall of the change.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// defaultHistoryKeep is how many history entries an account keeps.
const defaultHistoryKeep = 1000

// maxHistoryList caps one history response.
const maxHistoryList = 5000

// HistoryEntry is one recorded margin of an account (USD figures).
type HistoryEntry struct {
	Seq           int64    `json:"seq" doc:"The entry's id (increasing); pass it to explain's from and to."`
	RecordedAt    string   `json:"recorded_at" doc:"When the service margined the account (RFC 3339)."`
	AsOf          string   `json:"as_of" doc:"The market's as_of."`
	ParamsVersion string   `json:"params_version" doc:"The governed parameter version (vN), or \"default\" for an ungoverned store."`
	Equity        float64  `json:"equity"`
	Initial       float64  `json:"initial"`
	Maintenance   float64  `json:"maintenance"`
	Excess        float64  `json:"excess"`
	Health        *float64 `json:"health" doc:"Equity / maintenance; null when maintenance is 0."`
	Liquidatable  bool     `json:"liquidatable"`
	Error         string   `json:"error,omitempty" doc:"Set when the stored book was not computable."`
}

// History is an account's entries, newest first.
type History struct {
	Account string         `json:"account"`
	Entries []HistoryEntry `json:"entries"`
}

type historyInput struct {
	ID    string `path:"id" maxLength:"128" doc:"The account id."`
	From  string `query:"from" maxLength:"40" doc:"Earliest recorded_at (RFC 3339); default: the beginning."`
	To    string `query:"to" maxLength:"40" doc:"Latest recorded_at (RFC 3339); default: now."`
	Limit int    `query:"limit" default:"1000" minimum:"1" maximum:"5000" doc:"At most this many entries (the newest)."`
}

type historyOutput struct{ Body History }

type explainInput struct {
	ID   string `path:"id" maxLength:"128" doc:"The account id."`
	From string `query:"from" required:"true" maxLength:"40" doc:"The earlier report: a history entry's seq, or an RFC 3339 time (the last entry recorded at or before it)."`
	To   string `query:"to" maxLength:"40" doc:"The later report, as from; default: the newest entry."`
}

type explainOutput struct{ Body ExplainReport }

// ExplainReport is margin.Explain between two history entries.
type ExplainReport struct {
	Account string `json:"account"`
	FromSeq int64  `json:"from_seq"`
	ToSeq   int64  `json:"to_seq"`
	*margin.Explanation
}

func healthOf(equity, maintenance float64) *float64 {
	if maintenance == 0 {
		return nil
	}
	h := equity / maintenance
	return &h
}

func (s *Server) registerHistory() {
	huma.Register(s.api, accountOp("get-account-history", http.MethodGet, "/v1/accounts/{id}/history",
		"An account's margin history",
		"Every margin the service recorded for the account (after each market change and account change), newest first, "+
			"with the market time and parameter version. Retention is bounded per account by count (serve --history-keep) and by age (serve --history-retention)."),
		s.accountHistory)
	explain := accountOp("get-account-explain", http.MethodGet, "/v1/accounts/{id}/explain",
		"Why an account's margin changed between two reports",
		"The additive waterfall from one history entry to another: price, vol, time, trades, params, each step "+
			"recomputed by the one margin path with one group of inputs moved (margin.Explain); the steps sum to the total change.", 409)
	explain.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, explain, s.accountExplain)
}

// parseWhen reads an optional RFC 3339 query value.
func parseWhen(field, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, field+": not an RFC 3339 time",
			&ProblemField{Location: "query." + field, Message: "an RFC 3339 time, e.g. 2026-12-06T10:00:00Z", Value: v})
	}
	return t, nil
}

func (s *Server) knownAccount(ctx context.Context, id string) error {
	if err := s.db.View(ctx, func(tx vault.Tx) error { return vault.AccountKnown(tx, id) }); err != nil {
		return accountProblem(err)
	}
	return nil
}

func (s *Server) accountHistory(ctx context.Context, in *historyInput) (*historyOutput, error) {
	from, err := parseWhen("from", in.From, time.Unix(0, 0))
	if err != nil {
		return nil, err
	}
	to, err := parseWhen("to", in.To, time.Now().Add(time.Hour))
	if err != nil {
		return nil, err
	}
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return nil, err
	}
	rows, err := s.db.History(ctx, in.ID, from, to, min(max(in.Limit, 1), maxHistoryList))
	if err != nil {
		return nil, problemFor(err, "")
	}
	return &historyOutput{Body: HistoryOf(in.ID, rows)}, nil
}

// HistoryOf is the API's (and `unimargin history --json`'s) view of stored
// history rows.
func HistoryOf(account string, rows []store.HistoryRow) History {
	h := History{Account: account, Entries: make([]HistoryEntry, 0, len(rows))}
	for _, r := range rows {
		h.Entries = append(h.Entries, HistoryEntry{Seq: r.Seq, RecordedAt: r.Recorded.Format(time.RFC3339Nano),
			AsOf: r.AsOf, ParamsVersion: r.ParamsVersion, Equity: r.Equity, Initial: r.Initial, Maintenance: r.Maintenance,
			Excess: r.Excess, Health: healthOf(r.Equity, r.Maintenance), Liquidatable: r.Liquidatable, Error: r.Error})
	}
	return h
}

// HistoryRefError refuses explain's from or to: not a seq or an RFC 3339
// time (Missing false: invalid input), or no history entry matches
// (Missing true).
type HistoryRefError struct {
	Field   string // "from" or "to"
	Value   string
	Reason  string
	Missing bool
}

func (e *HistoryRefError) Error() string { return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason) }

// ErrExplainUncomputable marks an ExplainStored whose stored inputs the
// margin path refuses (a book or market no longer valid).
var ErrExplainUncomputable = errors.New("stored inputs not computable")

// historyAt resolves explain's from or to: a seq, or the last entry at or
// before a time ("" for the newest).
func historyAt(ctx context.Context, db *store.DB, account, field, v string) (store.HistoryRow, error) {
	seq, err := strconv.ParseInt(v, 10, 64)
	if v == "" || err != nil {
		when := time.Now().Add(time.Hour)
		if v != "" {
			if when, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return store.HistoryRow{}, &HistoryRefError{Field: field, Value: v, Reason: "a history entry's seq or an RFC 3339 time"}
			}
		}
		rows, err := db.History(ctx, account, time.Unix(0, 0), when, 1)
		if err != nil {
			return store.HistoryRow{}, err
		}
		if len(rows) == 0 {
			return store.HistoryRow{}, &HistoryRefError{Field: field, Value: v, Reason: "no history entry recorded at or before it", Missing: true}
		}
		seq = rows[0].Seq
	}
	r, ok, err := db.HistoryEntry(ctx, account, seq)
	if err != nil {
		return store.HistoryRow{}, err
	}
	if !ok {
		return store.HistoryRow{}, &HistoryRefError{Field: field, Value: v, Reason: "no history entry of this account has this seq", Missing: true}
	}
	return r, nil
}

func (s *Server) accountExplain(ctx context.Context, in *explainInput) (*explainOutput, error) {
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return nil, err
	}
	x, err := ExplainStored(ctx, s.db, in.ID, in.From, in.To)
	var re *HistoryRefError
	switch {
	case errors.As(err, &re) && re.Missing:
		return nil, problemf(http.StatusNotFound, CodeNotFound, re.Field+": "+re.Reason,
			&ProblemField{Location: "query." + re.Field, Message: re.Reason, Value: re.Value})
	case errors.As(err, &re):
		return nil, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, re.Field+": not a seq or an RFC 3339 time",
			&ProblemField{Location: "query." + re.Field, Message: re.Reason, Value: re.Value})
	case errors.Is(err, ErrExplainUncomputable):
		return nil, problemf(http.StatusConflict, CodeMarginUncomputable, err.Error())
	case err != nil:
		return nil, problemFor(err, "")
	}
	return &explainOutput{Body: x}, nil
}

// ExplainStored is margin.Explain between two of account's history
// entries, each named by its seq or an RFC 3339 time (the last entry
// recorded at or before it; to "" is the newest): the one path of GET
// /v1/accounts/{id}/explain and `unimargin explain --account`. It returns
// a *HistoryRefError for a from or to that is malformed or matches no
// entry, an error marked ErrExplainUncomputable when an entry's stored
// inputs are not computable, or a store error. The caller has checked
// that the account exists.
func ExplainStored(ctx context.Context, db *store.DB, account, from, to string) (ExplainReport, error) {
	a, err := historyAt(ctx, db, account, "from", from)
	if err != nil {
		return ExplainReport{}, err
	}
	b, err := historyAt(ctx, db, account, "to", to)
	if err != nil {
		return ExplainReport{}, err
	}
	before, err := explainSide(a)
	if err != nil {
		return ExplainReport{}, fmt.Errorf("%w: history entry %d: %v", ErrExplainUncomputable, a.Seq, err)
	}
	after, err := explainSide(b)
	if err != nil {
		return ExplainReport{}, fmt.Errorf("%w: history entry %d: %v", ErrExplainUncomputable, b.Seq, err)
	}
	x, err := margin.Explain(before, after, marketOptions(true))
	if err != nil {
		return ExplainReport{}, fmt.Errorf("%w: %v", ErrExplainUncomputable, err)
	}
	return ExplainReport{Account: account, FromSeq: a.Seq, ToSeq: b.Seq, Explanation: x}, nil
}

// explainSide parses a history entry's documents.
func explainSide(r store.HistoryRow) (margin.ExplainSide, error) {
	m, err := market.Load(r.Market, marketOptions(true))
	if err != nil {
		return margin.ExplainSide{}, fmt.Errorf("market: %w", err)
	}
	p, err := portfolio.Parse(r.Book)
	if err != nil {
		return margin.ExplainSide{}, fmt.Errorf("book: %w", err)
	}
	rp, err := margin.LoadRiskParams(r.Params, m)
	if err != nil {
		return margin.ExplainSide{}, fmt.Errorf("risk params: %w", err)
	}
	return margin.ExplainSide{Book: p, Market: r.Market, Params: rp}, nil
}

// recordHistory stores the margins of a re-margin run or an account change
// with their inputs. A row whose inputs cannot be read is skipped (logged):
// history is a record, never a reason for a margin event to fail.
func (s *Server) recordHistory(ctx context.Context, results []cluster.Result) {
	if s.cfg.HistoryKeep < 0 || len(results) == 0 {
		return
	}
	now := time.Now()
	rows := make([]store.HistoryRow, 0, len(results))
	cfg := s.vaultConfig()
	// Every account of a run is margined on the one stored market, so its
	// document's as_of is parsed once, not once per account.
	var lastMkt []byte
	asOf := ""
	err := s.db.View(ctx, func(tx vault.Tx) error {
		for _, r := range results {
			if r.Error != "" && !r.Uncomputable {
				continue
			}
			book, mkt, params, err := vault.UnifiedBookDoc(tx, cfg, r.Account)
			if err != nil {
				if errors.Is(err, vault.ErrMarginUncomputable) || errors.Is(err, vault.ErrUnknownAccount) {
					s.log.Debug("history: inputs not recorded", "account", r.Account, "err", err)
					continue
				}
				return err
			}
			if lastMkt == nil || !bytes.Equal(mkt, lastMkt) {
				lastMkt, asOf = mkt, ""
				if m, err := market.Load(mkt, marketOptions(true)); err == nil {
					asOf = m.AsOf.UTC().Format(time.RFC3339)
				}
			}
			version := "default"
			if r.Params != nil {
				version = "v" + strconv.Itoa(r.Params.Version)
			}
			rows = append(rows, store.HistoryRow{Account: r.Account, Recorded: now, AsOf: asOf, ParamsVersion: version,
				Equity: finite(r.Equity), Initial: finite(r.Initial), Maintenance: finite(r.Maintenance), Excess: finite(r.Excess),
				Liquidatable: r.Liquidatable, Error: r.Error, Book: book, Market: mkt, Params: params})
		}
		return nil
	})
	if err == nil {
		err = s.db.AppendHistory(ctx, rows, store.Retention{Keep: s.cfg.HistoryKeep, MaxAge: s.cfg.HistoryMaxAge, Now: now})
	}
	if err != nil && ctx.Err() == nil {
		s.log.Warn("history: not recorded", "accounts", len(results), "err", err)
	}
}

// finite is 0 for a figure that is not finite (cluster.Result already
// fails such an account; this keeps the store's REAL columns clean).
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// margined runs after margin events are published: the history records
// them (and the limits are checked, limits.go).
func (s *Server) margined(ctx context.Context, results []cluster.Result) {
	s.recordHistory(ctx, results)
	s.checkLimits(ctx, results)
}
