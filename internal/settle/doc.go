// Package settle is cross-chain settlement of the collateral layer
// (DESIGN.md "Settlement"): an account's vault shares move between chains
// over bridges, as data (data/chains.json: each chain's finality and reorg
// depth, each bridge's routes, delay distribution, reference haircut,
// limits and failure modes, every figure with its source).
//
// A move is two-phase on the ledger: a pending transfer from the source
// holding into a transit account (debited from the source's available
// shares, not yet credited anywhere), posted on to the destination holding
// only once the source chain's finality has passed and enough independent
// relayers attest it, voided when a relayer reports a reorg before
// finality or a failed delivery, or when the move times out. Moves and
// relay messages have client ids (the same id and body answers as before,
// another body is refused), relayers attest an event once, messages
// expire. While in flight, the unified margin counts the shares on no
// chain at the bridge's governed haircut (vault/located.go), venues see
// them nowhere, and nothing is counted twice.
//
// Invariants (checked after every step of the deterministic simulator,
// sim.go and audit.go): moves neither create nor destroy shares; each
// reserved share is pending into transit exactly once and counted once;
// claims across chains never exceed the vault's shares; a move posts only
// on a source transaction that is final and still on its chain.
//
// Time is the caller's (every function takes now); the simulator's clock
// and its math/rand/v2 PCG seeded per schedule make runs reproducible.
// Shares and assets are integer base units (money.Amount); USD values of
// limits are exact rationals, figures reported are float64.
package settle
