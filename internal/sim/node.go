// The system under test: one SQLite store in a directory of its own and
// the HTTP service over it, called in process through its handler (no
// sockets), restarted after a crash as a process would be: the store
// closed and opened again from its file, the service built anew. Faults
// are armed on the store (store.Fault) for the step's write transaction;
// a dying re-margin worker fails the read transaction of its batch.
package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/server"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

// template is a migrated store holding a token for every actor, made once
// and copied for each run (migrating a store costs more than a whole run).
type template struct {
	files  map[string][]byte // store file name → content
	tokens map[Actor]string
}

// newTemplate builds the template store in dir.
func newTemplate(ctx context.Context, dir string) (*template, error) {
	path := filepath.Join(dir, "template.db")
	db, err := sqlite.OpenWith(ctx, path, sqlite.Options{NoSync: true})
	if err != nil {
		return nil, err
	}
	t := &template{files: map[string][]byte{}, tokens: map[Actor]string{}}
	for _, a := range actors() {
		sub, _ := a.subject()
		if t.tokens[a], err = server.IssueToken(ctx, db, sub, "sim "+a.String()); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t.files["unimargin.db"+suffix] = data
	}
	return t, os.Remove(path)
}

// forgedToken has the shape of a token and is no one's.
const forgedToken = "um_forgedforgedforgedforgedforgedforgedforge"

// node is one run's service.
type node struct {
	dir    string
	world  World
	tokens map[Actor]string
	db     *store.DB
	srv    *server.Server
}

func newNode(ctx context.Context, t *template, dir string, w World) (*node, error) {
	for name, data := range t.files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	n := &node{dir: dir, world: w, tokens: t.tokens}
	return n, n.open(ctx)
}

func (n *node) open(ctx context.Context) error {
	db, err := sqlite.OpenWith(ctx, filepath.Join(n.dir, "unimargin.db"), sqlite.Options{NoSync: true})
	if err != nil {
		return err
	}
	srv, err := server.New(server.Config{
		Store: db, Remarginer: &remarginer{db: db}, DataDir: filepath.Join(n.dir, "data"),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		RateLimit: 1e9, RateBurst: 1 << 30, // the simulator's requests are not a flood
		AllowSelfDeposit: n.world.SelfDeposit,
	})
	if err != nil {
		db.Close()
		return err
	}
	n.db, n.srv = db, srv
	return nil
}

func (n *node) close() {
	if n.srv != nil {
		n.srv.Close()
	}
	if n.db != nil {
		n.db.Close()
	}
	n.srv, n.db = nil, nil
}

// restart is a process restart: nothing survives but the store's file.
func (n *node) restart(ctx context.Context) error {
	n.close()
	return n.open(ctx)
}

// Outcome is what the actor saw.
type Outcome struct {
	Status   int    // HTTP status; operator steps: 200, 409 (refused) or 503/500 (store, invariant)
	Code     string // the problem's code
	Replayed bool   // Idempotent-Replayed: true (operator: the request id had run)
	Body     []byte
	Problem  bool // the body is application/problem+json

	Fired     bool // the step's fault struck
	Swallowed bool // … and a transaction committed anyway
}

func (o Outcome) String() string {
	s := fmt.Sprint(o.Status)
	if o.Code != "" {
		s += " " + o.Code
	}
	if o.Replayed {
		s += " (replayed)"
	}
	if o.Fired {
		s += " (fault struck)"
	}
	return s
}

// exec runs one step with its faults armed.
func (n *node) exec(ctx context.Context, a *Action) Outcome {
	var f *store.Fault
	switch {
	case a.DiskFull:
		f = &store.Fault{Kind: store.FaultDiskFull}
	case a.Fault != 0:
		f = &store.Fault{Kind: a.Fault, At: a.FaultAt}
	}
	n.db.Arm(f)
	defer n.db.Arm(nil)
	var out Outcome
	if a.Kind.operator() {
		out = n.operate(ctx, a)
	} else {
		var worker *store.Fault
		if a.WorkerDies > 0 {
			worker = &store.Fault{Kind: store.FaultCall, At: a.WorkerDies - 1}
			ctx = context.WithValue(ctx, workerFaultKey{}, worker)
		}
		out = n.request(ctx, a)
		if worker != nil && worker.Fired() {
			out.Fired = true
		}
	}
	if f != nil {
		out.Fired = out.Fired || f.Fired()
		out.Swallowed = f.Swallowed()
	}
	return out
}

