// Package govern governs the risk parameters (DESIGN.md "Governance"):
// every parameter set — the unified risk parameters and the venue
// parameter overrides — is a numbered, content-hashed version; a change is
// a proposal (a diff against the effective version, with a rationale),
// checked against bounds before anyone votes (absolute limits, a largest
// change per proposal, a minimum time since the parameter last changed),
// given an impact preview (every stored account re-margined under both
// versions, and the cascade simulator on a standard shock), decided by
// m-of-n signers or token-weighted votes (ed25519-signed messages with
// nonces, expiries and replay protection), held by a timelock, and then
// executed — or cancelled during the timelock. Changes stricter for users
// arrive by a ramp (linear to target over a stated period) or by
// configuration keys (existing positions keep their version until a
// risk-increasing action). A guardian may only make things stricter at
// once (tighten within bounds, pause new risk); its actions expire unless
// a proposal ratifies them. Every act is appended to a hash-chained audit
// log (Verify).
//
// Invariants: versions are numbered 1, 2, … without gaps and each record's
// document matches its hash; the effective version is the newest one
// except a guardian's that expired unratified; every refusal is a
// *Refusal naming the request's field and leaves the store unchanged (the
// caller's transaction rolls back on any error); the audit log verifies.
//
// Time is the caller's: every function takes now (the server's and the
// CLI's clock; tests pass their own), so a run is reproducible. Parameter
// values are float64, as margin.RiskParams keeps them.
package govern
