// What the CLI prints, as plain values: a deployment, an account's on-chain
// state and a signed attestation, with money at rest as decimal strings in
// whole units (DESIGN.md, Output rules) and addresses in hex.
package chain

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// KeyHex is a private key as 0x-prefixed hex (for the development chain's
// printed dev keys only).
func KeyHex(key *ecdsa.PrivateKey) string { return "0x" + hex.EncodeToString(crypto.FromECDSA(key)) }

// VaultView is one vault of a deployment.
type VaultView struct {
	Vault string `json:"vault"`
	Token string `json:"token"`
}

// Deployment is a master vault's addresses.
type Deployment struct {
	ChainID string               `json:"chain_id"`
	Master  string               `json:"master"`
	Vaults  map[string]VaultView `json:"vaults"`
}

// Describe returns the master's addresses.
func (m *Master) Describe() Deployment {
	d := Deployment{ChainID: m.c.ChainID().String(), Master: m.Address.Hex(), Vaults: map[string]VaultView{}}
	for sym, v := range m.vaults {
		d.Vaults[sym] = VaultView{Vault: v.Address.Hex(), Token: v.Token.Hex()}
	}
	return d
}

// OnChainAccount is an address's state on a master vault.
type OnChainAccount struct {
	Address  string                   `json:"address"`
	Balances map[string]vault.Balance `json:"balances"`
	LiensUSD string                   `json:"liens_usd"`
	Nonce    uint64                   `json:"nonce"`
}

// ReadAccount reads who's shares and claims in every vault, Σ liens and
// next attestation nonce.
func (m *Master) ReadAccount(ctx context.Context, who Address) (OnChainAccount, error) {
	out := OnChainAccount{Address: who.Hex(), Balances: map[string]vault.Balance{}}
	for _, v := range m.Vaults() {
		shares, err := v.SharesOf(ctx, who)
		if err != nil {
			return out, err
		}
		if shares.IsZero() {
			continue
		}
		st, err := v.State(ctx)
		if err != nil {
			return out, err
		}
		out.Balances[v.Asset.Symbol] = vault.Balance{Shares: shares.Units(st.ShareDecimals()),
			Assets: st.ConvertToAssets(shares).Units(v.Asset.Decimals)}
	}
	liens, err := m.Liens(ctx, who)
	if err != nil {
		return out, err
	}
	out.LiensUSD = liens.Units(vault.LienDecimals)
	out.Nonce, err = m.Nonce(ctx, who)
	return out, err
}

// AttestationView is a signed attestation as printed: USD and assets in
// whole units (assets with assetDecimals), excess signed.
type AttestationView struct {
	Kind          string `json:"kind"`
	Account       string `json:"account"`
	Venue         string `json:"venue"`
	Vault         string `json:"vault"`
	Assets        string `json:"assets"`
	USD           string `json:"usd"`
	Initial       string `json:"initial"`
	Maintenance   string `json:"maintenance"`
	Excess        string `json:"excess"`
	Collateral    string `json:"collateral"`
	ParamsVersion string `json:"params_version"`
	MarketTime    uint64 `json:"market_time"`
	Nonce         uint64 `json:"nonce"`
	Liquidatable  bool   `json:"liquidatable"`
	Digest        string `json:"digest"`
	Signature     string `json:"signature"`
	Signer        string `json:"signer"`
	Master        string `json:"master"`
	ChainID       string `json:"chain_id"`
}

// View renders s signed for domain d by signer.
func (s Signed) View(d Domain, signer Address, assetDecimals uint8) AttestationView {
	excess := new(big.Int)
	if s.Excess != nil {
		excess.Set(s.Excess)
	}
	sign := ""
	if excess.Sign() < 0 {
		sign = "-"
		excess.Neg(excess)
	}
	abs, err := money.AmountFromBig(excess)
	if err != nil {
		panic(err) // |excess| < 2^255 by construction
	}
	return AttestationView{
		Kind: s.Kind.String(), Account: s.Account.Hex(), Venue: s.Venue.Hex(), Vault: s.Vault.Hex(),
		Assets: s.Assets.Units(assetDecimals), USD: s.USD.Units(vault.LienDecimals),
		Initial: s.Initial.Units(vault.LienDecimals), Maintenance: s.Maintenance.Units(vault.LienDecimals),
		Excess: sign + abs.Units(vault.LienDecimals), Collateral: s.Collateral.Units(vault.LienDecimals),
		ParamsVersion: "sha256:" + hex.EncodeToString(s.ParamsVersion[:]), MarketTime: s.MarketTime, Nonce: s.Nonce,
		Liquidatable: s.Liquidatable(), Digest: Digest(d, s.Attestation).Hex(),
		Signature: "0x" + hex.EncodeToString(s.Signature), Signer: signer.Hex(), Master: d.Master.Hex(),
		ChainID: d.ChainID.String(),
	}
}

// Signed parses a printed attestation back (the form an account or venue
// submits with its transaction); assetDecimals are the vault asset's.
// Errors: a malformed field, named.
func (v AttestationView) Signed(assetDecimals uint8) (Signed, error) {
	var s Signed
	var err error
	if s.Kind, err = ParseKind(v.Kind); err != nil {
		return s, err
	}
	addr := func(field, text string, to *Address) {
		if err == nil {
			if *to, err = ParseAddress(text); err != nil {
				err = fmt.Errorf("%s: %w", field, err)
			}
		}
	}
	addr("account", v.Account, &s.Account)
	addr("venue", v.Venue, &s.Venue)
	addr("vault", v.Vault, &s.Vault)
	amt := func(field, text string, decimals uint8, to *money.Amount) {
		if err == nil {
			if *to, err = exactUnits(text, decimals); err != nil {
				err = fmt.Errorf("%s: %w", field, err)
			}
		}
	}
	amt("assets", v.Assets, assetDecimals, &s.Assets)
	amt("usd", v.USD, vault.LienDecimals, &s.USD)
	amt("initial", v.Initial, vault.LienDecimals, &s.Initial)
	amt("maintenance", v.Maintenance, vault.LienDecimals, &s.Maintenance)
	amt("collateral", v.Collateral, vault.LienDecimals, &s.Collateral)
	var excess money.Amount
	amt("excess", strings.TrimPrefix(v.Excess, "-"), vault.LienDecimals, &excess)
	if err != nil {
		return s, err
	}
	s.Excess = excess.Big()
	if strings.HasPrefix(v.Excess, "-") {
		s.Excess.Neg(s.Excess)
	}
	if s.ParamsVersion, err = ParseParamsVersion(v.ParamsVersion); err != nil {
		return s, err
	}
	s.MarketTime, s.Nonce = v.MarketTime, v.Nonce
	if s.Signature, err = hex.DecodeString(strings.TrimPrefix(v.Signature, "0x")); err != nil {
		return s, fmt.Errorf("signature: %w", err)
	}
	return s, nil
}
