// Putting versions in force: the genesis (governance set up over the
// store's current risk parameters), a queued proposal's execution after
// its timelock (with its transition: ramps, configuration keys), and a
// guardian's action (stricter at once for new risk, expiring unless a
// proposal ratifies it).
package govern

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"
)

// Init sets governance up at now: it stores the rules and makes version 1
// from the stored risk parameters (the defaults when none are stored).
// Errors: ErrAlreadySetUp, the rules' *input.Error, a stored risk-parameter
// document that no longer loads, store errors.
func Init(tx Tx, rulesDoc []byte, actor string, now time.Time) (*Version, error) {
	if _, ok, err := tx.GovRules(); err != nil {
		return nil, err
	} else if ok {
		return nil, ErrAlreadySetUp
	}
	r, err := ParseRules(rulesDoc)
	if err != nil {
		return nil, err
	}
	risk, ok, err := tx.RiskParams()
	if err != nil {
		return nil, err
	}
	if !ok {
		risk = []byte("{}")
	}
	doc, err := ParseDoc(append(append([]byte(`{"risk_params": `), risk...), '}'))
	if err != nil {
		return nil, fmt.Errorf("the stored risk parameters: %w", err)
	}
	m, err := storedMarket(tx)
	if err != nil {
		return nil, err
	}
	if _, err := doc.Load(m); err != nil {
		return nil, fmt.Errorf("the stored risk parameters: %w", err)
	}
	canon, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	if err := tx.PutGovRules(canon); err != nil {
		return nil, err
	}
	v := &Version{Number: 1, Hash: doc.Hash(), Doc: doc.Bytes(), Origin: OriginGenesis, Actor: actor,
		At: now.UTC(), Changed: []LeafChange{}, Transition: Transition{Kind: TransitionImmediate}, doc: doc}
	if err := putVersion(tx, v); err != nil {
		return nil, err
	}
	return v, appendLog(tx, now, LogGenesis, actor, "version 1", map[string]any{
		"version": 1, "hash": v.Hash, "rules": hashOf(canon)})
}

// Execute puts a queued proposal in force at now, once its timelock has
// passed: the new version, its transition (ramps for the stricter leaves,
// or configuration keys for every existing account), the ratification of
// the guardian action it was based on, and the governed risk-parameter
// document. Refusals (*Refusal, nothing stored): an unknown proposal, one
// not queued, a timelock not elapsed, a base that is no longer the
// effective version, a bound or interval broken since it was proposed.
func Execute(tx Tx, id, actor string, now time.Time) (*Version, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	p, err := loadProposal(tx, id, "proposal")
	if err != nil {
		return nil, err
	}
	entries := p.advance(r, now)
	if p.State != StateQueued {
		return nil, refuse(ErrProposalState, "proposal", p.ID, "is %s, not queued", p.State)
	}
	if now.Before(*p.ExecutableAt) {
		return nil, refuse(ErrTimelocked, "proposal", p.ID, "is in its timelock: it may be executed from %s", p.ExecutableAt.Format(time.RFC3339))
	}
	h, err := loadHistory(tx)
	if err != nil {
		return nil, err
	}
	e := h.effective(now)
	if e.Number != p.BaseVersion || e.Hash != p.BaseHash {
		return nil, refuse(ErrStaleVersion, "proposal", p.ID, "was proposed against version %d; the effective version is %d (propose again)",
			p.BaseVersion, e.Number)
	}
	if err := p.check(tx, r, h, e, now, true); err != nil {
		return nil, err
	}
	next, err := applyChanges(e.doc, p.Changes, "changes")
	if err != nil {
		return nil, err
	}
	v := &Version{Number: len(h.versions) + 1, Hash: next.Hash(), Parent: e.Number, Doc: next.Bytes(),
		Origin: OriginProposal, Proposal: p.ID, Actor: actor, At: now.UTC(), Changed: p.Leaves,
		Transition: p.Transition, doc: next}
	if err := transition(tx, e, v, now); err != nil {
		return nil, err
	}
	if p.Ratifies > 0 {
		e.Ratified = true
		if err := putVersion(tx, e); err != nil {
			return nil, err
		}
		entries = append(entries, logged{LogRatify, map[string]any{"version": e.Number, "hash": e.Hash}})
	}
	if len(p.Leaves) > 0 {
		if err := putVersion(tx, v); err != nil {
			return nil, err
		}
		if err := tx.PutRiskParams(next.riskDoc()); err != nil {
			return nil, err
		}
		p.Version = v.Number
	}
	ts := now.UTC()
	p.State, p.ExecutedAt = StateExecuted, &ts
	if err := persist(tx, p, now, entries); err != nil {
		return nil, err
	}
	if len(p.Leaves) == 0 {
		return e, nil // a ratification alone
	}
	return v, appendLog(tx, now, LogExecute, actor, p.ID, map[string]any{
		"version": v.Number, "hash": v.Hash, "parent": v.Parent, "changed": v.Changed, "transition": v.Transition})
}

