// What a margin attestation states about an account (internal/chain signs
// it for the on-chain master vault): the same view State computes, with the
// exact amounts the lien rules compare and the provenance of the figures.
package vault

import (
	"fmt"
	"time"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/money"
)

// Attested is an account's unified margin with the exact lien figures.
type Attested struct {
	Account       string
	Unified       margin.Unified
	CollateralUSD money.Amount // haircut vault collateral value, LienDecimals, rounded down
	LiensUSD      money.Amount // Σ active liens, LienDecimals
	ParamsVersion string       // the report's params_version ("sha256:…")
	AsOf          time.Time    // the stored market's as_of
}

// Attest evaluates the account as State does and returns what an
// attestation states. Errors: ErrUnknownAccount, ErrNoMarket (no market
// stored: there is nothing to attest), those of State.
func Attest(tx Tx, c Config, account string) (Attested, error) {
	if err := accountKnown(tx, account); err != nil {
		return Attested{}, err
	}
	v, err := evaluate(tx, c, account, false)
	if err != nil {
		return Attested{}, err
	}
	if v.report == nil {
		return Attested{}, fmt.Errorf("attest %s: %w", account, ErrNoMarket)
	}
	return Attested{Account: account, Unified: v.report.Unified, CollateralUSD: v.collateralUSD,
		LiensUSD: v.liens, ParamsVersion: v.report.ParamsVersion, AsOf: v.market.AsOf}, nil
}

// DrawAssets converts usd (whole USD) into base units of asset at the
// stored market's exact price, rounded up, as DrawLien does: what a venue's
// draw of usd takes. Errors: ErrNoMarket, ErrUnknownAsset, parse errors.
func DrawAssets(tx Tx, asset, usd string) (money.Amount, error) {
	amt, err := ledger.ParseUnits(usd, LienDecimals)
	if err != nil {
		return money.Amount{}, err
	}
	m, ok, err := storedMarket(tx)
	if err != nil {
		return money.Amount{}, err
	}
	if !ok {
		return money.Amount{}, fmt.Errorf("draw assets: %w", ErrNoMarket)
	}
	a := m.Asset(asset)
	if a == nil {
		return money.Amount{}, fmt.Errorf("draw assets: %w %q in the stored market", ErrUnknownAsset, asset)
	}
	return usdToAssetsCeil(amt, a)
}
