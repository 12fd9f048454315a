// Verify: every invariant of the collateral layer, from the store alone.
package vault

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

// Verify checks the ledger's invariants (ledger.Verify) and then, per vault:
// its asset account holds TotalAssets, its supply account TotalShares, the
// holders' shares sum to TotalShares, and the holders' claims (rounded down)
// sum to at most TotalAssets. It returns the first violation, wrapped in
// ledger.ErrInvariant.
func Verify(tx Tx) error {
	accounts, err := tx.LedgerAccounts("")
	if err != nil {
		return err
	}
	transfers, err := tx.Transfers()
	if err != nil {
		return err
	}
	if err := ledger.Verify(accounts, transfers); err != nil {
		return err
	}
	vaults, err := tx.Vaults()
	if err != nil {
		return err
	}
	byAsset := map[string][]ledger.Account{}
	for _, a := range accounts {
		byAsset[a.Asset] = append(byAsset[a.Asset], a)
	}
	for _, v := range vaults {
		if err := verifyVault(v, byAsset); err != nil {
			return fmt.Errorf("%w: vault %s: %v", ledger.ErrInvariant, v.Asset.Symbol, err)
		}
	}
	return nil
}

func net(a ledger.Account, debitNormal bool) *big.Int {
	if debitNormal {
		return new(big.Int).Sub(a.DebitsPosted.Big(), a.CreditsPosted.Big())
	}
	return new(big.Int).Sub(a.CreditsPosted.Big(), a.DebitsPosted.Big())
}

func verifyVault(v Vault, byAsset map[string][]ledger.Account) error {
	sym, share := v.Asset.Symbol, v.ShareSymbol()
	var held, claims = new(big.Int), new(big.Int)
	foundAssets, foundSupply := false, false
	for _, a := range byAsset[sym] {
		if a.ID == vaultAccount(sym) {
			foundAssets = true
			if net(a, true).Cmp(v.TotalAssets.Big()) != 0 {
				return fmt.Errorf("asset account holds %s, vault total assets %s", net(a, true), v.TotalAssets.Big())
			}
		}
	}
	for _, a := range byAsset[share] {
		if a.ID == supplyAccount(share) {
			foundSupply = true
			if net(a, true).Cmp(v.TotalShares.Big()) != 0 {
				return fmt.Errorf("share supply account %s, vault total shares %s", net(a, true), v.TotalShares.Big())
			}
			continue
		}
		if !strings.HasPrefix(a.ID, "shares:") && !strings.HasPrefix(a.ID, "venue:") {
			return fmt.Errorf("unexpected %s account %s", share, a.ID)
		}
		n := net(a, false)
		held.Add(held, n)
		amt, err := money.AmountFromBig(n)
		if err != nil {
			return fmt.Errorf("%s: negative shares", a.ID)
		}
		claims.Add(claims, v.AssetsForSharesFloor(Shares(amt)).Big())
	}
	if !foundAssets || !foundSupply {
		return fmt.Errorf("ledger accounts missing")
	}
	if held.Cmp(v.TotalShares.Big()) != 0 {
		return fmt.Errorf("holders' shares %s ≠ total shares %s", held, v.TotalShares.Big())
	}
	if claims.Cmp(v.TotalAssets.Big()) > 0 {
		return fmt.Errorf("claims %s > total assets %s", claims, v.TotalAssets.Big())
	}
	return nil
}
