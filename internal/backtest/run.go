// The replay: every day of the window, every book, the unified and the
// fragmented initial margin on the day's market and the loss over the next
// day and the next LongHorizonDays.
package backtest

import (
	"context"
	"fmt"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/venue"
)

// LongHorizonDays is the second horizon: the 10-day margin period of risk
// of the uncleared margin rules (reference/model-validation.md §1), a
// liquidation that cannot finish in a day (gapped books and oracles).
const LongHorizonDays = 10

// ExpectedRate is the exceedance rate a 99% margin allows.
const ExpectedRate = 0.01

// Window is the replay's days; zero times mean the whole data range.
type Window struct{ From, To time.Time }

// Result is the whole backtest.
type Result struct {
	From     string       `json:"from"`
	To       string       `json:"to"`
	Days     int          `json:"days"`
	VolNote  string       `json:"vol"`
	Method   string       `json:"method"`
	Books    []BookResult `json:"books"`
	Overall  Overall      `json:"overall"`
	Lambda   float64      `json:"lambda"`
	Horizons []int        `json:"horizons_days"`
}

// Overall pools the 1-day hits of every book (unified and fragmented).
type Overall struct {
	Unified1       Coverage `json:"unified_1d"`
	Fragmented1    Coverage `json:"fragmented_1d"`
	HedgedUnified1 int      `json:"hedged_unified_1d_exceedances"`
	MeanSavings    float64  `json:"mean_savings"` // mean over books of their mean savings
	BooksAtTarget  int      `json:"books_with_savings_at_least_30pct"`
	// BooksNeedingCapital: books whose fragmented shortfall is positive on
	// some day; ShortfallAtTarget: those whose shortfall saving is ≥ 30%.
	BooksNeedingCapital int `json:"books_with_fragmented_shortfall"`
	ShortfallAtTarget   int `json:"books_with_shortfall_saving_at_least_30pct"`
}

// BookResult is one book's replay.
type BookResult struct {
	Name      string `json:"name"`
	Hedged    bool   `json:"hedged"`
	Rationale string `json:"rationale"`
	Anchor    string `json:"anchor"`
	// Coverage of the unified IM, and of the venues' own IMs: the
	// fragmented figure counts a day when any margined venue's own loss
	// exceeded its own IM (a venue whose model liquidates nothing, custody,
	// cannot default and is left out).
	Unified1     Coverage        `json:"unified_1d"`
	Unified10    Coverage        `json:"unified_10d"`
	Fragmented1  Coverage        `json:"fragmented_1d"`
	Fragmented10 Coverage        `json:"fragmented_10d"`
	Venues       []VenueCoverage `json:"venues"`
	// Mean IMs over the days and the mean of the daily savings
	// 1 − unified / fragmented.
	MeanUnifiedIM    float64 `json:"mean_unified_initial"`
	MeanFragmentedIM float64 `json:"mean_fragmented_initial"`
	MeanSavings      float64 `json:"mean_savings"`
	// Capital to add (Shortfall): the means over the days of each side's
	// shortfall, the days on which it is positive, and the saving
	// 1 − mean unified / mean fragmented (null when fragmented needs none).
	MeanUnifiedShortfall    float64    `json:"mean_unified_shortfall"`
	MeanFragmentedShortfall float64    `json:"mean_fragmented_shortfall"`
	UnifiedShortfallDays    int        `json:"unified_shortfall_days"`
	FragmentedShortfallDays int        `json:"fragmented_shortfall_days"`
	ShortfallSaving         *float64   `json:"shortfall_saving"`
	VaR                     *VaRReport `json:"var"`
	Days                    []Day      `json:"days"`
}

// VenueCoverage is one venue's own model on its own leg.
type VenueCoverage struct {
	ID         string   `json:"id"`
	Model      string   `json:"model"`
	Liquidates bool     `json:"liquidates"`
	Cov1       Coverage `json:"coverage_1d"`
	Cov10      Coverage `json:"coverage_10d"`
}

// Day is one day of one book (USD; losses positive).
type Day struct {
	Date         string  `json:"date"`
	UnifiedIM    float64 `json:"unified_initial"`
	FragmentedIM float64 `json:"fragmented_initial"`
	// UnifiedShortfall and FragmentedShortfall: the capital to add that
	// day so that every requirement is met where it applies (Shortfall).
	UnifiedShortfall    float64    `json:"unified_shortfall"`
	FragmentedShortfall float64    `json:"fragmented_shortfall"`
	Loss1               float64    `json:"loss_1d"`
	Loss10              *float64   `json:"loss_10d"` // null within 10 days of the data's end
	Venues              []VenueDay `json:"venues"`
}

