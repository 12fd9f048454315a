package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Goal: decodeBookBody gives exactly encoding/json's BookBody, or declines
// (the caller then decodes with encoding/json). Method: random bodies with
// the four fields and others (a key in another case, an unknown key), in any
// order, values of every JSON kind with white space around them; every
// body it accepts must decode to encoding/json's result, and both outcomes
// must occur.
func TestDecodeBookBodyAsEncodingJSON(t *testing.T) {
	var accepted, declined int
	values := []string{`{"account": "a", "venues": []}`, `{ "as_of" : "2026-01-01T00:00:00Z" }`, `null`, `true`, `false`,
		`"text"`, `12.5`, `[1, {"a": null}]`, `{}`, `"\u00e9\n"`}
	keys := []string{"portfolio", "market", "risk_params", "allow_stale", "Market", "extra"}
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(rt, "members")
		chosen := rapid.SliceOfNDistinct(rapid.SampledFrom(keys), n, n, func(k string) string { return strings.ToLower(k) }).Draw(rt, "keys")
		var b strings.Builder
		b.WriteString("{")
		for i, k := range chosen {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(rapid.SampledFrom([]string{"", " ", "\n  "}).Draw(rt, "space"))
			b.WriteString(`"` + k + `" : ` + rapid.SampledFrom(values).Draw(rt, "value") + " ")
		}
		b.WriteString("}")
		data := []byte(b.String())
		var want BookBody
		wantErr := json.Unmarshal(data, &want)
		var got BookBody
		if !decodeBookBody(data, &got) {
			declined++
			if !reflect.DeepEqual(got, BookBody{}) {
				rt.Fatalf("%s: declined but wrote %+v", data, got)
			}
			return
		}
		accepted++
		if wantErr != nil {
			rt.Fatalf("%s: accepted, but encoding/json refuses it: %v", data, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			rt.Fatalf("%s: decoded %+v, encoding/json %+v", data, got, want)
		}
	})
	if accepted == 0 || declined == 0 {
		t.Fatalf("%d bodies accepted, %d declined: both must occur", accepted, declined)
	}
}
