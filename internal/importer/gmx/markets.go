// The GMX v2 markets and tokens the importer maps from addresses: the
// markets of the gmx-v2 model's built-in set (internal/venue/gmx), on
// Arbitrum One, at the addresses GMX's interface configuration lists
// (gmx-io/gmx-interface, Arbitrum markets and tokens: market tokens of
// ETH/USD [WETH-USDC] and BTC/USD [WBTC.e-USDC]; WETH, native USDC, WBTC.e).
package gmx

// token is an ERC-20 as the portfolio names it.
type token struct {
	symbol   string
	decimals uint8
}

// market is one GMX v2 market: the portfolio underlying of its index token,
// the index token's decimals (sizeInTokens' unit) and its collateral tokens
// by lower-case address.
type market struct {
	name          string
	underlying    string
	indexDecimals uint8
	collateral    map[string]token
}

var (
	weth = token{"WETH", 18} // 0x82aF49447D8a07e3bd95BD0d56f35241523fBab1
	usdc = token{"USDC", 6}  // 0xaf88d065e77c8cC2239327C5EDb3A432268e5831 (native USDC)
	wbtc = token{"WBTC", 8}  // 0x2f2a2543B76A4166549F7aaB2e75Bef0aefC5B0f (WBTC.e)
)

// markets by lower-case market token address.
var markets = map[string]market{
	"0x70d95587d40a2caf56bd97485ab3eec10bee6336": {
		name: "ETH/USD [WETH-USDC]", underlying: "ETH", indexDecimals: 18, // index WETH
		collateral: map[string]token{
			"0x82af49447d8a07e3bd95bd0d56f35241523fbab1": weth,
			"0xaf88d065e77c8cc2239327c5edb3a432268e5831": usdc,
		},
	},
	"0x47c031236e19d024b42f8ae6780e44a573170703": {
		name: "BTC/USD [WBTC.e-USDC]", underlying: "BTC", indexDecimals: 8, // index: synthetic BTC 0x4790…58Cd
		collateral: map[string]token{
			"0x2f2a2543b76a4166549f7aab2e75bef0aefc5b0f": wbtc,
			"0xaf88d065e77c8cc2239327c5edb3a432268e5831": usdc,
		},
	},
}

// marketNames lists the known markets for error messages.
const marketNames = "ETH/USD [WETH-USDC] 0x70d95587d40A2caf56bd97485aB3Eec10Bee6336, " +
	"BTC/USD [WBTC.e-USDC] 0x47c031236e19d024b42f8AE6780E44A573170703 (Arbitrum)"
