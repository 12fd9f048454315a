// loadtest --mix: a mixed load on the API with an admin token — account
// reads, margin requests, deposits, withdrawals, lien grants and releases,
// vault reads — over accounts made for the run, and its audit. The client
// keeps its own books: the USDC each account holds (accepted deposits −
// accepted withdrawals; with USDC only and no yield, a vault's share price
// stays exact, so balances compare exactly) and each lien. A move whose
// answer is lost (a transport failure, a timeout, a 5xx) is settled after
// the run by sending it again with the same Idempotency-Key until it is
// answered. The audit then reads every balance and lien back: any
// difference is a lost or duplicated transfer. With --serve-demo it also
// checks the store's invariants (vault.Verify).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// mixKinds describes the mix (weights in percent), for the report.
const mixKinds = "read 35%, margin 15%, deposit 20%, withdraw 12%, grant 8%, release 5%, vaults 5%"

// mixVenues are the venues of the run's liens.
var mixVenues = []string{"loadvenue-a", "loadvenue-b"}

// MixAudit is the audit of a mixed run.
type MixAudit struct {
	Accepted       int      `json:"moves_accepted"`
	Refused        int      `json:"moves_refused"`
	Settled        int      `json:"answers_lost_then_settled"`
	Replayed       int      `json:"replayed"`
	Balances       int      `json:"balances_checked"`
	Liens          int      `json:"liens_checked"`
	Mismatches     int      `json:"mismatches"`
	Differences    []string `json:"differences,omitempty"`
	LedgerVerified *bool    `json:"ledger_verified"` // null against a remote server
}

// mixAccount is what the client knows of one account: confirmed amounts
// (answered 2xx) and amounts in flight, which are reserved so that a
// withdrawal or a release never asks for more than is held.
type mixAccount struct {
	balance, withdrawing int64
	lien, releasing      map[string]int64
}

type mixer struct {
	margin   []byte
	accounts []string

	mu       sync.Mutex
	r        *rand.Rand
	state    map[string]*mixAccount
	keys     int
	lost     []*loadRequest // moves whose answer was lost: settled after the run
	accepted int
	refused  int
	replayed int
}

func newMixer(n int, marginBody []byte) *mixer {
	run := strconv.FormatInt(time.Now().UnixNano(), 36) // the run's accounts are its own
	m := &mixer{margin: marginBody, r: rand.New(rand.NewPCG(uint64(n), 0x5eed)), state: map[string]*mixAccount{}}
	for i := range n {
		id := fmt.Sprintf("load-%s-%d", run, i)
		m.accounts = append(m.accounts, id)
		m.state[id] = &mixAccount{lien: map[string]int64{}, releasing: map[string]int64{}}
	}
	return m
}

// setUp opens every account with a deposit, answered before the load.
func (m *mixer) setUp(ctx context.Context, g *loadGen) error {
	for _, id := range m.accounts {
		r := m.deposit(id, 1000)
		status, replayed, err := g.send(ctx, r)
		if err != nil || status != http.StatusOK {
			return usagef("--mix: opening account %s: status %d %v", id, status, err)
		}
		r.done(status, replayed)
	}
	return nil
}

func (m *mixer) key() string {
	m.keys++
	return "mix-" + strconv.Itoa(m.keys)
}

// next is request i: a kind drawn by weight; a move the client cannot make
// (nothing to withdraw or release) becomes a read.
func (m *mixer) next(int) *loadRequest {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := m.accounts[m.r.IntN(len(m.accounts))]
	a := m.state[id]
	switch k := m.r.IntN(100); {
	case k < 15:
		return &loadRequest{kind: "margin", method: http.MethodPost, path: "/v1/margin", body: m.margin}
	case k < 35:
		return m.deposit(id, 1+m.r.Int64N(1000))
	case k < 47:
		if free := a.balance - a.withdrawing; free >= 2 {
			return m.withdraw(id, 1+m.r.Int64N(free/2))
		}
	case k < 55:
		return m.grant(id, mixVenues[m.r.IntN(len(mixVenues))], 1+m.r.Int64N(5))
	case k < 60:
		v := mixVenues[m.r.IntN(len(mixVenues))]
		if free := a.lien[v] - a.releasing[v]; free >= 1 {
			return m.release(id, v, 1+m.r.Int64N(free))
		}
	case k < 65:
		return &loadRequest{kind: "vaults", method: http.MethodGet, path: "/v1/vaults"}
	}
	return &loadRequest{kind: "read", method: http.MethodGet, path: "/v1/accounts/" + id}
}

