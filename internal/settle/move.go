// Moves: an account's vault shares taken from one chain to another over a
// bridge in two phases on the ledger. Initiate reserves them with a
// pending transfer from the source holding into a transit account (the
// source no longer counts them; the destination does not yet); once the
// source is final and enough relayers attest it, the pending transfer is
// posted and the shares go on to the destination holding; a reorg of the
// source before finality, a failed delivery or a timeout voids it and the
// shares are back where they were. Move ids are the client's: a retry with
// the same body returns the move as it is, another body is refused.
package settle

import (
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/vault"
)

// Move statuses.
const (
	StatusPending = "pending"
	StatusPosted  = "posted"
	StatusVoided  = "voided"
)

// Ledger transfer codes of a move.
const (
	codeMove   = "settle-move"
	codeArrive = "settle-arrive"
)

// MoveRequest asks to move shares of an account's asset from a chain (a
// holding there that arrived over FromBridge, unless From is the home
// chain) to another over Bridge. SourceTx is the source-chain transaction
// (the lock or burn) the relayers will attest.
type MoveRequest struct {
	ID         string `json:"id"`
	Account    string `json:"account"`
	Asset      string `json:"asset"`
	Shares     string `json:"shares"` // whole share units
	From       string `json:"from"`
	FromBridge string `json:"from_bridge,omitempty"`
	To         string `json:"to"`
	Bridge     string `json:"bridge"`
	SourceTx   string `json:"source_tx"`
}

// ChainMove is one stored move (named apart from margin.Move, a rebalance
// suggestion, in the API schema).
type ChainMove struct {
	MoveRequest
	Seq          int           `json:"seq"`
	ValueUSD     string        `json:"value_usd"` // at initiation, at the stored market's price
	Status       string        `json:"status"`
	InitiatedAt  time.Time     `json:"initiated_at"`
	FinalAt      time.Time     `json:"final_at"`    // the source is final from then
	ExpectedAt   time.Time     `json:"expected_at"` // final plus the route's median delay
	Deadline     time.Time     `json:"deadline"`    // voided as timed out from then
	Attestations []Attestation `json:"attestations"`
	ResolvedAt   *time.Time    `json:"resolved_at,omitempty"`
	Reason       string        `json:"reason,omitempty"` // reorged, failed, timeout
}

// Attestation is one relayer's report on a move.
type Attestation struct {
	Relayer string    `json:"relayer"`
	Event   string    `json:"event"`
	Message string    `json:"message"`
	At      time.Time `json:"at"`
}

// marketOptions read the stored market as the vault does.
var marketOptions = market.Options{StaleAfter: time.Hour, AllowStale: true}

// sourceAccount is the ledger account the move takes shares from.
func (r *MoveRequest) sourceAccount(home, share string) string {
	if r.From == home {
		return vault.HomeSharesAccount(r.Account, share)
	}
	return vault.LocatedSharesAccount(r.Account, r.From, r.FromBridge, share)
}

// destAccount is the ledger account the shares arrive in: the home
// holding (back in the vault), or the destination's holding over Bridge.
func (r *MoveRequest) destAccount(home, share string) string {
	if r.To == home {
		return vault.HomeSharesAccount(r.Account, share)
	}
	return vault.LocatedSharesAccount(r.Account, r.To, r.Bridge, share)
}

func transitAccount(account, bridge, share string) string {
	return vault.LocatedSharesAccount(account, vault.InFlight, bridge, share)
}

func pendingID(id string) string { return "settle:" + id }

