// Package catalog links every importer into the binary: importing it
// registers them all with package importer.
package catalog

import (
	_ "github.com/unimargin/unimargin/internal/importer" // the registry
)