// VenueDay is one venue's own IM and the loss of its leg.
type VenueDay struct {
	IM     float64  `json:"initial"`
	Loss1  float64  `json:"loss_1d"`
	Loss10 *float64 `json:"loss_10d"`
}

// VolNote states the vol assumption.
const VolNote = "Options are valued and margined at a flat vol per root (ETH, BTC): its realised vol on the day, " +
	"the sample standard deviation of the 30 daily close-to-close log returns before it × √365, from the same " +
	"embedded prices (no option chain covers 2021-2023 here: the Deribit chain in the shared data is BTC on 2020-05-21)."

// Span returns the history indices [first, last] of w: first ≥ the vol
// window, last ≤ the data's last day − 1 (a 1-day loss needs the next day).
// Errors are input errors naming --from or --to with the allowed range.
func (h *History) Span(w Window) (int, int, error) {
	lo, hi := volWindowDays, len(h.Days)-2
	rng := fmt.Sprintf("the data allows %s to %s", h.Days[lo].Format(time.DateOnly), h.Days[hi].Format(time.DateOnly))
	first, last := lo, hi
	if !w.From.IsZero() {
		if first = h.DayIndex(w.From); first < lo || first > hi {
			return 0, 0, input.Invalid("--from", w.From.Format(time.DateOnly), "is outside the price data: %s", rng)
		}
	}
	if !w.To.IsZero() {
		if last = h.DayIndex(w.To); last < lo || last > hi {
			return 0, 0, input.Invalid("--to", w.To.Format(time.DateOnly), "is outside the price data: %s", rng)
		}
	}
	if last <= first {
		return 0, 0, input.Invalid("--to", h.Days[last].Format(time.DateOnly), "must be after --from (%s)", h.Days[first].Format(time.DateOnly))
	}
	return first, last, nil
}

// anchorIndex is the history index of book i's anchor: its Anchor, or the
// replay's first day when it has none. The error names books[i].anchor.
func (h *History) anchorIndex(i int, b *Book, first int) (int, error) {
	if b.Anchor.IsZero() {
		return first, nil
	}
	ai := h.DayIndex(b.Anchor)
	if ai < volWindowDays {
		return 0, input.Invalid(fmt.Sprintf("books[%d].anchor", i), b.Anchor.Format(time.DateOnly),
			"is outside the price data (from %s)", h.Days[volWindowDays].Format(time.DateOnly))
	}
	return ai, nil
}

// Check validates books and w as Run does before its replay, without the
// replay: the window inside the data (Span), each book's anchor inside it,
// and each book on its anchor market (every asset priced, every dated
// position's tenor beyond LongHorizonDays). It returns Run's input errors,
// so a caller that answers later (the API's backtest jobs) can refuse bad
// input at once.
func Check(h *History, books []Book, w Window) error {
	first, _, err := h.Span(w)
	if err != nil {
		return err
	}
	for i := range books {
		ai, err := h.anchorIndex(i, &books[i], first)
		if err != nil {
			return err
		}
		m, err := h.DayMarket(ai)
		if err != nil {
			return fmt.Errorf("market of %s: %w", h.Days[ai].Format(time.DateOnly), err)
		}
		if err := books[i].checkOn(m); err != nil {
			return err
		}
	}
	return nil
}

// Run replays books over w with the unified parameters rp. Errors: input
// errors (a window outside the data, a book's asset without history or
// with a tenor too short) naming the field; a model's error.
func Run(ctx context.Context, h *History, books []Book, w Window, rp *margin.RiskParams) (*Result, error) {
	return run(ctx, h, books, w, rp, nil)
}

