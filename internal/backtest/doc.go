// Package backtest is the evidence that the unified margin covers what
// really happened: it replays the embedded hourly ETH and BTC prices
// (2021-01-01 to 2023-02-25, crash days included; internal/cascade owns the
// embedding) day by day on books (the reference books of
// docs/backtest/books.json or any portfolio file), computes each day the
// unified and the fragmented initial margin through margin.Compute on that
// day's market, and sets them beside the loss the book really made over the
// next day and over the next ten days.
//
// On top of the daily figures: exceedances (loss > initial margin), Kupiec's
// proportion-of-failures test, Christoffersen's independence and
// conditional-coverage tests, the Basel traffic-light zone (coverage.go),
// each for the unified model and for every venue's own model side by side;
// and the historical and filtered-historical VaR and expected shortfall of a
// book (var.go).
//
// Units: USD figures and prices are float64 (STYLE.md: analytic results,
// never money at rest); dates are UTC days. Nothing here reads the clock.
//
// Method, fixed and stated in docs/BACKTEST.md:
//   - a day's market is built at 00:00 UTC from the hourly prices (linear
//     interpolation in time), wrappers at their backing (WETH = ETH,
//     stETH = WETH, wstETH = 1.14512 WETH, WBTC = BTC), stablecoins at 1,
//     each root's vol its realised vol (volWindowDays daily log returns);
//   - a book is the same book every day: units unchanged, perpetual and
//     future entry prices at the day's spot (the position is opened at the
//     day's price), option strikes at the same moneyness and options and
//     futures at the same tenor as on the book's anchor day;
//   - the realised loss over h days is the book's equity (Σ venue equity)
//     on day t minus the same book's equity on day t + h's market.
package backtest
