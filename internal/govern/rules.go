// The governance rules (governance.json, set once by `govern init`): who
// decides (m-of-n signers holding keys for named roles, or token-weighted
// voters with a quorum and a pass threshold), the guardian, the timings
// (voting period, timelock, grace, message lifetime, shortest ramp), the
// preview's standard shock and bound overrides by parameter pattern.
package govern

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"time"

	"github.com/unimargin/unimargin/internal/input"
)

// Decision modes.
const (
	ModeSigners = "signers" // m-of-n: Threshold yes signatures approve
	ModeToken   = "token"   // token-weighted: Quorum of the weight votes, Pass of yes+no is yes
)

// Rules is the decoded rules document.
type Rules struct {
	Decision          Decision         `json:"decision"`
	Members           []Member         `json:"members"`
	Guardian          *Guardian        `json:"guardian,omitempty"`
	VotingSeconds     int64            `json:"voting_seconds"`
	TimelockSeconds   int64            `json:"timelock_seconds"`
	GraceSeconds      int64            `json:"grace_seconds"`
	MessageMaxSeconds int64            `json:"message_max_seconds"`
	MinRampSeconds    int64            `json:"min_ramp_seconds"`
	PreviewShock      string           `json:"preview_shock"`
	Bounds            map[string]Bound `json:"bounds,omitempty"`

	table *boundTable
}

// Decision is how proposals are decided.
type Decision struct {
	Mode      string `json:"mode"`
	Threshold int    `json:"threshold,omitempty"` // signers: yes signatures needed
	Quorum    string `json:"quorum,omitempty"`    // token: fraction of all weight that must vote
	Pass      string `json:"pass,omitempty"`      // token: fraction of yes+no that must be yes
}

// Member is a signer (a named role's key) or a token-weighted voter.
type Member struct {
	Name      string `json:"name"`
	Role      string `json:"role"`
	PublicKey string `json:"public_key"`       // base64 of an ed25519 public key
	Weight    string `json:"weight,omitempty"` // token mode: voting weight (decimal)

	key    ed25519.PublicKey
	weight *big.Rat
}

// Guardian may make parameters stricter at once and pause new risk; its
// actions expire after ActionSeconds unless a proposal ratifies them.
type Guardian struct {
	Name          string `json:"name"`
	PublicKey     string `json:"public_key"`
	ActionSeconds int64  `json:"action_seconds"`

	key ed25519.PublicKey
}

// Defaults of the timings (seconds) and of the preview's shock.
const (
	defaultVotingSeconds   = 3 * day
	defaultTimelockSeconds = 1 * day
	defaultGraceSeconds    = 7 * day // Aave's payload grace period
	defaultMessageSeconds  = 1 * day
	defaultMinRampSeconds  = 1 * day
	defaultGuardianSeconds = 3 * day
	DefaultPreviewShock    = "shock:WETH:-0.3"
	maxSeconds             = 365 * day
	maxMembers             = 100
)

var nameRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// ParseRules reads a rules document. Errors are *input.Error naming the field.
func ParseRules(data []byte) (*Rules, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	r := &Rules{VotingSeconds: defaultVotingSeconds, TimelockSeconds: defaultTimelockSeconds,
		GraceSeconds: defaultGraceSeconds, MessageMaxSeconds: defaultMessageSeconds,
		MinRampSeconds: defaultMinRampSeconds, PreviewShock: DefaultPreviewShock}
	if err := r.readMembers(obj); err != nil {
		return nil, err
	}
	if err := r.readDecision(obj); err != nil {
		return nil, err
	}
	if err := r.readGuardian(obj); err != nil {
		return nil, err
	}
	for _, t := range []struct {
		name string
		dst  *int64
		min  int64
	}{{"voting_seconds", &r.VotingSeconds, 1}, {"timelock_seconds", &r.TimelockSeconds, 0},
		{"grace_seconds", &r.GraceSeconds, 1}, {"message_max_seconds", &r.MessageMaxSeconds, 1},
		{"min_ramp_seconds", &r.MinRampSeconds, 1}} {
		if err := readSeconds(obj, t.name, t.dst, t.min); err != nil {
			return nil, err
		}
	}
	if n, ok := obj.Optional("preview_shock"); ok {
		if r.PreviewShock, err = n.String(); err != nil {
			return nil, err
		}
	}
	if err := r.readBounds(obj); err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	if r.Guardian != nil && r.Guardian.ActionSeconds <= r.TimelockSeconds {
		return nil, input.Invalid("guardian.action_seconds", fmt.Sprint(r.Guardian.ActionSeconds),
			"must exceed timelock_seconds (%d): a guardian action must outlive the timelock of the proposal that ratifies it", r.TimelockSeconds)
	}
	return r, r.compile()
}

