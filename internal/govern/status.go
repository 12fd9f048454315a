// What governance reports: the effective version with its ramps and any
// guardian action in force, and the version history.
package govern

import (
	"time"
)

// StatusReport is the governed state at a time.
type StatusReport struct {
	Version      int           `json:"version"`
	Hash         string        `json:"hash"`
	Origin       string        `json:"origin"`
	Since        time.Time     `json:"since"`
	PauseNewRisk bool          `json:"pause_new_risk"`
	Ramps        []RampStatus  `json:"ramps"`
	Guardian     *GuardianInfo `json:"guardian"`       // the guardian action in force, if any
	KeyedTo      []int         `json:"keyed_versions"` // versions accounts keep under configuration keys
	Rules        *Rules        `json:"rules"`
}

// RampStatus is one leaf on its way to its target.
type RampStatus struct {
	Ramp
	Now any `json:"now"`
}

// GuardianInfo is a guardian version in force.
type GuardianInfo struct {
	Version   int       `json:"version"`
	ExpiresAt time.Time `json:"expires_at"`
	Ratified  bool      `json:"ratified"`
}

// Status reports the governed state at now. Errors: ErrNotSetUp, store errors.
func Status(tx Tx, now time.Time) (*StatusReport, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	h, err := loadHistory(tx)
	if err != nil {
		return nil, err
	}
	e := h.effective(now)
	st := &StatusReport{Version: e.Number, Hash: e.Hash, Origin: e.Origin, Since: e.At,
		PauseNewRisk: e.doc.Paused(), Ramps: []RampStatus{}, Rules: r}
	for _, rp := range e.Ramps {
		if now.Before(rp.End) {
			st.Ramps = append(st.Ramps, RampStatus{Ramp: rp, Now: rp.At(now)})
		}
	}
	for v := e; v != nil && v.Origin == OriginGuardian; v = h.get(v.Parent) {
		if !v.expired(now) {
			st.Guardian = &GuardianInfo{Version: v.Number, ExpiresAt: *v.ExpiresAt, Ratified: v.Ratified}
			break
		}
	}
	if st.KeyedTo, err = tx.ParamsKeyVersions(); err != nil {
		return nil, err
	}
	if st.KeyedTo == nil {
		st.KeyedTo = []int{}
	}
	return st, nil
}

// Versions lists every version record, newest first.
func Versions(tx Tx) ([]*Version, error) {
	if _, err := loadRules(tx); err != nil {
		return nil, err
	}
	h, err := loadHistory(tx)
	if err != nil {
		return nil, err
	}
	out := make([]*Version, len(h.versions))
	for i, v := range h.versions {
		out[len(out)-1-i] = v
	}
	return out, nil
}

// IsSetUp reports whether governance is set up in the store.
func IsSetUp(tx Tx) (bool, error) {
	_, ok, err := tx.GovRules()
	return ok, err
}
