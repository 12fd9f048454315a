// A parameter set: the document one governed version holds —
//
//	{"risk_params": {…a risk-params file…},
//	 "venue_params": {MODEL: {param: value, …}, …},
//	 "pause_new_risk": false}
//
// — its canonical form and content hash, dotted paths into it
// (risk_params.chains.arbitrum.haircut, risk_params.collateral.WETH.tiers[0].ratio,
// venue_params.aave-v3.WETH.ltv), and its leaves: every scalar of the
// parameters in force, defaults included, which bounds are checked on.
package govern

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/vault"
	"github.com/unimargin/unimargin/internal/venue"
)

// Top-level keys of a parameter set.
const (
	keyRisk  = "risk_params"
	keyVenue = "venue_params"
	keyPause = "pause_new_risk"
)

// Doc is a decoded parameter set: objects are map[string]any, arrays []any,
// numbers float64 (canonical), then strings, bools and nil.
type Doc map[string]any

// ParseDoc decodes and canonicalises a parameter set, checking its shape
// (the three keys, each optional); the values are checked by Load.
func ParseDoc(data []byte) (Doc, error) {
	v, err := decodeCanonical(data)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, input.Errorf("", "a parameter set must be a JSON object")
	}
	for k := range obj {
		if k != keyRisk && k != keyVenue && k != keyPause {
			return nil, input.Invalid(k, k, "is not a key of a parameter set (risk_params, venue_params, pause_new_risk)")
		}
	}
	d := Doc(obj)
	if _, ok := d[keyRisk]; !ok {
		d[keyRisk] = map[string]any{}
	}
	if _, ok := d[keyVenue]; !ok {
		d[keyVenue] = map[string]any{}
	}
	if _, ok := d[keyPause]; !ok {
		d[keyPause] = false
	}
	return d, nil
}

// decodeCanonical decodes JSON with every number as float64 (so 0.10 and
// 0.1 are one value and hash alike).
func decodeCanonical(data []byte) (any, error) {
	if _, err := input.Decode(data); err != nil {
		return nil, err // the decoder's line-and-column message
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, input.Errorf("", "malformed JSON: %v", err)
	}
	return canonical(v)
}

func canonical(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, input.Errorf("", "number %s is out of range", x)
		}
		return f, nil
	case map[string]any:
		for k, e := range x {
			c, err := canonical(e)
			if err != nil {
				return nil, err
			}
			x[k] = c
		}
	case []any:
		for i, e := range x {
			c, err := canonical(e)
			if err != nil {
				return nil, err
			}
			x[i] = c
		}
	}
	return v, nil
}

// Bytes is the canonical JSON of the set (encoding/json sorts map keys).
func (d Doc) Bytes() []byte {
	b, err := json.Marshal(map[string]any(d))
	if err != nil {
		panic(fmt.Sprintf("govern: a decoded parameter set does not encode: %v", err))
	}
	return b
}

// Hash is "sha256:" + hex of the canonical JSON.
func (d Doc) Hash() string { return hashOf(d.Bytes()) }

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Clone is a deep copy.
func (d Doc) Clone() Doc { return Doc(deepCopy(map[string]any(d)).(map[string]any)) }

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// riskDoc returns the risk_params part as a risk-params file.
func (d Doc) riskDoc() []byte {
	b, err := json.Marshal(d[keyRisk])
	if err != nil {
		panic(fmt.Sprintf("govern: risk_params does not encode: %v", err))
	}
	return b
}

// Paused reports the set's pause of new risk.
func (d Doc) Paused() bool { b, _ := d[keyPause].(bool); return b }

// Loaded is a parameter set checked and resolved for the margin rules.
type Loaded struct {
	Doc         Doc
	RiskParams  *margin.RiskParams
	VenueParams vault.VenueOverrides
	Paused      bool
	leaves      map[string]any
}

