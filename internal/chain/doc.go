// Package chain is the on-chain UCT layer (DESIGN.md, Collateral layer):
// the Solidity master vault, lien manager and margin-attestation verifier
// of contracts/ (bytecode and bindings checked in under binding/), run on
// go-ethereum's simulated backend (a real EVM in process) or on a chain
// over JSON-RPC, with the Go engine as the risk brain: it signs each
// account's unified margin as an EIP-712 attestation, and the contracts act
// on fresh, correctly signed attestations only.
//
// It is the only package that imports go-ethereum (internal/lint); what
// cmd/ needs crosses the boundary as plain values (Address is an alias, so
// callers need no go-ethereum import).
//
// Units: vault assets and shares are integer base units (money.Amount, the
// asset's decimals; shares carry 6 more, vault.DecimalsOffset). USD figures
// of attestations and liens are integer base units of 10^-18 USD
// (vault.LienDecimals); requirements round up and collateral and equity
// round down when floats become these amounts (FiguresOf), so the contracts
// see conservative figures.
//
// Refusals of the contracts come back as *RevertError, which wraps the
// sentinel of the rule it enforces: the vault package's own
// (vault.ErrZeroShares, vault.ErrExceedsLien, vault.ErrNotLiquidatable, …)
// where the rule is the Go engine's, and this package's for the rules that
// exist only on-chain (ErrStale, ErrReplayed, ErrUnknownSigner, …).
package chain