// transition sets v's ramps (the parent's unfinished ones it does not
// change, and, under a ramp, one per stricter leaf from its value now) and,
// under a key, keys every existing account without one to the parent.
func transition(tx Tx, parent, v *Version, now time.Time) error {
	changed := map[string]bool{}
	for _, c := range v.Changed {
		changed[c.Path] = true
	}
	for _, rp := range parent.Ramps {
		if now.Before(rp.End) && !changed[rp.Path] {
			v.Ramps = append(v.Ramps, rp)
		}
	}
	strict := stricterLeaves(v.Changed)
	if len(strict) == 0 {
		return nil
	}
	switch v.Transition.Kind {
	case TransitionRamp:
		cur, err := parent.DocAt(now).Load(nil)
		if err != nil {
			return &corruptError{what: fmt.Sprintf("version %d", parent.Number), err: err}
		}
		end := now.Add(time.Duration(v.Transition.Seconds) * time.Second).UTC()
		for _, c := range strict {
			from, ok := cur.leaves[c.Path]
			if !ok {
				from = c.From
			}
			v.Ramps = append(v.Ramps, Ramp{Path: c.Path, From: from, To: c.To, Start: now.UTC(), End: end})
		}
	case TransitionKey:
		return keyAccounts(tx, parent.Number)
	}
	return nil
}

// keyAccounts gives every account without a configuration key one to
// version k: its existing positions keep k until a risk-increasing action.
func keyAccounts(tx Tx, k int) error {
	ids, err := tx.AccountIDs()
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, ok, err := tx.ParamsKey(id); err != nil {
			return err
		} else if !ok {
			if err := tx.PutParamsKey(id, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// ActGuardian accepts a signed guardian action at now: "tighten" (changes
// that are each stricter for users and within bounds) or "pause" (pause
// new risk). It takes effect at once as a new version — existing positions
// keep the previous one under configuration keys, so only new risk meets
// the stricter values — and expires after the rules' action_seconds
// unless a proposal based on it is executed (which ratifies it).
// Refusals (*Refusal): no guardian in the rules, a signer who is not the
// guardian, a bad signature, an expired or replayed message, a base_hash
// that is not the effective version's, a change that is not stricter or is
// out of bounds, an action that changes nothing.
func ActGuardian(tx Tx, s Signed, now time.Time) (*Version, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	if r.Guardian == nil {
		return nil, refusef(ErrRuleNotAllowed, "message.signer", "the governance rules name no guardian")
	}
	a, err := verify(tx, r, s, KindGuardian, now, func(name string) (ed25519.PublicKey, error) {
		if name != r.Guardian.Name {
			return nil, refuse(ErrNotMember, "message.signer", name, "is not the guardian (%s)", r.Guardian.Name)
		}
		return r.Guardian.key, nil
	})
	if err != nil {
		return nil, err
	}
	m := a.msg
	h, err := loadHistory(tx)
	if err != nil {
		return nil, err
	}
	e := h.effective(now)
	if m.BaseHash != e.Hash {
		return nil, refuse(ErrStaleVersion, "message.base_hash", m.BaseHash, "is not the effective version's hash (version %d, %s)", e.Number, e.Hash)
	}
	changes := m.Changes
	switch m.Action {
	case ActionTighten:
		if len(changes) == 0 {
			return nil, refusef(ErrInvalid, "message.changes", "must list at least one change")
		}
	case ActionPause:
		if len(changes) != 0 {
			return nil, refusef(ErrInvalid, "message.changes", "must be empty for a pause")
		}
		changes = []Change{{Path: keyPause, Value: true}}
	default:
		return nil, refuse(ErrInvalid, "message.action", m.Action, "must be tighten or pause")
	}
	for i := range changes {
		if changes[i].Value, err = normalizeValue(changes[i].Path, changes[i].Value); err != nil {
			return nil, refuse(ErrInvalid, fmt.Sprintf("message.changes[%d].value", i), fmt.Sprint(changes[i].Value), "%v", err)
		}
	}
	mk, err := storedMarket(tx)
	if err != nil {
		return nil, err
	}
	base, err := e.doc.Load(mk)
	if err != nil {
		if base, err = e.doc.Load(nil); err != nil {
			return nil, &corruptError{what: fmt.Sprintf("version %d", e.Number), err: err}
		}
	}
	next, err := applyChanges(e.doc, changes, "message.changes")
	if err != nil {
		return nil, err
	}
	loaded, err := loadChanged(next, mk, changes, "message.changes")
	if err != nil {
		return nil, err
	}
	leaves, err := checkLeaves(r, h, base, loaded, changes, "message.changes", now, true)
	if err != nil {
		return nil, err
	}
	if len(leaves) == 0 {
		return nil, refusef(ErrInvalid, "message.changes", "change nothing: every value equals the effective version's")
	}
	exp := now.Add(r.seconds(r.Guardian.ActionSeconds)).UTC()
	v := &Version{Number: len(h.versions) + 1, Hash: next.Hash(), Parent: e.Number, Doc: next.Bytes(),
		Origin: OriginGuardian, Actor: m.Signer, At: now.UTC(), Changed: leaves,
		Transition: Transition{Kind: TransitionKey}, ExpiresAt: &exp, doc: next}
	if len(stricterLeaves(leaves)) == 0 {
		v.Transition = Transition{Kind: TransitionImmediate}
	}
	if err := transition(tx, e, v, now); err != nil {
		return nil, err
	}
	if err := a.keep(tx); err != nil {
		return nil, err
	}
	if err := putVersion(tx, v); err != nil {
		return nil, err
	}
	return v, appendLog(tx, now, LogGuardian, m.Signer, fmt.Sprintf("version %d", v.Number), map[string]any{
		"version": v.Number, "hash": v.Hash, "action": m.Action, "changed": leaves, "expires_at": exp, "message": a.hash})
}
