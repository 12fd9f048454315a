// The wire form of a shard answer chunk: binary, because a tick moves one
// Result per account and JSON cost the coordinator ~2 µs per account to
// decode (BenchmarkShardedTick), more than the kernel. Figures travel as
// their float64 bits (exact); the governed versions a chunk names are
// listed once and referred to by index.
//
//	"UMA1"  tick  shard  digest  chunk  chunks
//	nparams { version  hash  keyed(byte) }
//	nresults { account  flags(byte)  equity initial maintenance excess (8 bytes LE each)  params-index  [error] }
//
// Numbers are uvarints, strings a uvarint length then bytes; flags bit 0
// liquidatable, bit 1 uncomputable, bit 2 an error follows; params-index 0
// is none, k the k-th listed version. The form is canonical (shortest
// numbers; versions listed in the order results first name them, each
// named), so an answer has exactly one.
package cluster

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/vault"
)

const answerMagic = "UMA1"

// resultMinBytes is the least a Result takes on the wire (empty account,
// flags, four figures, params index).
const resultMinBytes = 1 + 1 + 4*8 + 1

const (
	flagLiquidatable = 1 << iota
	flagUncomputable
	flagError
)

// encodeAnswer returns a's wire form.
func encodeAnswer(a *shardAnswer) []byte {
	b := make([]byte, 0, 64+len(a.Results)*(resultMinBytes+24))
	b = append(b, answerMagic...)
	b = appendString(b, a.Tick)
	b = binary.AppendUvarint(b, uint64(a.Shard))
	b = appendString(b, a.Digest)
	b = binary.AppendUvarint(b, uint64(a.Chunk))
	b = binary.AppendUvarint(b, uint64(a.Chunks))
	var refs []vault.ParamsRef
	index := make([]uint64, len(a.Results))
	for i, r := range a.Results {
		if r.Params == nil {
			continue
		}
		k := 0
		for k < len(refs) && refs[k] != *r.Params {
			k++
		}
		if k == len(refs) {
			refs = append(refs, *r.Params)
		}
		index[i] = uint64(k + 1)
	}
	b = binary.AppendUvarint(b, uint64(len(refs)))
	for _, p := range refs {
		b = binary.AppendUvarint(b, uint64(p.Version))
		b = appendString(b, p.Hash)
		b = append(b, boolByte(p.Keyed))
	}
	b = binary.AppendUvarint(b, uint64(len(a.Results)))
	for i, r := range a.Results {
		b = appendString(b, r.Account)
		var f byte
		if r.Liquidatable {
			f |= flagLiquidatable
		}
		if r.Uncomputable {
			f |= flagUncomputable
		}
		if r.Error != "" {
			f |= flagError
		}
		b = append(b, f)
		for _, x := range [4]float64{r.Equity, r.Initial, r.Maintenance, r.Excess} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
		b = binary.AppendUvarint(b, index[i])
		if r.Error != "" {
			b = appendString(b, r.Error)
		}
	}
	return b
}

// decodeAnswer parses a wire answer. Errors name the field that is
// malformed; nothing is returned then.
func decodeAnswer(data []byte) (*shardAnswer, error) {
	d := &decoder{b: data}
	if len(data) < len(answerMagic) || string(data[:len(answerMagic)]) != answerMagic {
		return nil, errors.New("answer: not a shard answer (bad magic)")
	}
	d.b = d.b[len(answerMagic):]
	a := &shardAnswer{}
	a.Tick = d.str("tick")
	a.Shard = d.count("shard", MaxShards)
	a.Digest = d.str("digest")
	a.Chunk = d.count("chunk", math.MaxInt32)
	a.Chunks = d.count("chunks", math.MaxInt32)
	refs := make([]*vault.ParamsRef, d.count("params", len(d.b)))
	for k := range refs {
		p := &vault.ParamsRef{Version: d.count("params.version", math.MaxInt32), Hash: d.str("params.hash")}
		p.Keyed = d.flag("params.keyed")
		refs[k] = p
	}
	n := d.count("results", len(d.b)/resultMinBytes)
	if d.err == nil {
		a.Results = make([]Result, n)
	}
	next := 1 // versions are listed in the order results first name them, each named

	for i := 0; i < n && d.err == nil; i++ {
		r := &a.Results[i]
		r.Account = d.str("results.account")
		f := d.byte("results.flags")
		if f&^(flagLiquidatable|flagUncomputable|flagError) != 0 && d.err == nil {
			d.err = fmt.Errorf("answer: results[%d].flags: unknown bits %#x", i, f)
		}
		r.Liquidatable, r.Uncomputable = f&flagLiquidatable != 0, f&flagUncomputable != 0
		r.Equity, r.Initial, r.Maintenance, r.Excess = d.float("results.equity"), d.float("results.initial"),
			d.float("results.maintenance"), d.float("results.excess")
		if k := d.count("results.params", min(next, len(refs))); k > 0 {
			r.Params = refs[k-1]
			if k == next {
				next++
			}
		}
		if f&flagError != 0 {
			if r.Error = d.str("results.error"); r.Error == "" {
				d.fail("results.error", "empty, with its flag set")
			}
		}
	}
	if d.err == nil && next <= len(refs) {
		d.err = fmt.Errorf("answer: params: %d versions listed, %d named by a result", len(refs), next-1)
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("answer: %d bytes after the last result", len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return a, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// decoder reads the wire form; the first error sticks and later reads
// return zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(field, what string) {
	if d.err == nil {
		d.err = fmt.Errorf("answer: %s: %s", field, what)
	}
}

// count reads a uvarint in 0..most.
func (d *decoder) count(field string, most int) int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(field, "truncated or overlong number")
		return 0
	}
	if n != len(binary.AppendUvarint(nil, v)) {
		d.fail(field, "number not in its shortest form")
		return 0
	}
	if v > uint64(most) {
		d.fail(field, fmt.Sprintf("%d is above %d", v, most))
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) str(field string) string {
	n := d.count(field+" length", math.MaxInt32)
	if d.err == nil && n > len(d.b) {
		d.fail(field, fmt.Sprintf("%d bytes announced, %d left", n, len(d.b)))
	}
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) byte(field string) byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.fail(field, "truncated")
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) flag(field string) bool {
	switch v := d.byte(field); v {
	case 0, 1:
		return v == 1
	default:
		d.fail(field, fmt.Sprintf("%d is not 0 or 1", v))
		return false
	}
}

// float reads a figure; one that is not finite is refused (a worker never
// sends one: Result.set fails the account instead).
func (d *decoder) float(field string) float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.fail(field, "truncated")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail(field, "not a finite number")
		return 0
	}
	return v
}