// Load checks the set against market m (nil: asset keys unchecked, as
// margin.LoadRiskParams) and resolves it. Errors are *input.Error with the
// path from the set's root (risk_params.chains.x.haircut).
func (d Doc) Load(m *market.Snapshot) (*Loaded, error) {
	if _, ok := d[keyRisk].(map[string]any); !ok {
		return nil, input.Errorf(keyRisk, "must be an object (a risk-params file)")
	}
	rp, err := margin.LoadRiskParams(d.riskDoc(), m)
	if err != nil {
		return nil, under(keyRisk, err)
	}
	if _, ok := d[keyPause].(bool); !ok {
		return nil, input.Errorf(keyPause, "must be true or false")
	}
	vp, err := loadVenueParams(d[keyVenue], m)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Doc: d, RiskParams: rp, VenueParams: vp, Paused: d.Paused()}
	if l.leaves, err = effectiveLeaves(l); err != nil {
		return nil, err
	}
	return l, nil
}

// under prefixes an *input.Error's path.
func under(prefix string, err error) error {
	if ie, ok := err.(*input.Error); ok {
		c := *ie
		c.Path = joinPath(prefix, c.Path)
		return &c
	}
	return err
}

func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case strings.HasPrefix(path, "["):
		return prefix + path
	}
	return prefix + "." + path
}

// loadVenueParams checks venue_params: each key a registered model, each
// parameter one the model lists (nested per-asset objects allowed where
// the model nests them; a listed parameter's value may be a list or an
// object), each value one the model accepts — checked by
// running the model on an empty venue with the overrides, so a value is
// judged by the same code that will use it.
func loadVenueParams(v any, m *market.Snapshot) (vault.VenueOverrides, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, input.Errorf(keyVenue, "must be an object of models")
	}
	out := vault.VenueOverrides{}
	for _, model := range slices.Sorted(maps.Keys(obj)) {
		path := keyVenue + "." + model
		mod, ok := venue.Lookup(model)
		if !ok {
			return nil, input.Invalid(path, model, "is not a venue model (unimargin venues)")
		}
		params, ok := obj[model].(map[string]any)
		if !ok {
			return nil, input.Errorf(path, "must be an object of the model's parameters")
		}
		known := map[string]bool{}
		for _, p := range mod.Params() {
			known[p.Name] = true
		}
		leaves := map[string]any{}
		flatten(params, "", leaves)
		for _, name := range slices.Sorted(maps.Keys(leaves)) {
			if !listedAt(known, name) {
				return nil, input.Invalid(path+"."+name, name, "is not a parameter of %s (unimargin venues --json)", model)
			}
		}
		set := map[string]json.RawMessage{}
		for name, val := range params {
			b, err := json.Marshal(val)
			if err != nil {
				return nil, input.Errorf(path+"."+name, "does not encode: %v", err)
			}
			set[name] = b
		}
		if err := tryModel(model, set, m, path); err != nil {
			return nil, err
		}
		out[model] = set
	}
	return out, nil
}

// listedAt says whether leaf is a listed parameter or lies inside one
// whose value is a list or an object (emodes.1.collateral[0] inside
// emodes.1.collateral): the model's parser judges what is inside.
func listedAt(known map[string]bool, leaf string) bool {
	for i := range len(leaf) {
		if (leaf[i] == '.' || leaf[i] == '[') && known[leaf[:i]] {
			return true
		}
	}
	return known[leaf]
}

// tryModel runs the model on an empty venue carrying the overrides and
// returns its refusal of a parameter (an error at a path under params).
func tryModel(model string, set map[string]json.RawMessage, m *market.Snapshot, path string) error {
	if m == nil {
		return nil
	}
	book := &portfolio.Portfolio{Account: "governance", Venues: []portfolio.Venue{
		{Path: "v", ID: "governed", Model: model, Chain: "ethereum"}}}
	if err := vaultApply(book, model, set); err != nil {
		return input.Errorf(path, "%v", err)
	}
	_, err := venue.Margin(&book.Venues[0], m)
	if ie, ok := err.(*input.Error); ok && strings.HasPrefix(ie.Path, "v.params.") {
		c := *ie
		c.Path = path + "." + strings.TrimPrefix(ie.Path, "v.params.")
		return &c
	}
	return nil // other refusals concern the empty venue, not the parameters
}

