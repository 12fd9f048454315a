package input

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// Check refuses what encoding/json would read ambiguously or not at all,
// naming the JSON path of the offending key or value.
func TestCheckNamesTheOffendingKeyOrValue(t *testing.T) {
	for _, c := range []struct {
		name, doc, path, reason string
	}{
		{"duplicate key", `{"asset": "USDC", "amount": "1", "amount": "2"}`, "amount", "duplicate key"},
		{"case variant", `{"asset": "USDC", "amount": "1", "aMoUnT": "2"}`, "aMoUnT", `differs from "amount" only by case`},
		{"kelvin sign folds to k", `{"k": 1, "\u212a": 2}`, "\u212a", `differs from "k" only by case`},
		{"long s folds to s", `{"S": 1, "ſ": 2}`, "ſ", `differs from "S" only by case`},
		{"escaped duplicate", `{"amount": "1", "\u0061mount": "2"}`, "amount", "duplicate key"},
		{"nested", `{"venues": [{"id": "a"}, {"id": "b", "ID": "c"}]}`, "venues[1].ID", "only by case"},
		{"many keys", manyKeyDoc(40, `"K7"`), "K7", `differs from "k7" only by case`},
		{"many keys exact", manyKeyDoc(40, `"k39"`), "k39", "duplicate key"},
		{"bare NaN", `{"market": {}, "penalty": NaN}`, "penalty", "malformed JSON at line 1, column 27"},
		{"bare Infinity", `{"a": [1, Infinity]}`, "a[1]", "malformed JSON"},
		{"overflow", `{"fund": 1e400}`, "fund", `"1e400" is not a finite number`},
		{"negative overflow", `{"fund": -2e308}`, "fund", "not a finite number"},
		{"long overflow", `{"fund": 1` + strings.Repeat("0", 400) + `}`, "fund", "not a finite number"},
		{"leading zero", `{"n": 01}`, "n", "malformed JSON"},
		{"hex", `{"n": 0x10}`, "n", "malformed JSON"},
		{"trailing comma", `{"a": 1,}`, "", "expected a quoted object key"},
		{"single quotes", `{'a': 1}`, "", "expected a quoted object key"},
		{"control character", "{\"a\": \"x\ty\"}", "a", "control character"},
		{"bad escape", `{"a": "\x"}`, "a", "invalid escape"},
		{"truncated", `{"a": [1, 2`, "", "unexpected end of input"},
		{"trailing data", `{"a": 1} {"b": 2}`, "", "after the top-level value"},
		{"empty", ``, "", "unexpected end of input"},
		{"too deep", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), strings.Repeat("[0]", MaxDepth), "nested deeper"},
	} {
		err := Check([]byte(c.doc))
		ie, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: %v, want an *Error", c.name, err)
			continue
		}
		if ie.Path != c.path || !strings.Contains(ie.Error(), c.reason) {
			t.Errorf("%s: path %q, %q; want path %q and %q", c.name, ie.Path, ie.Error(), c.path, c.reason)
		}
	}
}

// manyKeyDoc is an object with keys k0…k(n-1), then one more key.
func manyKeyDoc(n int, last string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		b.WriteString(`"k` + strconv.Itoa(i) + `": 0, `)
	}
	b.WriteString(last + ": 1}")
	return b.String()
}

// Unambiguous documents pass, whatever their nesting, escapes and numbers.
func TestCheckAcceptsUnambiguousDocuments(t *testing.T) {
	for _, doc := range []string{
		`{}`, `[]`, `null`, ` "x" `, `-0.5e-3`, `1e-400`, `1.7976931348623157e308`, `true`,
		`{"amount": "1", "asset": "USDC", "nested": {"amount": 2, "Asset": [1, {"amount": null}]}}`,
		`{"a": {"k": 1}, "b": {"k": 1}}`,
		`{"\u00e9": 1, "\u00c9t\u00e9": "\"\\\/\b\f\n\r\t\u2028"}`,
		manyKeyDoc(40, `"other"`),
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	} {
		if err := Check([]byte(doc)); err != nil {
			t.Errorf("%.80s: %v", doc, err)
		}
	}
}

// Decode (every document contract's reader) refuses ambiguous keys too.
func TestDecodeRefusesDuplicateKeys(t *testing.T) {
	_, err := Decode([]byte(`{"account": "a", "Account": "b", "venues": []}`))
	if err == nil || err.Error() != `Account: duplicate key: differs from "account" only by case` {
		t.Fatalf("got %v", err)
	}
}

// Check agrees with encoding/json on what JSON is, and what it accepts
// encoding/json decodes: a document Check passes never fails to decode.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5e3, "x\u00e9"], "b": {"c": null}}`, `{"a": 1, "A": 2}`, `[1e400]`,
		`{"a": "\ud83d\ude00"}`, `"\u0000"`, `{"a":1}x`, `-`, `0.`, `1e`, `[1,]`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("Check accepted invalid JSON %q", data)
			}
			return
		}
		if err != nil {
			if !strings.Contains(err.Error(), "duplicate key") && !strings.Contains(err.Error(), "finite") && !strings.Contains(err.Error(), "nested") {
				t.Fatalf("Check refused valid JSON %q: %v", data, err)
			}
			return
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("Check passed %q, which does not decode: %v", data, err)
		}
	})
}

// CheckObject returns the top-level members with their raw values, and
// refuses a document that is not an object.
func TestCheckObject(t *testing.T) {
	ms, err := CheckObject([]byte(` {"portfolio": {"a": [1, "}"]}, "allow_stale" : true, "n": -1.5e3} `))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Key+"="+string(m.Value))
	}
	if strings.Join(got, " ") != `portfolio={"a": [1, "}"]} allow_stale=true n=-1.5e3` {
		t.Fatalf("members %q", got)
	}
	for _, doc := range []string{`[1]`, `"x"`, `null`} {
		if _, err := CheckObject([]byte(doc)); err == nil || err.Error() != "must be a JSON object" {
			t.Errorf("%s: %v", doc, err)
		}
	}
	if ms, err := CheckObject([]byte(`{}`)); err != nil || len(ms) != 0 {
		t.Fatalf("{}: %v %v", ms, err)
	}
	if _, err := CheckObject([]byte(`{"a": 1, "A": 2}`)); err == nil {
		t.Fatal("a duplicate key passed")
	}
}
