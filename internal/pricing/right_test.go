// Parsing and printing of Right and Model.

package pricing

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRight(t *testing.T) {
	cases := []struct {
		in      string
		want    Right
		wantErr bool
	}{
		{"call", Call, false}, {"CALL", Call, false}, {"Put", Put, false}, {"put", Put, false},
		{"", 0, true}, {"c", 0, true}, {"calls", 0, true}, {" call", 0, true},
	}
	for _, c := range cases {
		got, err := ParseRight(c.in)
		if c.wantErr {
			if !errors.Is(err, ErrUnknownRight) || !strings.Contains(err.Error(), `"`+c.in+`"`) {
				t.Errorf("ParseRight(%q) error = %v, want ErrUnknownRight quoting the value", c.in, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseRight(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if again, _ := ParseRight(got.String()); again != got {
			t.Errorf("ParseRight(%v.String()) = %v", got, again)
		}
	}
	if s := Right(0).String(); s != "Right(0)" {
		t.Errorf("Right(0).String() = %q", s)
	}
}

func TestParseModel(t *testing.T) {
	cases := []struct {
		in      string
		want    Model
		wantErr bool
	}{
		{"black76", Black76, false}, {"Black76", Black76, false}, {"bs", BlackScholes, false},
		{"BS", BlackScholes, false}, {"black-76", 0, true}, {"", 0, true}, {"blackscholes", 0, true},
	}
	for _, c := range cases {
		got, err := ParseModel(c.in)
		if c.wantErr {
			if !errors.Is(err, ErrUnknownModel) || !strings.Contains(err.Error(), `"`+c.in+`"`) {
				t.Errorf("ParseModel(%q) error = %v, want ErrUnknownModel quoting the value", c.in, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseModel(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if again, _ := ParseModel(got.String()); again != got {
			t.Errorf("ParseModel(%v.String()) = %v", got, again)
		}
	}
}
