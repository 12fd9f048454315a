// The deterministic settlement simulator: chains, bridges and relayers in
// one seeded world around the real settlement engine (Initiate, Relay,
// Expire, SetBridge over the in-memory store and its ledger). Each seed
// runs a schedule of user moves, block production, reorgs that drop
// unfinal source transactions, bridges halting and resuming, bridge
// exploits (unbacked mints on the destination chain, and forged relay
// messages from a compromised relayer and from the bridge itself), relayer
// crashes with late, expired and repeated deliveries, and the operator's
// expiry of timed-out moves. After every step the auditor (audit.go)
// checks that claims across chains never exceed assets and that nothing is
// counted twice. Randomness comes only from a math/rand/v2 PCG seeded by
// the seed; time only from the simulated clock.
package settle

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// SimConfig sets a simulation's size.
type SimConfig struct {
	Seeds       int    // schedules to run
	FirstSeed   uint64 // seeds FirstSeed … FirstSeed+Seeds−1
	Steps       int    // steps per schedule (default 300)
	StepSeconds int64  // simulated seconds per step (default 240)
}

// SimReport sums every schedule's figures (DESIGN.md: `settle simulate`
// prints top-level seeds and violations and exits 1 when violations > 0).
type SimReport struct {
	Seeds          int        `json:"seeds"`
	Steps          int        `json:"steps"`
	Moves          int        `json:"moves"`
	Posted         int        `json:"posted"`
	Voided         int        `json:"voided"`
	Refused        int        `json:"refused"`
	Reorgs         int        `json:"reorgs"`
	ReorgedMoves   int        `json:"reorged_moves"`
	Halts          int        `json:"halts"`
	Exploits       int        `json:"exploits"`
	UnbackedMinted int        `json:"unbacked_mints"`
	ForgedRefused  int        `json:"forged_refused"`
	ForgedIgnored  int        `json:"forged_without_effect"`
	RelayerCrashes int        `json:"relayer_crashes"`
	ExpiredRefused int        `json:"expired_refused"`
	ReplaysRefused int        `json:"replays_refused"`
	Timeouts       int        `json:"timeouts"`
	Audits         int        `json:"audits"`
	Violations     int        `json:"violations"`
	FirstViolation *Violation `json:"first_violation"`
}

// Violation is one broken invariant: where and what.
type Violation struct {
	Seed uint64 `json:"seed"`
	Step int    `json:"step"`
	What string `json:"what"`
}

// The world's chains, bridges and stress rates. The data's yearly failure
// rates would rarely fire within a schedule of hours, so each bridge's
// halts and exploits happen at its share of the data's rates, scaled to
// about haltsPerSchedule and exploitsPerSchedule over all bridges.
var (
	simChains           = []string{"ethereum", "arbitrum", "base"}
	simBridges          = []string{"arbitrum-canonical", "base-canonical", "cctp"}
	simAssets           = []string{"USDC", "WETH"}
	simAccounts         = []string{"acct-1", "acct-2", "acct-3", "acct-4"}
	haltsPerSchedule    = 0.8
	exploitsPerSchedule = 0.4
)

const (
	reorgPerStep   = 0.04  // per chain
	crashPerStep   = 0.004 // per relayer
	movePerStep    = 0.12  // per account
	forgedPerStep  = 2     // messages an attacker sends per step of an exploit
	messageSeconds = 600   // a relay message's life
	simEpoch       = "2026-01-01T00:00:00Z"
)

// simTx is a source-chain transaction (a move's lock or burn).
type simTx struct {
	id, chain string
	at        time.Time
	dropped   bool
}

// simRelayer is one of the deployment's relayers.
type simRelayer struct {
	name        string
	downUntil   time.Time
	compromised bool
	queue       []delivery
	sent        []RelayMessage // delivered, for re-sending after a crash
	scheduled   map[string]bool
}

type delivery struct {
	at  time.Time
	msg RelayMessage
}

