// Margin attestations: the Go engine's statement of an account's unified
// margin, EIP-712-signed for the master vault's AttestationVerifier
// (contracts/src/AttestationVerifier.sol). Digest is the Solidity
// attestationDigest, byte for byte (tested against the contract).
package chain

import (
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// Kind is what an attestation authorises; the values are the contract's.
type Kind uint8

// The kinds of attestation.
const (
	// KindWithdraw: the figures after Assets leave Vault (a withdrawal or
	// redemption of an account with liens).
	KindWithdraw Kind = 1
	// KindLien: the figures for granting Venue a lien of USD.
	KindLien Kind = 2
	// KindDraw: Venue draws USD of its lien as Assets of Vault; the figures
	// must show the account liquidatable.
	KindDraw Kind = 3
)

func (k Kind) String() string {
	switch k {
	case KindWithdraw:
		return "withdraw"
	case KindLien:
		return "lien"
	case KindDraw:
		return "draw"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind parses "withdraw", "lien" or "draw".
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{KindWithdraw, KindLien, KindDraw} {
		if s == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("kind %q: want withdraw, lien or draw", s)
}

// Attestation is the signed statement. USD amounts are base units of
// 10^-18 USD (vault.LienDecimals); Assets are the vault asset's base units.
type Attestation struct {
	Kind    Kind
	Account Address
	Venue   Address      // KindLien, KindDraw
	Vault   Address      // KindWithdraw, KindDraw
	Assets  money.Amount // KindWithdraw: the most assets leaving; KindDraw: the assets drawn
	USD     money.Amount // KindLien: the lien granted; KindDraw: the lien drawn
	Figures
	Nonce uint64 // the account's next nonce on the master (MasterVault.nonceOf)
}

// Figures are an account's unified margin as the contracts read it.
type Figures struct {
	Initial       money.Amount // unified initial requirement, rounded up
	Maintenance   money.Amount // unified maintenance requirement, rounded up
	Excess        *big.Int     // equity rounded down minus Initial; may be negative
	Collateral    money.Amount // haircut vault collateral value, rounded down
	ParamsVersion [32]byte     // the margin report's params_version digest
	MarketTime    uint64       // the market's as_of, unix seconds
}

// Liquidatable is the contract's test: equity < maintenance, with equity =
// excess + initial.
func (f Figures) Liquidatable() bool {
	equity := new(big.Int).Add(f.Excess, f.Initial.Big())
	return equity.Cmp(f.Maintenance.Big()) < 0
}

// ErrParamsVersion is a params_version that is not "sha256:" and 64 hex digits.
var ErrParamsVersion = errors.New(`params_version must be "sha256:" and 64 hex digits`)

// ParseParamsVersion turns the margin report's "sha256:<hex>" into the
// attestation's bytes32.
func ParseParamsVersion(s string) ([32]byte, error) {
	var out [32]byte
	h, ok := strings.CutPrefix(s, "sha256:")
	b, err := hex.DecodeString(h)
	if !ok || err != nil || len(b) != 32 {
		return out, fmt.Errorf("%q: %w", s, ErrParamsVersion)
	}
	copy(out[:], b)
	return out, nil
}

// FiguresOf converts the engine's figures (vault.Attested) into the
// attestation's: requirements rounded up, equity rounded down (toward −∞),
// through money's one float-to-amount conversion. Errors: a non-finite
// figure, a malformed params version.
func FiguresOf(a vault.Attested) (Figures, error) {
	var f Figures
	var err error
	u := a.Unified
	if f.Initial, err = money.FromFloatCeil(u.Initial, vault.LienDecimals); err != nil {
		return f, fmt.Errorf("initial %v: %w", u.Initial, err)
	}
	if f.Maintenance, err = money.FromFloatCeil(u.Maintenance, vault.LienDecimals); err != nil {
		return f, fmt.Errorf("maintenance %v: %w", u.Maintenance, err)
	}
	equity, err := signedFloor(u.Equity)
	if err != nil {
		return f, fmt.Errorf("equity %v: %w", u.Equity, err)
	}
	f.Excess = equity.Sub(equity, f.Initial.Big())
	f.Collateral = a.CollateralUSD
	if f.ParamsVersion, err = ParseParamsVersion(a.ParamsVersion); err != nil {
		return f, err
	}
	if a.AsOf.Before(time.Unix(0, 0)) {
		return f, fmt.Errorf("market as_of %s is before 1970", a.AsOf.Format(time.RFC3339))
	}
	f.MarketTime = uint64(a.AsOf.Unix())
	return f, nil
}

// signedFloor is units (USD) in base units of 10^-18, rounded toward −∞.
func signedFloor(units float64) (*big.Int, error) {
	if units >= 0 {
		a, err := money.FromFloatFloor(units, vault.LienDecimals)
		return a.Big(), err
	}
	a, err := money.FromFloatCeil(-units, vault.LienDecimals)
	return new(big.Int).Neg(a.Big()), err
}

// Domain is the EIP-712 domain of one master vault deployment.
type Domain struct {
	ChainID *big.Int
	Master  Address
}

var (
	domainTypeHash = crypto.Keccak256Hash([]byte(
		"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	attestationTypeHash = crypto.Keccak256Hash([]byte(
		"Attestation(uint8 kind,address account,address venue,address vault,uint256 assets,uint256 usd," +
			"uint256 initial,uint256 maintenance,int256 excess,uint256 collateral,bytes32 paramsVersion," +
			"uint64 marketTime,uint64 nonce)"))
	domainName    = crypto.Keccak256Hash([]byte("unimargin UCT"))
	domainVersion = crypto.Keccak256Hash([]byte("1"))
)

// word is one ABI word of an unsigned value.
func word(b *big.Int) []byte { return math.U256Bytes(new(big.Int).Set(b)) }

// Separator is the EIP-712 domain separator.
func (d Domain) Separator() common.Hash {
	return crypto.Keccak256Hash(domainTypeHash[:], domainName[:], domainVersion[:],
		word(d.ChainID), common.LeftPadBytes(d.Master[:], 32))
}

// StructHash is EIP-712's hashStruct of a: the type hash and each field as
// one word, in the struct's order (int256 in two's complement).
func (a Attestation) StructHash() common.Hash {
	excess := a.Excess
	if excess == nil {
		excess = new(big.Int)
	}
	return crypto.Keccak256Hash(attestationTypeHash[:],
		word(big.NewInt(int64(a.Kind))),
		common.LeftPadBytes(a.Account[:], 32),
		common.LeftPadBytes(a.Venue[:], 32),
		common.LeftPadBytes(a.Vault[:], 32),
		word(a.Assets.Big()), word(a.USD.Big()),
		word(a.Initial.Big()), word(a.Maintenance.Big()),
		math.U256Bytes(new(big.Int).Set(excess)), // two's complement of a negative excess
		word(a.Collateral.Big()),
		a.ParamsVersion[:],
		word(new(big.Int).SetUint64(a.MarketTime)),
		word(new(big.Int).SetUint64(a.Nonce)))
}

// Digest is what the signer signs: keccak256(0x1901 ‖ domain ‖ hashStruct).
func Digest(d Domain, a Attestation) common.Hash {
	sep := d.Separator()
	h := a.StructHash()
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], h[:])
}

// Sign signs a for the domain: 65 bytes r ‖ s ‖ v with v ∈ {27, 28} and a
// low s (the only form the contract accepts).
func Sign(d Domain, a Attestation, key *ecdsa.PrivateKey) ([]byte, error) {
	h := Digest(d, a)
	sig, err := crypto.Sign(h[:], key)
	if err != nil {
		return nil, fmt.Errorf("signing the attestation: %w", err)
	}
	sig[64] += 27
	return sig, nil
}