// run is Run, calling progress (when not nil) after each day replayed with
// the days done and the days in all.
func run(ctx context.Context, h *History, books []Book, w Window, rp *margin.RiskParams, progress func(done, total int)) (*Result, error) {
	first, last, err := h.Span(w)
	if err != nil {
		return nil, err
	}
	res := &Result{From: h.Days[first].Format(time.DateOnly), To: h.Days[last].Format(time.DateOnly),
		Days: last - first + 1, VolNote: VolNote, Method: VaRMethod, Lambda: Lambda,
		Horizons: []int{1, LongHorizonDays}}
	markets := make([]*market.Snapshot, len(h.Days))
	compiled := make([]*margin.Compiled, len(h.Days))
	marketOn := func(d int) (*market.Snapshot, error) {
		if markets[d] == nil {
			if markets[d], err = h.DayMarket(d); err != nil {
				return nil, fmt.Errorf("market of %s: %w", h.Days[d].Format(time.DateOnly), err)
			}
		}
		return markets[d], nil
	}
	type state struct {
		anchor *market.Snapshot
		r      *BookResult
	}
	states := make([]state, len(books))
	for i := range books {
		b := &books[i]
		ai, err := h.anchorIndex(i, b, first)
		if err != nil {
			return nil, err
		}
		am, err := marketOn(ai)
		if err != nil {
			return nil, err
		}
		if err := b.checkOn(am); err != nil {
			return nil, err
		}
		states[i] = state{am, &BookResult{Name: b.Name, Hedged: b.Hedged, Rationale: b.Rationale,
			Anchor: h.Days[ai].Format(time.DateOnly)}}
		for vi := range b.Portfolio.Venues {
			v := &b.Portfolio.Venues[vi]
			rule, err := venue.LiquidationOf(v, am)
			if err != nil {
				return nil, err
			}
			states[i].r.Venues = append(states[i].r.Venues, VenueCoverage{ID: v.ID, Model: v.Model,
				Liquidates: rule.Mechanism != venue.MechNone})
		}
	}
	for d := first; d <= last; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := marketOn(d)
		if err != nil {
			return nil, err
		}
		if compiled[d] == nil {
			if compiled[d], err = margin.Compile(m, rp); err != nil {
				return nil, err
			}
		}
		for i := range books {
			day, err := replayDay(h, &books[i], states[i].anchor, d, compiled[d], marketOn)
			if err != nil {
				return nil, fmt.Errorf("book %s on %s: %w", books[i].Name, h.Days[d].Format(time.DateOnly), err)
			}
			states[i].r.Days = append(states[i].r.Days, day)
		}
		// day d is no later day's horizon: drop its market
		markets[d], compiled[d] = nil, nil
		if progress != nil {
			progress(d-first+1, last-first+1)
		}
	}
	for i := range books {
		r := states[i].r
		summarise(r)
		lm, err := marketOn(last)
		if err != nil {
			return nil, err
		}
		if r.VaR, err = h.VaR(ctx, books[i].on(lm, states[i].anchor), lm, 0, last); err != nil {
			return nil, fmt.Errorf("book %s: VaR: %w", books[i].Name, err)
		}
		r.VaR.Book = books[i].Name
		rep, err := margin.Compute(books[i].on(lm, states[i].anchor), lm, rp)
		if err != nil {
			return nil, err
		}
		r.VaR.UnifiedIM, r.VaR.FragmentedIM = rep.Unified.Initial, rep.Fragmented.Initial
		res.Books = append(res.Books, *r)
	}
	res.Overall = overall(res.Books)
	return res, nil
}

// replayDay margins book on day d and measures its losses.
func replayDay(h *History, b *Book, anchor *market.Snapshot, d int, c *margin.Compiled,
	marketOn func(int) (*market.Snapshot, error)) (Day, error) {
	m, err := marketOn(d)
	if err != nil {
		return Day{}, err
	}
	book := b.on(m, anchor)
	rep, err := c.Compute(book)
	if err != nil {
		return Day{}, err
	}
	day := Day{Date: h.Days[d].Format(time.DateOnly), UnifiedIM: rep.Unified.Initial,
		FragmentedIM: rep.Fragmented.Initial, Venues: make([]VenueDay, len(rep.Venues))}
	day.UnifiedShortfall, day.FragmentedShortfall = Shortfall(rep)
	for vi, v := range rep.Venues {
		day.Venues[vi].IM = v.Initial
	}
	for _, hd := range []int{1, LongHorizonDays} {
		if d+hd >= len(h.Days) {
			continue
		}
		mh, err := marketOn(d + hd)
		if err != nil {
			return Day{}, err
		}
		total := 0.0
		for vi := range book.Venues {
			r, err := venue.Margin(&book.Venues[vi], mh)
			if err != nil {
				return Day{}, err
			}
			loss := rep.Venues[vi].Equity - r.Equity
			total += loss
			if hd == 1 {
				day.Venues[vi].Loss1 = loss
			} else {
				day.Venues[vi].Loss10 = &loss
			}
		}
		if hd == 1 {
			day.Loss1 = total
		} else {
			day.Loss10 = &total
		}
	}
	return day, nil
}

// Shortfall is the capital each architecture needs added to the book as it
// stands so that every requirement it imposes is met, in USD, from the
// report's excess (DESIGN.md: excess = equity − initial requirement, both
// in equity terms): fragmented Σ over venues of max(0, −excess_v), as a
// venue's requirement is met only by the equity at that venue (custody
// requires nothing and funds no venue; no collateral is moved between
// venues); unified max(0, −excess), one account whose equity (collateral
// after the unified haircuts, plus every position's mark-to-market) meets
// one requirement. It is 0 on both sides for a book that already funds
// every requirement: it measures new money, where the IM difference
// (savings) measures how much of the same book's equity each side binds.
func Shortfall(rep *margin.Report) (unified, fragmented float64) {
	for _, v := range rep.Venues {
		fragmented += max(0, -v.Excess)
	}
	return max(0, -rep.Unified.Excess), fragmented
}

