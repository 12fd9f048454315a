package govern

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/input"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

const testKey = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="

// TestRulesRefusals: a rules document that breaks a rule is refused at
// the field.
func TestRulesRefusals(t *testing.T) {
	member := fmt.Sprintf(`{"name": "a", "public_key": %q}`, testKey)
	for _, c := range []struct{ doc, path string }{
		{`{"decision": {"mode": "signers", "threshold": 1}, "members": []}`, "members"},
		{`{"decision": {"mode": "signers", "threshold": 2}, "members": [` + member + `]}`, "decision.threshold"},
		{`{"decision": {"mode": "vibes"}, "members": [` + member + `]}`, "decision.mode"},
		{`{"decision": {"mode": "token", "quorum": "0.5", "pass": "0.5"}, "members": [` + member + `]}`, "members[0].weight"},
		{`{"decision": {"mode": "signers", "threshold": 1}, "members": [{"name": "a", "public_key": "c2hvcnQ="}]}`, "members[0].public_key"},
		{`{"decision": {"mode": "signers", "threshold": 1}, "members": [` + member + `, ` + member + `]}`, "members[1].name"},
		{`{"decision": {"mode": "signers", "threshold": 1}, "members": [` + member + `], "timelock_seconds": 86400,
		  "guardian": {"name": "g", "public_key": "` + testKey + `", "action_seconds": 3600}}`, "guardian.action_seconds"},
		{`{"decision": {"mode": "signers", "threshold": 1}, "members": [` + member + `], "bounds": {"risk_params.x": {"stricter": "sideways"}}}`, "bounds.risk_params.x.stricter"},
		{`{"decision": {"mode": "signers", "threshold": 1}, "members": [` + member + `], "extra": 1}`, "extra"},
	} {
		_, err := ParseRules([]byte(c.doc))
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Path != c.path {
			t.Errorf("%s: want an error at %s, got %v", c.doc, c.path, err)
		}
	}
}

// TestEveryParameterHasABound: every leaf of a full parameter set (the
// demo's chains, bridges, venues and tiers, scenario overrides, a venue
// model's parameters) matches a default bound, so no valid parameter is
// ungovernable.
func TestEveryParameterHasABound(t *testing.T) {
	risk := strings.TrimSuffix(strings.TrimSpace(string(demo.RiskParamsJSON)), "}") +
		`, "scenarios": {"historical": true, "BTC": {"price_range": 0.2}}}`
	doc, err := ParseDoc([]byte(`{"risk_params": ` + risk + `,
	  "venue_params": {"deribit-pm": {"mm_factor": 0.8}, "aave-v3": {"WETH": {"ltv": 8000}}}, "pause_new_risk": false}`))
	if err != nil {
		t.Fatal(err)
	}
	l, err := doc.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	table, err := newBoundTable(DefaultBounds())
	if err != nil {
		t.Fatal(err)
	}
	for leaf := range l.leaves {
		if _, _, ok := table.lookup(leaf); !ok {
			t.Errorf("%s has no bound", leaf)
		}
	}
	if len(l.leaves) < 50 {
		t.Fatalf("only %d leaves: the test proves little", len(l.leaves))
	}
}
