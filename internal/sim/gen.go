// The generator: one seeded PRNG (math/rand/v2 PCG) decides the world and
// every step — who acts, what they send, which faults strike, how far the
// clock moves. It never looks at outcomes, so a seed always generates the
// same run, and the run's actions replay without it.
package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

// World is what a seed decides before the first step.
type World struct {
	Seed uint64
	// SelfDeposit: the service lets an account token deposit into its own
	// account (serve --demo, --allow-self-deposit).
	SelfDeposit bool
	// TightCaps: the caps document the admin stores first is tight enough
	// that ordinary deposits meet it.
	TightCaps bool
}

func (w World) String() string {
	return fmt.Sprintf("seed %d: self-deposit %v, tight caps %v", w.Seed, w.SelfDeposit, w.TightCaps)
}

type gen struct {
	r     *rand.Rand
	w     World
	steps []*Action
	at    time.Duration
	px    prices
	// moves are the money moves sent so far (retries repeat them); draws
	// the operator's draw ids (settlements name them).
	moves []*Action
	draws []*Action
	// liens are the (account, venue) pairs the run granted liens on, so
	// that venues draw on and release liens that may exist; queue holds
	// the rest of a scenario under way.
	liens [][2]string
	queue []*Action
	keys  int // idempotency keys and request ids handed out
	full  int // steps of a full disk still to come
}

