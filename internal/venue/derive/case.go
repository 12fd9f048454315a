// Derive's published PMRM_2 portfolio cases
// (derivexyz/v2-core test/risk-managers/unit-tests/PMRM_2/portfolio_cases):
// one JSON document per case with the sub-account ("Scenario"), the
// parameters ("Parameters") and the expected figures ("Result"). ParseCase
// reads one the way Derive's Solidity driver (TestPMRM_2_PortfolioCasesNEW)
// loads it into PMRM_2; Evaluate runs the model and reports under the file's
// own names.
package derive

import (
	"math"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/pricing"
)

// Limits of a case file.
const (
	maxCaseOptions     = 10_000
	maxCaseFeeds       = 1_000
	maxCaseCollaterals = 1_000
	maxCaseScenarios   = 1_000
)

// settlementWindowSeconds is the settlement TWAP window: inside it part of the
// forward is already fixed. Derive's driver splits a forward F with s seconds
// left as fixed F·(1800 − s)/1800 and variable F·s/1800.
const settlementWindowSeconds = 30 * 60

// Case is one parsed portfolio case.
type Case struct {
	acct      account
	feeds     []caseFeed // parallel to acct.expiries
	params    Params
	optionRef []optionRef // file order → holding in acct.expiries
	perpPnL   float64     // UnrealisedPerpPNL, echoed in reports
	funding   float64     // UnrealisedFunding
	// Published is the file's Result, nil when the file has none.
	Published *Report
}

type optionRef struct{ expiry, index int }

// caseFeed is what the case file says about an expiry's vol feed.
type caseFeed struct {
	key  float64 // FeedExpiry as written: options name their feed by it
	svi  SVI
	path string // JSON path of SVIparam, for errors
}

// Params returns the case's parameter set.
func (c *Case) Params() Params { return c.params }

// ParseCase reads one case document. Errors are *input.Error values naming
// the JSON path (unknown fields, missing fields, values out of range, an
// option without a feed for its expiry, an SVI smile with negative variance).
func ParseCase(data []byte) (*Case, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	var perr error
	top := newFields(root, &perr)
	c := &Case{}
	c.parseScenario(top.object("Scenario"))
	c.params = parseParameters(top.object("Parameters"))
	if perr == nil && top.obj.Has("Result") {
		c.Published = parseReport(top.object("Result"))
	} else {
		top.skip("Result")
	}
	top.finish()
	if perr != nil {
		return nil, perr
	}
	return c, nil
}

func (c *Case) parseScenario(f *fields) {
	a := &c.acct
	a.cash = f.num("Cash", -maxAmount, maxAmount)
	a.spot = f.num("SpotPrice", 0, maxPrice)
	a.spotConfidence = f.num("SpotConfidence", 0, 1)
	// A floor on the stable price keeps collateral values (÷ stable price)
	// finite; PMRM_2 reverts on 0.
	a.stablePrice = f.num("StablePrice", minStablePrice, maxPrice)
	f.num("StableConfidence", 0, 1) // read by the driver, unused by PMRM_2
	a.perpPosition = f.num("NumPerps", -maxQuantity, maxQuantity)
	a.perpPrice = f.num("PerpPrice", 0, maxPrice)
	a.perpConfidence = f.num("PerpConfidence", 0, 1)
	c.perpPnL = f.num("UnrealisedPerpPNL", -maxAmount, maxAmount)
	c.funding = f.num("UnrealisedFunding", -maxAmount, maxAmount)
	if a.perpPosition != 0 {
		// Without a perp balance PMRM_2 never asks the perp for its value.
		a.perpValue = c.perpPnL + c.funding
	}
	f.skip("LastEntryPrice", "FundingIndex", "SystemFundingIndex")
	for _, n := range f.list("Collaterals", maxCaseCollaterals) {
		a.collaterals = append(a.collaterals, parseCollateral(newFields(n, f.err), a.stablePrice))
	}
	for _, n := range f.list("OptionFeeds", maxCaseFeeds) {
		x, feed := parseFeed(newFields(n, f.err))
		a.expiries, c.feeds = append(a.expiries, x), append(c.feeds, feed)
	}
	c.parseOptions(f, f.list("Options", maxCaseOptions))
	f.finish()
}

func parseCollateral(f *fields, stablePrice float64) collateral {
	c := collateral{name: f.str("Name")}
	amount := f.num("Amount", 0, maxAmount)
	price := f.num("Price", 0, maxPrice)
	if stablePrice > 0 { // 0 only when StablePrice itself failed to parse
		c.value = amount * price / stablePrice
	}
	c.confidence = f.num("Confidence", 0, 1)
	c.riskCancelling = f.flag("IsRiskCancelling")
	c.imHaircut = f.num("IMHaircut", 0, 1)
	c.mmHaircut = f.num("MMHaircut", 0, 1)
	f.skip("ConfidenceFactor") // not read by Derive's driver: PMRM_2 has one conf_threshold
	f.finish()
	return c
}

