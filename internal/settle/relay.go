// Relayers report what they see on the source chain: "finalized" (the
// move's source transaction is final), "reorged" (it was dropped before
// finality) or "failed" (the bridge did not deliver). A move posts once
// attestations_required distinct relayers attest finality, never before
// the source chain's finality time; a single report of a reorg or a
// failure voids it (voiding is always safe: the shares go back). Messages
// carry their own id (the same id and body is answered as before; another
// body is refused), a relayer attests each event of a move once, and a
// message expires. Moves past their deadline are voided by Expire.
package settle

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/vault"
)

// Relay events.
const (
	EventFinalized = "finalized"
	EventReorged   = "reorged"
	EventFailed    = "failed"
)

// RelayMessage is one relayer's report on one move.
// The maxLength tags bound each field for the API schema (an oversized
// field is refused before it reaches Relay, and no error repeats it).
type RelayMessage struct {
	ID        string `json:"id" maxLength:"128"`
	Relayer   string `json:"relayer" maxLength:"128"`
	Move      string `json:"move" maxLength:"128"`
	Event     string `json:"event" maxLength:"16"`
	SourceTx  string `json:"source_tx" maxLength:"128"`
	Shares    string `json:"shares" maxLength:"100"` // as the move's request, whole share units
	ExpiresAt string `json:"expires_at" maxLength:"40"`
}

// storedMessage is what a message id is kept with.
type storedMessage struct {
	Body RelayMessage `json:"body"`
	At   time.Time    `json:"at"`
}

// ParseRelayMessage reads a relay message document (unknown fields refused).
func ParseRelayMessage(data []byte) (RelayMessage, error) {
	if _, err := input.Decode(data); err != nil {
		return RelayMessage{}, err
	}
	var r RelayMessage
	if err := decodeStrict(data, &r); err != nil {
		return RelayMessage{}, input.Errorf("", "not a relay message: %v", err)
	}
	return r, nil
}

// Relay applies a relayer's message at now and returns the move after it.
// Refusals (*input.Refusal, nothing changed): a relayer not of the data
// file, an expired message, an id used with another body, an unknown move,
// a source transaction or amount that is not the move's, a move no longer
// pending (replay), a relayer attesting the same event twice, finality
// claimed before the source chain's finality time or after the move's
// deadline, a reorg claimed after finality.
func Relay(tx Tx, reg *Registry, msg RelayMessage, now time.Time) (*ChainMove, error) {
	if err := vaultID("id", msg.ID); err != nil {
		return nil, err
	}
	if rec, ok, err := tx.SettleMessage(msg.ID); err != nil {
		return nil, err
	} else if ok {
		var prev storedMessage
		if err := json.Unmarshal(rec, &prev); err != nil {
			return nil, err
		}
		if prev.Body != msg {
			return nil, refuse(ErrConflict, "id", msg.ID, "was a message with another body")
		}
		m, _, err := loadMove(tx, msg.Move)
		return m, err // the same message again: answered as it was, nothing changes
	}
	if !slices.Contains(reg.Relayers, msg.Relayer) {
		return nil, refuse(ErrUnknownRelayer, "relayer", msg.Relayer, "is not a relayer of the settlement data (%v)", reg.Relayers)
	}
	exp, err := time.Parse(time.RFC3339, msg.ExpiresAt)
	if err != nil {
		return nil, refuse(ErrInvalid, "expires_at", msg.ExpiresAt, "must be an RFC 3339 time")
	}
	if !now.Before(exp) {
		return nil, refuse(ErrExpired, "expires_at", msg.ExpiresAt, "has passed (now %s)", now.UTC().Format(time.RFC3339))
	}
	if exp.Sub(now) > seconds(reg.MessageMaxSeconds) {
		return nil, refuse(ErrInvalid, "expires_at", msg.ExpiresAt, "is more than %d seconds away", reg.MessageMaxSeconds)
	}
	m, ok, err := loadMove(tx, msg.Move)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refuse(ErrUnknownMove, "move", msg.Move, "is not a move")
	}
	if err := m.check(msg, now); err != nil {
		return nil, err
	}
	m.Attestations = append(m.Attestations, Attestation{Relayer: msg.Relayer, Event: msg.Event, Message: msg.ID, At: now.UTC()})
	if err := m.apply(tx, reg, msg.Event, now); err != nil {
		return nil, err
	}
	rec, err := json.Marshal(storedMessage{Body: msg, At: now.UTC()})
	if err != nil {
		return nil, err
	}
	return m, tx.PutSettleMessage(msg.ID, rec)
}

func vaultID(field, v string) error {
	if vault.CheckID(field, v) != nil {
		return refuse(ErrInvalid, field, v, "must be 1 to 128 characters of A-Z a-z 0-9 _ . - @")
	}
	return nil
}

