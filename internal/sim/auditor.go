// The auditor (TigerBeetle's auditor.zig): after every step it reads the
// store and checks the invariants, with its own model of what each actor
// was allowed to do and which requests have been applied. It does not
// predict the service's answers (the margin rules are the code's); it
// checks their consequences: every change of the ledger is explained by
// the step's authorised, accepted move, and nothing else changed.
//
// Invariants (the names the report counts):
//   - debits-equal-credits: per asset, Σ debits = Σ credits, posted and
//     pending; no-negative-balance: no constrained account is overdrawn.
//   - vault-totals, vault-backs-claims: each vault's ledger accounts hold
//     its totals, and its assets ≥ the holders' claims (rounded down).
//   - liens-mirror, draws-backed: every lien is mirrored by the account's
//     lien total, every pending draw holds the shares it will take.
//   - lien-backed: after an account's collateral leaves or a lien grows,
//     Σ its liens ≤ its haircut collateral value.
//   - authority: a step of an actor not allowed to take it is refused and
//     moves nothing; no account's collateral moves without its authority
//     or its venue's lien (a draw while the account is liquidatable).
//   - explained-move: each changed ledger balance is one the step's kind
//     moves, on the step's accounts, in its direction; amounts are those
//     the answer states.
//   - applied-once: a request (idempotency key, CLI request id) moves money
//     at most once; a replay answers the first answer; an accepted move
//     moved money (no lost transfer).
//   - fault-atomicity: a transaction a fault struck changed nothing (a lost
//     reply excepted: it committed); no-swallowed-failure: no operation
//     carried on past a failed call; no-5xx-without-fault.
//   - caps: after an accepted deposit, mint or accrual, the vault and the
//     account are within the stored caps.
//   - held-assets-priced: an accepted market keeps every asset the stored
//     market priced and an account holds.
//   - account-reads: an account's reads answer (data the account controls
//     never makes them fail); list-once: the admin's list answers every
//     account once, and never one that is liquidatable as safe.
//   - probe-refused: each hostile probe is refused where the issue says so
//     (malformed amounts, bad markets, a huge self-deposit, dust of an
//     asset the stored market does not price); ambiguous-body and
//     numeric-query are the two probes whose fixes are not merged yet
//     (knownGaps).
//   - ledger-verify: vault.Verify (the journal replayed) every 16 steps and
//     at the end.
package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// knownGaps are invariants an open issue asks for whose fixes have not
// landed: a run counts their failures apart (Result.Gaps) unless
// Options.Strict, and stays green. Remove an entry when its fix lands.
// Empty since the strict bodies and bounded query parameters of issue 15
// landed (both were "ambiguous-body" and "numeric-query").
var knownGaps = map[string]string{}

// KnownGaps returns the known gaps: invariant → the issue item that will
// fix it.
func KnownGaps() map[string]string { return maps.Clone(knownGaps) }

// fullEvery is how often the journal is replayed (vault.Verify).
const fullEvery = 16

// snapshot is what the auditor reads of the store after a step.
type snapshot struct {
	accounts map[string]ledger.Account
	vaults   map[string]vault.Vault
	ids      []string // the service's accounts
	market   []byte   // the stored market (nil: none)
	caps     []byte   // the stored caps (nil: the defaults)
	books    map[string][]byte
}

// read reads the store: the books only when withBooks (a market step
// checks who holds what; a failed step that its documents are unchanged).
func read(ctx context.Context, db *store.DB, withBooks bool) (*snapshot, error) {
	s := &snapshot{accounts: map[string]ledger.Account{}, vaults: map[string]vault.Vault{}, books: map[string][]byte{}}
	err := db.View(ctx, func(tx vault.Tx) error {
		as, err := tx.LedgerAccounts("")
		if err != nil {
			return err
		}
		for _, a := range as {
			s.accounts[a.ID] = a
		}
		vs, err := tx.Vaults()
		if err != nil {
			return err
		}
		for _, v := range vs {
			s.vaults[v.Asset.Symbol] = v
		}
		if s.ids, err = tx.AccountIDs(); err != nil {
			return err
		}
		for _, id := range s.ids {
			if !withBooks {
				break
			}
			if doc, ok, err := tx.Portfolio(id); err != nil {
				return err
			} else if ok {
				s.books[id] = doc
			}
		}
		if doc, ok, err := tx.Market(); err != nil {
			return err
		} else if ok {
			s.market = doc
		}
		doc, ok, err := tx.Caps()
		if ok {
			s.caps = doc
		}
		return err
	})
	return s, err
}