// vaultApply sets the overrides on the book as the margin rules will.
func vaultApply(book *portfolio.Portfolio, model string, set map[string]json.RawMessage) error {
	return vault.ApplyVenueOverrides(book, vault.VenueOverrides{model: set})
}

// flatten writes every scalar leaf of v under prefix: objects by key,
// arrays by [i].
func flatten(v any, prefix string, out map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(e, joinPath(prefix, k), out)
		}
	case []any:
		for i, e := range x {
			flatten(e, prefix+"["+strconv.Itoa(i)+"]", out)
		}
	default:
		out[prefix] = v
	}
}

// effectiveLeaves are the scalars in force: the risk parameters resolved
// over the defaults (so a leaf the document omits still has its value),
// the venue overrides as written, and the pause.
func effectiveLeaves(l *Loaded) (map[string]any, error) {
	b, err := json.Marshal(l.RiskParams)
	if err != nil {
		return nil, fmt.Errorf("encoding risk parameters: %w", err)
	}
	full, err := decodeCanonical(b)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	flatten(full, keyRisk, out)
	flatten(l.Doc[keyVenue], keyVenue, out)
	out[keyPause] = l.Paused
	return out, nil
}

// segment is one step of a path: an object key or an array index.
type segment struct {
	key   string
	index int
	isIdx bool
}

// parsePath splits a.b[2].c into segments.
func parsePath(p string) ([]segment, error) {
	if p == "" {
		return nil, fmt.Errorf("is empty")
	}
	var out []segment
	for _, part := range strings.Split(p, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name == "" {
			return nil, fmt.Errorf("has an empty name")
		}
		out = append(out, segment{key: name})
		for rest != "" {
			num, after, ok := strings.Cut(rest, "]")
			i, err := strconv.Atoi(num)
			if !ok || err != nil || i < 0 || (after != "" && after[0] != '[') {
				return nil, fmt.Errorf("has a malformed index")
			}
			out = append(out, segment{index: i, isIdx: true})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return out, nil
}

// set writes val at segs under root (creating objects on the way; an
// array index must exist); a nil val deletes an object key.
func set(root map[string]any, segs []segment, val any) error {
	var cur any = root
	for i, s := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case map[string]any:
			if s.isIdx {
				return fmt.Errorf("indexes an object")
			}
			if last {
				if val == nil {
					delete(c, s.key)
				} else {
					c[s.key] = val
				}
				return nil
			}
			next, ok := c[s.key]
			if !ok || next == nil {
				if segs[i+1].isIdx {
					return fmt.Errorf("indexes %s, which is not set", s.key)
				}
				next = map[string]any{}
				c[s.key] = next
			}
			cur = next
		case []any:
			if !s.isIdx || s.index >= len(c) {
				return fmt.Errorf("indexes past the end of an array")
			}
			if last {
				if val == nil {
					return fmt.Errorf("cannot remove an array element (set the whole array)")
				}
				c[s.index] = val
				return nil
			}
			cur = c[s.index]
		default:
			return fmt.Errorf("goes through a value that is not an object or array")
		}
	}
	return nil
}

// underPath reports whether leaf is path or below it.
func underPath(leaf, path string) bool {
	return leaf == path || strings.HasPrefix(leaf, path+".") || strings.HasPrefix(leaf, path+"[")
}

// modelDefault is a venue model's default for a parameter (numbers as
// float64, like a decoded leaf).
func modelDefault(model, name string) (any, bool) {
	mod, ok := venue.Lookup(model)
	if !ok {
		return nil, false
	}
	for _, p := range mod.Params() {
		if p.Name != name {
			continue
		}
		b, err := json.Marshal(p.Default)
		if err != nil {
			return nil, false
		}
		v, err := decodeCanonical(b)
		return v, err == nil && v != nil
	}
	return nil, false
}
