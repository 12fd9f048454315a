// Limits, crossings, signatures and webhook URLs: validation names the
// offending field; evaluation is edge-triggered (an alert on breach and on
// clear, none while the state holds); Sign is HMAC-SHA256 (RFC 4231 test
// case 2); CheckURL refuses non-http(s) and private targets by default.
package alert

import (
	"errors"
	"math"
	"net/netip"
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

func TestCheckLimits(t *testing.T) {
	for _, c := range []struct {
		name  string
		ls    []Limit
		field string
	}{
		{"unknown kind", []Limit{{Kind: "vega", Threshold: 1}}, "limits[0].kind"},
		{"NaN", []Limit{{Kind: Health, Threshold: 1}, {Kind: Excess, Threshold: math.NaN()}}, "limits[1].threshold"},
		{"Inf", []Limit{{Kind: Concentration, Threshold: math.Inf(1)}}, "limits[0].threshold"},
		{"twice", []Limit{{Kind: Health, Threshold: 1}, {Kind: Health, Threshold: 2}}, "limits[1].kind"},
		{"negative health", []Limit{{Kind: Health, Threshold: -1}}, "limits[0].threshold"},
	} {
		err := CheckLimits(c.ls)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want a FieldError on %s", c.name, err, c.field)
		}
	}
	if err := CheckLimits([]Limit{{Kind: Excess, Threshold: -5000}, {Kind: Health, Threshold: 1.2}}); err != nil {
		t.Fatal(err)
	}
}

func TestEvaluateIsEdgeTriggered(t *testing.T) {
	ls := []Limit{{Kind: Concentration, Threshold: 0.5}, {Kind: Health, Threshold: 1.2}}
	fig := Figures{Health: f(1.1), Concentration: f(0.4)}
	got, st := Evaluate(ls, nil, fig)
	if len(got) != 1 || got[0].Kind != Health || !got[0].Breached || *got[0].Value != 1.1 {
		t.Fatalf("first evaluation: %+v", got)
	}
	if again, _ := Evaluate(ls, st, fig); len(again) != 0 {
		t.Fatalf("a held breach alerted again: %+v", again)
	}
	fig = Figures{Health: f(1.3), Concentration: f(0.6)}
	got, st = Evaluate(ls, st, fig)
	if len(got) != 2 || got[0].Kind != Health || got[0].Breached || got[1].Kind != Concentration || !got[1].Breached {
		t.Fatalf("clear and breach: %+v", got)
	}
	// A figure that does not exist (health without maintenance) clears.
	got, _ = Evaluate(ls, st, Figures{Concentration: f(0.6)})
	if len(got) != 0 {
		t.Fatalf("nil health against a cleared limit: %+v", got)
	}
}

func TestSign(t *testing.T) {
	sig := Sign([]byte("Jefe"), []byte("what do ya want for nothing?"))
	if sig != "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
		t.Fatalf("Sign = %s (RFC 4231 case 2)", sig)
	}
	if !Verify([]byte("Jefe"), []byte("what do ya want for nothing?"), sig) || Verify([]byte("Jefe"), []byte("what do ya want for nothing!"), sig) {
		t.Fatal("Verify")
	}
}

func TestCheckURL(t *testing.T) {
	for _, raw := range []string{"ftp://example.com/x", "file:///etc/passwd", "http://127.0.0.1:8080/", "http://[::1]/",
		"http://10.0.0.5/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://localhost/",
		"http://user:pw@example.com/", "https://", "http://[::ffff:127.0.0.1]/", "http://100.64.1.1/", "http://0.0.0.0/"} {
		_, err := CheckURL(raw, false)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "url" {
			t.Errorf("%s: accepted (%v)", raw, err)
		}
	}
	if _, err := CheckURL("http://127.0.0.1:8080/hook", true); err != nil {
		t.Errorf("allowed private: %v", err)
	}
	if _, err := CheckURL("https://hooks.example.com/unimargin?x=1", false); err != nil {
		t.Errorf("a public URL: %v", err)
	}
	if !PublicAddr(netip.MustParseAddr("8.8.8.8")) || PublicAddr(netip.MustParseAddr("fd00::1")) {
		t.Error("PublicAddr")
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"http://example.com/", "http://127.0.0.1/", "javascript:alert(1)", "http://[::1]:80/"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, allow bool) {
		u, err := CheckURL(raw, allow)
		if err != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" {
			t.Fatalf("accepted %q", raw)
		}
		if ip, err := netip.ParseAddr(strings.TrimSuffix(u.Hostname(), ".")); err == nil && !allow && !PublicAddr(ip) {
			t.Fatalf("accepted the private %q", raw)
		}
	})
}