// Initiate checks a move request at now under cfg (the governed
// configuration: its risk parameters must give the bridge a haircut) and
// reserves the shares. Refusals (*input.Refusal, nothing changed): a
// malformed request, an unknown chain, a bridge without that route or
// asset, halted or without a governed haircut, a holding too small, a
// move over the bridge's transfer or window limit, an id used with
// another body. Errors: vault.ErrNoMarket, store errors.
func Initiate(tx Tx, reg *Registry, cfg vault.Config, req MoveRequest, now time.Time) (*ChainMove, error) {
	if prev, ok, err := loadMove(tx, req.ID); err != nil {
		return nil, err
	} else if ok {
		if prev.MoveRequest != req {
			return nil, refuse(ErrConflict, "id", req.ID, "is move %s's id, with another body", req.ID)
		}
		return prev, nil
	}
	b, rt, err := checkRoute(tx, reg, cfg, &req, now)
	if err != nil {
		return nil, err
	}
	vt, ok, err := tx.Vault(req.Asset)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refuse(ErrInvalid, "asset", req.Asset, "has no vault")
	}
	amount, err := ledger.ParseUnits(req.Shares, vt.ShareDecimals())
	if err != nil {
		return nil, refuse(ErrInvalid, "shares", req.Shares, "%v", err)
	}
	if amount.IsZero() {
		return nil, refuse(ErrInvalid, "shares", req.Shares, "must be above 0")
	}
	share := vt.ShareSymbol()
	src := req.sourceAccount(reg.HomeChain, share)
	held, ok, err := tx.Account(src)
	if err != nil {
		return nil, err
	}
	if have := held.CreditBalance(); !ok || have.Cmp(amount) < 0 {
		return nil, refuse(ErrInsufficient, "shares", req.Shares, "the account holds %s %s on %s%s", vault.Shares(have).Units(vt.ShareDecimals()),
			share, req.From, viaText(req.FromBridge))
	}
	value, err := valueUSD(tx, vt, vault.Shares(amount))
	if err != nil {
		return nil, err
	}
	if err := checkLimits(tx, b, value, req.Shares, now); err != nil {
		return nil, err
	}
	if _, err := ledger.Open(tx, transitAccount(req.Account, req.Bridge, share), share, ledger.DebitsMustNotExceedCredits); err != nil {
		return nil, err
	}
	_, _, err = ledger.Post(tx, ledger.Transfer{ID: pendingID(req.ID), Debit: src, Credit: transitAccount(req.Account, req.Bridge, share),
		Asset: share, Amount: amount, Flags: ledger.Pending, Code: codeMove})
	if err != nil {
		return nil, err
	}
	seq, err := tx.SettleLastSeq()
	if err != nil {
		return nil, err
	}
	final := now.Add(seconds(reg.Chains[req.From].FinalitySeconds)).UTC()
	m := &ChainMove{MoveRequest: req, Seq: seq + 1, ValueUSD: value.FloatString(2), Status: StatusPending,
		InitiatedAt: now.UTC(), FinalAt: final, ExpectedAt: final.Add(seconds(rt.MedianSeconds)),
		Deadline: final.Add(seconds(b.TimeoutSeconds)), Attestations: []Attestation{}}
	return m, putMove(tx, m)
}

func seconds(s int64) time.Duration { return time.Duration(s) * time.Second }

func viaText(bridge string) string {
	if bridge == "" {
		return ""
	}
	return " (arrived over " + bridge + ")"
}

// checkRoute validates the request's names and route.
func checkRoute(tx Tx, reg *Registry, cfg vault.Config, req *MoveRequest, now time.Time) (*Bridge, Route, error) {
	for _, f := range []struct{ field, value string }{{"id", req.ID}, {"account", req.Account}, {"source_tx", req.SourceTx}} {
		if err := vaultID(f.field, f.value); err != nil {
			return nil, Route{}, err
		}
	}
	if ok, err := tx.AccountExists(req.Account); err != nil {
		return nil, Route{}, err
	} else if !ok {
		return nil, Route{}, refuse(ErrInvalid, "account", req.Account, "is not an account of the vault")
	}
	for _, f := range []struct{ field, value string }{{"from", req.From}, {"to", req.To}} {
		if _, ok := reg.Chains[f.value]; !ok {
			return nil, Route{}, refuse(ErrUnknownChain, f.field, f.value, "is not a chain of the settlement data (%v)", reg.chainNames())
		}
	}
	if (req.From == reg.HomeChain) != (req.FromBridge == "") {
		if req.FromBridge == "" {
			return nil, Route{}, refusef(ErrInvalid, "from_bridge", "is required off the home chain: the bridge the holding on %s arrived over", req.From)
		}
		return nil, Route{}, refuse(ErrInvalid, "from_bridge", req.FromBridge, "must be empty for the home chain %s", reg.HomeChain)
	}
	b, ok := reg.Bridges[req.Bridge]
	if !ok {
		return nil, Route{}, refuse(ErrNoRoute, "bridge", req.Bridge, "is not a bridge of the settlement data (%v)", reg.bridgeNames())
	}
	rt, ok := b.route(req.From, req.To)
	if !ok {
		return nil, Route{}, refuse(ErrNoRoute, "bridge", req.Bridge, "does not carry %s → %s", req.From, req.To)
	}
	if !b.carries(req.Asset) {
		return nil, Route{}, refuse(ErrNoRoute, "asset", req.Asset, "is not carried by %s (only %v)", req.Bridge, b.Assets)
	}
	if st, err := BridgeState(tx, req.Bridge); err != nil {
		return nil, Route{}, err
	} else if st.Halted {
		return nil, Route{}, refuse(ErrBridgeHalted, "bridge", req.Bridge, "is halted since %s: %s", st.Since.Format(time.RFC3339), st.Reason)
	}
	if cfg.RiskParams == nil {
		return nil, Route{}, refuse(ErrUngoverned, "bridge", req.Bridge, "has no haircut in the risk parameters: collateral in flight over it would count in full")
	}
	if _, ok := cfg.RiskParams.Bridges[req.Bridge]; !ok {
		return nil, Route{}, refuse(ErrUngoverned, "bridge", req.Bridge, "has no haircut in the risk parameters (reference %g): collateral in flight over it would count in full", b.Haircut)
	}
	return &b, rt, nil
}

