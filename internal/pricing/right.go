// Right (call or put) and Model (Black-76 or Black-Scholes) name what is priced;
// both parse from the lower-case words used in files and on the command line.

package pricing

import (
	"errors"
	"fmt"
	"strings"
)

// Right is the option right; its value is the payoff sign ω in ω(F−K).
type Right int8

const (
	Call Right = 1
	Put  Right = -1
)

var (
	// ErrUnknownRight is returned by ParseRight for anything but call or put.
	ErrUnknownRight = errors.New("unknown option right")
	// ErrUnknownModel is returned by ParseModel and ImpliedVol for an unknown model.
	ErrUnknownModel = errors.New("unknown pricing model")
)

// ParseRight reads "call" or "put", in any letter case. The error wraps
// ErrUnknownRight and quotes the value.
func ParseRight(s string) (Right, error) {
	switch {
	case strings.EqualFold(s, "call"):
		return Call, nil
	case strings.EqualFold(s, "put"):
		return Put, nil
	}
	return 0, fmt.Errorf("%w %q (want call or put)", ErrUnknownRight, s)
}

func (r Right) String() string {
	switch r {
	case Call:
		return "call"
	case Put:
		return "put"
	}
	return fmt.Sprintf("Right(%d)", int8(r))
}

func (r Right) valid() bool { return r == Call || r == Put }

// Model selects the pricing formula: Black76 prices on a forward, BlackScholes
// on a spot with no dividend.
type Model int8

const (
	Black76 Model = iota + 1
	BlackScholes
)

// ParseModel reads "black76" or "bs", in any letter case. The error wraps
// ErrUnknownModel and quotes the value.
func ParseModel(s string) (Model, error) {
	switch {
	case strings.EqualFold(s, "black76"):
		return Black76, nil
	case strings.EqualFold(s, "bs"):
		return BlackScholes, nil
	}
	return 0, fmt.Errorf("%w %q (want black76 or bs)", ErrUnknownModel, s)
}

func (m Model) String() string {
	switch m {
	case Black76:
		return "black76"
	case BlackScholes:
		return "bs"
	}
	return fmt.Sprintf("Model(%d)", int8(m))
}
