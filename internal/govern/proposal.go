// Proposals: a diff against the effective version with a rationale and a
// transition rule, checked against the bounds before anyone votes; then
// an impact preview (preview.go), signed votes (vote.go), a timelock, and
// execution into a new version — or cancellation, defeat or expiry.
//
//	voting ──(approved)──► queued ──(timelock passed, executed)──► executed
//	   │                     │
//	   ├─(rejected/ended)──► defeated        queued ──(grace passed)──► expired
//	   └──────(signed cancel: proposer or guardian)──► cancelled ◄──┘
package govern

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
)

// Proposal states.
const (
	StateVoting    = "voting"
	StateQueued    = "queued"
	StateExecuted  = "executed"
	StateDefeated  = "defeated"
	StateCancelled = "cancelled"
	StateExpired   = "expired"
)

// Limits on a proposal.
const (
	maxChanges   = 64
	maxRationale = 4000
)

// Change sets the value at a path of the parameter set (null removes it).
type Change struct {
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// Vote is one accepted vote.
type Vote struct {
	Signer  string    `json:"signer"`
	Choice  string    `json:"choice"`
	At      time.Time `json:"at"`
	Message string    `json:"message"` // the signed message's hash
}

// Proposal is one stored proposal record.
type Proposal struct {
	ID           string       `json:"id"`
	Seq          int          `json:"seq"`
	Proposer     string       `json:"proposer"`
	Rationale    string       `json:"rationale"`
	BaseVersion  int          `json:"base_version"`
	BaseHash     string       `json:"base_hash"`
	Changes      []Change     `json:"changes"`
	Transition   Transition   `json:"transition"`
	Leaves       []LeafChange `json:"leaves"`
	Ratifies     int          `json:"ratifies,omitempty"` // the guardian version it ratifies
	Hash         string       `json:"hash"`
	CreatedAt    time.Time    `json:"created_at"`
	VotingEndsAt time.Time    `json:"voting_ends_at"`
	State        string       `json:"state"`
	Votes        []Vote       `json:"votes"`
	Tally        Tally        `json:"tally"`
	QueuedAt     *time.Time   `json:"queued_at,omitempty"`
	ExecutableAt *time.Time   `json:"executable_at,omitempty"`
	ExecutedAt   *time.Time   `json:"executed_at,omitempty"`
	Version      int          `json:"version,omitempty"` // the version execution made
	CancelledBy  string       `json:"cancelled_by,omitempty"`
	EndedAt      *time.Time   `json:"ended_at,omitempty"` // defeated, cancelled or expired
	Preview      *Preview     `json:"preview,omitempty"`
}

// hashBody is what votes sign over: everything the proposal would do.
func (p *Proposal) hashBody() string {
	b, err := json.Marshal(struct {
		ID          string     `json:"id"`
		Proposer    string     `json:"proposer"`
		Rationale   string     `json:"rationale"`
		BaseVersion int        `json:"base_version"`
		BaseHash    string     `json:"base_hash"`
		Changes     []Change   `json:"changes"`
		Transition  Transition `json:"transition"`
		CreatedAt   time.Time  `json:"created_at"`
	}{p.ID, p.Proposer, p.Rationale, p.BaseVersion, p.BaseHash, p.Changes, p.Transition, p.CreatedAt})
	if err != nil {
		panic(fmt.Sprintf("govern: a proposal does not encode: %v", err))
	}
	return hashOf(b)
}

var idRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// marketOptions read the stored market as the vault does: a stale oracle
// is a warning, never a failure of governance.
var marketOptions = market.Options{StaleAfter: time.Hour, AllowStale: true}

// storedMarket parses the stored market (nil when none).
func storedMarket(tx Tx) (*market.Snapshot, error) {
	doc, ok, err := tx.Market()
	if err != nil || !ok {
		return nil, err
	}
	m, err := market.Load(doc, marketOptions)
	if err != nil {
		return nil, fmt.Errorf("stored market: %w", err)
	}
	return m, nil
}

// proposalInput is a parsed proposal document.
type proposalInput struct {
	id, proposer, rationale string
	base                    int
	hasBase                 bool
	changes                 []Change
	transition              Transition
	hasTransition           bool
}

// parseProposal reads a proposal document. Errors are *Refusal naming the field.
func parseProposal(data []byte) (*proposalInput, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, asRefusal(err)
	}
	in := &proposalInput{}
	if err := in.read(obj); err != nil {
		return nil, asRefusal(err)
	}
	return in, nil
}