func readSeconds(obj *input.Object, name string, dst *int64, lo int64) error {
	n, ok := obj.Optional(name)
	if !ok {
		return nil
	}
	v, err := n.Int()
	if err != nil {
		return err
	}
	if v < lo || v > maxSeconds {
		return input.Invalid(n.Path, n.Text(), "must be between %d and %d seconds", lo, maxSeconds)
	}
	*dst = v
	return nil
}

func readName(o *input.Object, field string) (string, error) {
	n, err := o.Required(field)
	if err != nil {
		return "", err
	}
	s, err := n.String()
	if err != nil {
		return "", err
	}
	if !nameRe.MatchString(s) {
		return "", input.Invalid(n.Path, s, "must be 1 to 64 characters of A-Z a-z 0-9 _ . -")
	}
	return s, nil
}

func readKey(o *input.Object) (ed25519.PublicKey, string, error) {
	n, err := o.Required("public_key")
	if err != nil {
		return nil, "", err
	}
	s, err := n.String()
	if err != nil {
		return nil, "", err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, "", input.Invalid(n.Path, s, "must be the base64 of a 32-byte ed25519 public key (unimargin govern keygen)")
	}
	return ed25519.PublicKey(b), s, nil
}

func (r *Rules) readMembers(obj *input.Object) error {
	n, err := obj.Required("members")
	if err != nil {
		return err
	}
	items, err := n.Array()
	if err != nil {
		return err
	}
	if len(items) == 0 || len(items) > maxMembers {
		return input.Errorf(n.Path, "must list between 1 and %d members", maxMembers)
	}
	seen := map[string]bool{}
	for _, it := range items {
		o, err := it.Object()
		if err != nil {
			return err
		}
		var m Member
		if m.Name, err = readName(o, "name"); err != nil {
			return err
		}
		if seen[m.Name] {
			return input.Invalid(input.Join(it.Path, "name"), m.Name, "is listed twice")
		}
		seen[m.Name] = true
		if rn, ok := o.Optional("role"); ok {
			if m.Role, err = rn.String(); err != nil {
				return err
			}
		}
		if m.key, m.PublicKey, err = readKey(o); err != nil {
			return err
		}
		if wn, ok := o.Optional("weight"); ok {
			if m.Weight, m.weight, err = readFraction(wn, false); err != nil {
				return err
			}
		}
		if err := o.Finish(); err != nil {
			return err
		}
		r.Members = append(r.Members, m)
	}
	return nil
}

// readFraction reads a positive decimal (unit: at most 1).
func readFraction(n input.Node, unit bool) (string, *big.Rat, error) {
	s, err := n.DecimalText()
	if err != nil {
		return "", nil, err
	}
	q, ok := new(big.Rat).SetString(s)
	if !ok || q.Sign() <= 0 || (unit && q.Cmp(big.NewRat(1, 1)) > 0) {
		if unit {
			return "", nil, input.Invalid(n.Path, s, "must be above 0 and at most 1")
		}
		return "", nil, input.Invalid(n.Path, s, "must be above 0")
	}
	return s, q, nil
}