// finding is a broken invariant.
type finding struct {
	invariant, message string
}

// auditor keeps the model and the counts.
type auditor struct {
	world  World
	strict bool
	checks map[string]int
	gaps   map[string]int
	// applied: scope\x00key → the step that moved money under it; first:
	// its first 2xx answer.
	applied map[string]int
	first   map[string][]byte
	// liquidatable: an account's state before a draw on it (pre).
	liquidatable map[string]bool
	book         []byte // the step's account's book before a portfolio step
	before       *snapshot
	steps        int
	found        *finding
}

func newAuditor(w World, strict bool) *auditor {
	return &auditor{world: w, strict: strict, checks: map[string]int{}, gaps: map[string]int{},
		applied: map[string]int{}, first: map[string][]byte{}, liquidatable: map[string]bool{}}
}

// check counts an invariant checked and records the first failure (a
// known gap is counted apart unless strict).
func (au *auditor) check(invariant string, ok bool, format string, args ...any) bool {
	au.checks[invariant]++
	if ok {
		return true
	}
	if _, gap := knownGaps[invariant]; gap && !au.strict {
		au.gaps[invariant]++
		return true
	}
	if au.found == nil {
		au.found = &finding{invariant: invariant, message: fmt.Sprintf(format, args...)}
	}
	return false
}

// allowed is the auditor's own statement of who may take a step (DESIGN.md:
// Collateral layer, Lien states, Service).
func (au *auditor) allowed(a *Action) bool {
	ac := a.Actor
	switch ac.Kind {
	case Forger:
		return false
	case Operator:
		// The CLI runs with the store's authority: for a venue (its draws
		// and their settlement, under the lien rules) or the admin.
		return (a.Kind == KDraw || a.Kind == KSettle) && ac.ID == a.Venue || a.Kind == KAccrue && ac.ID == ""
	}
	admin, own := ac.Kind == Admin, ac.Kind == Account && ac.ID == a.Account
	switch a.Kind {
	case KDeposit:
		return admin || ac.Kind == Custodian || own && au.world.SelfDeposit
	case KWithdraw, KRedeem, KGrant, KPortfolio, KRead, KLiquidation:
		return admin || own
	case KRelease, KMarket, KCaps, KList:
		return admin
	case KReleaseVenue, KVenueLiens:
		return admin || ac.Kind == Venue && ac.ID == a.Venue
	}
	return false
}

// pre runs before a step: what the auditor must know of the state before
// (an account's book before a portfolio step, its liquidation status
// before a draw on it).
func (au *auditor) pre(ctx context.Context, db *store.DB, a *Action) error {
	if a.Kind == KPortfolio {
		return db.View(ctx, func(tx vault.Tx) (err error) {
			au.book, _, err = tx.Portfolio(a.Account)
			return err
		})
	}
	if a.Kind != KDraw {
		return nil
	}
	return db.View(ctx, func(tx vault.Tx) error {
		st, err := stateOf(tx, a.Account)
		au.liquidatable[a.Account] = err != nil || st.Unified != nil && st.Unified.Liquidatable
		return nil
	})
}

// stateOf is vault.State under the stored risk parameters, as the service
// and the CLI read it.
func stateOf(tx vault.Tx, account string) (vault.AccountState, error) {
	cfg, err := vault.StoredConfig(tx)
	if err != nil {
		return vault.AccountState{}, err
	}
	return vault.State(tx, cfg, account)
}

// change is one ledger balance that moved.
type change struct {
	id, field string
	delta     *big.Int
}

func (c change) String() string { return fmt.Sprintf("%s.%s %+d", c.id, c.field, c.delta) }

func fields(a ledger.Account) [4]*big.Int {
	return [4]*big.Int{a.DebitsPosted.Big(), a.CreditsPosted.Big(), a.DebitsPending.Big(), a.CreditsPending.Big()}
}

var fieldNames = [4]string{"dp", "cp", "dq", "cq"}

