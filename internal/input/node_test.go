package input

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestDecodeMalformedNamesLine(t *testing.T) {
	_, err := Decode([]byte("{\n\"a\": 1,\n\"b\": }"))
	if err == nil || !strings.Contains(err.Error(), "malformed JSON at line 3") {
		t.Fatalf("got %v", err)
	}
	if _, err := Decode([]byte(`{"a": 1} {"b": 2}`)); err == nil || !strings.Contains(err.Error(), "after the top-level value") {
		t.Fatalf("trailing data: %v", err)
	}
	if _, err := Decode([]byte(`{"a": `)); err == nil || !strings.Contains(err.Error(), "unexpected end") {
		t.Fatalf("truncated: %v", err)
	}
}

func TestObjectUnknownFieldIsDeterministic(t *testing.T) {
	n, err := Decode([]byte(`{"keep": 1, "zeta": 2, "alpha": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	o, _ := n.Object()
	o.Optional("keep")
	if err := o.Finish(); err == nil || err.Error() != "alpha: unknown field" {
		t.Fatalf("got %v", err)
	}
}

// Goal: Finish refuses exactly the objects with a key no reader asked for
// (Optional, Required, Has excluded, Entries), naming the first such key in
// key order, whatever the object's size (the record of keys read changes
// form past a few keys) and however often a key or an absent name was
// asked for. Method: random objects of 0–24 keys read in random order
// against the set of keys read, kept as a plain map.
func TestFinishNamesTheFirstUnreadKey(t *testing.T) {
	var refused, passed int
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 24).Draw(rt, "keys")
		fields := map[string]any{}
		for i := range n {
			fields["k"+strconv.Itoa(i)] = float64(i)
		}
		o, err := NewNode("doc", fields).Object()
		if err != nil {
			rt.Fatal(err)
		}
		read := map[string]bool{}
		for range rapid.IntRange(0, 40).Draw(rt, "reads") {
			name := "k" + strconv.Itoa(rapid.IntRange(0, 30).Draw(rt, "key"))
			switch rapid.IntRange(0, 3).Draw(rt, "how") {
			case 0:
				o.Optional(name)
			case 1:
				_, _ = o.Required(name)
			case 2:
				o.Has(name) // a look, not a read
				continue
			case 3:
				if rapid.IntRange(0, 9).Draw(rt, "entries") == 0 {
					for _, e := range o.Entries() {
						read[e.Key] = true
					}
				}
				continue
			}
			if _, ok := fields[name]; ok {
				read[name] = true
			}
		}
		want := ""
		for _, k := range o.Keys() {
			if !read[k] {
				want = "doc." + k + ": unknown field"
				break
			}
		}
		err = o.Finish()
		switch {
		case want == "" && err != nil:
			rt.Fatalf("every key read, Finish says %v", err)
		case want != "" && (err == nil || err.Error() != want):
			rt.Fatalf("Finish says %v, want %s", err, want)
		case want == "":
			passed++
		default:
			refused++
		}
	})
	if refused == 0 || passed == 0 {
		t.Fatalf("%d objects refused, %d passed: both must occur", refused, passed)
	}
}

func TestParseFloatRefusesNonFinite(t *testing.T) {
	for _, s := range []string{"NaN", "nan", "Inf", "+Inf", "-Infinity", "0x1p3", "1e400", "", "1_000"} {
		if _, err := ParseFloat("p", s); err == nil {
			t.Errorf("ParseFloat(%q) succeeded", s)
		}
	}
	for s, want := range map[string]float64{"0.5": 0.5, "-2": -2, "1e-3": 0.001, "+3": 3} {
		if got, err := ParseFloat("p", s); err != nil || got != want {
			t.Errorf("ParseFloat(%q) = %v, %v", s, got, err)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	e := Invalid("venues[2].positions[0].strike", "-90000", "must be > %d", 0)
	err := InFile(e, "portfolio.json")
	if got, want := err.Error(), `portfolio.json: venues[2].positions[0].strike: "-90000" must be > 0`; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}

// Times are RFC 3339 UTC, written with Z: another offset is refused with
// the field's path, not converted.
func TestTimeIsUTC(t *testing.T) {
	for _, s := range []string{"2026-01-01T00:00:00+01:00", "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00-00:00", "2026-01-01T00:00:00z", "2026-01-01"} {
		_, err := NewNode("as_of", s).Time()
		ie, ok := err.(*Error)
		if !ok || ie.Path != "as_of" || ie.Value != s {
			t.Errorf("%s: %v", s, err)
		}
	}
	got, err := NewNode("as_of", "2026-01-01T00:00:00.5Z").Time()
	if err != nil || got.Format(time.RFC3339Nano) != "2026-01-01T00:00:00.5Z" {
		t.Fatalf("%v %v", got, err)
	}
}

// Times lie in [1970, 2200): beyond 2262 (or before 1678) a time has no
// UnixNano, which keys and values instruments, and a book holding an option
// expiring in 2500 was margined as expired long ago: NaN figures that
// broke its reads and stalled every account's re-margin.
func TestTimeInRange(t *testing.T) {
	for _, s := range []string{"2200-01-01T00:00:00Z", "2500-12-31T08:00:00Z", "9999-12-31T23:59:59Z",
		"1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z"} {
		_, err := NewNode("expiry", s).Time()
		ie, ok := err.(*Error)
		if !ok || ie.Path != "expiry" || ie.Value != s || !strings.Contains(err.Error(), "between 1970") {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range []string{"1970-01-01T00:00:00Z", "2199-12-31T23:59:59.999999999Z"} {
		if _, err := NewNode("expiry", s).Time(); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}
