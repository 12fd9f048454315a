// The conformance path shared by `unimargin conform derive-pmrm2` and the
// corpus test: parse a case, evaluate it, compare with its Result.
package derive

// Conformance is one case evaluated and compared.
type Conformance struct {
	Report *Report  // the model's figures
	Checks []Check  // against the file's Result; nil when it has none
	Case   *Case    // the parsed case
	Failed []string // figures outside tolerance, in file order
}

// AssertedOK reports whether every figure Derive's own driver asserts (IM,
// MM, OptionMTM, CollateralMTM, every scenario P&L) agrees.
func (c *Conformance) AssertedOK() bool {
	for _, ch := range c.Checks {
		if ch.Asserted && !ch.OK {
			return false
		}
	}
	return true
}

// Conform parses data as a PMRM_2 portfolio case and evaluates it. Errors are
// ParseCase's (*input.Error values).
func Conform(data []byte) (*Conformance, error) {
	c, err := ParseCase(data)
	if err != nil {
		return nil, err
	}
	out := &Conformance{Case: c, Report: c.Evaluate()}
	if c.Published != nil {
		out.Checks = Compare(out.Report, c.Published)
		for _, ch := range out.Checks {
			if !ch.OK {
				out.Failed = append(out.Failed, ch.Figure)
			}
		}
	}
	return out, nil
}