// diff lists the balances that moved, by account id.
func diff(before, after map[string]ledger.Account) []change {
	var out []change
	for id, a := range after {
		f1 := fields(a)
		var f0 [4]*big.Int
		if b, ok := before[id]; ok {
			f0 = fields(b)
		}
		for i := range f1 {
			d := new(big.Int).Set(f1[i])
			if f0[i] != nil {
				d.Sub(d, f0[i])
			}
			if d.Sign() != 0 {
				out = append(out, change{id: id, field: fieldNames[i], delta: d})
			}
		}
	}
	for id, b := range before {
		if _, ok := after[id]; !ok {
			out = append(out, change{id: id, field: "gone", delta: fields(b)[0]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].id < out[j].id || out[i].id == out[j].id && out[i].field < out[j].field
	})
	return out
}

// permitted says whether an accepted step of a's kind may move balance c:
// its accounts, its fields, its direction (sign).
func permitted(a *Action, c change) bool {
	A, V := a.Account, a.Venue
	assetOK := func(sym string) bool { return sym == a.Asset || a.Probe == "ambiguous-body" }
	shareAsset := func(prefix string) (string, bool) {
		rest, ok := strings.CutPrefix(c.id, prefix)
		if !ok || !strings.HasPrefix(rest, "uct") {
			return "", false
		}
		return strings.TrimPrefix(rest, "uct"), true
	}
	up, down := c.delta.Sign() > 0, c.delta.Sign() < 0
	want := func(field string, sign bool) bool { return c.field == field && sign }
	switch a.Kind {
	case KDeposit, KWithdraw, KRedeem:
		in := a.Kind == KDeposit
		in2 := map[bool][2]string{true: {"dp", "cp"}, false: {"cp", "dp"}}[in] // vault side, holder side
		if sym, ok := shareAsset("shares:" + A + ":"); ok && assetOK(sym) {
			return want(in2[1], up)
		}
		if sym, ok := strings.CutPrefix(c.id, "supply:uct"); ok && assetOK(sym) {
			return want(in2[0], up)
		}
		if sym, ok := strings.CutPrefix(c.id, "vault:"); ok && assetOK(sym) {
			return want(in2[0], up)
		}
		if sym, ok := strings.CutPrefix(c.id, "external:"); ok && assetOK(sym) {
			return want(in2[1], up)
		}
	case KAccrue:
		switch c.id {
		case "vault:" + a.Asset:
			return want("dp", up)
		case "yield:" + a.Asset:
			return want("cp", up)
		}
	case KGrant:
		switch c.id {
		case "lien:" + A + ":" + V:
			return want("cp", up)
		case "liens:" + A:
			return want("dp", up)
		}
	case KRelease, KReleaseVenue:
		switch c.id {
		case "lien:" + A + ":" + V:
			return want("dp", up)
		case "liens:" + A:
			return want("cp", up)
		}
	case KDraw, KSettle:
		debit := c.id == "lien:"+A+":"+V || c.id == "shares:"+A+":uct"+a.Asset
		credit := c.id == "liens:"+A || c.id == "venue:"+V+":uct"+a.Asset
		if !debit && !credit {
			return false
		}
		posted, pending := "dp", "dq"
		if credit {
			posted, pending = "cp", "cq"
		}
		switch {
		case a.Kind == KDraw:
			return want(pending, up)
		case a.Post:
			return want(pending, down) || want(posted, up)
		default:
			return want(pending, down)
		}
	}
	return false
}

// audit checks one step; it returns the first broken invariant.
func (au *auditor) audit(ctx context.Context, db *store.DB, a *Action, out Outcome, final bool) (*finding, error) {
	before := au.before
	after, err := read(ctx, db, au.needBooks(a))
	if err != nil {
		return nil, err
	}
	au.before = after
	au.steps++
	au.answers(a, out)
	changes := diff(before.accounts, after.accounts)
	au.moves(a, out, changes, after)
	au.structure(after)
	au.documents(a, out, before, after)
	if err := au.rules(ctx, db, a, out, changes, before, after); err != nil {
		return nil, err
	}
	if au.steps%fullEvery == 0 || final {
		err := db.View(ctx, func(tx vault.Tx) error { return vault.Verify(tx) })
		au.check("ledger-verify", err == nil, "vault.Verify: %v", err)
	}
	return au.found, nil
}

// needBooks says whether the step's audit reads the stored books: after a
// market (who holds what) or a portfolio step.
func (au *auditor) needBooks(a *Action) bool { return a.Kind == KMarket || a.Kind == KPortfolio }

// answers: statuses and bodies, whatever the step moved.
func (au *auditor) answers(a *Action, out Outcome) {
	au.check("no-5xx-without-fault", out.Status < 500 || out.Fired || a.DiskFull,
		"answered %s with no fault struck: %.300s", out, out.Body)
	au.check("no-swallowed-failure", !out.Swallowed, "an injected failure was swallowed and its transaction committed")
	if !a.Kind.operator() && out.Status >= 400 {
		name := "errors-are-problems"
		if a.Probe == "nan-query" {
			name = "numeric-query" // the issue's own symptom: "error marshaling response"
		}
		au.check(name, out.Problem && out.Code != "", "%d answered without a problem+json code: %.200s", out.Status, out.Body)
	}
	ok := out.Status < 300
	if !au.allowed(a) {
		au.check("authority", !ok, "%s may not take this step, yet it was answered %s", a.Actor, out)
	}
	switch a.Probe {
	case "nan-amount":
		au.check("probe-refused", !ok, "a malformed amount %q was accepted", a.Amount)
	case "market-nan", "market-stale":
		au.check("probe-refused", !ok, "a bad market (%s) was accepted", a.Probe)
	case "ambiguous-body":
		au.check("ambiguous-body", !ok || out.Replayed || !au.allowed(a), "an ambiguous money body %s was accepted: %.200s", a.Body, out.Body)
	case "nan-query":
		au.check("numeric-query", out.Status >= 400 && out.Status < 500 || !au.allowed(a),
			"GET …?%s answered %s", a.Query, out)
	}
}

// moves: the ledger's changes against the step.
func (au *auditor) moves(a *Action, out Outcome, changes []change, after *snapshot) {
	key := a.scope() + "\x00" + a.key()
	applied, seen := au.applied[key]
	if len(changes) == 0 {
		if out.Status < 300 && a.Kind.moves() && !out.Replayed {
			au.check("applied-once", false, "accepted (%s), yet nothing moved: a lost transfer", out)
		}
		if out.Status < 300 && out.Replayed {
			au.check("applied-once", seen, "answered as a replay of a request that never moved money")
			if f, ok := au.first[key]; ok {
				au.check("applied-once", sameJSON(f, out.Body), "the replay answered %s, the first answer was %s", out.Body, f)
			} else {
				au.first[key] = out.Body // the first answer was lost with its reply
			}
		}
		return
	}
	au.check("authority", au.allowed(a), "%s moved %s without authority", a.Actor, changes[0])
	au.check("fault-atomicity", !out.Fired || a.Fault == store.FaultLostReply,
		"a transaction struck by a %s fault changed %s", a.faultName(), changes[0])
	for _, c := range changes {
		if !au.check("explained-move", permitted(a, c), "%s is not a move of this step", c) {
			return
		}
	}
	au.check("applied-once", !seen, "moved %s under key %q, already applied at step #%d", changes[0], a.key(), applied)
	au.applied[key] = a.Step
	if out.Status < 300 {
		au.first[key] = out.Body
	}
	if a.Kind == KDraw {
		au.check("authority", au.liquidatable[a.Account], "venue %s drew on %s, which was not liquidatable", a.Venue, a.Account)
	}
	if out.Status < 300 && !out.Replayed {
		au.amounts(a, out, changes, after)
	}
}

// amounts: an accepted move's answer states the amounts that moved.
func (au *auditor) amounts(a *Action, out Outcome, changes []change, after *snapshot) {
	delta := func(id, field string) *big.Int {
		for _, c := range changes {
			if c.id == id && c.field == field {
				return c.delta
			}
		}
		return new(big.Int)
	}
	switch a.Kind {
	case KDeposit, KWithdraw, KRedeem:
		var m vault.Movement
		if err := json.Unmarshal(out.Body, &m); err != nil {
			au.check("explained-move", false, "answer %s: %v", out.Body, err)
			return
		}
		v := after.vaults[m.Asset]
		holder, side := "cp", "dp"
		if a.Kind != KDeposit {
			holder, side = "dp", "cp"
		}
		shares, assets := delta("shares:"+a.Account+":uct"+m.Asset, holder), delta("vault:"+m.Asset, side)
		au.check("explained-move", shares.Cmp(units(m.Shares, v.ShareDecimals())) == 0 &&
			assets.Cmp(units(m.Assets, v.Asset.Decimals)) == 0,
			"the answer states %s %s for %s shares, the ledger moved %s base units for %s share units (%v)",
			m.Assets, m.Asset, m.Shares, assets, shares, changes)
	case KDraw:
		var d vault.Draw
		_ = json.Unmarshal(out.Body, &d)
		v := after.vaults[a.Asset]
		lien, shares := delta("lien:"+a.Account+":"+a.Venue, "dq"), delta("shares:"+a.Account+":uct"+a.Asset, "dq")
		au.check("explained-move", lien.Cmp(units(d.AmountUSD, vault.LienDecimals)) == 0 && shares.Cmp(units(d.Shares, v.ShareDecimals())) == 0,
			"the draw states %s USD for %s shares, the ledger holds %s and %s pending", d.AmountUSD, d.Shares, lien, shares)
	case KGrant, KRelease, KReleaseVenue:
		var l vault.LienChange
		_ = json.Unmarshal(out.Body, &l)
		field := "cp"
		if a.Kind != KGrant {
			field = "dp"
		}
		au.check("explained-move", delta("lien:"+a.Account+":"+a.Venue, field).Cmp(units(l.AmountUSD, vault.LienDecimals)) == 0,
			"the answer states %s USD, the lien moved %s", l.AmountUSD, delta("lien:"+a.Account+":"+a.Venue, field))
	}
}

// units reads a whole-unit decimal string of an answer into base units
// (money's parser stops at 18 decimals; shares carry up to 24); -1 when
// it is not an exact number of base units.
func units(text string, decimals uint8) *big.Int {
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return big.NewInt(-1)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)))
	if !r.IsInt() {
		return big.NewInt(-1)
	}
	return r.Num()
}

