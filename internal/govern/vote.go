// Deciding a proposal: signed votes counted as m-of-n signatures or by
// token weight against a quorum and a pass threshold; an approved proposal
// is queued behind the timelock; a signed cancellation (by the proposer or
// the guardian) stops it while it is voting or queued.
package govern

import (
	"crypto/ed25519"
	"math/big"
	"time"
)

// Tally is a proposal's count: signatures (signers mode) or weight (token
// mode), as decimal text.
type Tally struct {
	Yes     string `json:"yes"`
	No      string `json:"no"`
	Abstain string `json:"abstain"`
	Total   string `json:"total"` // members, or total weight
}

// weights returns each member's weight (1 in signers mode).
func (r *Rules) weightOf(name string) *big.Rat {
	m, ok := r.member(name)
	if !ok || r.Decision.Mode == ModeSigners || m.weight == nil {
		return big.NewRat(1, 1)
	}
	return m.weight
}

// count sums the votes by choice and the total weight.
func (p *Proposal) count(r *Rules) (yes, no, abstain, total *big.Rat) {
	yes, no, abstain, total = new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat)
	for _, m := range r.Members {
		total.Add(total, r.weightOf(m.Name))
	}
	for _, v := range p.Votes {
		w := r.weightOf(v.Signer)
		switch v.Choice {
		case ChoiceYes:
			yes.Add(yes, w)
		case ChoiceNo:
			no.Add(no, w)
		default:
			abstain.Add(abstain, w)
		}
	}
	p.Tally = Tally{Yes: yes.FloatString(0), No: no.FloatString(0), Abstain: abstain.FloatString(0), Total: total.FloatString(0)}
	if r.Decision.Mode == ModeToken {
		p.Tally = Tally{Yes: ratText(yes), No: ratText(no), Abstain: ratText(abstain), Total: ratText(total)}
	}
	return yes, no, abstain, total
}

func ratText(q *big.Rat) string {
	if q.IsInt() {
		return q.Num().String()
	}
	return q.FloatString(18)
}

func rat(s string) *big.Rat {
	q, _ := new(big.Rat).SetString(s)
	return q
}

// decide settles a vote at time at when the count (or the end of voting,
// ended) allows: approved → queued behind the timelock, or defeated.
func (p *Proposal) decide(r *Rules, at time.Time, ended bool) []logged {
	yes, no, abstain, total := p.count(r)
	pass, fail := false, false
	switch r.Decision.Mode {
	case ModeSigners:
		m := big.NewRat(int64(r.Decision.Threshold), 1)
		n := big.NewRat(int64(len(r.Members)), 1)
		pass = yes.Cmp(m) >= 0
		fail = new(big.Rat).Sub(n, no).Cmp(m) < 0 || (ended && !pass)
	case ModeToken:
		quorum, threshold := rat(r.Decision.Quorum), rat(r.Decision.Pass)
		cast := new(big.Rat).Add(yes, new(big.Rat).Add(no, abstain))
		remaining := new(big.Rat).Sub(total, cast)
		quorumMet := cast.Cmp(new(big.Rat).Mul(quorum, total)) >= 0
		passes := func(y, n *big.Rat) bool { // y ≥ threshold × (y + n), y > 0
			return y.Sign() > 0 && y.Cmp(new(big.Rat).Mul(threshold, new(big.Rat).Add(y, n))) >= 0
		}
		if ended {
			pass = quorumMet && passes(yes, no)
			fail = !pass
		} else {
			// decided early only when the remaining weight cannot change it
			pass = quorumMet && passes(yes, new(big.Rat).Add(no, remaining))
			fail = !passes(new(big.Rat).Add(yes, remaining), no)
		}
	}
	detail := map[string]any{"tally": p.Tally}
	switch {
	case pass:
		q, eta := at.UTC(), at.Add(r.seconds(r.TimelockSeconds)).UTC()
		p.State, p.QueuedAt, p.ExecutableAt = StateQueued, &q, &eta
		detail["executable_at"] = eta
		return []logged{{LogQueued, detail}}
	case fail:
		end := at.UTC()
		p.State, p.EndedAt = StateDefeated, &end
		return []logged{{LogDefeated, detail}}
	}
	return nil
}

