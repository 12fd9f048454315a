// aave-ui-pool-data, Aave v3.2+: UiPoolDataProviderV3.getEModes, the pool's
// e-mode categories with their collateral and borrowable bitmaps, read next
// to getReservesData.
package aave

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
)

// maxReserves is ReserveConfiguration.MAX_RESERVES_COUNT: a bitmap is a
// uint128, bit i for the reserve of id i (EModeConfiguration,
// aave-dao/aave-v3-origin tag v3.2.0, commit 7c6023e6).
const maxReserves = 128

// uiCategory is one getEModes entry: {id, eMode: {ltv, liquidationThreshold,
// liquidationBonus, collateralBitmap, borrowableBitmap, label}} (the
// IUiPoolDataProviderV3.Emode struct of v3.2; aave-utilities'
// getEModesHumanized gives the same with bitmaps as 256-digit binary
// strings and, from v3.6, an ltvzeroBitmap).
type uiCategory struct {
	path                   string
	id                     int64
	label                  string
	values                 map[string]any // ltv, liquidation_threshold, liquidation_bonus as aave-v3 overrides
	collateral, borrowable reserveBits    // the bitmaps, bit i = reserve id i
	ltvZero                reserveBits    // v3.6's ltvzeroBitmap (0 before)
	ltvZeroText            string         // as the document wrote it
	isolated               bool           // v3.7's isolated flag
}

// reserveBits is a uint128 reserve bitmap.
type reserveBits [2]uint64