// structure: the ledger's and the vaults' own invariants, on every step.
func (au *auditor) structure(s *snapshot) {
	type sums struct{ d, c, dq, cq *big.Int }
	per := map[string]*sums{}
	ids := make([]string, 0, len(s.accounts))
	for id := range s.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	lienSum := map[string][2]*big.Int{} // account → Σ posted net, Σ pending of its venue liens
	drawShares, venuePending := map[string]bool{}, map[string]bool{}
	for _, id := range ids {
		a := s.accounts[id]
		f := fields(a)
		x := per[a.Asset]
		if x == nil {
			x = &sums{new(big.Int), new(big.Int), new(big.Int), new(big.Int)}
			per[a.Asset] = x
		}
		x.d.Add(x.d, f[0])
		x.c.Add(x.c, f[1])
		x.dq.Add(x.dq, f[2])
		x.cq.Add(x.cq, f[3])
		switch {
		case a.Flags&ledger.DebitsMustNotExceedCredits != 0:
			au.check("no-negative-balance", new(big.Int).Add(f[0], f[2]).Cmp(f[1]) <= 0, "%s is overdrawn", id)
		case a.Flags&ledger.CreditsMustNotExceedDebits != 0:
			au.check("no-negative-balance", new(big.Int).Add(f[1], f[3]).Cmp(f[0]) <= 0, "%s is overdrawn", id)
		}
		if rest, ok := strings.CutPrefix(id, "lien:"); ok {
			acct, _, _ := strings.Cut(rest, ":")
			p := lienSum[acct]
			if p[0] == nil {
				p = [2]*big.Int{new(big.Int), new(big.Int)}
			}
			p[0].Add(p[0], new(big.Int).Sub(f[1], f[0]))
			p[1].Add(p[1], f[2])
			lienSum[acct] = p
		}
		if rest, ok := strings.CutPrefix(id, "shares:"); ok && f[2].Sign() > 0 {
			acct, _, _ := strings.Cut(rest, ":")
			drawShares[acct] = true
		}
		if rest, ok := strings.CutPrefix(id, "venue:"); ok && f[3].Sign() > 0 {
			v, _, _ := strings.Cut(rest, ":")
			venuePending[v] = true
		}
	}
	assets := make([]string, 0, len(per))
	for a := range per {
		assets = append(assets, a)
	}
	sort.Strings(assets)
	for _, asset := range assets {
		x := per[asset]
		au.check("debits-equal-credits", x.d.Cmp(x.c) == 0 && x.dq.Cmp(x.cq) == 0,
			"%s: debits %s ≠ credits %s (pending %s, %s)", asset, x.d, x.c, x.dq, x.cq)
	}
	au.liens(s, lienSum, drawShares, venuePending)
	au.vaults(s)
}

