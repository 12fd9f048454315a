// ERC-4626 share arithmetic for one asset's vault, exactly as OpenZeppelin's
// ERC4626 (v5) computes it: multiply-then-divide in 256 bits, one virtual
// share block of 10^offset and one virtual asset, every conversion rounded in
// the vault's favour.
package vault

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/money"
)

// DecimalsOffset is the default decimals offset: shares have the asset's
// decimals plus 6. A front-runner who donates D assets before a victim's
// deposit of V ≥ D takes at most about D/10^6 of it (< 0.1%; DESIGN.md).
const DecimalsOffset = 6

// Errors of the vault arithmetic.
var (
	ErrZeroAmount         = errors.New("amount must be greater than 0")
	ErrZeroShares         = errors.New("would mint or burn 0 shares")
	ErrZeroAssets         = errors.New("would pay out 0 assets")
	ErrInsufficientShares = errors.New("amount above balance")
	ErrExceedsMax         = errors.New("above the vault's maximum")
)

// Shares are a vault's share units (base units, the asset's decimals plus
// the offset): a distinct type, so shares and assets never mix unnoticed.
// Convert explicitly: Shares(a) and s.Amount().
type Shares money.Amount

// Amount returns the share units as a plain amount (for the ledger).
func (s Shares) Amount() money.Amount { return money.Amount(s) }

// IsZero reports whether s is zero.
func (s Shares) IsZero() bool { return s.Amount().IsZero() }

// Cmp compares two share amounts.
func (s Shares) Cmp(o Shares) int { return s.Amount().Cmp(o.Amount()) }

// Add returns s+o or money.ErrAmountOverflow.
func (s Shares) Add(o Shares) (Shares, error) {
	r, err := s.Amount().Add(o.Amount())
	return Shares(r), err
}

// Sub returns s−o or money.ErrAmountNegative.
func (s Shares) Sub(o Shares) (Shares, error) {
	r, err := s.Amount().Sub(o.Amount())
	return Shares(r), err
}

// Units renders whole share units with the share decimals.
func (s Shares) Units(decimals uint8) string { return s.Amount().Units(decimals) }

// Uint256 returns a copy of the share units.
func (s Shares) Uint256() *uint256.Int { return s.Amount().Uint256() }

// Big returns the share units as a big integer.
func (s Shares) Big() *big.Int { return s.Amount().Big() }

// maxTotal bounds total assets and total shares (2^128 − 1, TigerBeetle's
// u128), so every product in the conversions fits in 256 bits.
var maxTotal = new(uint256.Int).Sub(new(uint256.Int).Lsh(uint256.NewInt(1), 128), uint256.NewInt(1))

// Vault is one asset's ERC-4626 vault state. It is a value: operations
// return the new state and never change the receiver.
type Vault struct {
	Asset       money.Asset
	Offset      uint8
	TotalAssets money.Amount
	TotalShares Shares
}

// New returns an empty vault for asset with DecimalsOffset.
func New(asset money.Asset) Vault { return Vault{Asset: asset, Offset: DecimalsOffset} }

// ShareDecimals is the number of decimals of one whole share.
func (v Vault) ShareDecimals() uint8 { return v.Asset.Decimals + v.Offset }

// ShareSymbol is the share token's symbol ("uctWETH").
func (v Vault) ShareSymbol() string { return "uct" + v.Asset.Symbol }

func (v Vault) virtualShares() *uint256.Int {
	s := new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(uint64(v.Offset)))
	return s.Add(s, v.TotalShares.Uint256())
}

func (v Vault) virtualAssets() *uint256.Int {
	return new(uint256.Int).AddUint64(v.TotalAssets.Uint256(), 1)
}