// newRand is the run's one PRNG.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// Generate returns the seed's world and its steps (at least a prologue:
// the caps, the market, the first deposits).
func Generate(seed uint64, steps int) (World, []*Action) {
	r := newRand(seed)
	g := &gen{r: r, w: World{Seed: seed, SelfDeposit: r.IntN(2) == 0, TightCaps: r.IntN(3) == 0}, px: startPrices()}
	// A fifth of the runs store the market only after a few deposits, so
	// that built-in assets no market prices can be held (unpriced dust).
	late := 0
	if r.IntN(5) == 0 {
		late = 2 + r.IntN(4)
	}
	g.add(&Action{Actor: Actor{Kind: Admin}, Kind: KCaps, Method: "PUT", Path: "/v1/deposit-caps",
		Body: capsDoc(g.w.TightCaps), Note: fmt.Sprintf("caps (tight %v)", g.w.TightCaps)})
	if late == 0 {
		g.add(g.market(""))
	}
	for _, a := range allAccounts() {
		g.add(g.deposit(Actor{Kind: Custodian}, a, g.pick("WETH", "USDC"), g.pick("5", "10", "20000", "50000")))
	}
	for len(g.steps) < steps {
		if late > 0 && len(g.steps) >= late+len(allAccounts()) {
			g.add(g.market(""))
			late = 0
			continue
		}
		g.add(g.next())
	}
	return g.w, g.steps
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func pickOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// add numbers the step, moves the clock, decides its faults and keeps it.
func (g *gen) add(a *Action) {
	a.Step = len(g.steps) + 1
	g.at += time.Duration(1+g.r.IntN(600)) * time.Second
	a.At = g.at
	g.faults(a)
	if a.Kind.moves() && a.Retry == 0 {
		g.moves = append(g.moves, a)
	}
	g.steps = append(g.steps, a)
}

// faults decides a step's faults: a full disk for a few steps now and
// then, a fault in about one write in nine, a dying worker in half the
// re-margins, and now and then a plain restart.
func (g *gen) faults(a *Action) {
	if g.full > 0 {
		g.full--
		a.DiskFull = true
	} else if g.r.IntN(60) == 0 && len(g.steps) > 4 {
		g.full = g.r.IntN(3)
		a.DiskFull = true
	}
	writes := a.Method == "POST" || a.Method == "PUT" || a.Kind.operator()
	switch {
	case a.Kind == KList && g.r.IntN(2) == 0:
		a.WorkerDies = 1 + g.r.IntN(40)
	case writes && !a.DiskFull && g.r.IntN(9) == 0 && len(g.steps) > 2:
		switch k := g.r.IntN(100); {
		case k < 25:
			a.Fault, a.FaultAt, a.Restart = store.FaultCall, g.r.IntN(40), true
		case k < 45:
			a.Fault, a.FaultAt = store.FaultCall, g.r.IntN(40)
		case k < 65:
			a.Fault, a.FaultAt, a.Restart = store.FaultTorn, g.r.IntN(10), true
		case k < 75:
			a.Fault = store.FaultCommit
		default:
			a.Fault, a.Restart = store.FaultLostReply, true
		}
	case g.r.IntN(100) == 0:
		a.Restart = true
	}
}

// key is a fresh idempotency key.
func (g *gen) key() string {
	g.keys++
	return "k" + strconv.Itoa(g.keys)
}

// next is one step of the main loop.
func (g *gen) next() *Action {
	if len(g.queue) > 0 {
		a := g.queue[0]
		g.queue = g.queue[1:]
		return a
	}
	switch k := g.r.IntN(100); {
	case k < 4:
		return g.squeeze()
	case k < 30:
		return g.honest(pickOf(g.r, honest))
	case k < 48:
		return g.hostile(pickOf(g.r, hostile))
	case k < 57:
		to := pickOf(g.r, allAccounts())
		if g.r.IntN(6) == 0 {
			a := g.deposit(Actor{Kind: Custodian}, to, pickOf(g.r, unpriced), "0.000001")
			a.Probe = "unpriced-dust"
			return a
		}
		asset := pickOf(g.r, priced)
		return g.deposit(Actor{Kind: Custodian}, to, asset, g.amount(asset))
	case k < 66:
		return g.venue(pickOf(g.r, venues))
	case k < 78:
		return g.admin()
	case k < 85:
		return g.operator()
	case k < 93 && len(g.moves) > 0:
		return g.retry()
	default:
		acct := pickOf(g.r, allAccounts())
		actor := Actor{Kind: Account, ID: acct}
		if g.r.IntN(3) == 0 {
			actor = Actor{Kind: Admin}
		}
		return &Action{Actor: actor, Kind: KRead, Method: "GET", Path: "/v1/accounts/" + acct, Account: acct}
	}
}

// amount is an ordinary amount of asset.
func (g *gen) amount(asset string) string {
	switch asset {
	case "BTC":
		return g.pick("0.01", "0.1", "0.5")
	case "WETH":
		return g.pick("0.1", "0.5", "1", "3", "10")
	}
	return g.pick("100", "1000", "5000", "20000")
}

func (g *gen) usd() string { return g.pick("100", "1000", "5000", "20000", "60000") }

// move builds an HTTP money move on account acct.
func (g *gen) move(actor Actor, kind Kind, acct, body string) *Action {
	path := map[Kind]string{KDeposit: "deposits", KWithdraw: "withdrawals", KRedeem: "redeems", KGrant: "liens",
		KRelease: "lien-releases"}[kind]
	return &Action{Actor: actor, Kind: kind, Method: "POST", Path: "/v1/accounts/" + acct + "/" + path,
		Key: g.key(), Body: body, Account: acct}
}

func (g *gen) deposit(actor Actor, acct, asset, amount string) *Action {
	a := g.move(actor, KDeposit, acct, fmt.Sprintf(`{"asset": %q, "amount": %q}`, asset, amount))
	a.Asset, a.Amount = asset, amount
	return a
}

func (g *gen) withdraw(actor Actor, acct, asset, amount string) *Action {
	a := g.move(actor, KWithdraw, acct, fmt.Sprintf(`{"asset": %q, "amount": %q}`, asset, amount))
	a.Asset, a.Amount = asset, amount
	return a
}

func (g *gen) redeem(actor Actor, acct, asset, shares string) *Action {
	a := g.move(actor, KRedeem, acct, fmt.Sprintf(`{"asset": %q, "shares": %q}`, asset, shares))
	a.Asset, a.Amount = asset, shares
	return a
}

func (g *gen) grant(actor Actor, acct, venue, usd string) *Action {
	a := g.move(actor, KGrant, acct, fmt.Sprintf(`{"venue": %q, "amount_usd": %q}`, venue, usd))
	a.Venue, a.Amount = venue, usd
	g.liens = append(g.liens, [2]string{acct, venue})
	return a
}

// lien is an (account, venue) pair to act on: mostly one the run granted
// a lien on, else any.
func (g *gen) lien() (acct, venue string) {
	if len(g.liens) > 0 && g.r.IntN(4) != 0 {
		l := pickOf(g.r, g.liens)
		return l[0], l[1]
	}
	return pickOf(g.r, allAccounts()), pickOf(g.r, venues)
}

// squeeze is a scenario: an account with collateral grants a lien, stores
// a leveraged book, the market drops, and the venue draws on its lien and
// settles the draw. Each step still gets its own faults, and the steps
// after the first wait in the queue.
func (g *gen) squeeze() *Action {
	acct, v := pickOf(g.r, allAccounts()), pickOf(g.r, venues)
	me := Actor{Kind: Account, ID: acct}
	first := g.deposit(Actor{Kind: Custodian}, acct, "WETH", "10")
	book := &Action{Actor: me, Kind: KPortfolio, Method: "PUT", Path: "/v1/accounts/" + acct + "/portfolio",
		Body: bookDoc(acct, g.pick("2", "3", "5"), g.px["BTC"], false), Account: acct,
		Note: "book: dydx BTC perp, leveraged, at " + priceText(g.px["BTC"])}
	id := "op" + g.key()
	draw := &Action{Actor: Actor{Kind: Operator, ID: v}, Kind: KDraw, OpID: id, Account: acct, Venue: v,
		Asset: "WETH", Amount: g.pick("500", "1000", "3000"), Probe: "squeeze"}
	g.draws = append(g.draws, draw)
	settle := &Action{Actor: draw.Actor, Kind: KSettle, OpID: "op" + g.key(), Draw: id, Post: g.r.IntN(3) != 0,
		Account: acct, Venue: v, Asset: "WETH"}
	g.queue = []*Action{g.grant(me, acct, v, g.pick("2000", "5000", "10000")), book, g.crash(), draw, settle}
	return first
}

func (g *gen) book(actor Actor, acct string) *Action {
	qty := g.pick("", "0.05", "0.2", "0.5", "-0.3", "1", "2")
	aave := g.r.IntN(4) == 0
	return &Action{Actor: actor, Kind: KPortfolio, Method: "PUT", Path: "/v1/accounts/" + acct + "/portfolio",
		Body: bookDoc(acct, qty, g.px["BTC"], aave), Account: acct,
		Note: fmt.Sprintf("book: dydx BTC perp %q at %s, aave borrow %v", qty, priceText(g.px["BTC"]), aave)}
}

// honest is an account acting on itself within the rules.
func (g *gen) honest(acct string) *Action {
	me := Actor{Kind: Account, ID: acct}
	asset := pickOf(g.r, priced)
	switch k := g.r.IntN(100); {
	case k < 15 && g.w.SelfDeposit:
		return g.deposit(me, acct, asset, g.amount(asset))
	case k < 35:
		return g.withdraw(me, acct, asset, g.amount(asset))
	case k < 45:
		return g.redeem(me, acct, asset, g.pick("0.5", "1", "2"))
	case k < 70:
		return g.grant(me, acct, pickOf(g.r, venues), g.usd())
	case k < 85:
		return g.book(me, acct)
	}
	return &Action{Actor: me, Kind: KRead, Method: "GET", Path: "/v1/accounts/" + acct, Account: acct}
}

// hostile is an attacker with an account token: now and then its own
// account's ordinary business (so it has collateral and liens to abuse),
// otherwise one of the probes of issue 15.
func (g *gen) hostile(acct string) *Action {
	me := Actor{Kind: Account, ID: acct}
	victim := pickOf(g.r, honest)
	if g.r.IntN(3) == 0 {
		return g.honest(acct)
	}
	var a *Action
	switch k := g.r.IntN(13); k {
	case 0: // act on someone else's account
		a = g.onVictim(me, victim)
	case 1: // release its own lien through the admin's route
		v := pickOf(g.r, venues)
		a = g.move(me, KRelease, acct, fmt.Sprintf(`{"venue": %q, "amount_usd": "100", "reason": "mine"}`, v))
		a.Venue, a.Amount, a.Reason, a.Probe = v, "100", "mine", "release-own-lien"
	case 2: // … or through the venue's route
		v := pickOf(g.r, venues)
		a = g.venueRelease(me, v, acct, "100", "")
		a.Probe = "release-own-lien"
	case 3: // store a book without the venue's positions (the lien stays)
		a = &Action{Actor: me, Kind: KPortfolio, Method: "PUT", Path: "/v1/accounts/" + acct + "/portfolio",
			Body: bookDoc(acct, "", 0, false), Account: acct, Note: "book without positions", Probe: "book-without-venue"}
	case 4: // dust of an asset the market does not price, or a debt in one
		if g.r.IntN(2) == 0 {
			a = g.deposit(me, acct, pickOf(g.r, unpriced), "0.000001")
			a.Probe = "unpriced-dust"
			break
		}
		asset := pickOf(g.r, unpriced)
		a = &Action{Actor: me, Kind: KPortfolio, Method: "PUT", Path: "/v1/accounts/" + acct + "/portfolio",
			Body: fmt.Sprintf(`{"account": %q, "venues": [{"id": "aave", "model": "aave-v3", "chain": "ethereum", `+
				`"collateral": [{"asset": "USDC", "amount": "1000"}], "positions": [{"kind": "borrow", "asset": %q, "amount": "1"}]}]}`, acct, asset),
			Account: acct, Asset: asset, Note: "book: a debt of 1 " + asset, Probe: "unpriced-book"}
	case 5: // a huge self-asserted deposit
		a = g.deposit(me, acct, "WETH", "340000000000000")
		a.Probe = "huge-self-deposit"
	case 6, 7:
		a = g.malformed(me, acct, k == 7)
	case 8: // NaN and infinities in numeric query parameters
		q := g.pick("penalty=NaN", "penalty=Inf", "insurance_fund=NaN", "insurance_fund=-Inf", "penalty=-1", "insurance_fund=1e400")
		a = &Action{Actor: me, Kind: KLiquidation, Method: "GET", Path: "/v1/accounts/" + acct + "/liquidation",
			Query: q, Account: acct, Probe: "nan-query"}
	case 9: // reuse one of its own keys with another body
		if prev := g.ownMove(acct); prev != nil {
			a = g.withdraw(me, acct, "WETH", "0.25")
			a.Key, a.Probe = prev.Key, "key-reuse"
		} else {
			a = g.withdraw(me, acct, "WETH", "0.25")
		}
	case 10: // a made-up token
		a = g.withdraw(Actor{Kind: Forger}, victim, "USDC", "100")
		a.Probe = "forged-token"
	case 11: // pull out what backs its liens
		a = g.withdraw(me, acct, pickOf(g.r, priced), g.pick("10", "50000", "0.5"))
		a.Probe = "withdraw-backing"
	default: // lien to a venue, then the book that would release it
		a = g.grant(me, acct, "dydx", g.pick("500", "5000"))
		a.Probe = "lien-then-book"
	}
	return a
}

// onVictim is a hostile account acting on another's account.
func (g *gen) onVictim(me Actor, victim string) *Action {
	var a *Action
	switch g.r.IntN(5) {
	case 0:
		a = g.withdraw(me, victim, "WETH", "1")
	case 1:
		a = g.redeem(me, victim, "USDC", "100")
	case 2:
		a = g.grant(me, victim, "dydx", "1000")
	case 3:
		a = g.book(me, victim)
	default:
		a = &Action{Actor: me, Kind: KRead, Method: "GET", Path: "/v1/accounts/" + victim, Account: victim}
	}
	a.Probe = "act-on-victim"
	return a
}

// malformed is a move with a malformed amount (NaN, infinities, negatives,
// exponents, excess precision) or, when ambiguous, a body that reads two
// ways (a duplicate key, a case variant, an unknown key).
func (g *gen) malformed(me Actor, acct string, ambiguous bool) *Action {
	if ambiguous {
		body := g.pick(`{"asset": "USDC", "amount": "1", "amount": "5000"}`,
			`{"asset": "USDC", "amount": "1", "aMoUnT": "5000"}`,
			`{"asset": "USDC", "amount": "1", "Asset": "WETH"}`,
			`{"asset": "USDC", "amount": "1", "account": "alice"}`)
		a := g.move(me, KWithdraw, acct, body)
		a.Asset, a.Amount, a.Probe = "USDC", "1", "ambiguous-body"
		return a
	}
	bad := g.pick("NaN", "Infinity", "-1", "1e2", "0x10", "1.0000000000000000000001", "", " 1", "+5", "1e400")
	var a *Action
	switch g.r.IntN(3) {
	case 0:
		a = g.withdraw(me, acct, "USDC", bad)
	case 1:
		a = g.grant(me, acct, "dydx", bad)
	default:
		a = g.deposit(me, acct, "USDC", bad)
	}
	a.Probe = "nan-amount"
	return a
}

// ownMove is a money move the account sent on itself, or nil.
func (g *gen) ownMove(acct string) *Action {
	var mine []*Action
	for _, m := range g.moves {
		if m.Account == acct && m.Actor.ID == acct && !m.Kind.operator() && m.Kind != KReleaseVenue {
			mine = append(mine, m)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	return pickOf(g.r, mine)
}

func (g *gen) venueRelease(actor Actor, venue, acct, usd, reason string) *Action {
	body := fmt.Sprintf(`{"account": %q, "amount_usd": %q}`, acct, usd)
	if reason != "" {
		body = fmt.Sprintf(`{"account": %q, "amount_usd": %q, "reason": %q}`, acct, usd, reason)
	}
	return &Action{Actor: actor, Kind: KReleaseVenue, Method: "POST", Path: "/v1/venues/" + venue + "/lien-releases",
		Key: g.key(), Body: body, Account: acct, Venue: venue, Amount: usd, Reason: reason}
}

// venue is a venue acting with its token: releasing its own liens, reading
// them, or trying another venue's.
func (g *gen) venue(v string) *Action {
	me := Actor{Kind: Venue, ID: v}
	acct := pickOf(g.r, allAccounts())
	switch g.r.IntN(6) {
	case 0, 1, 2:
		if a, lv := g.lien(); lv == v {
			acct = a
		}
		return g.venueRelease(me, v, acct, g.pick("100", "1000", "5000"), g.pick("", "position closed"))
	case 3:
		other := venues[0]
		if other == v {
			other = venues[1]
		}
		a := g.venueRelease(me, other, acct, "100", "")
		a.Probe = "venue-impersonation"
		return a
	}
	return &Action{Actor: me, Kind: KVenueLiens, Method: "GET", Path: "/v1/venues/" + v + "/liens", Venue: v}
}

// admin: market ticks (now and then a crash, or a bad market), the
// account list (re-margined by the workers), releases acting for a venue,
// caps.
func (g *gen) admin() *Action {
	me := Actor{Kind: Admin}
	switch k := g.r.IntN(100); {
	case k < 60:
		return g.market("")
	case k < 70:
		return g.market(g.pick("market-drops-held", "market-nan", "market-stale"))
	case k < 85:
		return &Action{Actor: me, Kind: KList, Method: "GET", Path: "/v1/accounts"}
	case k < 95:
		acct, v := g.lien()
		reason, usd := g.pick("venue instructed release", ""), g.pick("100", "1000")
		body := fmt.Sprintf(`{"venue": %q, "amount_usd": %q, "reason": %q}`, v, usd, reason)
		a := g.move(me, KRelease, acct, body)
		a.Venue, a.Amount, a.Reason = v, usd, reason
		return a
	}
	a := &Action{Actor: me, Kind: KCaps, Method: "PUT", Path: "/v1/deposit-caps", Body: capsDoc(true), Note: "caps (tight true)"}
	return a
}

// crash is a market tick in which the risk assets fall 20 to 40%.
func (g *gen) crash() *Action { return g.tick("", true) }

// market is a market tick at the clock: a random walk, now and then a
// crash of the risk assets; or a bad market (probe): one that drops WETH,
// a NaN price, a stale oracle.
func (g *gen) market(probe string) *Action { return g.tick(probe, g.r.IntN(12) == 0) }

func (g *gen) tick(probe string, crash bool) *Action {
	a := &Action{Actor: Actor{Kind: Admin}, Kind: KMarket, Method: "PUT", Path: "/v1/market", Probe: probe}
	at := epoch.Add(g.at) // as_of: the simulated clock
	lag := time.Duration(g.r.IntN(50)) * time.Minute
	next := prices{}
	for s, p := range g.px {
		next[s] = p
	}
	if probe == "" {
		for _, s := range []string{"BTC", "WETH"} {
			move := math.Exp(0.03 * g.r.NormFloat64())
			if crash {
				move *= 0.6 + 0.2*g.r.Float64()
			} else if next[s] < startPrices()[s]/2 {
				move *= 1.3 // a recovery: prices do not drift to nothing
			}
			next[s] = math.Max(1, next[s]*move)
		}
		g.px = next
	}
	p := prices{}
	for s, v := range next {
		p[s] = v
	}
	switch probe {
	case "market-drops-held":
		delete(p, "WETH")
	case "market-nan":
		p["BTC"] = math.NaN()
	case "market-stale":
		lag = 2 * time.Hour
	}
	a.Body = marketDoc(at, p, lag)
	a.Note = fmt.Sprintf("market BTC %s WETH %s", priceText(p["BTC"]), priceText(p["WETH"]))
	if _, ok := p["WETH"]; !ok {
		a.Note = fmt.Sprintf("market BTC %s without WETH", priceText(p["BTC"]))
	}
	if probe == "market-stale" {
		a.Note += " (oracles 2 h old)"
	}
	return a
}

// operator is the CLI acting for a venue: a draw on an account's lien, or
// the settlement of an earlier draw; now and then the admin's accrual.
func (g *gen) operator() *Action {
	id := "op" + g.key()
	switch k := g.r.IntN(10); {
	case k < 5:
		acct, v := g.lien()
		a := &Action{Actor: Actor{Kind: Operator, ID: v}, Kind: KDraw, OpID: id, Account: acct,
			Venue: v, Asset: g.pick("WETH", "USDC", "BTC"), Amount: g.pick("100", "1000", "5000")}
		g.draws = append(g.draws, a)
		return a
	case k < 8 && len(g.draws) > 0:
		d := pickOf(g.r, g.draws)
		return &Action{Actor: d.Actor, Kind: KSettle, OpID: id, Draw: d.OpID, Post: g.r.IntN(2) == 0,
			Account: d.Account, Venue: d.Venue, Asset: d.Asset}
	}
	asset := g.pick("WETH", "USDC")
	return &Action{Actor: Actor{Kind: Operator}, Kind: KAccrue, OpID: id, Asset: asset, Amount: g.pick("0.001", "1", "25")}
}

// retry repeats an earlier money move: same key (or request id), same body.
func (g *gen) retry() *Action {
	prev := pickOf(g.r, g.moves)
	a := *prev
	a.Retry, a.Fault, a.FaultAt, a.Restart, a.DiskFull, a.WorkerDies = prev.Step, 0, 0, false, false, 0
	return &a
}
