// The asset registry: each asset's symbol and decimals (base units per whole
// unit). Built-in assets keep their real on-chain decimals.
package money

// DefaultDecimals applies to an asset that declares none (the contract's default).
const DefaultDecimals = 18

// Asset identifies one fungible asset and its base-unit scale.
type Asset struct {
	Symbol   string
	Decimals uint8
}

// builtinDecimals are the real decimals of well-known assets (ERC-20 decimals
// on Ethereum; BTC in satoshi; SOL in lamports).
var builtinDecimals = map[string]uint8{
	"BTC": 8, "WBTC": 8, "cbBTC": 8,
	"ETH": 18, "WETH": 18, "stETH": 18, "wstETH": 18, "rETH": 18, "weETH": 18,
	"USDC": 6, "USDT": 6, "PYUSD": 6, "DAI": 18, "FDUSD": 18, "USDe": 18, "GHO": 18,
	"SOL": 9, "LINK": 18, "AAVE": 18, "UNI": 18,
}

// BuiltinDecimals returns the built-in decimals of symbol and whether it is built in.
func BuiltinDecimals(symbol string) (uint8, bool) {
	d, ok := builtinDecimals[symbol]
	return d, ok
}
