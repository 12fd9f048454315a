// The master vault's operations over one transaction: deposit, mint,
// withdraw, redeem, accrue, and the ledger accounts each one moves.
package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/unimargin/unimargin/internal/assert"
	"github.com/unimargin/unimargin/internal/invariants"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

// Refusals of the collateral layer (wrapped with what was being done).
var (
	ErrUnknownAccount  = errors.New("unknown account")
	ErrUnknownAsset    = errors.New("unknown asset")
	ErrBadID           = errors.New("must be 1 to 128 characters of A-Z a-z 0-9 _ . - @ (no ':' or '#', and not . or .. alone)")
	ErrRequestConflict = errors.New("request id already used with a different body")
	ErrNoMarket        = errors.New("no market is set (run: unimargin market set --market M.json)")
)

// Tx is one database transaction as the collateral layer sees it.
type Tx interface {
	ledger.State
	// LedgerAccounts lists ledger accounts whose id starts with prefix, by id.
	LedgerAccounts(prefix string) ([]ledger.Account, error)
	// Transfers lists the journal in order.
	Transfers() ([]ledger.Transfer, error)
	Vault(asset string) (Vault, bool, error)
	PutVault(v Vault) error
	Vaults() ([]Vault, error) // by asset symbol
	AccountExists(id string) (bool, error)
	CreateAccount(id string) error
	Request(id string) (Request, bool, error)
	PutRequest(r Request) error
	Portfolio(account string) ([]byte, bool, error)
	PutPortfolio(account string, doc []byte) error
	Market() ([]byte, bool, error)
	PutMarket(doc []byte) error
	AccountIDs() ([]string, error) // every account, by id
	// RiskParams is the governed risk-parameter document (risk_params.json
	// contract), absent until an admin sets one.
	RiskParams() ([]byte, bool, error)
	PutRiskParams(doc []byte) error
	// Caps is the governed deposit-caps document (caps.json contract,
	// caps.go), absent until an admin sets one.
	Caps() ([]byte, bool, error)
	PutCaps(doc []byte) error
	// ParamsKey is the governed parameter version the account's existing
	// positions keep (a configuration key, governed.go); absent: the
	// current version.
	ParamsKey(account string) (version int, ok bool, err error)
	PutParamsKey(account string, version int) error
	DeleteParamsKey(account string) error
}

