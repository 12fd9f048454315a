// Goal: bulk re-margin scales to millions of accounts. Method: seed a
// SQLite store with UNIMARGIN_SCALE_ACCOUNTS small accounts (single demo
// venues, half of them thinned to be liquidatable), then re-margin all of
// them with Local and with JetStream over one and two in-process workers,
// checking every account is answered once with the same counts, and log
// wall time and accounts/s. Skipped unless the variable is set (a million
// accounts takes minutes):
//
//	UNIMARGIN_SCALE_ACCOUNTS=1000000 go test ./internal/cluster -run Scale -v -timeout 1h
package cluster

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user + system) this process has used: the
// machine is shared, so wall time alone overstates the cost when others
// run, and CPU time shows what the re-margin itself spent.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestRemarginScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("UNIMARGIN_SCALE_ACCOUNTS"))
	if n <= 0 {
		t.Skip("set UNIMARGIN_SCALE_ACCOUNTS=N to re-margin N accounts")
	}
	start := time.Now()
	db, ids := seedSQLite(t, t.TempDir(), n, demoBooks(t, true))
	t.Logf("seeded %d accounts in %s", n, time.Since(start).Round(time.Millisecond))

	run := func(name string, r Remarginer) (liquidatable int) {
		t.Helper()
		seen := make([]bool, n)
		answered, failed := 0, ""
		start, cpu0 := time.Now(), cpuTime(t)
		err := r.Remargin(context.Background(), ids, func(res Result) {
			i, err := strconv.Atoi(res.Account[len("acct-"):])
			if err != nil || seen[i] {
				failed = "account answered twice or unknown: " + res.Account
				return
			}
			seen[i] = true
			answered++
			if res.Error != "" {
				failed = res.Error
			}
			if res.Liquidatable {
				liquidatable++
			}
		})
		d, cpu := time.Since(start), cpuTime(t)-cpu0
		if err != nil || failed != "" || answered != n {
			t.Fatalf("%s: %d of %d answered; %v %s", name, answered, n, err, failed)
		}
		t.Logf("%-14s %d accounts in %s: %.0f accounts/s; CPU %s: %.1f µs/account, %.0f accounts per CPU-second; %d liquidatable",
			name, n, d.Round(time.Millisecond), float64(n)/d.Seconds(), cpu.Round(time.Millisecond),
			cpu.Seconds()*1e6/float64(n), float64(n)/cpu.Seconds(), liquidatable)
		return liquidatable
	}
	want := run("local", &Local{Source: db, Config: defaultConfig})
	if want == 0 || want == n {
		t.Fatalf("%d of %d liquidatable: the books do not vary", want, n)
	}
	for _, workers := range []int{1, 2} {
		js, stop := benchCluster(t, db, workers)
		got := run("jetstream-"+strconv.Itoa(workers)+"w", js)
		stop()
		if got != want {
			t.Fatalf("jetstream with %d workers: %d liquidatable, local %d", workers, got, want)
		}
	}
}