// valueUSD is the assets the shares are worth, at the stored market's
// exact price.
func valueUSD(tx Tx, vt vault.Vault, shares vault.Shares) (*big.Rat, error) {
	doc, ok, err := tx.Market()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("a move's value: %w", vault.ErrNoMarket)
	}
	m, err := market.Load(doc, marketOptions)
	if err != nil {
		return nil, fmt.Errorf("stored market: %w", err)
	}
	a := m.Asset(vt.Asset.Symbol)
	if a == nil {
		return nil, refuse(ErrInvalid, "asset", vt.Asset.Symbol, "is not priced by the stored market")
	}
	assets := vt.AssetsForSharesFloor(shares)
	v := new(big.Rat).SetFrac(assets.Big(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(vt.Asset.Decimals)), nil))
	return v.Mul(v, a.PriceExact.Rat()), nil
}

// checkLimits refuses a move above the bridge's largest transfer, or one
// that would take the volume initiated over the bridge in the last window
// above the window's limit (voided moves give their share back).
func checkLimits(tx Tx, b *Bridge, value *big.Rat, shares string, now time.Time) error {
	if value.Cmp(b.maxTransfer) > 0 {
		return refuse(ErrLimit, "shares", shares, "are worth %s USD, above %s's largest transfer of %s USD", value.FloatString(2), b.Name, b.MaxTransferUSD)
	}
	rows, err := tx.SettleMoves(MoveFilter{Bridge: b.Name, Since: now.Add(-seconds(b.WindowSeconds))})
	if err != nil {
		return err
	}
	used := new(big.Rat)
	for _, r := range rows {
		if r.Status == StatusVoided {
			continue
		}
		v, ok := new(big.Rat).SetString(r.ValueUSD)
		if !ok {
			return fmt.Errorf("%w: move %s value %q", ledger.ErrInvariant, r.ID, r.ValueUSD)
		}
		used.Add(used, v)
	}
	if total := new(big.Rat).Add(used, value); total.Cmp(b.window) > 0 {
		return refuse(ErrLimit, "shares", shares, "would take %s's volume over the last %d s to %s USD, above its window limit of %s USD",
			b.Name, b.WindowSeconds, total.FloatString(2), b.WindowUSD)
	}
	return nil
}

func decodeMove(rec []byte) (*ChainMove, error) {
	var m ChainMove
	if err := json.Unmarshal(rec, &m); err != nil {
		return nil, fmt.Errorf("%w: a stored move does not parse: %v", ledger.ErrInvariant, err)
	}
	return &m, nil
}

func loadMove(tx Tx, id string) (*ChainMove, bool, error) {
	rec, ok, err := tx.SettleMove(id)
	if err != nil || !ok {
		return nil, ok, err
	}
	m, err := decodeMove(rec)
	return m, err == nil, err
}

func putMove(tx Tx, m *ChainMove) error {
	rec, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return tx.PutSettleMove(MoveRow{ID: m.ID, Account: m.Account, Status: m.Status, Bridge: m.Bridge, Seq: m.Seq,
		InitiatedAt: m.InitiatedAt, Deadline: m.Deadline, ValueUSD: m.ValueUSD, Record: rec})
}

// post completes a move: the pending transfer is posted and the shares go
// on from the transit account to the destination holding.
func post(tx Tx, reg *Registry, m *ChainMove, share string, now time.Time) error {
	dest := m.destAccount(reg.HomeChain, share)
	if _, err := ledger.Open(tx, dest, share, ledger.DebitsMustNotExceedCredits); err != nil {
		return err
	}
	p, ok, err := tx.Transfer(pendingID(m.ID))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: move %s has no pending transfer", ledger.ErrInvariant, m.ID)
	}
	if _, _, err := ledger.Post(tx, ledger.Transfer{ID: pendingID(m.ID) + ":post", PendingID: pendingID(m.ID),
		Flags: ledger.PostPending, Code: codeMove}); err != nil {
		return err
	}
	if _, _, err := ledger.Post(tx, ledger.Transfer{ID: pendingID(m.ID) + ":arrive", Debit: p.Credit, Credit: dest,
		Asset: share, Amount: p.Amount, Code: codeArrive}); err != nil {
		return err
	}
	t := now.UTC()
	m.Status, m.ResolvedAt = StatusPosted, &t
	return putMove(tx, m)
}

// void returns a move's shares to its source.
func void(tx Tx, m *ChainMove, reason string, now time.Time) error {
	if _, _, err := ledger.Post(tx, ledger.Transfer{ID: pendingID(m.ID) + ":void", PendingID: pendingID(m.ID),
		Flags: ledger.VoidPending, Code: codeMove}); err != nil {
		return err
	}
	t := now.UTC()
	m.Status, m.ResolvedAt, m.Reason = StatusVoided, &t, reason
	return putMove(tx, m)
}

// ParseMoveRequest reads a move request document (unknown fields refused).
func ParseMoveRequest(data []byte) (MoveRequest, error) {
	if _, err := input.Decode(data); err != nil {
		return MoveRequest{}, err
	}
	var r MoveRequest
	if err := decodeStrict(data, &r); err != nil {
		return MoveRequest{}, input.Errorf("", "not a move request: %v", err)
	}
	return r, nil
}
