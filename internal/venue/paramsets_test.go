package venue

// Goal: the one parameter-set mechanism chooses a set exactly as DESIGN.md
// says (a named set, else the latest dated ≤ as_of, else the earliest with
// a warning; a name-only set is never chosen by date), refuses an unknown
// name listing the known ones, and hands overrides to the model; the one
// float overrider checks ranges (open and closed ends) and names the
// parameter.

import (
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
)

type testSet struct{ X, Y float64 }

func testSets() *ParamSets[testSet] {
	return NewParamSets[testSet]("test-model", "b").
		Add("a", "2020-01-01", &testSet{X: 1}).
		Add("b", "2022-01-01", &testSet{X: 2}).
		Add("cases", "", &testSet{X: 3})
}

func venueWith(t *testing.T, params string) *portfolio.Venue {
	t.Helper()
	v := &portfolio.Venue{ID: "v", Model: "test-model", Path: "venues[0]"}
	if params != "" {
		n, err := input.Decode([]byte(params))
		if err != nil {
			t.Fatal(err)
		}
		n.Path = "venues[0].params"
		v.Params = &n
	}
	return v
}

func TestParamSetsResolve(t *testing.T) {
	sets := testSets()
	day := func(s string) time.Time { return Day(s) }
	for _, tc := range []struct {
		params, asOf, want string
		warns, object      bool
	}{
		{"", "2021-06-01", "a", false, false},
		{"", "2022-01-01", "b", false, false},
		{"", "2030-01-01", "b", false, false},
		{"", "2019-01-01", "a", true, false}, // before every dated set: the earliest, warned
		{`"cases"`, "2030-01-01", "cases", false, false},
		{`"a"`, "2030-01-01", "a", false, false},
		{`{"x": 5}`, "2030-01-01", "b", false, true},
	} {
		r, err := sets.Resolve(venueWith(t, tc.params), day(tc.asOf))
		if err != nil {
			t.Fatalf("%s at %s: %v", tc.params, tc.asOf, err)
		}
		if r.Name != tc.want || (len(r.Warnings) > 0) != tc.warns || (r.Object != nil) != tc.object {
			t.Errorf("%s at %s: set %s warnings %v object %v, want %s %v %v", tc.params, tc.asOf, r.Name,
				r.Warnings, r.Object != nil, tc.want, tc.warns, tc.object)
		}
		if s, _ := sets.Lookup(tc.want); r.Set != s {
			t.Errorf("%s: Set is not the built-in %s", tc.params, tc.want)
		}
	}
	_, err := sets.Resolve(venueWith(t, `"zzz"`), day("2030-01-01"))
	if err == nil || !strings.Contains(err.Error(), "venues[0].params") || !strings.Contains(err.Error(), "a, b, cases") {
		t.Errorf("unknown set: %v, want an error at venues[0].params listing a, b, cases", err)
	}
	if _, err := sets.Resolve(venueWith(t, `3`), day("2030-01-01")); err == nil {
		t.Error("a number as params must be refused")
	}
	if got := sets.Names(); strings.Join(got, ",") != "a,b,cases" || sets.Default().X != 2 {
		t.Errorf("Names %v, Default %+v", got, sets.Default())
	}
	defer func() {
		if recover() == nil {
			t.Error("adding a set twice must panic")
		}
	}()
	sets.Add("a", "", &testSet{})
}

func TestFloatParams(t *testing.T) {
	ps := FloatParams[testSet]{
		{Name: "x", Field: func(s *testSet) *float64 { return &s.X }, Min: 0, Max: 1, OpenMin: true},
		{Name: "y", Field: func(s *testSet) *float64 { return &s.Y }, Min: 1, Max: 10, Why: "because"},
	}
	overrides := func(t *testing.T, params string) []Override {
		_, out, err := ParamSource(venueWith(t, params))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	var s testSet
	if err := ps.Apply(&s, overrides(t, `{"x": 0.5, "y": 10}`), "test-model"); err != nil || s != (testSet{0.5, 10}) {
		t.Fatalf("Apply = %+v, %v", s, err)
	}
	for params, want := range map[string]string{
		`{"x": 0}`:   `venues[0].params.x: "0" x must be in (0, 1]`,
		`{"y": 0.5}`: "y must be in [1, 10] (because)",
		`{"z": 1}`:   "is not a parameter of test-model",
		`{"x": "a"}`: "venues[0].params.x",
	} {
		before := s
		err := ps.Apply(&s, overrides(t, params), "test-model")
		if err == nil || !strings.Contains(err.Error(), want) || s != before {
			t.Errorf("%s: %v (set %+v), want an error containing %q and no change", params, err, s, want)
		}
	}
	if l := ps.List(testSet{0.25, 2}); len(l) != 2 || l[0].Default != 0.25 || l[1].Name != "y" {
		t.Errorf("List = %+v", l)
	}
}