// Request is a stored client request: its id, a canonical body and the JSON
// result it produced.
type Request struct {
	ID     string
	Body   string
	Result []byte
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,128}$`)

// CheckID validates an account, venue or request id. "." and ".." are
// refused although their characters are allowed: they name no account and
// read as paths (in URLs, /v1/accounts/../…, and in file names).
func CheckID(what, id string) error {
	if !idPattern.MatchString(id) || id == "." || id == ".." {
		return fmt.Errorf("%s %q %w", what, id, ErrBadID)
	}
	return nil
}

// idempotent runs op unless request id already ran: then it returns the
// stored result (same body) or ErrRequestConflict (another body).
func idempotent[R any](tx Tx, id, body string, op func() (R, error)) (R, error) {
	var zero R
	if err := CheckID("request id", id); err != nil {
		return zero, err
	}
	prev, ok, err := tx.Request(id)
	if err != nil {
		return zero, err
	}
	if ok {
		if prev.Body != body {
			return zero, fmt.Errorf("request %s: %w (first: %s)", id, ErrRequestConflict, prev.Body)
		}
		var r R
		if err := json.Unmarshal(prev.Result, &r); err != nil {
			return zero, fmt.Errorf("request %s: stored result: %w", id, err)
		}
		return r, nil
	}
	r, err := op()
	if err != nil {
		return zero, err
	}
	// With the invariants tag, every operation leaves the whole collateral
	// layer consistent (the ledger's and every vault's invariants). A store
	// error while checking fails the operation like any other store error.
	if invariants.Enabled {
		if err := Verify(tx); errors.Is(err, ledger.ErrInvariant) {
			assert.NoError(err, "vault request "+id)
		} else if err != nil {
			return zero, err
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		return zero, err
	}
	return r, tx.PutRequest(Request{ID: id, Body: body, Result: data})
}

// Ledger account ids of the collateral layer.
func vaultAccount(asset string) string    { return "vault:" + asset }
func externalAccount(asset string) string { return "external:" + asset }
func yieldAccount(asset string) string    { return "yield:" + asset }
func supplyAccount(share string) string   { return "supply:" + share }
func sharesPrefix(account string) string  { return "shares:" + account + ":" }
func sharesAccount(account, share string) string {
	return sharesPrefix(account) + share
}
func venueSharesAccount(venue, share string) string { return "venue:" + venue + ":" + share }

// accountKnown refuses an unknown account.
func accountKnown(tx Tx, account string) error {
	if err := CheckID("account", account); err != nil {
		return err
	}
	ok, err := tx.AccountExists(account)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownAccount, account)
	}
	return nil
}

// ensureAccount creates the account when absent (vault deposit, DESIGN.md).
func ensureAccount(tx Tx, account string) error {
	if err := CheckID("account", account); err != nil {
		return err
	}
	ok, err := tx.AccountExists(account)
	if err != nil || ok {
		return err
	}
	return tx.CreateAccount(account)
}

// assetOf returns the asset's registry entry: the stored market's when it
// lists the asset, else the built-in decimals; ErrUnknownAsset otherwise.
func assetOf(tx Tx, symbol string) (money.Asset, error) {
	if m, ok, err := storedMarket(tx); err != nil {
		return money.Asset{}, err
	} else if ok {
		if a := m.Asset(symbol); a != nil {
			return a.Asset, nil
		}
	}
	if d, ok := money.BuiltinDecimals(symbol); ok {
		return money.Asset{Symbol: symbol, Decimals: d}, nil
	}
	return money.Asset{}, fmt.Errorf("%w %q (not in the stored market nor built in)", ErrUnknownAsset, symbol)
}

// openVault returns the asset's vault, registering it (and its ledger
// accounts) on first use when create is set.
func openVault(tx Tx, symbol string, create bool) (Vault, error) {
	v, ok, err := tx.Vault(symbol)
	if err != nil || ok {
		return v, err
	}
	if !create {
		return Vault{}, fmt.Errorf("%w %q (no vault holds it)", ErrUnknownAsset, symbol)
	}
	a, err := assetOf(tx, symbol)
	if err != nil {
		return Vault{}, err
	}
	v = New(a)
	share := v.ShareSymbol()
	for _, la := range []struct {
		id, asset string
		f         ledger.Flags
	}{
		{vaultAccount(symbol), symbol, ledger.CreditsMustNotExceedDebits},
		{externalAccount(symbol), symbol, 0},
		{yieldAccount(symbol), symbol, 0},
		{supplyAccount(share), share, ledger.CreditsMustNotExceedDebits},
	} {
		if _, err := ledger.Open(tx, la.id, la.asset, la.f); err != nil {
			return Vault{}, err
		}
	}
	return v, tx.PutVault(v)
}

// openCapped opens (registering when absent) the vault of an asset that
// may come in, with the caps that apply to it now.
func openCapped(tx Tx, asset string) (Vault, limits, error) {
	v, err := openVault(tx, asset, true)
	if err != nil {
		return Vault{}, limits{}, err
	}
	lim, err := limitsOf(tx, v)
	return v, lim, err
}

// checkIn applies the caps to nv, the vault after a deposit or mint, and
// to the account's assets in it: what its shares (owned before, plus
// minted) redeem for, rounded down.
func checkIn(lim limits, nv Vault, account string, owned, minted Shares) error {
	after, err := owned.Add(minted)
	if err != nil {
		return err
	}
	return lim.check(nv, account, nv.AssetsForSharesFloor(after))
}

// ownedShares returns the account's spendable shares of v (posted credits
// minus posted and pending debits) and opens its ledger account.
func ownedShares(tx Tx, v Vault, account string) (Shares, error) {
	a, err := ledger.Open(tx, sharesAccount(account, v.ShareSymbol()), v.ShareSymbol(), ledger.DebitsMustNotExceedCredits)
	if err != nil {
		return Shares{}, err
	}
	return Shares(a.CreditBalance()), nil
}

// post posts transfers in order under request id (ids id#1, id#2, …).
func post(tx Tx, id string, ts ...ledger.Transfer) error {
	for i := range ts {
		ts[i].ID = fmt.Sprintf("%s#%d", id, i+1)
		if _, _, err := ledger.Post(tx, ts[i]); err != nil {
			return err
		}
	}
	return nil
}

// Movement is the result of a vault operation: amounts as whole-unit
// decimal strings (the contract's money at rest).
type Movement struct {
	Account     string `json:"account,omitempty"`
	Asset       string `json:"asset"`
	Assets      string `json:"assets"`
	Shares      string `json:"shares"`
	TotalAssets string `json:"total_assets"`
	TotalShares string `json:"total_shares"`
}

func movement(v Vault, account string, assets money.Amount, shares Shares) Movement {
	return Movement{
		Account: account, Asset: v.Asset.Symbol,
		Assets: assets.Units(v.Asset.Decimals), Shares: shares.Units(v.ShareDecimals()),
		TotalAssets: v.TotalAssets.Units(v.Asset.Decimals), TotalShares: v.TotalShares.Units(v.ShareDecimals()),
	}
}

// inOut posts the two legs of a deposit or mint (in) or withdraw or redeem
// (out): assets between the world and the vault, shares between the supply
// and the holder.
func inOut(tx Tx, id, code string, v Vault, account string, assets money.Amount, shares Shares, in bool) error {
	sym, share := v.Asset.Symbol, v.ShareSymbol()
	a := ledger.Transfer{Debit: vaultAccount(sym), Credit: externalAccount(sym), Asset: sym, Amount: assets, Code: code}
	s := ledger.Transfer{Debit: supplyAccount(share), Credit: sharesAccount(account, share), Asset: share, Amount: shares.Amount(), Code: code}
	if !in {
		a.Debit, a.Credit = a.Credit, a.Debit
		s.Debit, s.Credit = s.Credit, s.Debit
	}
	if err := post(tx, id, a, s); err != nil {
		return err
	}
	return tx.PutVault(v)
}

// Deposit takes amount (whole units of asset) from outside into the
// account's vault balance and mints shares rounded down. It creates the
// account and the asset's vault when absent. The vault's total assets and
// the account's assets in it must stay within their caps afterwards
// (caps.go). Errors: ErrBadID, ErrUnknownAsset, ErrUnpricedAsset,
// ParseUnits errors, ErrZeroShares, ErrExceedsMax, ErrCapExceeded,
// ErrRequestConflict, store errors.
func Deposit(tx Tx, id, account, asset, amount string) (Movement, error) {
	body := fmt.Sprintf("vault deposit account=%s asset=%s amount=%s", account, asset, amount)
	return idempotent(tx, id, body, func() (Movement, error) {
		if err := ensureAccount(tx, account); err != nil {
			return Movement{}, err
		}
		v, lim, err := openCapped(tx, asset)
		if err != nil {
			return Movement{}, err
		}
		assets, err := ledger.ParseUnits(amount, v.Asset.Decimals)
		if err != nil {
			return Movement{}, err
		}
		owned, err := ownedShares(tx, v, account)
		if err != nil {
			return Movement{}, err
		}
		nv, shares, err := v.Deposit(assets)
		if err != nil {
			return Movement{}, fmt.Errorf("deposit %s %s: %w", amount, asset, err)
		}
		if err := checkIn(lim, nv, account, owned, shares); err != nil {
			return Movement{}, fmt.Errorf("deposit %s %s: %w", amount, asset, err)
		}
		return movement(nv, account, assets, shares), inOut(tx, id, "deposit", nv, account, assets, shares, true)
	})
}

// Mint creates shares (whole share units) for the account, taking the
// assets they cost rounded up, within the same caps as Deposit. Errors as
// Deposit.
func Mint(tx Tx, id, account, asset, sharesText string) (Movement, error) {
	body := fmt.Sprintf("vault mint account=%s asset=%s shares=%s", account, asset, sharesText)
	return idempotent(tx, id, body, func() (Movement, error) {
		if err := ensureAccount(tx, account); err != nil {
			return Movement{}, err
		}
		v, lim, err := openCapped(tx, asset)
		if err != nil {
			return Movement{}, err
		}
		parsed, err := ledger.ParseUnits(sharesText, v.ShareDecimals())
		if err != nil {
			return Movement{}, err
		}
		shares := Shares(parsed)
		owned, err := ownedShares(tx, v, account)
		if err != nil {
			return Movement{}, err
		}
		nv, assets, err := v.Mint(shares)
		if err != nil {
			return Movement{}, fmt.Errorf("mint %s %s: %w", sharesText, v.ShareSymbol(), err)
		}
		if err := checkIn(lim, nv, account, owned, shares); err != nil {
			return Movement{}, fmt.Errorf("mint %s %s: %w", sharesText, v.ShareSymbol(), err)
		}
		return movement(nv, account, assets, shares), inOut(tx, id, "mint", nv, account, assets, shares, true)
	})
}

// Withdraw pays amount (whole units) out of the account's vault balance,
// burning shares rounded up, if the account still meets unified initial
// margin and Σ liens ≤ collateral value afterwards. Errors:
// ErrUnknownAccount, ErrUnknownAsset, ErrInsufficientShares (amount above
// balance), ErrInitialMargin, ErrLiensExceedCollateral, ErrNoMarket,
// ErrMarginUncomputable, parse errors, ErrRequestConflict, store errors.
func Withdraw(tx Tx, c Config, id, account, asset, amount string) (Movement, error) {
	body := fmt.Sprintf("vault withdraw account=%s asset=%s amount=%s", account, asset, amount)
	return idempotent(tx, id, body, func() (Movement, error) {
		v, owned, err := holding(tx, account, asset)
		if err != nil {
			return Movement{}, err
		}
		assets, err := ledger.ParseUnits(amount, v.Asset.Decimals)
		if err != nil {
			return Movement{}, err
		}
		nv, shares, err := v.Withdraw(assets, owned)
		if err != nil {
			return Movement{}, fmt.Errorf("withdraw %s %s: %w (can withdraw %s)", amount, asset, err,
				v.MaxWithdraw(owned).Units(v.Asset.Decimals))
		}
		if err := inOut(tx, id, "withdraw", nv, account, assets, shares, false); err != nil {
			return Movement{}, err
		}
		if err := checkAfter(tx, c, account, "withdraw"); err != nil {
			return Movement{}, err
		}
		return movement(nv, account, assets, shares), nil
	})
}

// Redeem burns shares (whole share units) of the account and pays out the
// assets they are worth rounded down, under the same margin rule as
// Withdraw. Errors as Withdraw, plus ErrZeroAssets.
func Redeem(tx Tx, c Config, id, account, asset, sharesText string) (Movement, error) {
	body := fmt.Sprintf("vault redeem account=%s asset=%s shares=%s", account, asset, sharesText)
	return idempotent(tx, id, body, func() (Movement, error) {
		v, owned, err := holding(tx, account, asset)
		if err != nil {
			return Movement{}, err
		}
		parsed, err := ledger.ParseUnits(sharesText, v.ShareDecimals())
		if err != nil {
			return Movement{}, err
		}
		shares := Shares(parsed)
		nv, assets, err := v.Redeem(shares, owned)
		if err != nil {
			return Movement{}, fmt.Errorf("redeem %s %s: %w (holds %s)", sharesText, v.ShareSymbol(), err,
				owned.Units(v.ShareDecimals()))
		}
		if err := inOut(tx, id, "redeem", nv, account, assets, shares, false); err != nil {
			return Movement{}, err
		}
		if err := checkAfter(tx, c, account, "redeem"); err != nil {
			return Movement{}, err
		}
		return movement(nv, account, assets, shares), nil
	})
}

// holding returns the vault of an existing account's asset and its shares.
func holding(tx Tx, account, asset string) (Vault, Shares, error) {
	if err := accountKnown(tx, account); err != nil {
		return Vault{}, Shares{}, err
	}
	v, err := openVault(tx, asset, false)
	if err != nil {
		return Vault{}, Shares{}, err
	}
	owned, err := ownedShares(tx, v, account)
	return v, owned, err
}

// Accrue adds amount (whole units) of yield or a direct transfer to the
// asset's vault without minting shares: the share price rises. It
// registers the vault when absent. The vault's total assets must stay
// within its cap (what the vault holds is capped whatever its source);
// the per-account caps do not apply, since no holder chooses the yield it
// is credited. Errors: ErrUnknownAsset, ErrUnpricedAsset, parse errors,
// ErrExceedsMax, ErrCapExceeded, ErrRequestConflict, store errors.
func Accrue(tx Tx, id, asset, amount string) (Movement, error) {
	body := fmt.Sprintf("vault accrue asset=%s amount=%s", asset, amount)
	return idempotent(tx, id, body, func() (Movement, error) {
		v, lim, err := openCapped(tx, asset)
		if err != nil {
			return Movement{}, err
		}
		assets, err := ledger.ParseUnits(amount, v.Asset.Decimals)
		if err != nil {
			return Movement{}, err
		}
		nv, err := v.Accrue(assets)
		if err != nil {
			return Movement{}, fmt.Errorf("accrue %s %s: %w", amount, asset, err)
		}
		if err := lim.check(nv, "", money.Amount{}); err != nil {
			return Movement{}, fmt.Errorf("accrue %s %s: %w", amount, asset, err)
		}
		t := ledger.Transfer{Debit: vaultAccount(asset), Credit: yieldAccount(asset), Asset: asset, Amount: assets, Code: "accrue"}
		if err := post(tx, id, t); err != nil {
			return Movement{}, err
		}
		return movement(nv, "", assets, Shares{}), tx.PutVault(nv)
	})
}