func (au *auditor) liens(s *snapshot, lienSum map[string][2]*big.Int, drawShares, venuePending map[string]bool) {
	accts := make([]string, 0, len(lienSum))
	for a := range lienSum {
		accts = append(accts, a)
	}
	sort.Strings(accts)
	pendingVenues := map[string]bool{}
	for _, acct := range accts {
		p := lienSum[acct]
		m := fields(s.accounts["liens:"+acct])
		au.check("liens-mirror", new(big.Int).Sub(m[0], m[1]).Cmp(p[0]) == 0 && m[3].Cmp(p[1]) == 0,
			"liens:%s holds %s (pending %s), its venue liens %s (pending %s)", acct, new(big.Int).Sub(m[0], m[1]), m[3], p[0], p[1])
		au.check("draws-backed", (p[1].Sign() > 0) == drawShares[acct],
			"%s: pending draws on its liens %s, shares held for them %v", acct, p[1], drawShares[acct])
		for id, a := range s.accounts {
			if v, ok := strings.CutPrefix(id, "lien:"+acct+":"); ok && a.DebitsPending.Big().Sign() > 0 {
				pendingVenues[v] = true
			}
		}
	}
	for _, v := range venues {
		au.check("draws-backed", pendingVenues[v] == venuePending[v], "venue %s: pending draws %v, shares pending to it %v",
			v, pendingVenues[v], venuePending[v])
	}
}

