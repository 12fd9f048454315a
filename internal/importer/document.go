// Output documents with the exact field names of the file contract. Decimals
// are strings (whole units), as in portfolio.json and market.json.
package importer

// PortfolioDoc is a portfolio.json document.
type PortfolioDoc struct {
	Account string     `json:"account"`
	Venues  []VenueDoc `json:"venues"`
}

// VenueDoc is one venue of a portfolio.json document.
type VenueDoc struct {
	ID         string          `json:"id"`
	Model      string          `json:"model"`
	Chain      string          `json:"chain"`
	Params     any             `json:"params,omitempty"`
	EMode      *int            `json:"emode,omitempty"`
	Settlement string          `json:"settlement,omitempty"`
	Collateral []CollateralDoc `json:"collateral"`
	Positions  []PositionDoc   `json:"positions"`
	Reported   *ReportedDoc    `json:"reported,omitempty"`
}

// ReportedDoc is a venue's own reported figures (USD decimal strings; health
// a plain decimal), as the source document gives them; "" = not given.
type ReportedDoc struct {
	Equity      string `json:"equity,omitempty"`
	Initial     string `json:"initial,omitempty"`
	Maintenance string `json:"maintenance,omitempty"`
	Health      string `json:"health,omitempty"`
	Source      string `json:"source,omitempty"`
}

// CollateralDoc is one collateral entry.
type CollateralDoc struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
	Bridge string `json:"bridge,omitempty"`
}

// PositionDoc is one position; fields by kind as in the contract.
type PositionDoc struct {
	Kind       string `json:"kind"`
	Asset      string `json:"asset,omitempty"`
	Amount     string `json:"amount,omitempty"`
	Underlying string `json:"underlying,omitempty"`
	Right      string `json:"right,omitempty"`
	Strike     string `json:"strike,omitempty"`
	Expiry     string `json:"expiry,omitempty"`
	Quantity   string `json:"quantity,omitempty"`
	EntryPrice string `json:"entry_price,omitempty"`
	Funding    string `json:"funding,omitempty"`
}

// MarketDoc is a market.json document.
type MarketDoc struct {
	AsOf        string                       `json:"as_of"`
	Assets      map[string]AssetDoc          `json:"assets"`
	VolSurfaces map[string][]SmileDoc        `json:"vol_surfaces,omitempty"`
	Rates       map[string]float64           `json:"rates,omitempty"`
	Forwards    map[string][]ForwardDoc      `json:"forwards,omitempty"`
	VenuePrices map[string]map[string]string `json:"venue_prices,omitempty"`
	Funding     map[string]float64           `json:"funding,omitempty"`
}

// AssetDoc is one asset of a market document.
type AssetDoc struct {
	Price      string            `json:"price"`
	Vol        *float64          `json:"vol,omitempty"`
	Class      string            `json:"class,omitempty"`
	Decimals   *int              `json:"decimals,omitempty"`
	OracleTime string            `json:"oracle_time,omitempty"`
	DepthUSD   string            `json:"depth_usd,omitempty"`
	SpreadBps  *float64          `json:"spread_bps,omitempty"`
	BackedBy   map[string]string `json:"backed_by,omitempty"`
	SupplyAPR  *float64          `json:"supply_apr,omitempty"`
	BorrowAPR  *float64          `json:"borrow_apr,omitempty"`
}

// SmileDoc is one expiry of a vol surface.
type SmileDoc struct {
	Expiry  string    `json:"expiry"`
	Strikes []string  `json:"strikes"`
	Vols    []float64 `json:"vols"`
}

// ForwardDoc is one quoted forward.
type ForwardDoc struct {
	Expiry string `json:"expiry"`
	Price  string `json:"price"`
}