func (in *proposalInput) read(obj *input.Object) error {
	if n, ok := obj.Optional("id"); ok {
		s, err := n.String()
		if err != nil {
			return err
		}
		if !idRe.MatchString(s) {
			return input.Invalid(n.Path, s, "must be 1 to 64 characters of A-Z a-z 0-9 _ . -")
		}
		in.id = s
	}
	pn, err := obj.Required("proposer")
	if err != nil {
		return err
	}
	if in.proposer, err = pn.String(); err != nil {
		return err
	}
	rn, err := obj.Required("rationale")
	if err != nil {
		return err
	}
	if in.rationale, err = rn.String(); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.rationale)); n == 0 || n > maxRationale {
		return input.Errorf(rn.Path, "must be 1 to %d characters saying why", maxRationale)
	}
	if n, ok := obj.Optional("base_version"); ok {
		b, err := n.Int()
		if err != nil {
			return err
		}
		in.base, in.hasBase = int(b), true
	}
	if err := in.readChanges(obj); err != nil {
		return err
	}
	if n, ok := obj.Optional("transition"); ok {
		t, err := readTransition(n)
		if err != nil {
			return err
		}
		in.transition, in.hasTransition = t, true
	}
	return obj.Finish()
}

func (in *proposalInput) readChanges(obj *input.Object) error {
	n, err := obj.Required("changes")
	if err != nil {
		return err
	}
	items, err := n.Array()
	if err != nil {
		return err
	}
	if len(items) > maxChanges {
		return input.Errorf(n.Path, "has %d changes, more than the limit of %d", len(items), maxChanges)
	}
	in.changes, err = readChangeList(items)
	return err
}

// readChangeList reads [{path, value}, …].
func readChangeList(items []input.Node) ([]Change, error) {
	out := make([]Change, 0, len(items))
	for _, it := range items {
		o, err := it.Object()
		if err != nil {
			return nil, err
		}
		pn, err := o.Required("path")
		if err != nil {
			return nil, err
		}
		path, err := pn.String()
		if err != nil {
			return nil, err
		}
		if _, err := parsePath(path); err != nil {
			return nil, input.Invalid(pn.Path, path, "is not a parameter path (risk_params.chains.arbitrum.haircut): it %v", err)
		}
		root, _, _ := strings.Cut(path, ".")
		root, _, _ = strings.Cut(root, "[")
		if root != keyRisk && root != keyVenue && root != keyPause {
			return nil, input.Invalid(pn.Path, path, "must start with risk_params, venue_params or pause_new_risk")
		}
		var val any
		if vn, ok := o.Optional("value"); ok {
			if val, err = changeValue(path, vn); err != nil {
				return nil, err
			}
		} else if !slices.Contains(o.Keys(), "value") {
			return nil, input.Errorf(input.Join(it.Path, "value"), "is required (null removes the entry)")
		}
		if err := o.Finish(); err != nil {
			return nil, err
		}
		out = append(out, Change{Path: path, Value: val})
	}
	return out, nil
}

// changeValue canonicalises a change's value (normalizeValue).
func changeValue(path string, n input.Node) (any, error) {
	v, err := normalizeValue(path, n.Raw())
	if err != nil {
		return nil, input.Invalid(n.Path, n.Text(), "%v", err)
	}
	return v, nil
}

