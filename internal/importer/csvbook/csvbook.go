// Package csvbook imports a manual book kept in a spreadsheet: csv-book reads
// CSV with a header row and produces a portfolio document, one venue per
// distinct `venue` value in order of first appearance.
//
// Columns (any order; venue, model, chain and kind required, the others
// optional and empty when a row does not use them; an unknown column is an
// error naming it):
//
//	venue, model, chain, kind, asset, amount, bridge, underlying, quantity,
//	right, strike, expiry, entry_price, funding, emode, params
//
// kind is `collateral` (asset, amount, optional bridge) or a position kind
// of the contract: spot, supply, borrow (asset, amount), perp, future,
// option (underlying, signed quantity, expiry, right, strike, entry_price,
// funding as DESIGN.md says). A venue's model, chain, emode and params
// (a parameter-set name) are given on its first row and must not differ on
// later rows (empty = same). Values follow the portfolio.json contract
// exactly: the document is parsed with portfolio.Parse, and an error is
// reported at its CSV line and column ("line 4.strike"), quoting the cell.
// Decimal cells are then written canonically (importer.CanonicalDecimal): a spreadsheet's "-0" or
// "0.0" is "0", "3050.50" is "3050.5"; the number is the same, and every
// importer writes the same spelling of it.
package csvbook

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Source is the importer's name on the command line.
const Source = "csv-book"

// maxRows bounds the input: the contract's venue and position limits.
const maxRows = portfolio.MaxVenues * 10

var columns = []string{"venue", "model", "chain", "kind", "asset", "amount", "bridge", "underlying", "quantity",
	"right", "strike", "expiry", "entry_price", "funding", "emode", "params"}

var required = []string{"venue", "model", "chain", "kind"}

type csvImporter struct{}

func init() { importer.Register(csvImporter{}) }

func (csvImporter) Source() string          { return Source }
func (csvImporter) Produces() importer.Kind { return importer.KindPortfolio }
func (csvImporter) Describe() string {
	return "a manual book as CSV (header venue,model,chain,kind,asset,amount,underlying,quantity,… ; " +
		"one row per collateral entry or position) → one venue per venue value"
}

// Import converts the CSV. Errors are *input.Error values naming "line N"
// and the column.
func (csvImporter) Import(data []byte, opts importer.Options) (any, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 0 // every row as long as the header
	header, err := r.Read()
	if err == io.EOF {
		return nil, input.Errorf("line 1", "is empty: want a header row (%s, …)", strings.Join(required, ","))
	}
	if err != nil {
		return nil, csvError(err)
	}
	index, err := readHeader(header)
	if err != nil {
		return nil, err
	}
	doc := importer.PortfolioDoc{Account: orDefault(opts.Account, "imported"), Venues: []importer.VenueDoc{}}
	venueAt := map[string]int{}
	var venueLine []int     // first line of each venue
	var elemLine [][2][]int // per venue: collateral lines, position lines
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if line-1 > maxRows {
			return nil, input.Errorf(fmt.Sprintf("line %d", line), "the book has more than %d rows", maxRows)
		}
		get := func(col string) string {
			if i, ok := index[col]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		id := get("venue")
		vi, seen := venueAt[id]
		if !seen {
			vi = len(doc.Venues)
			venueAt[id] = vi
			v := importer.VenueDoc{ID: id, Model: get("model"), Chain: get("chain"),
				Collateral: []importer.CollateralDoc{}, Positions: []importer.PositionDoc{}}
			if err := venueOptions(&v, get, line); err != nil {
				return nil, err
			}
			doc.Venues = append(doc.Venues, v)
			venueLine = append(venueLine, line)
			elemLine = append(elemLine, [2][]int{})
		} else if err := sameVenue(&doc.Venues[vi], get, line); err != nil {
			return nil, err
		}
		v := &doc.Venues[vi]
		switch kind := get("kind"); kind {
		case "collateral":
			v.Collateral = append(v.Collateral, importer.CollateralDoc{Asset: get("asset"), Amount: get("amount"), Bridge: get("bridge")})
			elemLine[vi][0] = append(elemLine[vi][0], line)
		default:
			v.Positions = append(v.Positions, importer.PositionDoc{Kind: kind, Asset: get("asset"), Amount: get("amount"),
				Underlying: get("underlying"), Right: get("right"), Strike: get("strike"), Expiry: get("expiry"),
				Quantity: get("quantity"), EntryPrice: get("entry_price"), Funding: get("funding")})
			elemLine[vi][1] = append(elemLine[vi][1], line)
		}
	}
	if len(doc.Venues) == 0 {
		return nil, input.Errorf("line 2", "is missing: the book has no rows")
	}
	if err := check(doc, venueLine, elemLine); err != nil {
		return nil, err
	}
	canonical(doc)
	return doc, nil
}