// claim is convertToAssets restated: shares·(A+1)/(S+10^offset), down.
func claim(v vault.Vault, shares *big.Int) *big.Int {
	num := new(big.Int).Mul(shares, new(big.Int).Add(v.TotalAssets.Big(), big.NewInt(1)))
	den := new(big.Int).Add(v.TotalShares.Big(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(v.Offset)), nil))
	return num.Quo(num, den)
}

func (au *auditor) vaults(s *snapshot) {
	syms := make([]string, 0, len(s.vaults))
	for sym := range s.vaults {
		syms = append(syms, sym)
	}
	sort.Strings(syms)
	for _, sym := range syms {
		v := s.vaults[sym]
		share := v.ShareSymbol()
		va, sa := fields(s.accounts["vault:"+sym]), fields(s.accounts["supply:"+share])
		au.check("vault-totals", new(big.Int).Sub(va[0], va[1]).Cmp(v.TotalAssets.Big()) == 0 &&
			new(big.Int).Sub(sa[0], sa[1]).Cmp(v.TotalShares.Big()) == 0,
			"vault %s: its accounts hold %s assets and %s shares, its totals say %s and %s", sym,
			new(big.Int).Sub(va[0], va[1]), new(big.Int).Sub(sa[0], sa[1]), v.TotalAssets.Big(), v.TotalShares.Big())
		held, claims := new(big.Int), new(big.Int)
		for id, a := range s.accounts {
			if a.Asset != share || id == "supply:"+share {
				continue
			}
			n := new(big.Int).Sub(a.CreditsPosted.Big(), a.DebitsPosted.Big())
			held.Add(held, n)
			claims.Add(claims, claim(v, n))
		}
		au.check("vault-totals", held.Cmp(v.TotalShares.Big()) == 0, "vault %s: holders hold %s shares of %s", sym, held, v.TotalShares.Big())
		au.check("vault-backs-claims", claims.Cmp(v.TotalAssets.Big()) <= 0,
			"vault %s: the holders' claims %s exceed its assets %s", sym, claims, v.TotalAssets.Big())
	}
}

// documents: a step that failed left the stored documents as they were.
func (au *auditor) documents(a *Action, out Outcome, before, after *snapshot) {
	if !out.Fired || a.Fault == store.FaultLostReply {
		return
	}
	same := string(before.market) == string(after.market) && string(before.caps) == string(after.caps)
	if a.Kind == KPortfolio {
		same = same && string(au.book) == string(after.books[a.Account])
	}
	au.check("fault-atomicity", same, "a transaction struck by a %s fault changed a stored document", a.faultName())
}