// normalizeValue makes a change's value canonical: numbers (and, in the
// risk parameters, decimal strings, which the risk-params file accepts for
// numbers) become float64, so equal values hash alike.
func normalizeValue(path string, raw any) (any, error) {
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	v, err := decodeCanonical(b)
	if err != nil {
		return nil, err
	}
	if s, ok := v.(string); ok && strings.HasPrefix(path, keyRisk+".") && !strings.HasSuffix(path, "canonical_bridge") {
		f, err := input.ParseFloat("", s)
		if err != nil {
			return nil, fmt.Errorf("is not a number")
		}
		return f, nil
	}
	return v, nil
}

func readTransition(n input.Node) (Transition, error) {
	o, err := n.Object()
	if err != nil {
		return Transition{}, err
	}
	kn, err := o.Required("kind")
	if err != nil {
		return Transition{}, err
	}
	var t Transition
	if t.Kind, err = kn.String(); err != nil {
		return t, err
	}
	switch t.Kind {
	case TransitionImmediate, TransitionKey:
	case TransitionRamp:
		sn, err := o.Required("seconds")
		if err != nil {
			return t, err
		}
		if t.Seconds, err = sn.Int(); err != nil {
			return t, err
		}
		if t.Seconds < 1 || t.Seconds > maxSeconds {
			return t, input.Invalid(sn.Path, sn.Text(), "must be between 1 and %d seconds", maxSeconds)
		}
	default:
		return t, input.Invalid(kn.Path, t.Kind, "must be immediate, ramp or key")
	}
	return t, o.Finish()
}

// asRefusal turns an *input.Error into a *Refusal at its path.
func asRefusal(err error) error {
	if ie, ok := err.(*input.Error); ok {
		return &Refusal{Field: ie.Path, Value: ie.Value, HasValue: ie.HasValue, Reason: ie.Reason, Kind: ErrInvalid}
	}
	return err
}

// applyChanges returns base with the changes applied, refusing a change
// that is not a valid path or that repeats or contains another. field is
// the request's name of the list ("changes", "message.changes").
func applyChanges(base Doc, changes []Change, field string) (Doc, error) {
	next := base.Clone()
	materialize(next, changes)
	for i, c := range changes {
		at := fmt.Sprintf("%s[%d]", field, i)
		for j := range i {
			if underPath(c.Path, changes[j].Path) || underPath(changes[j].Path, c.Path) {
				return nil, refuse(ErrDuplicate, at+".path", c.Path, "overlaps %s[%d] (%s)", field, j, changes[j].Path)
			}
		}
		segs, err := parsePath(c.Path)
		if err == nil {
			err = set(next, segs, c.Value)
		}
		if err != nil {
			return nil, refuse(ErrInvalid, at+".path", c.Path, "cannot be set: it %v", err)
		}
	}
	return next, nil
}

// materialize writes out the tables a change would otherwise replace whole:
// a risk-params file's ranges_by_symbol replaces the built-in table, so a
// change of one symbol's range starts from the table in force.
func materialize(d Doc, changes []Change) {
	const table = keyRisk + ".ranges_by_symbol"
	risk, _ := d[keyRisk].(map[string]any)
	if risk == nil {
		return
	}
	if _, ok := risk["ranges_by_symbol"]; ok {
		return
	}
	for _, c := range changes {
		if strings.HasPrefix(c.Path, table+".") {
			t := map[string]any{}
			for sym, r := range margin.DefaultRiskParams().RangesBySymbol {
				t[sym] = r
			}
			risk["ranges_by_symbol"] = t
			return
		}
	}
}

