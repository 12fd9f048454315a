// Action: one step of a run, as data. A step carries everything it needs
// (request, key, body, fault), so a run is replayed by executing its
// actions again, and shrunk by executing a subset of them.
package sim

import (
	"fmt"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

// Kind is what a step does.
type Kind string

// The kinds of step. HTTP steps go through the service's handler with the
// actor's token; operator steps are what the CLI does (a venue's draws and
// their settlement, the admin's accrual: commands with no HTTP route).
const (
	KDeposit      Kind = "deposit"       // POST /v1/accounts/{id}/deposits
	KWithdraw     Kind = "withdraw"      // POST /v1/accounts/{id}/withdrawals
	KRedeem       Kind = "redeem"        // POST /v1/accounts/{id}/redeems
	KGrant        Kind = "grant"         // POST /v1/accounts/{id}/liens
	KRelease      Kind = "release"       // POST /v1/accounts/{id}/lien-releases (admin)
	KReleaseVenue Kind = "release-venue" // POST /v1/venues/{venue}/lien-releases
	KPortfolio    Kind = "portfolio"     // PUT /v1/accounts/{id}/portfolio
	KMarket       Kind = "market"        // PUT /v1/market
	KCaps         Kind = "caps"          // PUT /v1/deposit-caps
	KRead         Kind = "read"          // GET /v1/accounts/{id}
	KList         Kind = "list"          // GET /v1/accounts (admin), re-margined by the workers
	KVenueLiens   Kind = "venue-liens"   // GET /v1/venues/{venue}/liens
	KLiquidation  Kind = "liquidation"   // GET /v1/accounts/{id}/liquidation
	KDraw         Kind = "draw"          // CLI lien draw (venue)
	KSettle       Kind = "settle"        // CLI lien settle (venue)
	KAccrue       Kind = "accrue"        // CLI vault accrue (admin)
)

// moves reports whether an accepted step of kind k moves money.
func (k Kind) moves() bool {
	switch k {
	case KDeposit, KWithdraw, KRedeem, KGrant, KRelease, KReleaseVenue, KDraw, KSettle, KAccrue:
		return true
	}
	return false
}

// operator reports whether k runs as the CLI does (no HTTP route).
func (k Kind) operator() bool { return k == KDraw || k == KSettle || k == KAccrue }

// Action is one step.
type Action struct {
	Step  int           // its number in the generated run (kept when shrunk)
	At    time.Duration // the simulated clock when it runs, since epoch
	Actor Actor
	Kind  Kind
	// Probe names the hostile probe or the scenario this step plays (the
	// issue's list), "" for an ordinary step.
	Probe string

	// HTTP steps.
	Method, Path, Query, Key, Body string

	// What the step is about, for the auditor (as sent: an amount may be
	// malformed on purpose).
	Account, Venue, Asset, Amount, Reason string

	// Operator steps: the request id (a retry reuses it), the draw a
	// settlement settles and whether it posts it.
	OpID string
	Draw string
	Post bool

	// Faults of the step.
	Fault      store.FaultKind // struck in the step's write transaction (0: none)
	FaultAt    int             // the call (FaultCall) or write (FaultTorn) it strikes at
	Restart    bool            // the process dies and restarts after the step
	DiskFull   bool            // the disk is full while the step runs
	WorkerDies int             // > 0: a re-margin worker dies at read call WorkerDies−1 of its batch

	Retry int // > 0: the step whose request this repeats (same key, same body)

	// Note is what a document step stores, in a few words (the trace shows
	// it instead of the document).
	Note string
}

// scope is the idempotency scope of the step's key: the account, a venue
// (its own route), or the operator's request ids.
func (a *Action) scope() string {
	switch {
	case a.Kind.operator():
		return "cli"
	case a.Kind == KReleaseVenue:
		return "venue:" + a.Venue
	}
	return a.Account
}

// key is the idempotency key (the operator's request id); "" for none.
func (a *Action) key() string {
	if a.Kind.operator() {
		return a.OpID
	}
	return a.Key
}

// faultName is the kind of fault the step injects, as reported ("" none).
func (a *Action) faultName() string {
	switch {
	case a.WorkerDies > 0:
		return "worker-death"
	case a.DiskFull:
		return "disk-full"
	case a.Fault == store.FaultCall && a.Restart:
		return "crash"
	case a.Fault == store.FaultCall:
		return "io-error"
	case a.Fault == store.FaultTorn:
		return "torn-write"
	case a.Fault == store.FaultCommit:
		return "commit-failure"
	case a.Fault == store.FaultLostReply:
		return "lost-reply"
	case a.Restart:
		return "restart"
	}
	return ""
}

// String is the step as a trace line (without its outcome).
func (a *Action) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d +%s %s", a.Step, a.At.Round(time.Second), a.Actor)
	switch {
	case a.Kind == KDraw:
		fmt.Fprintf(&b, " lien draw --id %s --account %s --venue %s --asset %s --amount-usd %s",
			a.OpID, a.Account, a.Venue, a.Asset, a.Amount)
	case a.Kind == KSettle:
		fmt.Fprintf(&b, " lien settle --id %s --draw %s --post=%v", a.OpID, a.Draw, a.Post)
	case a.Kind == KAccrue:
		fmt.Fprintf(&b, " vault accrue --id %s --asset %s --amount %s", a.OpID, a.Asset, a.Amount)
	default:
		fmt.Fprintf(&b, " %s %s", a.Method, a.Path)
		if a.Query != "" {
			b.WriteString("?" + a.Query)
		}
		if a.Key != "" {
			fmt.Fprintf(&b, " key=%s", a.Key)
		}
		switch {
		case a.Note != "":
			b.WriteString(" " + a.Note)
		case a.Body != "":
			b.WriteString(" " + summarize(a.Body))
		}
	}
	if a.Probe != "" {
		fmt.Fprintf(&b, " [probe %s]", a.Probe)
	}
	if a.Retry > 0 {
		fmt.Fprintf(&b, " [retry of #%d]", a.Retry)
	}
	if f := a.faultName(); f != "" {
		fmt.Fprintf(&b, " [fault %s", f)
		if a.Fault == store.FaultCall || a.Fault == store.FaultTorn {
			fmt.Fprintf(&b, " at %d", a.FaultAt)
		}
		if a.WorkerDies > 0 {
			fmt.Fprintf(&b, " at read %d", a.WorkerDies-1)
		}
		b.WriteString("]")
	}
	return b.String()
}

// summarize shortens a long document for a trace line: its first 160
// bytes, whitespace collapsed.
func summarize(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if len(doc) > 160 {
		return doc[:160] + "…"
	}
	return doc
}
