// Conversions and P&L of inverse (coin-settled) and linear delta-one contracts:
// an inverse contract is quoted in USD but margined and settled in the coin.

package pricing

// ToCoin converts a USD value to coins at underlyingPrice USD per coin; this is
// how a coin-settled venue (Deribit BTC options) states a USD option value.
func ToCoin(valueUSD, underlyingPrice float64) float64 { return valueUSD / underlyingPrice }

// FromCoin converts a coin amount to USD at underlyingPrice USD per coin.
func FromCoin(valueCoin, underlyingPrice float64) float64 { return valueCoin * underlyingPrice }

// LinearPnLUSD is the USD P&L of quantity units of underlying (signed: long > 0)
// of a linear (USD-margined) future or perpetual from entryPrice to price:
// quantity·(price − entryPrice).
func LinearPnLUSD(quantity, entryPrice, price float64) float64 {
	return quantity * (price - entryPrice)
}

// InversePnLCoin is the coin P&L of an inverse future or perpetual whose USD
// notional is quantity·entryPrice (quantity in underlying units, signed), from
// entryPrice to price: notional·(1/entryPrice − 1/price) = quantity·(1 − entryPrice/price).
// Converted at the exit price it equals LinearPnLUSD. Unlike the linear case it
// is convex in price: a long's coin gain is capped at quantity as price → ∞,
// while its coin loss grows without bound as price → 0.
func InversePnLCoin(quantity, entryPrice, price float64) float64 {
	return quantity * (1 - entryPrice/price)
}