// loadChanged loads next against m, naming the change an error comes from.
func loadChanged(next Doc, m *market.Snapshot, changes []Change, field string) (*Loaded, error) {
	l, err := next.Load(m)
	if err == nil {
		return l, nil
	}
	ie, ok := err.(*input.Error)
	if !ok {
		return nil, err
	}
	for i, c := range changes {
		if underPath(ie.Path, c.Path) || underPath(c.Path, ie.Path) {
			// a refused key (unknown field, chain, asset, model or
			// parameter) quotes the key itself, the path's last name
			last := ie.Path[strings.LastIndexAny(ie.Path, ".")+1:]
			unknown := ie.Reason == "unknown field" || (ie.HasValue && ie.Value == last)
			if unknown {
				return nil, refuse(ErrUnknownParam, fmt.Sprintf("%s[%d].path", field, i), c.Path, "%s: %s", ie.Path, ie.Reason)
			}
			return nil, &Refusal{Field: fmt.Sprintf("%s[%d].value", field, i), Value: ie.Value, HasValue: ie.HasValue,
				Reason: ie.Path + ": " + ie.Reason, Kind: ErrInvalid}
		}
	}
	return nil, &Refusal{Field: field, Reason: ie.Error(), Kind: ErrInvalid}
}

// checkLeaves diffs base and next, and checks every changed leaf against
// the bounds (intervals too, unless guardian), marking which changes are
// stricter for users. A guardian may only make leaves stricter.
func checkLeaves(r *Rules, h *history, base, next *Loaded, changes []Change, field string, now time.Time, guardian bool) ([]LeafChange, error) {
	all := diffLeaves(base.leaves, next.leaves)
	last := lastChanged(h.versions)
	leaves := all[:0]
	for i := range all {
		c := &all[i]
		idx := -1
		for j, ch := range changes {
			if underPath(c.Path, ch.Path) || underPath(ch.Path, c.Path) {
				idx = j
				break
			}
		}
		at := func(suffix string) string { // the change the leaf comes from, or the list
			if idx < 0 {
				return field
			}
			return fmt.Sprintf("%s[%d].%s", field, idx, suffix)
		}
		b, _, ok := r.table.lookup(c.Path)
		if !ok {
			return nil, refuse(ErrRuleNotAllowed, at("path"), c.Path, "has no governance bounds (add them to the rules' bounds)")
		}
		b.resolve(c, venueDefault)
		if sameValue(c.From, c.To) {
			continue // a leaf that appears with the value it was read as (a new chain's finality 0)
		}
		if why := b.check(*c); why != "" {
			return nil, refuse(ErrOutOfBounds, at("value"), fmt.Sprint(c.To), "%s: %s", c.Path, why)
		}
		c.Stricter = stricter(b, c.From, c.To)
		if guardian && c.Path != keyPause && (!c.Stricter || b.Stricter == StricterEither || b.Stricter == StricterNeither) {
			return nil, refuse(ErrNotSafer, at("value"), fmt.Sprint(c.To), "%s: %v → %v is not stricter for users", c.Path, c.From, c.To)
		}
		if guardian && c.Path == keyPause && c.To != true {
			return nil, refuse(ErrNotSafer, at("value"), fmt.Sprint(c.To), "a guardian may pause new risk, not resume it")
		}
		if !guardian {
			if t, ok := last[c.Path]; ok && now.Before(t.Add(r.seconds(b.MinIntervalSeconds))) {
				return nil, refuse(ErrTooSoon, at("path"), c.Path, "changed at %s; the next change may come %d seconds later, at %s",
					t.UTC().Format(time.RFC3339), b.MinIntervalSeconds, t.Add(r.seconds(b.MinIntervalSeconds)).UTC().Format(time.RFC3339))
			}
		}
		leaves = append(leaves, *c)
	}
	return leaves, nil
}

// venueDefault is a venue parameter's default (its model's Params).
func venueDefault(path string) (any, bool) {
	rest, ok := strings.CutPrefix(path, keyVenue+".")
	if !ok {
		return nil, false
	}
	model, name, ok := strings.Cut(rest, ".")
	if !ok {
		return nil, false
	}
	return modelDefault(model, name)
}