// world is one schedule.
type world struct {
	seed      uint64
	r         *rand.Rand
	reg       *Registry
	store     *Memory
	cfg       vault.Config
	now       time.Time
	step      int
	txs       map[string]*simTx // by move id
	relayers  []*simRelayer
	haltUntil map[string]time.Time
	exploited map[string]bool
	minted    map[string]float64 // bridge → unbacked units minted on its destinations
	deposits  map[string]map[string]vault.Shares
	nextID    int
	rep       *SimReport
	haltP     map[string]float64
	exploitP  map[string]float64
	open      map[string]bool // moves initiated and not yet seen resolved
	decoded   map[string]cachedMove
}

// cachedMove is a decoded move and the record it came from: an unchanged
// record is not decoded again.
type cachedMove struct {
	rec []byte
	m   *ChainMove
}

// loadOpen reads the open moves (some may have resolved since), in order;
// the moves are read-only.
func (w *world) loadOpen() ([]*ChainMove, error) {
	var out []*ChainMove
	for _, id := range w.openIDs() {
		rec, ok, err := w.store.SettleMove(id)
		if err != nil || !ok {
			return nil, fmt.Errorf("open move %s: %v (stored %v)", id, err, ok)
		}
		c := w.decoded[id]
		if !bytes.Equal(c.rec, rec) {
			m, err := decodeMove(rec)
			if err != nil {
				return nil, err
			}
			c = cachedMove{rec: rec, m: m}
			w.decoded[id] = c
		}
		out = append(out, c.m)
	}
	return out, nil
}

