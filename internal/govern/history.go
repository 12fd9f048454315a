// Versions: every parameter set governance has put in force, numbered from
// 1 (the genesis, the store's risk parameters when governance was set up),
// content-hashed, each naming its parent and what it changed. The
// effective version at a time is the newest one, except a guardian's that
// expired unratified (then its parent's, and so on); its parameters at
// that time are its document with any unfinished ramps interpolated.
package govern

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/unimargin/unimargin/internal/vault"
)

// Version origins.
const (
	OriginGenesis  = "genesis"
	OriginProposal = "proposal"
	OriginGuardian = "guardian"
)

// Transition kinds: how the changes that are stricter for users arrive.
const (
	TransitionImmediate = "immediate" // no change is stricter for users
	TransitionRamp      = "ramp"      // they move linearly to target over Seconds
	TransitionKey       = "key"       // existing positions keep the previous version until a risk-increasing action
)

// Transition is a version's transition rule.
type Transition struct {
	Kind    string `json:"kind"`
	Seconds int64  `json:"seconds,omitempty"`
}

// Ramp moves one leaf from From to To between Start and End: numbers
// linearly, anything else at End.
type Ramp struct {
	Path  string    `json:"path"`
	From  any       `json:"from"`
	To    any       `json:"to"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// At is the ramp's value at t.
func (r Ramp) At(t time.Time) any {
	if !t.Before(r.End) {
		return r.To
	}
	f, okF := r.From.(float64)
	g, okT := r.To.(float64)
	if !okF || !okT || !t.After(r.Start) {
		return r.From
	}
	frac := float64(t.Sub(r.Start)) / float64(r.End.Sub(r.Start))
	return f + (g-f)*frac
}

// Version is one stored version record.
type Version struct {
	Number     int             `json:"number"`
	Hash       string          `json:"hash"`
	Parent     int             `json:"parent"`
	Doc        json.RawMessage `json:"doc"`
	Origin     string          `json:"origin"`
	Proposal   string          `json:"proposal,omitempty"`
	Actor      string          `json:"actor"`
	At         time.Time       `json:"at"`
	Changed    []LeafChange    `json:"changed"`
	Transition Transition      `json:"transition"`
	Ramps      []Ramp          `json:"ramps,omitempty"`
	ExpiresAt  *time.Time      `json:"expires_at,omitempty"` // a guardian's action
	Ratified   bool            `json:"ratified,omitempty"`

	doc Doc
}

// expired reports whether v is a guardian action that lapsed unratified.
func (v *Version) expired(now time.Time) bool {
	return v.Origin == OriginGuardian && !v.Ratified && v.ExpiresAt != nil && !now.Before(*v.ExpiresAt)
}

// DocAt is v's document with its ramps at time t.
func (v *Version) DocAt(t time.Time) Doc {
	d := v.doc.Clone()
	for _, r := range v.Ramps {
		if !t.Before(r.End) {
			continue
		}
		segs, err := parsePath(r.Path)
		if err == nil {
			err = set(d, segs, r.At(t))
		}
		if err != nil {
			panic(fmt.Sprintf("govern: version %d ramp %s: %v", v.Number, r.Path, err))
		}
	}
	return d
}

// history is every version, by number.
type history struct {
	versions []*Version
}

// loadHistory reads and checks every version record.
func loadHistory(tx Tx) (*history, error) {
	recs, err := tx.GovVersions()
	if err != nil {
		return nil, err
	}
	h := &history{}
	for i, rec := range recs {
		var v Version
		if err := json.Unmarshal(rec, &v); err != nil {
			return nil, &corruptError{what: fmt.Sprintf("version record %d", i+1), err: err}
		}
		if v.Number != i+1 {
			return nil, &corruptError{what: "versions", err: fmt.Errorf("record %d is numbered %d", i+1, v.Number)}
		}
		if v.doc, err = ParseDoc(v.Doc); err != nil {
			return nil, &corruptError{what: fmt.Sprintf("version %d", v.Number), err: err}
		}
		if v.doc.Hash() != v.Hash {
			return nil, &corruptError{what: fmt.Sprintf("version %d", v.Number), err: fmt.Errorf("document does not match its hash")}
		}
		h.versions = append(h.versions, &v)
	}
	return h, nil
}

func (h *history) get(n int) *Version {
	if n < 1 || n > len(h.versions) {
		return nil
	}
	return h.versions[n-1]
}

// effective returns the version in force at now (nil before genesis).
func (h *history) effective(now time.Time) *Version {
	v := h.get(len(h.versions))
	for v != nil && v.expired(now) {
		v = h.get(v.Parent)
	}
	return v
}

// put stores a version record.
func putVersion(tx Tx, v *Version) error {
	rec, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.PutGovVersion(v.Number, rec)
}

// StoredConfig is the configuration every path that applies the margin
// rules to the store runs with at time now: the effective version's
// parameters (ramps interpolated), its venue overrides and pause, and the
// versions accounts keep under configuration keys. On a store without
// governance (or a transaction that is not a Tx) it is
// vault.StoredConfig, unchanged. Errors: store errors, ErrCorrupt.
func StoredConfig(tx vault.Tx, now time.Time) (vault.Config, error) {
	gtx, ok := tx.(Tx)
	if !ok {
		return vault.StoredConfig(tx)
	}
	h, err := loadHistory(gtx)
	if err != nil {
		return vault.Config{}, err
	}
	e := h.effective(now)
	if e == nil {
		return vault.StoredConfig(tx)
	}
	cur, err := e.DocAt(now).Load(nil)
	if err != nil {
		return vault.Config{}, &corruptError{what: fmt.Sprintf("version %d", e.Number), err: err}
	}
	cfg := vault.Config{RiskParams: cur.RiskParams, Governed: vault.Governed{
		Version: e.Number, Hash: e.Hash, VenueParams: cur.VenueParams, PauseNewRisk: cur.Paused}}
	keyed, err := gtx.ParamsKeyVersions()
	if err != nil {
		return vault.Config{}, err
	}
	for _, k := range keyed {
		v := h.get(k)
		if v == nil || k == e.Number {
			continue
		}
		l, err := v.DocAt(now).Load(nil)
		if err != nil {
			return vault.Config{}, &corruptError{what: fmt.Sprintf("version %d", k), err: err}
		}
		if cfg.Governed.Keyed == nil {
			cfg.Governed.Keyed = map[int]vault.ParamSet{}
		}
		cfg.Governed.Keyed[k] = vault.ParamSet{Version: k, Hash: v.Hash, RiskParams: l.RiskParams, VenueParams: l.VenueParams}
	}
	return cfg, nil
}

// ConfigOf is the configuration of one version's target parameters with
// no configuration keys: what every account would run under once the
// version is fully in force (the impact preview's "new").
func ConfigOf(number int, hash string, l *Loaded) vault.Config {
	return vault.Config{RiskParams: l.RiskParams, Governed: vault.Governed{
		Version: number, Hash: hash, VenueParams: l.VenueParams, PauseNewRisk: l.Paused}}
}