// CastVote accepts a signed vote at now and returns the proposal after
// it (queued once approved, defeated once it cannot pass). Refusals
// (*Refusal, nothing stored): a message that is not a vote, by a
// non-member, with a bad signature, expired, replayed, for an unknown
// proposal or another version of it (proposal_hash), on a proposal not
// voting or without its impact preview, a second vote by the same member,
// a choice other than yes, no or abstain. Errors: ErrNotSetUp, store errors.
func CastVote(tx Tx, s Signed, now time.Time) (*Proposal, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	a, err := verify(tx, r, s, KindVote, now, r.memberKey)
	if err != nil {
		return nil, err
	}
	m := a.msg
	p, err := loadProposal(tx, m.Proposal, "message.proposal")
	if err != nil {
		return nil, err
	}
	p.advance(r, now) // a vote that ended is refused below, so what it implies is not stored
	if p.State != StateVoting {
		return nil, refuse(ErrProposalState, "message.proposal", p.ID, "is %s, not voting", p.State)
	}
	if m.ProposalHash != p.Hash {
		return nil, refuse(ErrInvalid, "message.proposal_hash", m.ProposalHash, "is not proposal %s's hash %s", p.ID, p.Hash)
	}
	if p.Preview == nil {
		return nil, refusef(ErrNoPreview, "message.proposal", "%s: %v", p.ID, ErrNoPreview)
	}
	switch m.Choice {
	case ChoiceYes, ChoiceNo, ChoiceAbstain:
	default:
		return nil, refuse(ErrInvalid, "message.choice", m.Choice, "must be yes, no or abstain")
	}
	for _, v := range p.Votes {
		if v.Signer == m.Signer {
			return nil, refuse(ErrDuplicate, "message.signer", m.Signer, "already voted %s on %s", v.Choice, p.ID)
		}
	}
	p.Votes = append(p.Votes, Vote{Signer: m.Signer, Choice: m.Choice, At: now.UTC(), Message: a.hash})
	entries := append([]logged{{LogVote, map[string]any{"choice": m.Choice, "message": a.hash}}}, p.decide(r, now, false)...)
	if err := a.keep(tx); err != nil {
		return nil, err
	}
	if err := putProposal(tx, p); err != nil {
		return nil, err
	}
	for i, e := range entries {
		actor := "rules"
		if i == 0 {
			actor = m.Signer
		}
		if err := appendLog(tx, now, e.kind, actor, p.ID, e.detail); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Cancel accepts a signed cancellation by the proposal's proposer or the
// guardian while the proposal is voting or queued (the timelock).
// Refusals as CastVote; also a signer who is neither, and a proposal
// already executed, defeated, cancelled or expired.
func Cancel(tx Tx, s Signed, now time.Time) (*Proposal, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	signerKey := func(name string) (ed25519.PublicKey, error) {
		if r.Guardian != nil && name == r.Guardian.Name {
			return r.Guardian.key, nil
		}
		return r.memberKey(name)
	}
	a, err := verify(tx, r, s, KindCancel, now, signerKey)
	if err != nil {
		return nil, err
	}
	m := a.msg
	p, err := loadProposal(tx, m.Proposal, "message.proposal")
	if err != nil {
		return nil, err
	}
	entries := p.advance(r, now)
	guardian := r.Guardian != nil && m.Signer == r.Guardian.Name
	if !guardian && m.Signer != p.Proposer {
		return nil, refuse(ErrNotMember, "message.signer", m.Signer, "is neither %s's proposer (%s) nor the guardian", p.ID, p.Proposer)
	}
	if p.State != StateVoting && p.State != StateQueued {
		return nil, refuse(ErrProposalState, "message.proposal", p.ID, "is %s: only a voting or queued proposal can be cancelled", p.State)
	}
	if m.ProposalHash != p.Hash {
		return nil, refuse(ErrInvalid, "message.proposal_hash", m.ProposalHash, "is not proposal %s's hash %s", p.ID, p.Hash)
	}
	end := now.UTC()
	p.State, p.EndedAt, p.CancelledBy = StateCancelled, &end, m.Signer
	if err := a.keep(tx); err != nil {
		return nil, err
	}
	if err := persist(tx, p, now, entries); err != nil {
		return nil, err
	}
	return p, appendLog(tx, now, LogCancel, m.Signer, p.ID, map[string]any{"message": a.hash})
}
