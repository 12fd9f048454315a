package input

import (
	"strings"
	"testing"
	"time"
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