// openIDs are the open moves' ids, in order.
func (w *world) openIDs() []string {
	ids := make([]string, 0, len(w.open))
	for id := range w.open {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Simulate runs cfg.Seeds schedules and sums their figures.
func Simulate(cfg SimConfig) (*SimReport, error) {
	if cfg.Seeds <= 0 {
		return nil, errors.New("simulate: seeds must be at least 1")
	}
	if cfg.Steps <= 0 {
		cfg.Steps = 300
	}
	if cfg.StepSeconds <= 0 {
		cfg.StepSeconds = 240
	}
	rep := &SimReport{}
	for i := range cfg.Seeds {
		w, err := newWorld(cfg.FirstSeed+uint64(i), rep, cfg.Steps)
		if err != nil {
			return nil, err
		}
		for s := 1; s <= cfg.Steps; s++ {
			w.step = s
			w.now = w.now.Add(seconds(cfg.StepSeconds))
			if err := w.tick(); err != nil {
				return nil, fmt.Errorf("seed %d step %d: %w", w.seed, s, err)
			}
			w.audit(s == cfg.Steps)
		}
		rep.Seeds++
		rep.Steps += cfg.Steps
	}
	return rep, nil
}

// simRegistry is the data file restricted to the simulated chains and
// bridges, with two-hour timeouts so halts outlive some moves. Routes whose
// median delay exceeds an hour (the canonical bridges' 7-day withdrawals)
// are left out: they would only ever time out within a schedule.
func simRegistry() *Registry {
	reg := Default()
	out := *reg
	out.Chains, out.Bridges = map[string]Chain{}, map[string]Bridge{}
	for _, c := range simChains {
		out.Chains[c] = reg.Chains[c]
	}
	for _, name := range simBridges {
		b := reg.Bridges[name]
		var routes []Route
		for _, rt := range b.Routes {
			if _, ok := out.Chains[rt.From]; !ok {
				continue
			}
			if _, ok := out.Chains[rt.To]; ok && rt.MedianSeconds <= 3600 {
				routes = append(routes, rt)
			}
		}
		b.Routes = routes
		b.TimeoutSeconds = 2 * 3600
		out.Bridges[name] = b
	}
	return &out
}

const simMarket = `{"as_of": "2026-01-01T00:00:00Z", "assets": {
  "WETH": {"price": "3000", "vol": 0.7}, "USDC": {"price": "1", "class": "stable"}}}`

func newWorld(seed uint64, rep *SimReport, steps int) (*world, error) {
	start, _ := time.Parse(time.RFC3339, simEpoch)
	w := &world{seed: seed, r: rand.New(rand.NewPCG(seed, 0x5e771e)), reg: simRegistry(), store: NewMemory(),
		now: start, txs: map[string]*simTx{}, haltUntil: map[string]time.Time{}, exploited: map[string]bool{},
		minted: map[string]float64{}, deposits: map[string]map[string]vault.Shares{}, rep: rep,
		haltP: map[string]float64{}, exploitP: map[string]float64{}, open: map[string]bool{},
		decoded: map[string]cachedMove{}}
	if err := vault.SetMarket(w.store, []byte(simMarket)); err != nil {
		return nil, err
	}
	rp := margin.DefaultRiskParams()
	for _, name := range simBridges {
		rp.Bridges[name] = margin.HaircutParams{Haircut: w.reg.Bridges[name].Haircut}
	}
	w.cfg = vault.Config{RiskParams: rp}
	for _, a := range simAccounts {
		w.deposits[a] = map[string]vault.Shares{}
		for _, asset := range simAssets {
			amount := map[string]string{"USDC": "2000000", "WETH": "500"}[asset]
			mv, err := vault.Deposit(w.store, "dep-"+a+"-"+asset, a, asset, amount)
			if err != nil {
				return nil, err
			}
			vt, _, _ := w.store.Vault(asset)
			s, err := parseShares(vt, mv.Shares)
			if err != nil {
				return nil, err
			}
			w.deposits[a][asset] = s
		}
	}
	for _, name := range w.reg.Relayers {
		w.relayers = append(w.relayers, &simRelayer{name: name, scheduled: map[string]bool{}})
	}

	var halts, exploits float64
	for _, name := range simBridges {
		halts += w.reg.Bridges[name].HaltsPerYear
		exploits += w.reg.Bridges[name].ExploitsPerYear
	}
	for _, name := range simBridges {
		b := w.reg.Bridges[name]
		w.haltP[name] = haltsPerSchedule * b.HaltsPerYear / halts / float64(steps)
		w.exploitP[name] = exploitsPerSchedule * b.ExploitsPerYear / exploits / float64(steps)
	}
	return w, nil
}

func parseShares(vt vault.Vault, text string) (vault.Shares, error) {
	a, err := parseUnits(text, vt.ShareDecimals())
	return vault.Shares(a), err
}

// tick runs one step: the world's events, the users, the relayers, the
// attackers and the operator.
func (w *world) tick() error {
	w.reorgs()
	w.bridgeEvents()
	w.crashes()
	if err := w.users(); err != nil {
		return err
	}
	if err := w.relay(); err != nil {
		return err
	}
	if err := w.attack(); err != nil {
		return err
	}
	expired, err := Expire(w.store, w.now)
	if err != nil {
		return err
	}
	w.rep.Timeouts += len(expired)
	for _, name := range simBridges {
		if w.exploited[name] {
			if st, err := BridgeState(w.store, name); err != nil {
				return err
			} else if !st.Halted {
				// the operator's watchdog sees minted > locked and halts
				if _, err := SetBridge(w.store, w.reg, name, true, "exploit: unbacked mint", w.now); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// reorgs drops the unfinal tail of a chain now and then.
func (w *world) reorgs() {
	for _, name := range simChains {
		if w.r.Float64() >= reorgPerStep {
			continue
		}
		c := w.reg.Chains[name]
		w.rep.Reorgs++
		// shallow reorgs are common, deep ones rare: depth ~ geometric
		depth := 1 + int(math.Min(float64(c.ReorgDepth-1), w.r.ExpFloat64()*float64(max(1, c.ReorgDepth/8))))
		window := time.Duration(float64(depth) * c.BlockSeconds * float64(time.Second))
		for _, id := range w.sortedTxs() {
			tx := w.txs[id]
			if tx.chain != name || tx.dropped || w.now.Sub(tx.at) >= seconds(c.FinalitySeconds) {
				continue
			}
			if w.now.Sub(tx.at) <= window {
				tx.dropped = true
				w.rep.ReorgedMoves++
			}
		}
	}
}

func (w *world) sortedTxs() []string {
	ids := make([]string, 0, len(w.txs))
	for id := range w.txs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// bridgeEvents starts and ends halts and exploits.
func (w *world) bridgeEvents() {
	for _, name := range simBridges {
		b := w.reg.Bridges[name]
		if until, ok := w.haltUntil[name]; ok && !w.now.Before(until) && !w.exploited[name] {
			delete(w.haltUntil, name)
			_, _ = SetBridge(w.store, w.reg, name, false, "", w.now)
		}
		if _, halted := w.haltUntil[name]; !halted && !w.exploited[name] && w.r.Float64() < w.haltP[name] {
			w.rep.Halts++
			d := time.Duration(w.r.ExpFloat64() * b.HaltHours * float64(time.Hour))
			w.haltUntil[name] = w.now.Add(d)
			_, _ = SetBridge(w.store, w.reg, name, true, "halted", w.now)
		}
		if !w.exploited[name] && w.r.Float64() < w.exploitP[name] {
			w.rep.Exploits++
			w.exploited[name] = true
			w.minted[name] += 1000 + w.r.Float64()*1e6 // minted on the destination without a lock
			w.rep.UnbackedMinted++
			k := w.relayers[w.r.IntN(len(w.relayers))]
			k.compromised = true // one relayer key of n: fewer than the attestations required
		}
	}
}

// crashes takes relayers down; on restart they re-send what they had sent.
func (w *world) crashes() {
	for _, rl := range w.relayers {
		if rl.downUntil.After(w.now) {
			continue
		}
		if !rl.downUntil.IsZero() && !rl.downUntil.After(w.now) {
			rl.downUntil = time.Time{}
			// back up: everything sent recently goes out again, some under new ids
			for i, m := range rl.sent[max(0, len(rl.sent)-5):] {
				if i%2 == 1 {
					m.ID = w.id("resend")
				}
				rl.queue = append(rl.queue, delivery{at: w.now, msg: m})
			}
		}
		if w.r.Float64() < crashPerStep {
			w.rep.RelayerCrashes++
			rl.downUntil = w.now.Add(time.Duration(1+w.r.IntN(60)) * time.Minute)
		}
	}
}

func (w *world) id(kind string) string {
	w.nextID++
	return fmt.Sprintf("%s-%d-%d", kind, w.seed, w.nextID)
}

// users initiate moves: from home to another chain, or from a holding off
// home onwards; now and then a request above the holding, over a halted
// bridge, or repeated.
func (w *world) users() error {
	for _, a := range simAccounts {
		if w.r.Float64() >= movePerStep {
			continue
		}
		req, ok, err := w.pickMove(a)
		if err != nil || !ok {
			return err
		}
		m, err := Initiate(w.store, w.reg, w.cfg, req, w.now)
		var refusal interface{ Unwrap() error }
		switch {
		case errors.As(err, &refusal):
			w.rep.Refused++
			continue
		case err != nil:
			return err
		}
		w.rep.Moves++
		w.open[m.ID] = true
		w.txs[m.ID] = &simTx{id: req.SourceTx, chain: req.From, at: w.now}
		if w.r.IntN(10) == 0 { // a client retry of the same request: the same move, nothing moves again
			again, err := Initiate(w.store, w.reg, w.cfg, req, w.now)
			if err != nil || again.ID != m.ID {
				w.violate("a retried move request was not answered with the same move: %v", err)
			}
		}
	}
	return nil
}

// pickMove draws a move request for account a from its holdings.
func (w *world) pickMove(a string) (MoveRequest, bool, error) {
	type source struct{ chain, bridge, asset string }
	var sources []source
	for _, asset := range simAssets {
		sources = append(sources, source{w.reg.HomeChain, "", asset})
	}
	held, err := w.store.LedgerAccounts("shares:" + a + "#")
	if err != nil {
		return MoveRequest{}, false, err
	}
	for _, h := range held {
		if parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(h.ID, "shares:"+a+"#"), ":"+h.Asset), "#"); len(parts) == 2 &&
			parts[0] != vault.InFlight && !h.CreditBalance().IsZero() {
			sources = append(sources, source{parts[0], parts[1], strings.TrimPrefix(h.Asset, "uct")})
		}
	}
	src := sources[w.r.IntN(len(sources))]
	var routes []struct {
		bridge string
		to     string
	}
	for _, name := range simBridges {
		b := w.reg.Bridges[name]
		for _, rt := range b.Routes {
			if rt.From == src.chain && b.carries(src.asset) {
				routes = append(routes, struct {
					bridge string
					to     string
				}{name, rt.To})
			}
		}
	}
	if len(routes) == 0 {
		return MoveRequest{}, false, nil
	}
	rt := routes[w.r.IntN(len(routes))]
	vt, _, _ := w.store.Vault(src.asset)
	var have vault.Shares
	acct := vault.HomeSharesAccount(a, vt.ShareSymbol())
	if src.bridge != "" {
		acct = vault.LocatedSharesAccount(a, src.chain, src.bridge, vt.ShareSymbol())
	}
	if h, ok, _ := w.store.Account(acct); ok {
		have = vault.Shares(h.CreditBalance())
	}
	frac := w.r.Float64() * 0.5
	if w.r.IntN(20) == 0 {
		frac = 1.5 // more than the holding: refused
	}
	amount := scaleShares(have, frac)
	if amount.IsZero() {
		return MoveRequest{}, false, nil
	}
	id := w.id("move")
	return MoveRequest{ID: id, Account: a, Asset: src.asset, Shares: amount.Units(vt.ShareDecimals()),
		From: src.chain, FromBridge: src.bridge, To: rt.to, Bridge: rt.bridge, SourceTx: "tx-" + id}, true, nil
}

// relay lets each live relayer observe the moves and deliver what is due.
func (w *world) relay() error {
	moves, err := w.loadOpen()
	if err != nil {
		return err
	}
	for _, rl := range w.relayers {
		if rl.downUntil.After(w.now) {
			continue
		}
		for _, m := range moves {
			if m.Status == StatusPending {
				w.observe(rl, m)
			}
		}
		if err := w.deliver(rl); err != nil {
			return err
		}
	}
	return nil
}

// observe schedules a relayer's report on a pending move once it can
// honestly make one: a dropped source (reorged), or a final source whose
// bridge delivered after the route's delay (finalized). A halted bridge
// delivers nothing.
func (w *world) observe(rl *simRelayer, m *ChainMove) {
	tx := w.txs[m.ID]
	if tx == nil {
		return
	}
	key := m.ID
	if rl.scheduled[key] {
		return
	}
	final := !w.now.Before(tx.at.Add(seconds(w.reg.Chains[tx.chain].FinalitySeconds)))
	switch {
	case tx.dropped:
		rl.scheduled[key] = true
		at := w.now.Add(time.Duration(5+w.r.IntN(55)) * time.Second)
		rl.queue = append(rl.queue, delivery{at: at, msg: w.message(rl, m, EventReorged, at)})
	case final:
		if _, halted := w.haltUntil[m.Bridge]; halted || w.exploited[m.Bridge] {
			return
		}
		b := w.reg.Bridges[m.Bridge]
		rt, _ := b.route(m.From, m.To)
		delay := float64(rt.MedianSeconds) * math.Exp(rt.sigma()*w.r.NormFloat64())
		rl.scheduled[key] = true
		at := w.now.Add(time.Duration(delay * float64(time.Second)))
		rl.queue = append(rl.queue, delivery{at: at, msg: w.message(rl, m, EventFinalized, at)})
	}
}

// message is a relayer's report, made to be sent at (it expires
// messageSeconds later; a relayer down meanwhile sends it stale).
func (w *world) message(rl *simRelayer, m *ChainMove, event string, at time.Time) RelayMessage {
	return RelayMessage{ID: w.id("msg"), Relayer: rl.name, Move: m.ID, Event: event, SourceTx: m.SourceTx,
		Shares: m.Shares, ExpiresAt: at.Add(messageSeconds * time.Second).Format(time.RFC3339)}
}

// deliver sends a relayer's due messages; an expired one is made again.
func (w *world) deliver(rl *simRelayer) error {
	var keep []delivery
	for _, d := range rl.queue {
		if d.at.After(w.now) {
			keep = append(keep, d)
			continue
		}
		_, err := Relay(w.store, w.reg, d.msg, w.now)
		switch {
		case err == nil:
			rl.sent = append(rl.sent, d.msg)
		case errors.Is(err, ErrExpired):
			w.rep.ExpiredRefused++
			var r *input.Refusal
			if errors.As(err, &r) && r.Field == "expires_at" { // the message, not the move, expired: made again
				fresh := d.msg
				fresh.ID, fresh.ExpiresAt = w.id("msg"), w.now.Add(messageSeconds*time.Second).Format(time.RFC3339)
				keep = append(keep, delivery{at: w.now, msg: fresh})
			}
		case errors.Is(err, ErrReplayed), errors.Is(err, ErrMoveState), errors.Is(err, ErrConflict):
			w.rep.ReplaysRefused++
		case errors.Is(err, ErrNotFinal), errors.Is(err, ErrMismatch), errors.Is(err, ErrUnknownMove):
			w.violate("an honest relayer's message was refused: %v", err)
		default:
			return err
		}
	}
	rl.queue = keep
	return nil
}

// attack: while a bridge is exploited, its compromised relayer and the
// bridge itself send forged finality messages — early, with inflated
// amounts, for moves that never were, for sources a reorg dropped.
func (w *world) attack() error {
	var live []string
	for _, name := range simBridges {
		if w.exploited[name] {
			live = append(live, name)
		}
	}
	if len(live) == 0 {
		return nil
	}
	moves, err := w.loadOpen() // open moves to forge reports on
	if err != nil {
		return err
	}
	var traitor *simRelayer
	for _, rl := range w.relayers {
		if rl.compromised {
			traitor = rl
		}
	}
	for range forgedPerStep {
		name := traitor.name
		if w.r.IntN(3) == 0 {
			name = "bridge-" + live[w.r.IntN(len(live))] // the bridge's own messaging: not a relayer
		}
		msg := RelayMessage{ID: w.id("forged"), Relayer: name, Event: EventFinalized,
			ExpiresAt: w.now.Add(messageSeconds * time.Second).Format(time.RFC3339)}
		if len(moves) > 0 && w.r.IntN(4) != 0 {
			m := moves[w.r.IntN(len(moves))]
			msg.Move, msg.SourceTx, msg.Shares = m.ID, m.SourceTx, m.Shares
			if w.r.IntN(3) == 0 {
				msg.Shares = inflate(m.Shares)
			}
		} else {
			msg.Move, msg.SourceTx, msg.Shares = w.id("move"), "tx-forged", "1000000"
		}
		before, _, _ := loadMove(w.store, msg.Move)
		after, err := Relay(w.store, w.reg, msg, w.now)
		var refusal interface{ Unwrap() error }
		switch {
		case errors.As(err, &refusal):
			w.rep.ForgedRefused++
		case err != nil:
			return err
		default:
			w.rep.ForgedIgnored++ // one attestation among the k required: no effect alone
			if before != nil && before.Status == StatusPending && after.Status == StatusPosted && !w.genuinelyFinal(after) {
				w.violate("a forged message posted move %s", after.ID)
			}
		}
	}
	return nil
}

func inflate(shares string) string {
	if i := strings.IndexByte(shares, '.'); i >= 0 {
		return "9" + shares
	}
	return shares + "0"
}

func (w *world) genuinelyFinal(m *ChainMove) bool {
	tx := w.txs[m.ID]
	return tx != nil && !tx.dropped && m.ResolvedAt != nil &&
		!m.ResolvedAt.Before(tx.at.Add(seconds(w.reg.Chains[tx.chain].FinalitySeconds)))
}

func (w *world) violate(format string, args ...any) {
	w.rep.Violations++
	if w.rep.FirstViolation == nil {
		w.rep.FirstViolation = &Violation{Seed: w.seed, Step: w.step, What: fmt.Sprintf(format, args...)}
	}
}

func parseUnits(text string, decimals uint8) (money.Amount, error) {
	return ledger.ParseUnits(text, decimals)
}

// scaleShares is floor(s × frac) in integers (frac to a millionth).
func scaleShares(s vault.Shares, frac float64) vault.Shares {
	n := new(big.Int).Mul(s.Big(), big.NewInt(int64(frac*1e6)))
	n.Quo(n, big.NewInt(1e6))
	a, err := money.AmountFromBig(n)
	if err != nil {
		return vault.Shares{}
	}
	return vault.Shares(a)
}