// request sends an HTTP step through the service's handler.
func (n *node) request(ctx context.Context, a *Action) Outcome {
	target := a.Path
	if a.Query != "" {
		target += "?" + a.Query
	}
	var body io.Reader
	if a.Body != "" {
		body = strings.NewReader(a.Body)
	}
	req := httptest.NewRequestWithContext(ctx, a.Method, target, body)
	req.RemoteAddr = "192.0.2.10:40000"
	if a.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	tok := n.tokens[a.Actor]
	if a.Actor.Kind == Forger {
		tok = forgedToken
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if a.Key != "" {
		req.Header.Set("Idempotency-Key", a.Key)
	}
	rec := httptest.NewRecorder()
	n.srv.Handler().ServeHTTP(rec, req)
	out := Outcome{Status: rec.Code, Body: rec.Body.Bytes(), Replayed: rec.Header().Get("Idempotent-Replayed") == "true",
		Problem: rec.Header().Get("Content-Type") == "application/problem+json"}
	if out.Problem {
		var p struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(out.Body, &p)
		out.Code = p.Code
	}
	return out
}

// operate is what the CLI does for a draw, a settlement or an accrual: the
// vault operation in one write transaction under the stored parameters.
func (n *node) operate(ctx context.Context, a *Action) Outcome {
	var out Outcome
	var res any
	err := n.db.Update(ctx, func(tx vault.Tx) error {
		_, seen, err := tx.Request(a.OpID)
		if err != nil {
			return err
		}
		out.Replayed = seen
		cfg, err := vault.StoredConfig(tx)
		if err != nil {
			return err
		}
		switch a.Kind {
		case KDraw:
			res, err = vault.DrawLien(tx, cfg, a.OpID, a.Account, a.Venue, a.Asset, a.Amount)
		case KSettle:
			res, err = vault.SettleDraw(tx, a.OpID, a.Draw, a.Post)
		case KAccrue:
			res, err = vault.Accrue(tx, a.OpID, a.Asset, a.Amount)
		}
		return err
	})
	switch {
	case err == nil:
		out.Status = http.StatusOK
		out.Body, _ = json.Marshal(res)
	case errors.Is(err, store.ErrStorage):
		out.Status, out.Body = http.StatusServiceUnavailable, []byte(err.Error())
	case errors.Is(err, ledger.ErrInvariant):
		out.Status, out.Body = http.StatusInternalServerError, []byte(err.Error())
	default: // refused by the rules: the CLI's exit 1
		out.Status, out.Body = http.StatusConflict, []byte(err.Error())
		out.Code = refusal(err)
	}
	if out.Status != http.StatusOK {
		out.Replayed = false
	}
	return out
}

// refusal names an operator step's refusal in a trace: the vault's
// sentinel it wraps, or the message's last clause.
func refusal(err error) string {
	for _, e := range []error{vault.ErrNotLiquidatable, vault.ErrNoLien, vault.ErrExceedsLien, vault.ErrInsufficientShares,
		vault.ErrNotADraw, ledger.ErrPendingResolved, vault.ErrUnknownAsset, vault.ErrUnknownAccount, vault.ErrRequestConflict,
		vault.ErrCapExceeded, vault.ErrUnpricedAsset, vault.ErrNoMarket} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// workerFaultKey carries a step's dying worker to the re-margin of its
// request (the service's background re-margins carry none).
type workerFaultKey struct{}

// remarginer is the service's cluster.Remarginer: cluster.Local with one
// worker over the store, whose read transactions fail where the request's
// dying worker says; the batch's unanswered accounts are margined again.
type remarginer struct{ db *store.DB }

func (r *remarginer) Remargin(ctx context.Context, accounts []string, each func(cluster.Result)) error {
	var src cluster.Source = r.db
	if f, ok := ctx.Value(workerFaultKey{}).(*store.Fault); ok {
		src = dyingSource{db: r.db, f: f}
	}
	var cfg vault.Config
	if err := r.db.View(ctx, func(tx vault.Tx) (err error) { cfg, err = vault.StoredConfig(tx); return err }); err != nil {
		return err
	}
	l := &cluster.Local{Source: src, Config: func() vault.Config { return cfg }, Workers: 1, Backoff: time.Nanosecond}
	return l.Remargin(ctx, accounts, each)
}

// dyingSource reads through a fault: the worker dies at one read call.
type dyingSource struct {
	db *store.DB
	f  *store.Fault
}

func (s dyingSource) View(ctx context.Context, fn func(tx vault.Tx) error) error {
	return s.db.View(ctx, func(tx vault.Tx) error { return fn(s.f.Tx(tx)) })
}
