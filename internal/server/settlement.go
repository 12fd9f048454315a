// Cross-chain settlement over HTTP (/v1/settlement, internal/settle): the
// chains and bridges as data (any token), an account's collateral by chain
// with its moves (the account or an admin), a move of the account's vault
// shares to another chain (the account or an admin), and the operator's
// side (admin): every account's collateral by chain, the relayers'
// messages, the expiry of timed-out moves, halting and reopening bridges.
// The clock is governNow (governance.go).
package server

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/settle"
	"github.com/unimargin/unimargin/internal/vault"
)

// registry is the settlement data the server runs with.
var registry = settle.Default()

func settleTx(tx vault.Tx) (settle.Tx, error) {
	s, ok := tx.(settle.Tx)
	if !ok {
		return nil, errNoRecords
	}
	return s, nil
}

// settleUpdate and settleView run f in one write or read transaction.
func (s *Server) settleUpdate(ctx context.Context, f func(tx settle.Tx) error) error {
	return s.db.Update(ctx, func(tx vault.Tx) error {
		st, err := settleTx(tx)
		if err != nil {
			return err
		}
		return f(st)
	})
}

func (s *Server) settleView(ctx context.Context, f func(tx settle.Tx) error) error {
	return s.db.View(ctx, func(tx vault.Tx) error {
		st, err := settleTx(tx)
		if err != nil {
			return err
		}
		return f(st)
	})
}

func settleOp(id, method, path, summary, desc, access string, errs ...int) huma.Operation {
	op := governOp(id, method, path, summary, desc, access, errs...)
	op.Tags = []string{"settlement"}
	return op
}

type registryOutput struct {
	Body struct {
		*settle.Registry
		States []settle.BridgeStatus `json:"bridge_states"`
	}
}
type overviewOutput struct{ Body *settle.Overview }
type accountSettlementOutput struct{ Body *settle.AccountStatus }
type chainMoveOutput struct{ Body *settle.ChainMove }
type movesOutput struct {
	Body struct {
		Moves []*settle.ChainMove `json:"moves" doc:"Newest first."`
	}
}
type bridgeOutput struct{ Body settle.BridgeStatus }

type chainMoveInput struct {
	ID   string `path:"id" maxLength:"128" doc:"The account id."`
	Body struct {
		ID         string `json:"id" minLength:"1" maxLength:"128" doc:"The client's move id: the same id and body answer as before; another body is 409 conflict."`
		Asset      string `json:"asset" minLength:"1" maxLength:"64"`
		Shares     string `json:"shares" minLength:"1" maxLength:"100" doc:"Vault shares in whole share units."`
		From       string `json:"from" minLength:"1" maxLength:"32" doc:"The chain the shares are on."`
		FromBridge string `json:"from_bridge,omitempty" maxLength:"32" doc:"Off the home chain: the bridge the holding there arrived over."`
		To         string `json:"to" minLength:"1" maxLength:"32"`
		Bridge     string `json:"bridge" minLength:"1" maxLength:"32"`
		SourceTx   string `json:"source_tx" minLength:"1" maxLength:"128" doc:"The source-chain transaction (lock or burn) the relayers attest."`
	}
}

type bridgeInput struct {
	Bridge string `path:"bridge" maxLength:"32"`
	Body   struct {
		Halted bool   `json:"halted" doc:"true: no new move over the bridge; moves in flight wait and time out unless it reopens."`
		Reason string `json:"reason,omitempty" maxLength:"500" doc:"Required to halt."`
	}
}

type expiredOutput struct {
	Body struct {
		Voided []*settle.ChainMove `json:"voided"`
	}
}

