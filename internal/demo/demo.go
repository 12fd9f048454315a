// Package demo embeds the built-in demonstration book and market that
// `unimargin margin --demo` (and later `serve --demo`) run on. See README.md
// beside this file for where every figure comes from.
package demo

import _ "embed"

// PortfolioJSON is the demo book (portfolio.json contract).
//
//go:embed portfolio.json
var PortfolioJSON []byte

// MarketJSON is the demo market (market.json contract).
//
//go:embed market.json
var MarketJSON []byte

// RiskParamsJSON is the demo's unified risk parameters (a --risk-params
// file): chain, bridge and venue haircuts and a WBTC tier, so the demo shows
// collateral spread over chains with haircuts.
//
//go:embed risk_params.json
var RiskParamsJSON []byte

// CapsJSON is the demo's deposit caps (caps.json contract): above the demo's
// vault deposits, so the seeded demo passes them, and low enough that
// self-deposit on the demo cannot fill a vault with absurd amounts.
//
//go:embed caps.json
var CapsJSON []byte