// summarise fills the coverage and the means of r from its days. The
// 10-day tests take non-overlapping windows (every 10th day from the
// first), as overlapping windows break the independence the tests assume.
func summarise(r *BookResult) {
	n := len(r.Days)
	var u1, f1, u10, f10 []bool
	v1 := make([][]bool, len(r.Venues))
	v10 := make([][]bool, len(r.Venues))
	var su, sf, ss, shu, shf float64
	for t, d := range r.Days {
		su += d.UnifiedIM
		sf += d.FragmentedIM
		shu += d.UnifiedShortfall
		shf += d.FragmentedShortfall
		if d.UnifiedShortfall > 0 {
			r.UnifiedShortfallDays++
		}
		if d.FragmentedShortfall > 0 {
			r.FragmentedShortfallDays++
		}
		if d.FragmentedIM > 0 {
			ss += 1 - d.UnifiedIM/d.FragmentedIM
		}
		u1 = append(u1, d.Loss1 > d.UnifiedIM)
		anyV := false
		for vi, v := range d.Venues {
			hit := v.Loss1 > v.IM
			v1[vi] = append(v1[vi], hit)
			anyV = anyV || (hit && r.Venues[vi].Liquidates)
		}
		f1 = append(f1, anyV)
		if t%LongHorizonDays != 0 || d.Loss10 == nil {
			continue
		}
		u10 = append(u10, *d.Loss10 > d.UnifiedIM)
		anyV = false
		for vi, v := range d.Venues {
			hit := *v.Loss10 > v.IM
			v10[vi] = append(v10[vi], hit)
			anyV = anyV || (hit && r.Venues[vi].Liquidates)
		}
		f10 = append(f10, anyV)
	}
	r.Unified1, r.Fragmented1 = Test(u1, ExpectedRate), Test(f1, ExpectedRate)
	r.Unified10, r.Fragmented10 = Test(u10, ExpectedRate), Test(f10, ExpectedRate)
	for vi := range r.Venues {
		r.Venues[vi].Cov1, r.Venues[vi].Cov10 = Test(v1[vi], ExpectedRate), Test(v10[vi], ExpectedRate)
	}
	if n > 0 {
		r.MeanUnifiedIM, r.MeanFragmentedIM, r.MeanSavings = su/float64(n), sf/float64(n), ss/float64(n)
		r.MeanUnifiedShortfall, r.MeanFragmentedShortfall = shu/float64(n), shf/float64(n)
		if shf > 0 {
			saving := 1 - shu/shf
			r.ShortfallSaving = &saving
		}
	}
}

// overall pools the books' 1-day hit sequences (book after book).
func overall(books []BookResult) Overall {
	var o Overall
	var u, f []bool
	for _, b := range books {
		for _, d := range b.Days {
			u = append(u, d.Loss1 > d.UnifiedIM)
		}
		fb := make([]bool, len(b.Days))
		for t, d := range b.Days {
			for vi, v := range d.Venues {
				fb[t] = fb[t] || (v.Loss1 > v.IM && b.Venues[vi].Liquidates)
			}
		}
		f = append(f, fb...)
		if b.Hedged {
			o.HedgedUnified1 += b.Unified1.Exceedances
		}
		o.MeanSavings += b.MeanSavings / float64(len(books))
		if b.MeanSavings >= 0.30 {
			o.BooksAtTarget++
		}
		if b.ShortfallSaving != nil {
			o.BooksNeedingCapital++
			if *b.ShortfallSaving >= 0.30 {
				o.ShortfallAtTarget++
			}
		}
	}
	o.Unified1, o.Fragmented1 = Test(u, ExpectedRate), Test(f, ExpectedRate)
	return o
}

// Replay is the backtest of `unimargin backtest` and of the API's backtest
// jobs alike: Run, then the report's files (Files). progress, when not nil,
// is called after each day replayed with the days done and the days in
// all. Errors are Run's, or a rendering error.
func Replay(ctx context.Context, h *History, books []Book, w Window, rp *margin.RiskParams,
	progress func(done, total int)) (*Result, map[string][]byte, error) {
	res, err := run(ctx, h, books, w, rp, progress)
	if err != nil {
		return nil, nil, err
	}
	files, err := Files(res)
	if err != nil {
		return nil, nil, fmt.Errorf("rendering the backtest report: %w", err)
	}
	return res, files, nil
}
