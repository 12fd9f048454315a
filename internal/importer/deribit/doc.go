// Package deribit imports Deribit API responses (JSON-RPC 2.0, as documented
// at docs.deribit.com) into unimargin documents:
//
//   - deribit-positions: private/get_positions → a portfolio with one
//     deribit-standard or deribit-pm venue (positions.go);
//   - deribit-book-summary: public/get_book_summary_by_currency with
//     kind=option → a market with the index price, a vol surface per expiry
//     from mark_iv, forwards from each expiry's underlying_price and the
//     interest_rate (booksummary.go).
//
// Instrument names (instrument.go): BTC-PERPETUAL, BTC-27DEC24 (a future
// expiring 27 December 2024 at 08:00 UTC, Deribit's expiry time),
// BTC-27DEC24-100000-C (an option; a "d" in the strike is a decimal point:
// XRP_USDC-30AUG24-0d625-C), and linear USDC-settled names with "_USDC".
//
// Numbers are read from their JSON text and converted exactly (number.go):
// no amount passes through float64. Every input problem is an *input.Error
// naming the JSON path (result[3].instrument_name); unknown fields are errors.
package deribit
