// Package catalog links every venue model into the binary: importing it
// registers them all with package venue. Model packages register from init.
package catalog

import (
	_ "github.com/unimargin/unimargin/internal/venue"             // custody
	_ "github.com/unimargin/unimargin/internal/venue/aave"        // aave-v3
	_ "github.com/unimargin/unimargin/internal/venue/compound"    // compound-v3
	_ "github.com/unimargin/unimargin/internal/venue/deribit"     // deribit-standard, deribit-pm
	_ "github.com/unimargin/unimargin/internal/venue/derive"      // derive-pm
	_ "github.com/unimargin/unimargin/internal/venue/dydx"        // dydx-v4
	_ "github.com/unimargin/unimargin/internal/venue/gmx"         // gmx-v2
	_ "github.com/unimargin/unimargin/internal/venue/hyperliquid" // hyperliquid
	_ "github.com/unimargin/unimargin/internal/venue/optionvault" // option-vault
	_ "github.com/unimargin/unimargin/internal/venue/span"        // span
)
