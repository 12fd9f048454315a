package input

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// decodeReference is Decode as it was before it built the values in
// Check's pass: Check, then encoding/json into an any with UseNumber.
func decodeReference(data []byte) (any, error) {
	if err := Check(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Errorf("", "malformed JSON: unexpected data after the top-level value")
	}
	return v, nil
}

// genJSON draws a JSON text, well formed or now and then not: strings with
// escapes, non-ASCII and invalid UTF-8, numbers of every grammar, nesting,
// white space, repeated keys and stray bytes.
func genJSON(t *rapid.T, depth int) string {
	space := func() string { return rapid.SampledFrom([]string{"", "", " ", "\n\t", "\r\n "}).Draw(t, "space") }
	str := func() string {
		parts := rapid.SliceOfN(rapid.SampledFrom([]string{
			"a", "Key", "amount", "é", "€", "𝄞", `\"`, `\\`, `\/`, `\n`, `\u00e9`, `\ud83d\ude00`, `\ud800`,
			"\xff", "\xed\xa0\x80", "\xc3", " ", "0", "\t", `\x`, "\x01",
		}), 0, 6).Draw(t, "parts")
		return `"` + strings.Join(parts, "") + `"`
	}
	// list is up to 4 items between open and close, comma-separated.
	list := func(open, close string, item func() string) string {
		var b strings.Builder
		b.WriteString(open + space())
		for i := range rapid.IntRange(0, 4).Draw(t, "items") {
			if i > 0 {
				b.WriteString("," + space())
			}
			b.WriteString(item() + space())
		}
		b.WriteString(close)
		return b.String()
	}
	kind := rapid.IntRange(0, 9).Draw(t, "kind")
	if depth >= 3 && kind >= 7 {
		kind = 0
	}
	switch kind {
	case 0:
		return str()
	case 1:
		return rapid.SampledFrom([]string{"0", "-0", "12", "-3.25", "1e5", "2.5E-3", "1e400", "-1e-400", "01", "1.", ".5", "-", "1e+", "123456789012345678901234567890"}).Draw(t, "number")
	case 2:
		return strconv.FormatFloat(rapid.Float64().Draw(t, "float"), 'g', -1, 64)
	case 3:
		return rapid.SampledFrom([]string{"true", "false", "null", "nul", "tru", "NaN"}).Draw(t, "literal")
	case 4, 5:
		return list("{", "}", func() string { return str() + space() + ":" + space() + genJSON(t, depth+1) })
	case 6, 7:
		return list("[", "]", func() string { return genJSON(t, depth+1) })
	default:
		return rapid.SampledFrom([]string{"{", "[1,]", `{"a" 1}`, `{"a":1,}`, "]", `{"a":1}x`, ""}).Draw(t, "broken")
	}
}

// Goal: Decode, which builds the values in Check's pass, gives exactly what
// Check followed by encoding/json gave: the same values (types included:
// json.Number, []any, map[string]any; invalid UTF-8 as U+FFFD) and, for a
// document either refuses, the same error. Method: random JSON texts, well
// formed and not, after fixed ones for each kind of value; both outcomes
// must occur, or the property checked little.
func TestDecodeAsEncodingJSON(t *testing.T) {
	var good, bad int
	same := func(t interface{ Fatalf(string, ...any) }, doc []byte) {
		want, wantErr := decodeReference(doc)
		got, gotErr := Decode(doc)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Fatalf("%q: Decode says %v, Check and encoding/json %v", doc, gotErr, wantErr)
		}
		if wantErr != nil {
			bad++
			return
		}
		good++
		if !reflect.DeepEqual(got.Raw(), want) {
			t.Fatalf("%q: Decode built %#v, encoding/json %#v", doc, got.Raw(), want)
		}
	}
	for _, doc := range []string{
		`{}`, `[]`, ` null `, `true`, `false`, `-0`, `1.5e3`, `"a\u00e9\ud800"`, "\"\xff\xed\xa0\x80é\"",
		"{\"\xff\": [1, \"\xc3\"], \"b\": {\"c\": [], \"d\": {}}}", `{"a": 1, "A": 2}`, `[1, 2,]`, `{"a": 1} x`,
	} {
		same(t, []byte(doc))
	}
	rapid.Check(t, func(rt *rapid.T) {
		doc := []byte(genJSON(rt, 0))
		if rapid.Bool().Draw(rt, "trailing") {
			doc = append(doc, []byte(rapid.SampledFrom([]string{" ", "\n", " 1", "}"}).Draw(rt, "tail"))...)
		}
		same(rt, doc)
	})
	if good == 0 || bad == 0 {
		t.Fatalf("%d documents decoded, %d refused: both must occur", good, bad)
	}
}

// Goal: a member CheckObject decodes in its pass (Member.Decoded) is what
// Decode gives for the member's text, and decoding changes neither the
// members nor the outcome (the same error for a document either refuses).
// Method: random objects around random member values (genJSON), decoding
// one key, two or none; the members not asked for stay undecoded.
func TestCheckObjectDecodesAsDecode(t *testing.T) {
	var decoded int
	rapid.Check(t, func(rt *rapid.T) {
		keys := []string{"portfolio", "market", "risk_params", "Portfolio"}
		var b strings.Builder
		b.WriteString("{")
		for i := range rapid.IntRange(0, 4).Draw(rt, "members") {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"` + rapid.SampledFrom(keys).Draw(rt, "key") + `": ` + genJSON(rt, 1))
		}
		b.WriteString("}")
		doc := []byte(b.String())
		decode := rapid.SliceOfNDistinct(rapid.SampledFrom(keys[:3]), 0, 2, rapid.ID).Draw(rt, "decode")
		want, wantErr := CheckObject(doc)
		got, gotErr := CheckObject(doc, decode...)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			rt.Fatalf("%q decoding %q: %v, without %v", doc, decode, gotErr, wantErr)
		}
		if len(got) != len(want) {
			rt.Fatalf("%q: %d members decoding %q, %d without", doc, len(got), decode, len(want))
		}
		for i, m := range got {
			if m.Key != want[i].Key || !bytes.Equal(m.Value, want[i].Value) || want[i].Decoded != nil {
				rt.Fatalf("%q member %d: %q=%s, without decoding %q=%s", doc, i, m.Key, m.Value, want[i].Key, want[i].Value)
			}
			if !slices.Contains(decode, m.Key) {
				if m.Decoded != nil {
					rt.Fatalf("%q: %s decoded unasked", doc, m.Key)
				}
				continue
			}
			ref, err := Decode(m.Value)
			if err != nil || m.Decoded == nil || !reflect.DeepEqual(m.Decoded.Raw(), ref.Raw()) || m.Decoded.Path != "" {
				rt.Fatalf("%q: %s decoded as %#v, Decode gives %#v (%v)", doc, m.Key, m.Decoded, ref.Raw(), err)
			}
			decoded++
		}
	})
	if decoded == 0 {
		t.Fatal("no member was decoded: the property checked nothing")
	}
}