// parseFeed reads one OptionFeeds entry: the expiry's forward, rate and
// confidences, and its SVI smile (kept for the options of that expiry).
func parseFeed(f *fields) (expiry, caseFeed) {
	x := expiry{}
	x.secToExpiry = f.num("FeedExpiry", -maxSeconds, maxSeconds)
	feed := caseFeed{key: x.secToExpiry}
	forward := f.positive("Forward", maxPrice)
	forwardConfidence := f.num("ForwardConfidence", 0, 1)
	x.rate = math.Max(f.num("Rate", -maxRate, maxRate), 0) // PMRM_2 floors the rate at 0
	rateConfidence := f.num("RateConfidence", 0, 1)
	volConfidence := f.num("OptionVolConfidences", 0, 1)
	x.confidence = math.Min(math.Min(forwardConfidence, rateConfidence), volConfidence)
	x.forwardVariable = forward
	if x.secToExpiry < settlementWindowSeconds {
		s := math.Max(x.secToExpiry, 0)
		x.forwardFixed = forward * (settlementWindowSeconds - s) / settlementWindowSeconds
		x.forwardVariable = forward * s / settlementWindowSeconds
	}
	x.secToExpiry = math.Max(x.secToExpiry, 0) // expired: 0 seconds left
	items := f.list("SVIparam", 7)
	if *f.err == nil && len(items) != 7 {
		f.fail(input.Errorf(input.Join(f.obj.Path, "SVIparam"), "must have 7 elements [a, b, rho, m, sigma, forward, tau], not %d", len(items)))
	}
	if *f.err == nil {
		feed.svi = SVI{
			A:       f.numberOf(items[0], -inf, inf),
			B:       f.numberOf(items[1], 0, inf),
			Rho:     f.numberOf(items[2], -1, 1),
			M:       f.numberOf(items[3], -inf, inf),
			Sigma:   f.numberOf(items[4], 0, inf),
			Forward: f.numberOf(items[5], 0, maxPrice),
			Tau:     f.numberOf(items[6], 0, 100),
		}
		feed.path = input.Join(f.obj.Path, "SVIparam")
		if *f.err == nil && (feed.svi.Forward == 0 || feed.svi.Tau == 0) {
			f.fail(input.Errorf(feed.path, "forward and tau must be > 0"))
		}
	}
	f.finish()
	return x, feed
}

// parseOptions attaches every option to the feed of its expiry, with the
// feed's SVI vol at its strike (Derive's driver uses the SVI vol feed).
// Holdings of the same instrument are netted, as a sub-account holds one
// balance per instrument.
func (c *Case) parseOptions(f *fields, items []input.Node) {
	feedIndex := map[float64]int{}
	for i, feed := range c.feeds {
		if _, dup := feedIndex[feed.key]; !dup {
			feedIndex[feed.key] = i
		}
	}
	for _, n := range items {
		of := newFields(n, f.err)
		exp := of.num("Expiry", -maxSeconds, maxSeconds)
		strike := of.positive("Strike", maxPrice)
		right := pricing.Put
		if of.flag("IsCall") {
			right = pricing.Call
		}
		amount := of.num("Amount", -maxQuantity, maxQuantity)
		of.skip("ExiryTs", "MarkDiscount", "MarkVol", "k", "k_star", "linear_mult_cap", "abs_mult_cap",
			"linear_multiplier", "abs_multiplier")
		of.finish()
		if *f.err != nil {
			return
		}
		xi, ok := feedIndex[exp]
		if !ok {
			path := input.Join(n.Path, "Expiry")
			f.fail(input.Invalid(path, fmtNumber(exp), "has no OptionFeeds entry with that FeedExpiry"))
			return
		}
		x, feed := &c.acct.expiries[xi], &c.feeds[xi]
		vol, err := feed.svi.Vol(strike)
		if err != nil {
			f.fail(input.Errorf(feed.path, "at strike %g: %v", strike, err))
			return
		}
		c.optionRef = append(c.optionRef, optionRef{expiry: xi, index: x.addOption(option{
			strike: strike, vol: vol, amount: amount, right: right})})
	}
}

// addOption nets o into an existing holding of the same instrument or
// appends it; it returns the holding's index.
func (x *expiry) addOption(o option) int {
	for i, h := range x.options {
		if h.strike == o.strike && h.right == o.right {
			x.options[i].amount += o.amount
			return i
		}
	}
	x.options = append(x.options, o)
	return len(x.options) - 1
}
