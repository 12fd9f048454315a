// The master vault over HTTP: an account's money moves (deposits,
// withdrawals, redeems, lien grants; lien releases by an admin acting for
// the venue), each idempotent by its required Idempotency-Key header, and
// GET /v1/vaults. A move runs in one write transaction under a vault
// request id derived from the key, the caller (the token's subject) and
// the scope (the account; a venue's own moves, in venues.go, are scoped by
// the venue), so the same caller's same key replays the first response,
// another body under it is 409 idempotency_conflict, and another caller's
// key never clashes with it.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// AssetAmount is a deposit or withdrawal.
type AssetAmount struct {
	Asset  string `json:"asset" minLength:"1" maxLength:"64" doc:"Asset symbol, e.g. USDC."`
	Amount string `json:"amount" minLength:"1" maxLength:"100" doc:"Whole units as a plain decimal string, e.g. \"1500.25\", with at most the asset's decimals."`
}

// AssetShares is a redeem.
type AssetShares struct {
	Asset  string `json:"asset" minLength:"1" maxLength:"64" doc:"Asset symbol of the vault, e.g. USDC for uctUSDC."`
	Shares string `json:"shares" minLength:"1" maxLength:"100" doc:"Whole share units as a plain decimal string, with at most the asset's decimals plus 6."`
}

// LienAmount is a lien grant.
type LienAmount struct {
	Venue     string `json:"venue" minLength:"1" maxLength:"128" doc:"The venue id the lien is granted to."`
	AmountUSD string `json:"amount_usd" minLength:"1" maxLength:"100" doc:"USD as a plain decimal string, at most 18 decimals."`
}

// AdminLienRelease is an admin's release of a lien, acting for its venue.
type AdminLienRelease struct {
	Venue     string `json:"venue" minLength:"1" maxLength:"128" doc:"The venue holding the lien."`
	AmountUSD string `json:"amount_usd" minLength:"1" maxLength:"100" doc:"USD as a plain decimal string, at most 18 decimals."`
	Reason    string `json:"reason" minLength:"1" maxLength:"500" doc:"Why the admin releases the venue's lien: recorded with the release (the audit trail)."`
}

type depositInput struct {
	ID   string `path:"id" maxLength:"128" doc:"The account id."`
	Key  string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"255" doc:"A client-chosen key for this move, unique per caller and account: a retry with the same key and body returns the first response without moving money again; another body under the same key is 409 idempotency_conflict."`
	Body AssetAmount
}

type redeemInput struct {
	ID   string `path:"id" maxLength:"128" doc:"The account id."`
	Key  string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"255" doc:"A client-chosen key for this move, unique per caller and account: a retry with the same key and body returns the first response without moving money again; another body under the same key is 409 idempotency_conflict."`
	Body AssetShares
}

type lienInput struct {
	ID   string `path:"id" maxLength:"128" doc:"The account id."`
	Key  string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"255" doc:"A client-chosen key for this move, unique per caller and account: a retry with the same key and body returns the first response without moving money again; another body under the same key is 409 idempotency_conflict."`
	Body LienAmount
}

type adminLienReleaseInput struct {
	ID   string `path:"id" maxLength:"128" doc:"The account id."`
	Key  string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"255" doc:"A client-chosen key for this move, unique per caller and account: a retry with the same key and body returns the first response without moving money again; another body under the same key is 409 idempotency_conflict."`
	Body AdminLienRelease
}

// moveOutput is a move's result; Replayed says the key had already run.
type moveOutput[R any] struct {
	Replayed bool `header:"Idempotent-Replayed" doc:"true when this response is the stored result of an earlier request with the same key."`
	Body     R
}

// requestID is the vault request id of a key in its scope: hashed so any
// key fits the vault's id alphabet, and keyed by the scope (an account id,
// or venueScope) so two accounts' or venues' keys never clash.
func requestID(scope, key string) string {
	sum := sha256.Sum256([]byte(scope + "\x00" + key))
	return "api-" + hex.EncodeToString(sum[:])
}

// callerScope is scope as the authenticated caller's: a key is unique per
// caller and scope, so two callers who may make moves on one account (the
// admin and a custodian) or on one venue's route (the venue and an admin
// acting for it) never replay or refuse each other's requests. The
// subject's form ("admin", "account=<id>", …) holds no NUL.
func callerScope(ctx context.Context, scope string) string {
	sub, _ := subjectOf(ctx)
	return sub.String() + "\x00" + scope
}

// venueScope is the idempotency scope of a venue's own moves: ':' is in no
// account id, so a venue's keys never clash with an account's.
func venueScope(venue string) string { return "venue:" + venue }

// moveFields locates a move's refusals: which field an error is about.
type moveFields struct {
	amount, amountValue string // the amount's location and the value sent
	asset, venue        string // their locations; "" when the move has none
	account             string // the account's location; "" is path.id
	reason, reasonValue string // the reason's location and the value sent; "" when none
}

func (f moveFields) accountLocation() string {
	if f.account == "" {
		return "path.id"
	}
	return f.account
}