func (b *reserveBits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// readUIEModes reads the optional eModes array. Every set bit must be the id
// of a reserve of reservesData (byID); ids are 1-255 and distinct; each
// category's ltv ≤ liquidationThreshold ≠ 0 and its bonus is above 100%
// (PoolConfigurator.setEModeCategory). Absent: nil (a v3.0–v3.1 document).
func readUIEModes(obj *input.Object, byID map[int]*uiReserve) (map[int64]*uiCategory, error) {
	en, ok := obj.Optional("eModes")
	if !ok {
		return nil, nil
	}
	items, err := en.Array()
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*uiCategory, len(items))
	for _, it := range items {
		eo, err := it.Object()
		if err != nil {
			return nil, err
		}
		c, err := readUICategory(eo, byID)
		if err != nil {
			return nil, err
		}
		if prev, dup := out[c.id]; dup {
			return nil, input.Invalid(input.Join(eo.Path, "id"), strconv.FormatInt(c.id, 10),
				"is also the id of %s", prev.path)
		}
		out[c.id] = c
		if err := eo.Finish(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readUICategory(eo *input.Object, byID map[int]*uiReserve) (*uiCategory, error) {
	c := &uiCategory{path: eo.Path, values: map[string]any{}}
	in, err := eo.Required("id")
	if err != nil {
		return nil, err
	}
	if c.id, err = smallInt(in, 1, 255); err != nil { // 0 is "no e-mode", never a category
		return nil, err
	}
	mn, err := eo.Required("eMode")
	if err != nil {
		return nil, err
	}
	mo, err := mn.Object()
	if err != nil {
		return nil, err
	}
	if err := readBpsRequired(mo, uiCategoryFields, c.values); err != nil {
		return nil, err
	}
	ltv, lt, bonus := c.values["ltv"].(int64), c.values["liquidation_threshold"].(int64), c.values["liquidation_bonus"].(int64)
	switch {
	case lt == 0:
		return nil, input.Invalid(input.Join(mo.Path, "liquidationThreshold"), "0",
			"must not be 0 (getEModes returns only categories with a threshold)")
	case lt < ltv:
		return nil, input.Invalid(input.Join(mo.Path, "liquidationThreshold"), strconv.FormatInt(lt, 10),
			"is below the category's ltv %d (PoolConfigurator.setEModeCategory: ltv ≤ liquidationThreshold)", ltv)
	case bonus <= 10000:
		return nil, input.Invalid(input.Join(mo.Path, "liquidationBonus"), strconv.FormatInt(bonus, 10),
			"must be above 10000 (100%%: the bonus includes the repaid debt)")
	}
	ln, err := mo.Required("label")
	if err != nil {
		return nil, err
	}
	if c.label, err = ln.String(); err != nil {
		return nil, err
	}
	c.values["label"] = c.label
	for _, f := range []struct {
		name     string
		dst      *reserveBits
		optional bool
	}{{"collateralBitmap", &c.collateral, false}, {"borrowableBitmap", &c.borrowable, false},
		{"ltvzeroBitmap", &c.ltvZero, true}} {
		n, ok := mo.Optional(f.name)
		if !ok {
			if f.optional {
				continue
			}
			return nil, input.Errorf(input.Join(mo.Path, f.name), "is required")
		}
		if *f.dst, err = reserveBitmap(n, byID); err != nil {
			return nil, err
		}
		if f.dst == &c.ltvZero {
			c.ltvZeroText = n.Text()
		}
	}
	if n, ok := mo.Optional("isolated"); ok {
		if c.isolated, err = n.Bool(); err != nil {
			return nil, err
		}
	}
	return c, mo.Finish()
}

// uiCategoryFields are a category's basis-point fields and the aave-v3
// override each becomes.
var uiCategoryFields = []bpsSpec{
	{"ltv", "ltv", 10000},
	{"liquidationThreshold", "liquidation_threshold", 10000},
	{"liquidationBonus", "liquidation_bonus", 1<<16 - 1},
}

// readBpsRequired reads every field of specs from o into dst.
func readBpsRequired(o *input.Object, specs []bpsSpec, dst map[string]any) error {
	for _, f := range specs {
		n, err := o.Required(f.name)
		if err != nil {
			return err
		}
		if dst[f.param], err = bpsField(n, f.max); err != nil {
			return err
		}
	}
	return nil
}

// reserveBitmap reads a uint128 reserve bitmap: an integer (JSON number or
// decimal string, as an ABI decoder gives it) or aave-utilities' humanized
// form, a string of exactly 256 binary digits, most significant first
// (getEModesHumanized: toString(2).padStart(256, '0')). A decimal below
// 2^128 has at most 39 digits, so a 256-character string of 0s and 1s is
// read as binary (only a decimal padded with 217+ leading zeros would
// collide). Every set bit must be a reserve's id.
func reserveBitmap(n input.Node, byID map[int]*uiReserve) (reserveBits, error) {
	var v *big.Int
	if s, err := n.String(); err == nil && len(s) == 256 && strings.Trim(s, "01") == "" {
		v, _ = new(big.Int).SetString(s, 2)
	} else if v, err = unsignedInt(n); err != nil {
		return reserveBits{}, err
	}
	if v.BitLen() > maxReserves {
		return reserveBits{}, input.Invalid(n.Path, n.Text(), "is not a uint128 bitmap (a bit above %d is set)", maxReserves-1)
	}
	var b reserveBits
	for i := 0; i < v.BitLen(); i++ {
		if v.Bit(i) == 0 {
			continue
		}
		if byID[i] == nil {
			return reserveBits{}, input.Invalid(n.Path, n.Text(), "sets bit %d, but no reserve of reservesData has id %d",
				i, i)
		}
		b[i/64] |= 1 << (i % 64)
	}
	return b, nil
}

// emodeParams returns the user's category as aave-v3 overrides (its values
// and, as lists of symbols, the held reserves of its collateral and
// borrowable sets: the only memberships the venue's figures read), or nil
// outside e-mode. Errors: the user's category is not among eModes, or it
// uses a later release's rule the model does not run (v3.6 ltvzero on a
// held reserve, v3.7 isolated).
func emodeParams(cats map[int64]*uiCategory, userEMode int64, held []*uiReserve, at input.Node) (map[string]any, error) {
	if userEMode == 0 {
		return nil, nil
	}
	c := cats[userEMode]
	if c == nil {
		return nil, input.Invalid(at.Path, at.Text(), "is not the id of any entry of eModes")
	}
	if c.isolated {
		return nil, input.Invalid(input.Join(c.path, "eMode.isolated"), "true",
			"is Aave v3.7's isolated eMode, which the aave-v3 model does not run")
	}
	values := make(map[string]any, len(c.values)+2)
	for k, v := range c.values {
		values[k] = v
	}
	coll, borrow := []string{}, []string{}
	seen := map[string]bool{}
	for _, r := range held {
		if seen[r.symbol] { // two reserves of one symbol are one reserve to the model
			continue
		}
		seen[r.symbol] = true
		if c.ltvZero.has(r.id) {
			return nil, input.Invalid(input.Join(c.path, "eMode.ltvzeroBitmap"), c.ltvZeroText,
				"marks held reserve %s (id %d) ltv-zero in the user's category: Aave v3.6's ltvzero is not "+
					"modelled", r.symbol, r.id)
		}
		if c.collateral.has(r.id) {
			coll = append(coll, r.symbol)
		}
		if c.borrowable.has(r.id) {
			borrow = append(borrow, r.symbol)
		}
	}
	values["collateral"], values["borrowable"] = coll, borrow
	return values, nil
}