// mulDiv returns x·y/d rounded down or up; the totals are bounded by
// maxTotal, so the quotient fits (overflow would be a bug).
func mulDiv(x, y, d *uint256.Int, ceil bool) money.Amount {
	z, overflow := new(uint256.Int).MulDivOverflow(x, y, d)
	if overflow {
		panic("vault: mulDiv overflow with bounded totals")
	}
	if ceil && !new(uint256.Int).MulMod(x, y, d).IsZero() {
		z.AddUint64(z, 1)
	}
	out, err := money.AmountFromBig(z.ToBig())
	if err != nil {
		panic(err)
	}
	return out
}

// SharesForAssetsFloor is convertToShares: assets·(S+10^off)/(A+1), down.
func (v Vault) SharesForAssetsFloor(assets money.Amount) Shares {
	return Shares(mulDiv(assets.Uint256(), v.virtualShares(), v.virtualAssets(), false))
}

// SharesForAssetsCeil is previewWithdraw: the shares burnt for assets, up.
func (v Vault) SharesForAssetsCeil(assets money.Amount) Shares {
	return Shares(mulDiv(assets.Uint256(), v.virtualShares(), v.virtualAssets(), true))
}

// AssetsForSharesFloor is convertToAssets: shares·(A+1)/(S+10^off), down.
func (v Vault) AssetsForSharesFloor(shares Shares) money.Amount {
	return mulDiv(shares.Uint256(), v.virtualAssets(), v.virtualShares(), false)
}

// AssetsForSharesCeil is previewMint: the assets paid for shares, up.
func (v Vault) AssetsForSharesCeil(shares Shares) money.Amount {
	return mulDiv(shares.Uint256(), v.virtualAssets(), v.virtualShares(), true)
}

// ConvertToShares is ERC-4626 convertToShares (rounds down).
func (v Vault) ConvertToShares(assets money.Amount) Shares { return v.SharesForAssetsFloor(assets) }

// ConvertToAssets is ERC-4626 convertToAssets (rounds down).
func (v Vault) ConvertToAssets(shares Shares) money.Amount { return v.AssetsForSharesFloor(shares) }

// PreviewDeposit is the shares Deposit(assets) mints (rounds down).
func (v Vault) PreviewDeposit(assets money.Amount) Shares { return v.SharesForAssetsFloor(assets) }

// PreviewMint is the assets Mint(shares) takes (rounds up).
func (v Vault) PreviewMint(shares Shares) money.Amount { return v.AssetsForSharesCeil(shares) }

// PreviewWithdraw is the shares Withdraw(assets) burns (rounds up).
func (v Vault) PreviewWithdraw(assets money.Amount) Shares { return v.SharesForAssetsCeil(assets) }

// PreviewRedeem is the assets Redeem(shares) pays (rounds down).
func (v Vault) PreviewRedeem(shares Shares) money.Amount { return v.AssetsForSharesFloor(shares) }

func headroom(total money.Amount) money.Amount {
	h, err := money.AmountFromBig(new(uint256.Int).Sub(maxTotal, total.Uint256()).ToBig())
	if err != nil {
		return money.Amount{}
	}
	return h
}

// MaxDeposit is the most assets a deposit may bring (the u128 bound on
// total assets, and on the shares it would mint).
func (v Vault) MaxDeposit() money.Amount {
	a := headroom(v.TotalAssets)
	// Keep the shares within bounds too: shares ≤ assets·(S+10^off)/(A+1).
	byShares := v.AssetsForSharesFloor(Shares(headroom(v.TotalShares.Amount())))
	if byShares.Cmp(a) < 0 {
		return byShares
	}
	return a
}

// MaxMint is the most shares a mint may create.
func (v Vault) MaxMint() Shares { return v.SharesForAssetsFloor(v.MaxDeposit()) }

// MaxWithdraw is the most assets an owner of owned shares may withdraw.
func (v Vault) MaxWithdraw(owned Shares) money.Amount { return v.AssetsForSharesFloor(owned) }

// MaxRedeem is the most shares an owner may redeem: all of them.
func (v Vault) MaxRedeem(owned Shares) Shares { return owned }

