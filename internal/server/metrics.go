// Prometheus metrics, all prefixed unimargin_: request latency by route,
// margin computation time, re-margin runs, accounts liquidatable, vault
// totals (read from the store at scrape time), event subscribers.
package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/unimargin/unimargin/internal/vault"
)

type metrics struct {
	registry      *prometheus.Registry
	requests      *prometheus.HistogramVec
	marginSeconds *prometheus.HistogramVec
	remargin      prometheus.Histogram
	liquidatable  prometheus.Gauge
	accounts      prometheus.Gauge
	subscribers   prometheus.Gauge
	events        prometheus.Counter
	rateLimited   prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "unimargin_http_request_duration_seconds",
		Help:    "HTTP request latency by route pattern, method and status code.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method", "code"})
	m.marginSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "unimargin_margin_compute_seconds",
		Help:    "Time to compute a margin report (fragmented and unified), by caller.",
		Buckets: prometheus.ExponentialBuckets(0.00005, 2, 16),
	}, []string{"kind"})
	m.remargin = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "unimargin_remargin_seconds",
		Help:    "Time to re-margin every account after a market change.",
		Buckets: prometheus.ExponentialBuckets(0.001, 2, 16),
	})
	m.liquidatable = prometheus.NewGauge(prometheus.GaugeOpts{Name: "unimargin_accounts_liquidatable", Help: "Accounts whose unified equity is below maintenance margin at the last re-margin."})
	m.accounts = prometheus.NewGauge(prometheus.GaugeOpts{Name: "unimargin_accounts", Help: "Accounts margined at the last re-margin."})
	m.subscribers = prometheus.NewGauge(prometheus.GaugeOpts{Name: "unimargin_event_subscribers", Help: "Open /v1/events streams."})
	m.events = prometheus.NewCounter(prometheus.CounterOpts{Name: "unimargin_events_sent_total", Help: "Server-sent events written."})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{Name: "unimargin_rate_limited_total", Help: "Requests refused by the per-token rate limit."})
	m.registry.MustRegister(m.requests, m.marginSeconds, m.remargin, m.liquidatable, m.accounts, m.subscribers, m.events, m.rateLimited,
		&vaultCollector{s: s}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observeRequest records one request under its route pattern, so ids in
// paths do not explode the label set, and under its method when it is one
// of HTTP's ("other" for any made-up one, which a client may send at will).
func (m *metrics) observeRequest(r *http.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, methodLabel(r.Method), strconv.Itoa(status)).Observe(d.Seconds())
}

// methodLabel is the method label of a request: a standard method, or "other".
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return method
	}
	return "other"
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// vaultCollector reports vault totals per asset from the store at scrape
// time, so the figure is never stale.
type vaultCollector struct{ s *Server }

var (
	vaultAssetsDesc = prometheus.NewDesc("unimargin_vault_total_assets", "Assets held by the master vault, whole units.", []string{"asset"}, nil)
	vaultSharesDesc = prometheus.NewDesc("unimargin_vault_total_shares", "UCT shares outstanding, whole units.", []string{"asset"}, nil)
)

func (c *vaultCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- vaultAssetsDesc
	ch <- vaultSharesDesc
}

func (c *vaultCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = c.s.db.View(ctx, func(tx vault.Tx) error {
		vs, err := tx.Vaults()
		if err != nil {
			return err
		}
		for _, v := range vs {
			assets := v.TotalAssets.Decimal(v.Asset.Decimals).Float64()
			shares := v.TotalShares.Amount().Decimal(v.ShareDecimals()).Float64()
			ch <- prometheus.MustNewConstMetric(vaultAssetsDesc, prometheus.GaugeValue, assets, v.Asset.Symbol)
			ch <- prometheus.MustNewConstMetric(vaultSharesDesc, prometheus.GaugeValue, shares, v.Asset.Symbol)
		}
		return nil
	})
}