// amountErrs are refusals of the amount itself (syntax, scale, range) or
// of its size (balance, lien, margin).
var amountErrs = []error{
	money.ErrAmountOverflow, money.ErrAmountNegative, money.ErrAmountPrecision, money.ErrNotFinite,
	money.ErrDecimalSyntax, money.ErrDecimalScale, money.ErrDecimalRange,
	ledger.ErrAmountZero, ledger.ErrAmountNegative, ledger.ErrExceedsCredits,
	vault.ErrZeroAmount, vault.ErrZeroShares, vault.ErrZeroAssets, vault.ErrExceedsMax,
	vault.ErrInsufficientShares, vault.ErrExceedsLien, vault.ErrInitialMargin, vault.ErrLiensExceedCollateral,
	vault.ErrCapExceeded,
}

// problem is problemFor with the offending field named.
func (f moveFields) problem(err error) *Problem {
	p := problemFor(err, "")
	field := func(loc string, value any) *Problem {
		p.Errors = append(p.Errors, &ProblemField{Location: loc, Message: err.Error(), Value: value})
		return p
	}
	for _, e := range amountErrs {
		if errors.Is(err, e) {
			return field(f.amount, f.amountValue)
		}
	}
	switch {
	case f.asset != "" && (errors.Is(err, vault.ErrUnknownAsset) || errors.Is(err, vault.ErrUnpricedAsset)):
		return field(f.asset, nil)
	case f.venue != "" && (errors.Is(err, vault.ErrNoLien) || errors.Is(err, vault.ErrBadID) || errors.Is(err, vault.ErrTooManyLienVenues)):
		return field(f.venue, nil)
	case f.reason != "" && errors.Is(err, vault.ErrBadReason):
		return field(f.reason, f.reasonValue)
	case errors.Is(err, vault.ErrUnknownAccount):
		return field(f.accountLocation(), nil)
	}
	return p
}

// move runs op in one write transaction under the request id of the key in
// its caller's scope (the account, or a venue: venueScope), then announces the
// account's change (unless the request was a replay).
func move[R any](ctx context.Context, s *Server, account, scope, key string, f moveFields, op func(tx vault.Tx, rid string) (R, error)) (*moveOutput[R], error) {
	if err := vault.CheckID("account", account); err != nil {
		p := problemFor(err, "")
		p.Errors = append(p.Errors, &ProblemField{Location: f.accountLocation(), Message: err.Error()})
		return nil, p
	}
	rid := requestID(callerScope(ctx, scope), key)
	out := &moveOutput[R]{}
	err := s.db.Update(ctx, func(tx vault.Tx) error {
		_, seen, err := tx.Request(rid)
		if err != nil {
			return err
		}
		out.Replayed = seen
		out.Body, err = op(tx, rid)
		return err
	})
	if err != nil {
		return nil, f.problem(err)
	}
	if !out.Replayed {
		s.accountChanged(ctx, account)
	}
	return out, nil
}

// moveOp is the shape of every move.
func moveOp(id, path, summary, desc string) huma.Operation {
	op := accountOp(id, http.MethodPost, path, summary, desc+" Requires an Idempotency-Key header.", 409)
	op.Tags = []string{"vault"}
	return op
}

func (s *Server) registerMoves() {
	dep := moveOp("create-deposit", "/v1/accounts/{id}/deposits", "Deposit an asset into the account's vault balance",
		"Mints vault shares for the amount, rounded down; opens the account and the asset's vault when absent (as `unimargin vault deposit`). "+
			"Credited by an admin or custodian token; an account token may deposit into its own account only when the server allows it (`serve --demo`, `--allow-self-deposit`). "+
			"Refused (409 cap_exceeded) above the vault's or the account's deposit cap (GET /v1/deposit-caps), and (422 unpriced_asset) for an asset the stored market does not price.")
	dep.Metadata["access"] = accessCredit
	huma.Register(s.api, dep,
		func(ctx context.Context, in *depositInput) (*moveOutput[vault.Movement], error) {
			f := moveFields{amount: "body.amount", amountValue: in.Body.Amount, asset: "body.asset"}
			return move(ctx, s, in.ID, in.ID, in.Key, f, func(tx vault.Tx, rid string) (vault.Movement, error) {
				return vault.Deposit(tx, rid, in.ID, in.Body.Asset, in.Body.Amount)
			})
		})
	huma.Register(s.api, moveOp("create-withdrawal", "/v1/accounts/{id}/withdrawals", "Withdraw an asset from the account's vault balance",
		"Burns shares rounded up; refused (409 margin_breach) when the account would break unified initial margin or its liens would exceed the haircut collateral value."),
		func(ctx context.Context, in *depositInput) (*moveOutput[vault.Movement], error) {
			f := moveFields{amount: "body.amount", amountValue: in.Body.Amount, asset: "body.asset"}
			return move(ctx, s, in.ID, in.ID, in.Key, f, func(tx vault.Tx, rid string) (vault.Movement, error) {
				return vault.Withdraw(tx, s.vaultConfig(), rid, in.ID, in.Body.Asset, in.Body.Amount)
			})
		})
	huma.Register(s.api, moveOp("create-redeem", "/v1/accounts/{id}/redeems", "Redeem vault shares for the asset",
		"Pays out what the shares are worth, rounded down, under the same margin rule as a withdrawal."),
		func(ctx context.Context, in *redeemInput) (*moveOutput[vault.Movement], error) {
			f := moveFields{amount: "body.shares", amountValue: in.Body.Shares, asset: "body.asset"}
			return move(ctx, s, in.ID, in.ID, in.Key, f, func(tx vault.Tx, rid string) (vault.Movement, error) {
				return vault.Redeem(tx, s.vaultConfig(), rid, in.ID, in.Body.Asset, in.Body.Shares)
			})
		})
	s.registerLienMoves()
}

