// Package cluster re-margins many accounts after a market change: Local runs
// a goroutine pool in this process; JetStream (jetstream.go) spreads the
// same work over NATS JetStream to in-process or remote `unimargin worker`
// processes (Worker), with an embedded server (Embedded) by default. Both
// read accounts from the shared store and answer one Result per account, so
// the service cannot tell them apart.
//
// Invariants:
//   - Every call to Remargin calls each exactly once per entry of its
//     account list (a repeated id is answered once per repetition), never
//     concurrently, whatever JetStream redelivers.
//   - One margin path: Local and the workers both run marginBatch, whose
//     figures equal MarginAccount's (vault.State's unified margin).
//   - A worker publishes a batch's answer before it acknowledges the batch:
//     a worker that dies mid-batch leaves it to be redelivered, never lost.
//
// Figures in Result are USD (float64, as margin.Unified). Wall time enters
// here (batch timeouts, stall detection); cluster is an edge package like
// server and cmd.
package cluster