// check refuses a message the move cannot take at now.
func (m *ChainMove) check(msg RelayMessage, now time.Time) error {
	if msg.SourceTx != m.SourceTx {
		return refuse(ErrMismatch, "source_tx", msg.SourceTx, "is not move %s's source transaction", m.ID)
	}
	if m.Status != StatusPending {
		return refuse(ErrMoveState, "move", m.ID, "is already %s (a replay changes nothing)", m.Status)
	}
	for _, a := range m.Attestations {
		if a.Relayer == msg.Relayer && a.Event == msg.Event {
			return refuse(ErrReplayed, "relayer", msg.Relayer, "already attested %s for move %s (message %s)", msg.Event, m.ID, a.Message)
		}
	}
	switch msg.Event {
	case EventFinalized:
		if msg.Shares != m.Shares {
			return refuse(ErrMismatch, "shares", msg.Shares, "is not move %s's amount %s", m.ID, m.Shares)
		}
		if now.Before(m.FinalAt) {
			return refuse(ErrNotFinal, "move", m.ID, "is not final yet: its source on %s is final from %s", m.From, m.FinalAt.Format(time.RFC3339))
		}
		if !now.Before(m.Deadline) {
			return refuse(ErrExpired, "move", m.ID, "timed out at %s (settle expire voids it)", m.Deadline.Format(time.RFC3339))
		}
	case EventReorged:
		if !now.Before(m.FinalAt) {
			return refuse(ErrMoveState, "event", msg.Event, "move %s's source is final since %s: a reorg cannot drop it", m.ID, m.FinalAt.Format(time.RFC3339))
		}
	case EventFailed:
	default:
		return refuse(ErrInvalid, "event", msg.Event, "must be finalized, reorged or failed")
	}
	return nil
}

// apply acts on the move's attestations: post at the required count of
// distinct finality attestations, void on a reorg or a failure.
func (m *ChainMove) apply(tx Tx, reg *Registry, event string, now time.Time) error {
	vt, ok, err := tx.Vault(m.Asset)
	if err != nil {
		return err
	}
	if !ok {
		return ledger.ErrInvariant
	}
	switch event {
	case EventFinalized:
		n := 0
		for _, a := range m.Attestations {
			if a.Event == EventFinalized {
				n++
			}
		}
		if n >= reg.AttestationsRequired {
			return post(tx, reg, m, vt.ShareSymbol(), now)
		}
		return putMove(tx, m)
	case EventReorged:
		return void(tx, m, "reorged", now)
	default:
		return void(tx, m, "failed", now)
	}
}

// Expire voids every pending move past its deadline at now and returns them.
func Expire(tx Tx, now time.Time) ([]*ChainMove, error) {
	rows, err := tx.SettleMoves(MoveFilter{PendingOnly: true, DeadlineBy: now})
	if err != nil {
		return nil, err
	}
	var out []*ChainMove
	for _, r := range rows {
		m, err := decodeMove(r.Record)
		if err != nil {
			return nil, err
		}
		if err := void(tx, m, "timeout", now); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// BridgeStatus is an operator's view of a bridge: halted (no new moves)
// or open.
type BridgeStatus struct {
	Bridge string    `json:"bridge"`
	Halted bool      `json:"halted"`
	Since  time.Time `json:"since"`
	Reason string    `json:"reason,omitempty"`
}

// BridgeState returns a bridge's stored status (open when never set).
func BridgeState(tx Tx, name string) (BridgeStatus, error) {
	rec, ok, err := tx.SettleBridge(name)
	if err != nil || !ok {
		return BridgeStatus{Bridge: name}, err
	}
	var st BridgeStatus
	if err := json.Unmarshal(rec, &st); err != nil {
		return st, err
	}
	return st, nil
}

// SetBridge halts (new moves refused; moves in flight wait, and time out
// unless it reopens) or reopens a bridge at now. Refusals: an unknown
// bridge, a halt without a reason.
func SetBridge(tx Tx, reg *Registry, name string, halted bool, reason string, now time.Time) (BridgeStatus, error) {
	if _, ok := reg.Bridges[name]; !ok {
		return BridgeStatus{}, refuse(ErrNoRoute, "bridge", name, "is not a bridge of the settlement data (%v)", reg.bridgeNames())
	}
	if halted && reason == "" {
		return BridgeStatus{}, refusef(ErrInvalid, "reason", "is required to halt a bridge")
	}
	st := BridgeStatus{Bridge: name, Halted: halted, Since: now.UTC(), Reason: reason}
	rec, err := json.Marshal(st)
	if err != nil {
		return st, err
	}
	return st, tx.PutSettleBridge(name, rec)
}
