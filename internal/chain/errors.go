// Contract refusals as Go errors: a revert's custom error decoded from the
// contracts' ABIs, mapped to the sentinel of the rule it enforces.
package chain

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/unimargin/unimargin/internal/chain/binding"
	"github.com/unimargin/unimargin/internal/vault"
)

// Refusals of the on-chain rules that the Go engine does not have.
var (
	ErrStale          = errors.New("attestation is stale (older than the master's maxAge)")
	ErrFromFuture     = errors.New("attestation's market time is after the block time")
	ErrReplayed       = errors.New("attestation's nonce is not the account's next (replayed or superseded)")
	ErrUnknownSigner  = errors.New("attestation is not signed by the governed signer set")
	ErrBadSignature   = errors.New("signature is malformed or not canonical (65 bytes, low s)")
	ErrWrongKind      = errors.New("attestation is of another kind than the action")
	ErrMismatch       = errors.New("attestation does not name this action")
	ErrWrongParams    = errors.New("attestation's risk parameters are not the governed version")
	ErrUnauthorized   = errors.New("caller lacks the role")
	ErrReentrancy     = errors.New("reentrant call")
	ErrSharesLocked   = errors.New("shares are locked by an active lien")
	ErrUnknownVenue   = errors.New("venue is not registered")
	ErrUnknownVault   = errors.New("vault is not registered with the master")
	ErrNotSimulated   = errors.New("only the simulated chain can do this")
	ErrReverted       = errors.New("transaction reverted")
	ErrNoContractCode = errors.New("no contract at the address")
)

// revertSentinels maps each custom error of the contracts to its rule.
var revertSentinels = map[string]error{
	"UCTZeroAmount":                    vault.ErrZeroAmount,
	"LienZeroAmount":                   vault.ErrZeroAmount,
	"UCTZeroShares":                    vault.ErrZeroShares,
	"UCTZeroAssets":                    vault.ErrZeroAssets,
	"ERC4626ExceededMaxDeposit":        vault.ErrExceedsMax,
	"ERC4626ExceededMaxMint":           vault.ErrExceedsMax,
	"ERC4626ExceededMaxWithdraw":       vault.ErrInsufficientShares,
	"ERC4626ExceededMaxRedeem":         vault.ErrInsufficientShares,
	"ERC20InsufficientBalance":         vault.ErrInsufficientShares,
	"LienExceeded":                     vault.ErrExceedsLien,
	"LienNotCovered":                   vault.ErrLiensExceedCollateral,
	"InitialMarginBroken":              vault.ErrInitialMargin,
	"NotLiquidatable":                  vault.ErrNotLiquidatable,
	"AttestationStale":                 ErrStale,
	"AttestationFromFuture":            ErrFromFuture,
	"AttestationWrongNonce":            ErrReplayed,
	"AttestationUnknownSigner":         ErrUnknownSigner,
	"ECDSAInvalidSignature":            ErrBadSignature,
	"ECDSAInvalidSignatureLength":      ErrBadSignature,
	"ECDSAInvalidSignatureS":           ErrBadSignature,
	"AttestationWrongKind":             ErrWrongKind,
	"AttestationMismatch":              ErrMismatch,
	"AttestationWrongParams":           ErrWrongParams,
	"AccessControlUnauthorizedAccount": ErrUnauthorized,
	"UCTOnlyMaster":                    ErrUnauthorized,
	"ReentrancyGuardReentrantCall":     ErrReentrancy,
	"UCTSharesLocked":                  ErrSharesLocked,
	"LienUnknownVenue":                 ErrUnknownVenue,
	"UnknownVault":                     ErrUnknownVault,
}

// RevertError is a contract's refusal: its custom error and arguments.
type RevertError struct {
	Name string
	Args []any
	rule error // the sentinel of revertSentinels, or nil
}

func (e *RevertError) Error() string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = fmt.Sprint(a)
	}
	msg := fmt.Sprintf("reverted with %s(%s)", e.Name, strings.Join(args, ", "))
	if e.rule != nil {
		msg = e.rule.Error() + ": " + msg
	}
	return msg
}

// Unwrap returns the rule's sentinel, so errors.Is(err, vault.ErrZeroShares)
// holds for a deposit the contract refused for minting no share.
func (e *RevertError) Unwrap() error { return e.rule }

// contractABIs are the ABIs whose errors a revert is decoded against.
var contractABIs = func() []*abi.ABI {
	var out []*abi.ABI
	for _, md := range []interface{ GetAbi() (*abi.ABI, error) }{
		binding.MasterVaultMetaData, binding.UCTVaultMetaData, binding.TestTokenMetaData,
	} {
		a, err := md.GetAbi()
		if err != nil {
			panic(fmt.Sprintf("chain: checked-in ABI does not parse: %v", err))
		}
		out = append(out, a)
	}
	return out
}()

// decodeRevert turns an error carrying revert data into a *RevertError;
// other errors are returned as they are.
func decodeRevert(err error) error {
	data, ok := ethclient.RevertErrorData(err)
	if !ok {
		return err
	}
	return revertOf(data)
}

// revertOf decodes revert data (a custom error's selector and arguments).
func revertOf(data []byte) error {
	if len(data) < 4 {
		return fmt.Errorf("%w without a reason", ErrReverted)
	}
	var id [4]byte
	copy(id[:], data[:4])
	for _, a := range contractABIs {
		e, err := a.ErrorByID(id)
		if err != nil {
			continue
		}
		args, err := e.Inputs.Unpack(data[4:])
		if err != nil {
			return fmt.Errorf("%w with %s (undecodable arguments)", ErrReverted, e.Name)
		}
		return &RevertError{Name: e.Name, Args: args, rule: revertSentinels[e.Name]}
	}
	return fmt.Errorf("%w with unknown error 0x%x", ErrReverted, data)
}