func sameJSON(x, y []byte) bool {
	var a, b any
	if json.Unmarshal(x, &a) != nil || json.Unmarshal(y, &b) != nil {
		return string(x) == string(y)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// holders lists the accounts holding asset: vault shares, or a stored book
// naming it.
func holders(s *snapshot, asset string) []string {
	seen := map[string]bool{}
	for id, a := range s.accounts {
		rest, ok := strings.CutPrefix(id, "shares:")
		if !ok || a.Asset != "uct"+asset || a.CreditBalance().IsZero() {
			continue
		}
		acct, _, _ := strings.Cut(rest, ":")
		seen[acct] = true
	}
	for id, doc := range s.books {
		if p, err := portfolio.Parse(doc); err == nil && bookNames(p, asset) {
			seen[id] = true
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func bookNames(p *portfolio.Portfolio, asset string) bool {
	for _, v := range p.Venues {
		for _, c := range v.Collateral {
			if c.Asset == asset {
				return true
			}
		}
		for _, pos := range v.Positions {
			if pos.Asset == asset || pos.Underlying == asset {
				return true
			}
		}
	}
	return false
}

// pricedBy lists the assets a stored market prices (none when absent or
// unreadable).
func pricedBy(doc []byte) map[string]bool {
	out := map[string]bool{}
	if doc == nil {
		return out
	}
	m, err := market.Load(doc, market.Options{AllowStale: true})
	if err != nil {
		return out
	}
	for sym := range m.Assets {
		out[sym] = true
	}
	return out
}

// capLimit is the cap (base units) on a vault (i 0) or an account (i 1) of
// asset under the caps document and market of s; ok is false when the
// asset has no cap to check against (the market does not price it).
func capLimit(s *snapshot, v vault.Vault, i int) (*big.Int, bool) {
	doc := s.caps
	if doc == nil {
		doc = vault.DefaultCapsJSON()
	}
	c, err := vault.ParseCaps(doc)
	if err != nil {
		return nil, false
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(v.Asset.Decimals)), nil)
	whole := func(d *money.Decimal) (*big.Int, bool) {
		r := new(big.Rat).Mul(d.Rat(), new(big.Rat).SetInt(scale))
		return new(big.Int).Quo(r.Num(), r.Denom()), true
	}
	if ac, ok := c.Assets[v.Asset.Symbol]; ok {
		if d := [2]*money.Decimal{ac.Vault, ac.Account}[i]; d != nil {
			return whole(d)
		}
	}
	if s.market == nil {
		return whole([2]*money.Decimal{c.Unpriced.Vault, c.Unpriced.Account}[i])
	}
	m, err := market.Load(s.market, market.Options{AllowStale: true})
	if err != nil || m.Asset(v.Asset.Symbol) == nil {
		return nil, false
	}
	usd := [2]money.Decimal{c.VaultUSD, c.AccountUSD}[i]
	r := new(big.Rat).Quo(usd.Rat(), m.Asset(v.Asset.Symbol).PriceExact.Rat())
	r.Mul(r, new(big.Rat).SetInt(scale))
	return new(big.Int).Quo(r.Num(), r.Denom()), true
}

// rules: the collateral layer's rules, checked on the step's consequences.
func (au *auditor) rules(ctx context.Context, db *store.DB, a *Action, out Outcome, changes []change, before, after *snapshot) error {
	ok := out.Status < 300
	moved := len(changes) > 0
	switch a.Kind {
	case KWithdraw, KRedeem, KGrant:
		if moved {
			return au.backed(ctx, db, a.Account)
		}
	case KDeposit, KAccrue:
		if moved && !out.Replayed {
			au.caps(a, after)
		}
		if a.Probe == "unpriced-dust" && before.market != nil {
			au.check("probe-refused", !moved, "%s dust was credited though the stored market does not price it", a.Asset)
		}
		if a.Probe == "huge-self-deposit" {
			au.check("probe-refused", !moved, "a deposit of %s %s was credited", a.Amount, a.Asset)
		}
	case KMarket:
		if ok && !out.Replayed {
			au.market(before, after)
		}
	case KPortfolio:
		if a.Probe == "unpriced-book" && before.market != nil {
			au.check("probe-refused", !ok, "a book with a debt in %s, which the stored market does not price, was stored", a.Asset)
		}
	case KRead:
		if au.allowed(a) && !out.Fired && slices.Contains(before.ids, a.Account) {
			st := out.Status == 200 || isHostile(a.Account) && out.Code == "margin_uncomputable"
			au.check("account-reads", st, "GET %s answered %s: %.300s", a.Path, out, out.Body)
		}
	case KList:
		if out.Status == 200 {
			return au.list(ctx, db, out, after)
		}
		au.check("account-reads", out.Fired, "the account list answered %s: %.300s", out, out.Body)
	case KVenueLiens:
		if out.Status == 200 {
			au.venueLiens(a, out, after)
		}
	}
	return nil
}

// backed: after collateral left an account or its lien grew, Σ its liens ≤
// its haircut collateral value (read back through vault.State).
func (au *auditor) backed(ctx context.Context, db *store.DB, acct string) error {
	return db.View(ctx, func(tx vault.Tx) error {
		st, err := stateOf(tx, acct)
		if err != nil || st.CollateralValue == nil {
			au.check("lien-backed", st.LiensUSD == "" || st.LiensUSD == "0", "%s moved collateral or a lien with its margin not computable: %v", acct, err)
			return nil
		}
		liens, err := ledger.ParseUnits(st.LiensUSD, vault.LienDecimals)
		if err != nil { // "0" is refused by ParseUnits: no liens
			return nil
		}
		cv, err := money.FromFloatFloor(*st.CollateralValue, vault.LienDecimals)
		au.check("lien-backed", err == nil && liens.Cmp(cv) <= 0, "%s: liens %s USD > haircut collateral %v USD", acct, st.LiensUSD, *st.CollateralValue)
		return nil
	})
}

// caps: after a deposit, mint or accrual, the vault and the step's account
// are within the stored caps.
func (au *auditor) caps(a *Action, after *snapshot) {
	for sym, v := range after.vaults {
		if sym != a.Asset && a.Probe != "ambiguous-body" {
			continue
		}
		if lim, ok := capLimit(after, v, 0); ok {
			au.check("caps", v.TotalAssets.Big().Cmp(lim) <= 0, "vault %s holds %s, above its cap %s", sym, v.TotalAssets.Big(), lim)
		}
		if a.Kind != KDeposit {
			continue
		}
		if lim, ok := capLimit(after, v, 1); ok {
			sh := after.accounts["shares:"+a.Account+":"+v.ShareSymbol()]
			c := claim(v, sh.CreditBalance().Big())
			au.check("caps", c.Cmp(lim) <= 0, "%s holds %s of vault %s, above its cap %s", a.Account, c, sym, lim)
		}
	}
}

// market: an accepted market keeps every asset the previous one priced
// and an account holds.
func (au *auditor) market(before, after *snapshot) {
	was, now := pricedBy(before.market), pricedBy(after.market)
	syms := make([]string, 0, len(was))
	for s := range was {
		syms = append(syms, s)
	}
	sort.Strings(syms)
	for _, sym := range syms {
		if now[sym] {
			continue
		}
		hs := holders(after, sym)
		au.check("held-assets-priced", len(hs) == 0, "the new market drops %s, which %v hold", sym, hs)
	}
}

// list: the admin's list answers every account once, each with the
// liquidation status vault.State gives it (margin_error only as
// liquidatable).
func (au *auditor) list(ctx context.Context, db *store.DB, out Outcome, after *snapshot) error {
	var l struct {
		Accounts []struct {
			ID           string `json:"id"`
			Status       string `json:"status"`
			Liquidatable bool   `json:"liquidatable"`
		} `json:"accounts"`
	}
	if err := json.Unmarshal(out.Body, &l); err != nil {
		au.check("list-once", false, "the list does not decode: %v", err)
		return nil
	}
	got := make([]string, len(l.Accounts))
	for i, e := range l.Accounts {
		got[i] = e.ID
	}
	au.check("list-once", strings.Join(got, ",") == strings.Join(after.ids, ","), "the list names %v, the store holds %v", got, after.ids)
	return db.View(ctx, func(tx vault.Tx) error {
		for _, e := range l.Accounts {
			st, err := stateOf(tx, e.ID)
			switch {
			case e.Status == "margin_error":
				au.check("list-once", e.Liquidatable, "%s is listed margin_error and not liquidatable", e.ID)
				au.check("account-reads", isHostile(e.ID) || err != nil, "%s (honest) could not be margined: the list says margin_error, State %v", e.ID, err)
			case err != nil:
				au.check("list-once", false, "%s is listed %s, but State fails: %v", e.ID, e.Status, err)
			case st.Unified != nil:
				au.check("list-once", e.Liquidatable == st.Unified.Liquidatable, "%s is listed liquidatable=%v, State says %v",
					e.ID, e.Liquidatable, st.Unified.Liquidatable)
			}
		}
		return nil
	})
}

// venueLiens: a venue's list of its liens is the ledger's.
func (au *auditor) venueLiens(a *Action, out Outcome, after *snapshot) {
	var vl vault.VenueLiens
	if err := json.Unmarshal(out.Body, &vl); err != nil {
		au.check("liens-mirror", false, "venue liens do not decode: %v", err)
		return
	}
	listed := map[string]string{}
	for _, l := range vl.Liens {
		listed[l.Account] = l.AmountUSD
	}
	for _, acct := range after.ids {
		l := after.accounts["lien:"+acct+":"+a.Venue]
		want := l.CreditBalance()
		got, ok := listed[acct]
		if !ok {
			au.check("liens-mirror", want.IsZero(), "venue %s's list omits %s's lien of %s", a.Venue, acct, want.Units(vault.LienDecimals))
			continue
		}
		au.check("liens-mirror", got == want.Units(vault.LienDecimals), "venue %s lists %s's lien as %s, the ledger holds %s",
			a.Venue, acct, got, want.Units(vault.LienDecimals))
	}
}