// registerSettlement adds /v1/settlement.
func (s *Server) registerSettlement() {
	huma.Register(s.api, settleOp("settlement-chains", http.MethodGet, "/v1/settlement/chains", "Chains and bridges",
		"The settlement data: each chain's finality and reorg depth, each bridge's routes (delay median and 95th percentile), reference haircut, timeout, limits and failure modes, every figure with its source; the relayers and how many must attest; each bridge's state.", accessToken),
		func(ctx context.Context, _ *struct{}) (*registryOutput, error) {
			out := &registryOutput{}
			out.Body.Registry = registry
			err := s.settleView(ctx, func(tx settle.Tx) error {
				ov, err := settle.OverviewOf(tx, registry)
				if err == nil {
					out.Body.States = ov.Bridges
				}
				return err
			})
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
	huma.Register(s.api, settleOp("settlement-overview", http.MethodGet, "/v1/settlement", "Collateral by chain (admin)",
		"Every account's vault collateral by chain — home, off home, in flight (chain `in-flight`) — in whole units and USD at the stored market, the bridges' states and the pending moves.", accessAdmin, 403),
		func(ctx context.Context, _ *struct{}) (*overviewOutput, error) {
			out := &overviewOutput{}
			err := s.settleView(ctx, func(tx settle.Tx) (err error) { out.Body, err = settle.OverviewOf(tx, registry); return err })
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
	huma.Register(s.api, settleOp("settlement-account", http.MethodGet, "/v1/settlement/accounts/{id}", "An account's collateral by chain",
		"Its vault collateral by chain including in flight, its moves, and how long collateral at home takes to reach each chain (a liquidation there waits that long).", accessAccount, 403, 422),
		func(ctx context.Context, in *accountInput) (*accountSettlementOutput, error) {
			out := &accountSettlementOutput{}
			err := s.settleView(ctx, func(tx settle.Tx) (err error) { out.Body, err = settle.StatusOf(tx, registry, in.ID); return err })
			if err != nil {
				return nil, relocate(governProblem(err, ""), "account", "path.id")
			}
			return out, nil
		})
	huma.Register(s.api, settleOp("settlement-moves", http.MethodGet, "/v1/settlement/moves", "Every move (admin)", "Newest first.", accessAdmin, 403),
		func(ctx context.Context, _ *struct{}) (*movesOutput, error) {
			out := &movesOutput{}
			err := s.settleView(ctx, func(tx settle.Tx) (err error) {
				out.Body.Moves, err = settle.Moves(tx, settle.MoveFilter{})
				return err
			})
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
	s.registerSettlementActs()
}

func (s *Server) registerSettlementActs() {
	op := settleOp("settlement-move", http.MethodPost, "/v1/settlement/accounts/{id}/moves", "Move vault shares to another chain",
		"Reserves the shares on the source (pending: counted on no chain, at the bridge's haircut), to be posted on the destination after the source's finality and the relayers' attestations, or voided on a reorg, a failure or a timeout. Refused (nothing changes) for an unknown chain or route, a halted bridge or one without a governed haircut, a holding too small, a transfer or window limit.",
		accessAccount, 403, 409, 422)
	op.DefaultStatus = http.StatusCreated
	huma.Register(s.api, op, func(ctx context.Context, in *chainMoveInput) (*chainMoveOutput, error) {
		req := settle.MoveRequest{ID: in.Body.ID, Account: in.ID, Asset: in.Body.Asset, Shares: in.Body.Shares,
			From: in.Body.From, FromBridge: in.Body.FromBridge, To: in.Body.To, Bridge: in.Body.Bridge, SourceTx: in.Body.SourceTx}
		out := &chainMoveOutput{}
		err := s.settleUpdate(ctx, func(tx settle.Tx) (err error) {
			out.Body, err = settle.Initiate(tx, registry, s.vaultConfig(), req, governNow())
			return err
		})
		if err != nil {
			return nil, relocate(governProblem(err, "body"), "body.account", "path.id")
		}
		s.accountChanged(ctx, in.ID)
		return out, nil
	})
	huma.Register(s.api, settleOp("settlement-relay", http.MethodPost, "/v1/settlement/relay", "A relayer's report (admin)",
		"`{id, relayer, move, event: finalized|reorged|failed, source_tx, shares, expires_at}`: a move posts once enough distinct relayers attest its final source; one report of a reorg before finality or of a failure voids it. The same message id and body answer as before; a relayer attests an event once.",
		accessAdmin, 403, 404, 409, 422),
		func(ctx context.Context, in *struct{ Body settle.RelayMessage }) (*chainMoveOutput, error) {
			out := &chainMoveOutput{}
			err := s.settleUpdate(ctx, func(tx settle.Tx) (err error) {
				out.Body, err = settle.Relay(tx, registry, in.Body, governNow())
				return err
			})
			if err != nil {
				return nil, governProblem(err, "body")
			}
			s.accountChanged(ctx, out.Body.Account)
			return out, nil
		})
	huma.Register(s.api, settleOp("settlement-expire", http.MethodPost, "/v1/settlement/expire", "Void timed-out moves (admin)",
		"Voids every pending move past its deadline; the shares return to their source.", accessAdmin, 403),
		func(ctx context.Context, _ *struct{}) (*expiredOutput, error) {
			out := &expiredOutput{}
			err := s.settleUpdate(ctx, func(tx settle.Tx) (err error) { out.Body.Voided, err = settle.Expire(tx, governNow()); return err })
			if err != nil {
				return nil, governProblem(err, "")
			}
			if out.Body.Voided == nil {
				out.Body.Voided = []*settle.ChainMove{}
			}
			for _, m := range out.Body.Voided {
				s.accountChanged(ctx, m.Account)
			}
			return out, nil
		})
	huma.Register(s.api, settleOp("settlement-bridge", http.MethodPut, "/v1/settlement/bridges/{bridge}", "Halt or reopen a bridge (admin)",
		"A halted bridge takes no new move; moves in flight over it wait, and time out unless it reopens.", accessAdmin, 403, 422),
		func(ctx context.Context, in *bridgeInput) (*bridgeOutput, error) {
			out := &bridgeOutput{}
			err := s.settleUpdate(ctx, func(tx settle.Tx) (err error) {
				out.Body, err = settle.SetBridge(tx, registry, in.Bridge, in.Body.Halted, in.Body.Reason, governNow())
				return err
			})
			if err != nil {
				return nil, relocate(governProblem(err, "body"), "body.bridge", "path.bridge")
			}
			return out, nil
		})
}