// stricterLeaves are the changes that need a ramp or a key (the pause
// applies at once whatever the transition).
func stricterLeaves(leaves []LeafChange) []LeafChange {
	var out []LeafChange
	for _, c := range leaves {
		if c.Stricter && c.Path != keyPause {
			out = append(out, c)
		}
	}
	return out
}

// Propose checks a proposal document at time now and stores it in voting,
// returning it. Refusals (*Refusal, nothing stored): a malformed document,
// a proposer who is not a member, a base version that is not the
// effective one, a change to an unknown parameter, a value out of bounds
// or changed too recently, a stricter change without a ramp or key, a
// proposal that changes nothing, an id already used. Errors: ErrNotSetUp,
// store errors.
func Propose(tx Tx, doc []byte, now time.Time) (*Proposal, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	in, err := parseProposal(doc)
	if err != nil {
		return nil, err
	}
	if _, ok := r.member(in.proposer); !ok {
		return nil, refuse(ErrNotMember, "proposer", in.proposer, "is not a member of the governance rules")
	}
	h, err := loadHistory(tx)
	if err != nil {
		return nil, err
	}
	e := h.effective(now)
	if e == nil {
		return nil, ErrNotSetUp
	}
	if in.hasBase && in.base != e.Number {
		return nil, refuse(ErrStaleVersion, "base_version", fmt.Sprint(in.base), "the effective version is %d", e.Number)
	}
	p := &Proposal{ID: in.id, Proposer: in.proposer, Rationale: in.rationale, BaseVersion: e.Number,
		BaseHash: e.Hash, Changes: in.changes, Transition: in.transition, CreatedAt: now.UTC(),
		VotingEndsAt: now.Add(r.seconds(r.VotingSeconds)).UTC(), State: StateVoting, Votes: []Vote{}}
	if p.Changes == nil {
		p.Changes = []Change{}
	}
	if err := p.check(tx, r, h, e, now, in.hasTransition); err != nil {
		return nil, err
	}
	p.count(r)
	all, err := tx.GovProposals()
	if err != nil {
		return nil, err
	}
	p.Seq = len(all) + 1
	if p.ID == "" {
		p.ID = fmt.Sprintf("p%d", p.Seq)
	}
	if _, taken, err := tx.GovProposal(p.ID); err != nil {
		return nil, err
	} else if taken {
		return nil, refuse(ErrDuplicate, "id", p.ID, "is already a proposal's id")
	}
	p.Hash = p.hashBody()
	if err := putProposal(tx, p); err != nil {
		return nil, err
	}
	return p, appendLog(tx, now, LogPropose, p.Proposer, p.ID, map[string]any{
		"hash": p.Hash, "base_version": p.BaseVersion, "changes": p.Changes, "transition": p.Transition,
		"rationale": p.Rationale})
}

// check validates p's changes against version e (the effective one) at
// now: the new set loads, every leaf is within bounds, and the transition
// fits (a ramp or a key for changes stricter for users; a ramp no shorter
// than the rules allow). It sets p.Leaves, p.Ratifies and p.Transition.
func (p *Proposal) check(tx Tx, r *Rules, h *history, e *Version, now time.Time, hasTransition bool) error {
	m, err := storedMarket(tx)
	if err != nil {
		return err
	}
	base, err := e.doc.Load(m)
	if err != nil {
		// the market moved under the version: judge against the version
		// without the market's asset checks
		if base, err = e.doc.Load(nil); err != nil {
			return &corruptError{what: fmt.Sprintf("version %d", e.Number), err: err}
		}
	}
	next, err := applyChanges(e.doc, p.Changes, "changes")
	if err != nil {
		return err
	}
	loaded, err := loadChanged(next, m, p.Changes, "changes")
	if err != nil {
		return err
	}
	if p.Leaves, err = checkLeaves(r, h, base, loaded, p.Changes, "changes", now, false); err != nil {
		return err
	}
	ratify := e.Origin == OriginGuardian && !e.Ratified
	if ratify {
		p.Ratifies = e.Number
	}
	if len(p.Leaves) == 0 && !ratify {
		return refusef(ErrInvalid, "changes", "change nothing: every value equals the effective version's")
	}
	strict := stricterLeaves(p.Leaves)
	switch {
	case len(strict) == 0:
		if !hasTransition {
			p.Transition = Transition{Kind: TransitionImmediate}
		}
	case !hasTransition || p.Transition.Kind == TransitionImmediate:
		names := make([]string, len(strict))
		for i, c := range strict {
			names[i] = c.Path
		}
		return refuse(ErrInvalid, "transition.kind", p.Transition.Kind,
			"changes stricter for users (%s) need a ramp (transition {\"kind\": \"ramp\", \"seconds\": N}) or a configuration key ({\"kind\": \"key\"})",
			strings.Join(names, ", "))
	case p.Transition.Kind == TransitionRamp && p.Transition.Seconds < r.MinRampSeconds:
		return refuse(ErrOutOfBounds, "transition.seconds", fmt.Sprint(p.Transition.Seconds),
			"is shorter than the rules' min_ramp_seconds %d", r.MinRampSeconds)
	}
	return nil
}