// canonical rewrites the decimal cells of a checked document as
// importer.CanonicalDecimal renders them (after check, so an error quotes
// the cell as written).
func canonical(doc importer.PortfolioDoc) {
	c := importer.CanonicalDecimal
	for i := range doc.Venues {
		v := &doc.Venues[i]
		for j := range v.Collateral {
			v.Collateral[j].Amount = c(v.Collateral[j].Amount)
		}
		for j := range v.Positions {
			p := &v.Positions[j]
			p.Amount, p.Strike, p.Quantity = c(p.Amount), c(p.Strike), c(p.Quantity)
			p.EntryPrice, p.Funding = c(p.EntryPrice), c(p.Funding)
		}
	}
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return input.Errorf(fmt.Sprintf("line %d", pe.Line), "is not CSV: %v", pe.Err)
	}
	return input.Errorf("", "is not CSV: %v", err)
}

func readHeader(header []string) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range columns {
			known = known || c == name
		}
		if !known {
			return nil, input.Invalid(fmt.Sprintf("line 1.column %d", i+1), h, "is not a column of a CSV book (known: %s)",
				strings.Join(columns, ", "))
		}
		if _, dup := index[name]; dup {
			return nil, input.Invalid(fmt.Sprintf("line 1.column %d", i+1), h, "appears twice")
		}
		index[name] = i
	}
	for _, c := range required {
		if _, ok := index[c]; !ok {
			return nil, input.Errorf("line 1", "has no %s column (required: %s)", c, strings.Join(required, ", "))
		}
	}
	return index, nil
}

func venueOptions(v *importer.VenueDoc, get func(string) string, line int) error {
	if e := get("emode"); e != "" {
		n, err := strconv.Atoi(e)
		if err != nil {
			return input.Invalid(fmt.Sprintf("line %d.emode", line), e, "must be an integer e-mode category")
		}
		v.EMode = &n
	}
	if p := get("params"); p != "" {
		v.Params = p
	}
	return nil
}

// sameVenue refuses a later row of a venue that restates its model, chain,
// emode or params differently.
func sameVenue(v *importer.VenueDoc, get func(string) string, line int) error {
	emode := ""
	if v.EMode != nil {
		emode = strconv.Itoa(*v.EMode)
	}
	params, _ := v.Params.(string)
	for _, f := range []struct{ col, have string }{{"model", v.Model}, {"chain", v.Chain}, {"emode", emode}, {"params", params}} {
		if got := get(f.col); got != "" && got != f.have {
			return input.Invalid(fmt.Sprintf("line %d.%s", line, f.col), got, "differs from %q given for venue %q on its first row", f.have, v.ID)
		}
	}
	return nil
}

var elementPath = regexp.MustCompile(`^venues\[(\d+)\](?:\.(collateral|positions)\[(\d+)\])?(?:\.(.*))?$`)

// check parses the document as the engine will and moves any error's JSON
// path to the CSV line and column it came from.
func check(doc importer.PortfolioDoc, venueLine []int, elemLine [][2][]int) error {
	data, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("csv-book: encode: %w", err)
	}
	_, err = portfolio.Parse(data)
	var ie *input.Error
	if err == nil || !errors.As(err, &ie) {
		return err
	}
	m := elementPath.FindStringSubmatch(ie.Path)
	if m == nil {
		return err
	}
	vi, _ := strconv.Atoi(m[1])
	line, field := venueLine[vi], m[4]
	if m[2] != "" {
		ei, _ := strconv.Atoi(m[3])
		lines := elemLine[vi][1]
		if m[2] == "collateral" {
			lines = elemLine[vi][0]
		}
		if ei < len(lines) {
			line = lines[ei]
		}
	} else if field == "id" {
		field = "venue"
	}
	if field == "" {
		field = "kind"
	}
	cp := *ie
	cp.Path = fmt.Sprintf("line %d.%s", line, field)
	return &cp
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