func (r *Rules) readDecision(obj *input.Object) error {
	n, err := obj.Required("decision")
	if err != nil {
		return err
	}
	o, err := n.Object()
	if err != nil {
		return err
	}
	mn, err := o.Required("mode")
	if err != nil {
		return err
	}
	if r.Decision.Mode, err = mn.String(); err != nil {
		return err
	}
	switch r.Decision.Mode {
	case ModeSigners:
		tn, err := o.Required("threshold")
		if err != nil {
			return err
		}
		t, err := tn.Int()
		if err != nil {
			return err
		}
		if t < 1 || int(t) > len(r.Members) {
			return input.Invalid(tn.Path, tn.Text(), "must be between 1 and the %d members", len(r.Members))
		}
		r.Decision.Threshold = int(t)
	case ModeToken:
		for i, m := range r.Members {
			if m.weight == nil {
				return input.Errorf(input.Join(input.Index("members", i), "weight"), "is required in token mode")
			}
		}
		for _, f := range []struct {
			name string
			dst  *string
		}{{"quorum", &r.Decision.Quorum}, {"pass", &r.Decision.Pass}} {
			fn, err := o.Required(f.name)
			if err != nil {
				return err
			}
			if *f.dst, _, err = readFraction(fn, true); err != nil {
				return err
			}
		}
	default:
		return input.Invalid(mn.Path, r.Decision.Mode, "must be %q or %q", ModeSigners, ModeToken)
	}
	return o.Finish()
}

func (r *Rules) readGuardian(obj *input.Object) error {
	n, ok := obj.Optional("guardian")
	if !ok {
		return nil
	}
	o, err := n.Object()
	if err != nil {
		return err
	}
	g := &Guardian{ActionSeconds: defaultGuardianSeconds}
	if g.Name, err = readName(o, "name"); err != nil {
		return err
	}
	if g.key, g.PublicKey, err = readKey(o); err != nil {
		return err
	}
	if err := readSeconds(o, "action_seconds", &g.ActionSeconds, 1); err != nil {
		return err
	}
	r.Guardian = g
	return o.Finish()
}

func (r *Rules) readBounds(obj *input.Object) error {
	n, ok := obj.Optional("bounds")
	if !ok {
		return nil
	}
	o, err := n.Object()
	if err != nil {
		return err
	}
	r.Bounds = map[string]Bound{}
	for _, e := range o.Entries() {
		if _, err := patternRegexp(e.Key); err != nil {
			return input.Invalid(e.Node.Path, e.Key, "is not a parameter pattern: %v", err)
		}
		raw, err := json.Marshal(e.Node.Raw())
		if err != nil {
			return input.Errorf(e.Node.Path, "%v", err)
		}
		var b Bound
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&b); err != nil {
			return input.Errorf(e.Node.Path, "is not a bound (min, max, max_change, max_factor, min_interval_seconds, stricter, absent): %v", err)
		}
		switch b.Stricter {
		case StricterUp, StricterDown, StricterEither, StricterNeither:
		default:
			return input.Invalid(input.Join(e.Node.Path, "stricter"), b.Stricter, "must be up, down, either or neither")
		}
		switch b.Absent {
		case "", AbsentZero, AbsentNew, AbsentDefault:
		default:
			return input.Invalid(input.Join(e.Node.Path, "absent"), b.Absent, "must be zero, new or default")
		}
		if b.MinIntervalSeconds < 0 || b.MinIntervalSeconds > maxSeconds {
			return input.Errorf(input.Join(e.Node.Path, "min_interval_seconds"), "must be between 0 and %d", maxSeconds)
		}
		if b.MaxFactor != nil && *b.MaxFactor < 1 {
			return input.Errorf(input.Join(e.Node.Path, "max_factor"), "must be at least 1")
		}
		r.Bounds[e.Key] = b
	}
	return nil
}

// compile builds the bound table: the defaults, each overridden by the
// rules' entry of the same pattern.
func (r *Rules) compile() error {
	all := DefaultBounds()
	for p, b := range r.Bounds {
		all[p] = b
	}
	t, err := newBoundTable(all)
	r.table = t
	return err
}

// member returns the member of that name.
func (r *Rules) member(name string) (*Member, bool) {
	for i := range r.Members {
		if r.Members[i].Name == name {
			return &r.Members[i], true
		}
	}
	return nil, false
}

// loadRules reads the stored rules (ErrNotSetUp when none).
func loadRules(tx Tx) (*Rules, error) {
	doc, ok, err := tx.GovRules()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotSetUp
	}
	r, err := ParseRules(doc)
	if err != nil {
		return nil, &corruptError{what: "stored governance rules", err: err}
	}
	return r, nil
}

func (r *Rules) seconds(s int64) time.Duration { return time.Duration(s) * time.Second }
