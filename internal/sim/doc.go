// Package sim is unimargin's deterministic simulator, in the manner of
// TigerBeetle's VOPR: one seeded PRNG (math/rand/v2 PCG) drives honest and
// hostile accounts, venues, a custodian, the admin's market ticks and the
// operator's CLI through the real service — its HTTP handler called in
// process, the vault, ledger and lien rules, the SQLite store in a
// temporary directory, the re-margin workers — on a simulated clock, with
// faults injected: a crash at any call of a transaction (the process then
// restarts from its file), failed calls, torn writes, failed commits,
// replies lost after a commit, a full disk, a re-margin worker dying in
// the middle of its batch. After every step an auditor (auditor.go) reads
// the store and checks the invariants with its own model of what each
// actor was allowed to do; the hostile probes of issue 15 are scenarios of
// the generator (gen.go).
//
// Determinism: the generator never looks at outcomes, so a seed is always
// the same list of steps (Generate), and each step carries all it needs
// (request, key, body, faults). Running the steps again on a fresh store
// gives the same outcomes: the service's writes are made one at a time by
// the run, and its own goroutines only read. Time in the documents comes
// from the simulated clock, never the wall clock. A failing run is shrunk
// by dropping steps while the same invariant still breaks, and reported
// with the seed and that shortest trace (Violation); Runner.Replay runs a
// chosen subset of a seed's steps again.
//
// Faults are injected with the store's hook (store.Fault), armed for the
// step's write transaction; the store runs with sqlite.Options.NoSync,
// which keeps every commit through a process crash (the simulator's
// crashes are process crashes, not power losses). What the simulator does
// not model: a kill between the statements of the SQLite library itself
// (cmd/unimargin's kill -9 tests cover that), PostgreSQL, several service
// processes on one store.
package sim