// move builds a money move; apply (under m.mu) records its effect once it
// is accepted, and settle when it is not (refused, or after the run).
func (m *mixer) move(kind, id, path string, body any, apply, unreserve func()) *loadRequest {
	data, _ := json.Marshal(body)
	r := &loadRequest{kind: kind, method: http.MethodPost, path: "/v1/accounts/" + id + path, body: data, key: m.key()}
	r.done = func(status int, replayed bool) {
		m.mu.Lock()
		defer m.mu.Unlock()
		switch {
		case status == 0 || status >= 500:
			m.lost = append(m.lost, r) // applied or not: the retry will say
			return
		case status < 300:
			m.accepted++
			if replayed {
				m.replayed++
			}
			apply()
		default:
			m.refused++
		}
		unreserve()
	}
	return r
}

func (m *mixer) deposit(id string, amt int64) *loadRequest {
	a := m.state[id]
	return m.move("deposit", id, "/deposits", map[string]string{"asset": "USDC", "amount": strconv.FormatInt(amt, 10)},
		func() { a.balance += amt }, func() {})
}

func (m *mixer) withdraw(id string, amt int64) *loadRequest {
	a := m.state[id]
	a.withdrawing += amt
	return m.move("withdraw", id, "/withdrawals", map[string]string{"asset": "USDC", "amount": strconv.FormatInt(amt, 10)},
		func() { a.balance -= amt }, func() { a.withdrawing -= amt })
}

func (m *mixer) grant(id, venue string, usd int64) *loadRequest {
	a := m.state[id]
	return m.move("grant", id, "/liens", map[string]string{"venue": venue, "amount_usd": strconv.FormatInt(usd, 10)},
		func() { a.lien[venue] += usd }, func() {})
}

func (m *mixer) release(id, venue string, usd int64) *loadRequest {
	a := m.state[id]
	a.releasing[venue] += usd
	return m.move("release", id, "/lien-releases",
		map[string]string{"venue": venue, "amount_usd": strconv.FormatInt(usd, 10), "reason": "loadtest"},
		func() { a.lien[venue] -= usd }, func() { a.releasing[venue] -= usd })
}

// audit settles the lost answers, then reads every balance and lien back.
func (m *mixer) audit(ctx context.Context, g *loadGen, verify func(context.Context) error) (*MixAudit, error) {
	settled, err := m.settle(ctx, g)
	if err != nil {
		return nil, err
	}
	au := &MixAudit{Accepted: m.accepted, Refused: m.refused, Replayed: m.replayed, Settled: settled}
	differ := func(format string, args ...any) {
		au.Mismatches++
		if len(au.Differences) < 10 {
			au.Differences = append(au.Differences, fmt.Sprintf(format, args...))
		}
	}
	for _, id := range m.accounts {
		var st struct {
			Balances map[string]struct{ Assets string } `json:"balances"`
		}
		if err := m.get(ctx, g, "/v1/accounts/"+id, &st); err != nil {
			return nil, err
		}
		au.Balances++
		if got, want := st.Balances["USDC"].Assets, strconv.FormatInt(m.state[id].balance, 10); got != want {
			differ("%s holds %s USDC, the accepted moves %s", id, got, want)
		}
	}
	for _, v := range mixVenues {
		var vl struct {
			Liens []struct {
				Account   string `json:"account"`
				AmountUSD string `json:"amount_usd"`
			} `json:"liens"`
		}
		if err := m.get(ctx, g, "/v1/venues/"+v+"/liens", &vl); err != nil {
			return nil, err
		}
		got := map[string]string{}
		for _, l := range vl.Liens {
			got[l.Account] = l.AmountUSD
		}
		for _, id := range m.accounts {
			want := m.state[id].lien[v]
			if want == 0 && got[id] == "" {
				continue
			}
			au.Liens++
			if got[id] != strconv.FormatInt(want, 10) {
				differ("%s's lien to %s is %q USD, the accepted moves %d", id, v, got[id], want)
			}
		}
	}
	if verify != nil {
		err := verify(ctx)
		ok := err == nil
		au.LedgerVerified = &ok
		if !ok {
			differ("the store's invariants fail: %v", err)
		}
	}
	return au, nil
}

// settle sends each move whose answer was lost again, with its key, until
// it is answered (ten tries each), and returns how many there were.
func (m *mixer) settle(ctx context.Context, g *loadGen) (int, error) {
	m.mu.Lock()
	lost := m.lost
	m.lost = nil
	m.mu.Unlock()
	for _, r := range lost {
		var status int
		var replayed bool
		var err error
		for try := 0; try < 10; try++ {
			if status, replayed, err = g.send(ctx, r); err == nil && status < 500 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil || status >= 500 {
			return 0, usagef("settling %s %s (key %s): status %d %v", r.method, r.path, r.key, status, err)
		}
		r.done(status, replayed)
	}
	return len(lost), nil
}

// get reads a JSON answer.
func (m *mixer) get(ctx context.Context, g *loadGen, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+g.token)
	resp, err := g.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: audit: GET %s: %v", errInternal, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return usagef("audit: GET %s: status %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
