// Package scenario builds the unified model's scenario set: joint moves of
// risk factors (spot returns per asset and a vol direction) over which every
// position and collateral entry of an account is revalued together.
//
// Risk factors are root assets (no backed_by). A wrapper moves with its
// backing assets' returns weighted by their value share (recursively), plus
// its own depeg scenario. The default set (DESIGN.md, "Unified defaults"):
//
//   - grid: each risk asset alone through 2n+1 spot steps ±range (n = 4,
//     including 0), each with vol up, unchanged and down;
//   - joint: all risk assets together in the same direction, each by its own
//     range, × the 3 vol columns (only with at least two risk assets: with
//     one it would repeat the grid);
//   - depeg: each stablecoin (class stable, root) and each wrapper −5% alone;
//   - tail: −66%, −33%, +50%, +100%, +200% with vol up, each risk asset alone
//     and all together, counted at a fraction 0.036/|move|;
//   - correlated: each risk asset with a market correlation to another by its
//     range down and up, the correlated assets by ρ times their own range;
//   - historical: crash episodes named by date, measured from market data
//     (2021–2022) or from documented moves with their sources (2020-03-12,
//     2025-10-10).
//
// The last two are stress families: always listed, in the requirement only
// when the risk params enable them ("scenarios": {"historical": true}).
//
// The order of scenarios is fixed (grid by asset, joint, depeg, tail, tail
// joint, correlated, historical; steps from down to up; vol up, none, down),
// so the first worst scenario is a deterministic choice.
//
// Units: returns and moves are relative (−0.16 = −16%); vols annualised;
// fractions multiply a scenario's profit and loss.
//
// Layout for speed: a Set stores, per asset, the scenarios that move it
// (Move lists sorted by scenario). A pricer visits only those, so a position
// is revalued only where its underlying moves.
package scenario