func putProposal(tx Tx, p *Proposal) error {
	rec, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return tx.PutGovProposal(p.ID, p.Seq, rec)
}

// loadProposal reads a proposal record (ErrUnknownProp when absent).
func loadProposal(tx Tx, id, field string) (*Proposal, error) {
	rec, ok, err := tx.GovProposal(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refuse(ErrUnknownProp, field, id, "is not a proposal")
	}
	var p Proposal
	if err := json.Unmarshal(rec, &p); err != nil {
		return nil, &corruptError{what: "proposal " + id, err: err}
	}
	return &p, nil
}

// GetProposal returns a proposal with its time-based transitions applied
// at now (not stored). Errors: a *Refusal for an unknown id, store errors.
func GetProposal(tx Tx, id string, now time.Time) (*Proposal, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	p, err := loadProposal(tx, id, "proposal")
	if err != nil {
		return nil, err
	}
	p.advance(r, now)
	return p, nil
}

// Proposals lists every proposal, newest first, as GetProposal does.
func Proposals(tx Tx, now time.Time) ([]*Proposal, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	recs, err := tx.GovProposals()
	if err != nil {
		return nil, err
	}
	out := make([]*Proposal, 0, len(recs))
	for _, rec := range recs {
		var p Proposal
		if err := json.Unmarshal(rec, &p); err != nil {
			return nil, &corruptError{what: "proposal record", err: err}
		}
		p.advance(r, now)
		out = append(out, &p)
	}
	slices.Reverse(out)
	return out, nil
}

// advance applies the transitions time alone makes: a vote that ended is
// decided; a queued proposal past its grace period expires. It reports
// the log entries it implies (kind, detail) for the caller that stores it.
func (p *Proposal) advance(r *Rules, now time.Time) []logged {
	var out []logged
	if p.State == StateVoting && !now.Before(p.VotingEndsAt) {
		out = append(out, p.decide(r, p.VotingEndsAt, true)...)
	}
	if p.State == StateQueued && p.ExecutableAt != nil && !now.Before(p.ExecutableAt.Add(r.seconds(r.GraceSeconds))) {
		end := p.ExecutableAt.Add(r.seconds(r.GraceSeconds)).UTC()
		p.State, p.EndedAt = StateExpired, &end
	}
	return out
}

// logged is a log entry an act implies.
type logged struct {
	kind   string
	detail any
}

// persist stores p after an advance and appends the entries it implied.
func persist(tx Tx, p *Proposal, at time.Time, entries []logged) error {
	if err := putProposal(tx, p); err != nil {
		return err
	}
	for _, e := range entries {
		if err := appendLog(tx, at, e.kind, "rules", p.ID, e.detail); err != nil {
			return err
		}
	}
	return nil
}