func (s *Server) registerLienMoves() {
	huma.Register(s.api, moveOp("create-lien", "/v1/accounts/{id}/liens", "Grant a venue a lien on the account's vault collateral",
		"Refused (409 margin_breach) when the liens would exceed the haircut collateral value or the account would break unified initial margin."),
		func(ctx context.Context, in *lienInput) (*moveOutput[vault.LienChange], error) {
			f := moveFields{amount: "body.amount_usd", amountValue: in.Body.AmountUSD, venue: "body.venue"}
			return move(ctx, s, in.ID, in.ID, in.Key, f, func(tx vault.Tx, rid string) (vault.LienChange, error) {
				return vault.GrantLien(tx, s.vaultConfig(), rid, in.ID, in.Body.Venue, in.Body.AmountUSD)
			})
		})
	op := moveOp("create-lien-release", "/v1/accounts/{id}/lien-releases", "An admin releases part of a venue's lien, acting for the venue",
		"Admin only: a lien is the venue's claim, so the account's own token may not release or shrink it (the venue itself uses POST /v1/venues/{venue}/lien-releases). "+
			"The reason is required and recorded with the release. Reduces the lien by the amount, never what pending draws hold (409 insufficient_balance above it).")
	op.Metadata["access"] = accessAdmin
	huma.Register(s.api, op,
		func(ctx context.Context, in *adminLienReleaseInput) (*moveOutput[vault.LienChange], error) {
			f := moveFields{amount: "body.amount_usd", amountValue: in.Body.AmountUSD, venue: "body.venue",
				reason: "body.reason", reasonValue: in.Body.Reason}
			return move(ctx, s, in.ID, in.ID, in.Key, f, func(tx vault.Tx, rid string) (vault.LienChange, error) {
				return vault.ReleaseLien(tx, rid, releaserOf(ctx, in.Body.Reason), in.ID, in.Body.Venue, in.Body.AmountUSD)
			})
		})
}

// VaultInfo is one asset's vault of the master vault.
type VaultInfo struct {
	Asset       string `json:"asset" doc:"The underlying asset."`
	Share       string `json:"share" doc:"The share token's symbol (uct + asset)."`
	TotalAssets string `json:"total_assets" doc:"Assets held, whole units."`
	TotalShares string `json:"total_shares" doc:"Shares outstanding, whole share units."`
	SharePrice  string `json:"share_price" doc:"Assets one whole share redeems for now, whole units rounded down."`
}

type vaultsOutput struct{ Body []VaultInfo }

func (s *Server) registerVaults() {
	s.registerCaps()
	huma.Register(s.api, huma.Operation{
		OperationID: "list-vaults", Method: http.MethodGet, Path: "/v1/vaults", Tags: []string{"vault"},
		Summary:  "The master vault's asset vaults, totals and share prices",
		Security: bearerSecurity, Metadata: map[string]any{"access": accessToken}, Errors: []int{401, 429, 503},
	}, func(ctx context.Context, _ *struct{}) (*vaultsOutput, error) {
		var vs []vault.Vault
		if err := s.db.View(ctx, func(tx vault.Tx) error {
			var err error
			vs, err = tx.Vaults()
			return err
		}); err != nil {
			return nil, problemFor(err, "")
		}
		out := &vaultsOutput{Body: make([]VaultInfo, 0, len(vs))}
		for _, v := range vs {
			info, err := vaultInfo(v)
			if err != nil {
				return nil, problemFor(err, "")
			}
			out.Body = append(out.Body, info)
		}
		return out, nil
	})
}

func vaultInfo(v vault.Vault) (VaultInfo, error) {
	one, err := ledger.ParseUnits("1", v.ShareDecimals())
	if err != nil {
		return VaultInfo{}, err
	}
	return VaultInfo{
		Asset: v.Asset.Symbol, Share: v.ShareSymbol(),
		TotalAssets: v.TotalAssets.Units(v.Asset.Decimals), TotalShares: v.TotalShares.Units(v.ShareDecimals()),
		SharePrice: v.PreviewRedeem(vault.Shares(one)).Units(v.Asset.Decimals),
	}, nil
}