func (v Vault) add(assets money.Amount, shares Shares) (Vault, error) {
	var err error
	if v.TotalAssets, err = v.TotalAssets.Add(assets); err != nil {
		return v, err
	}
	if v.TotalShares, err = v.TotalShares.Add(shares); err != nil {
		return v, err
	}
	if v.TotalAssets.Uint256().Gt(maxTotal) || v.TotalShares.Uint256().Gt(maxTotal) {
		return v, ErrExceedsMax
	}
	return v, nil
}

func (v Vault) sub(assets money.Amount, shares Shares) (Vault, error) {
	var err error
	if v.TotalAssets, err = v.TotalAssets.Sub(assets); err != nil {
		panic(fmt.Sprintf("vault %s: paying out more assets than held", v.Asset.Symbol))
	}
	if v.TotalShares, err = v.TotalShares.Sub(shares); err != nil {
		panic(fmt.Sprintf("vault %s: burning more shares than exist", v.Asset.Symbol))
	}
	return v, nil
}

// Deposit takes assets and mints PreviewDeposit(assets) shares. Errors:
// ErrZeroAmount, ErrZeroShares (too small to mint a share), ErrExceedsMax.
func (v Vault) Deposit(assets money.Amount) (Vault, Shares, error) {
	if assets.IsZero() {
		return v, Shares{}, ErrZeroAmount
	}
	if assets.Cmp(v.MaxDeposit()) > 0 {
		return v, Shares{}, ErrExceedsMax
	}
	shares := v.PreviewDeposit(assets)
	if shares.IsZero() {
		return v, Shares{}, ErrZeroShares
	}
	nv, err := v.add(assets, shares)
	return nv, shares, err
}

// Mint creates shares for PreviewMint(shares) assets. Errors: ErrZeroAmount,
// ErrExceedsMax.
func (v Vault) Mint(shares Shares) (Vault, money.Amount, error) {
	if shares.IsZero() {
		return v, money.Amount{}, ErrZeroAmount
	}
	if shares.Cmp(v.MaxMint()) > 0 {
		return v, money.Amount{}, ErrExceedsMax
	}
	assets := v.PreviewMint(shares)
	nv, err := v.add(assets, shares)
	return nv, assets, err
}

// Withdraw pays out assets and burns PreviewWithdraw(assets) shares of an
// owner holding owned. Errors: ErrZeroAmount, ErrInsufficientShares.
func (v Vault) Withdraw(assets money.Amount, owned Shares) (Vault, Shares, error) {
	if assets.IsZero() {
		return v, Shares{}, ErrZeroAmount
	}
	if assets.Cmp(v.MaxWithdraw(owned)) > 0 {
		return v, Shares{}, ErrInsufficientShares
	}
	shares := v.PreviewWithdraw(assets)
	nv, err := v.sub(assets, shares)
	return nv, shares, err
}

// Redeem burns shares of an owner holding owned and pays out
// PreviewRedeem(shares) assets. Errors: ErrZeroAmount,
// ErrInsufficientShares, ErrZeroAssets.
func (v Vault) Redeem(shares, owned Shares) (Vault, money.Amount, error) {
	if shares.IsZero() {
		return v, money.Amount{}, ErrZeroAmount
	}
	if shares.Cmp(owned) > 0 {
		return v, money.Amount{}, ErrInsufficientShares
	}
	assets := v.PreviewRedeem(shares)
	if assets.IsZero() {
		return v, money.Amount{}, ErrZeroAssets
	}
	nv, err := v.sub(assets, shares)
	return nv, assets, err
}

// Accrue adds assets without minting shares (yield, or a direct transfer
// in): the share price rises. Errors: ErrZeroAmount, ErrExceedsMax.
func (v Vault) Accrue(assets money.Amount) (Vault, error) {
	if assets.IsZero() {
		return v, ErrZeroAmount
	}
	return v.add(assets, Shares{})
}
