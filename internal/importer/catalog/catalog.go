// Package catalog links every importer into the binary: importing it
// registers them all with package importer.
package catalog

import (
	_ "github.com/unimargin/unimargin/internal/importer"             // the registry
	_ "github.com/unimargin/unimargin/internal/importer/aave"        // aave-reserves, aave-user-reserves, aave-ui-pool-data
	_ "github.com/unimargin/unimargin/internal/importer/compound"    // compound-v3-positions
	_ "github.com/unimargin/unimargin/internal/importer/csvbook"     // csv-book
	_ "github.com/unimargin/unimargin/internal/importer/deribit"     // deribit-positions, deribit-book-summary
	_ "github.com/unimargin/unimargin/internal/importer/derive"      // derive-subaccount
	_ "github.com/unimargin/unimargin/internal/importer/dydx"        // dydx-subaccount
	_ "github.com/unimargin/unimargin/internal/importer/gmx"         // gmx-v2-positions
	_ "github.com/unimargin/unimargin/internal/importer/hyperliquid" // hyperliquid-clearinghouse
)
