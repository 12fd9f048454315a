// The service's background jobs: insert under a per-owner quota, status
// and result updates, reads by id, owner and activity, and pruning that
// never touches an active job — the same on every dialect.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

func testJobs(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 10, 0, 0, 123456789, time.UTC)
	row := func(id, owner, status string) store.JobRow {
		return store.JobRow{ID: id, Owner: owner, Kind: "cascade", Status: status, Created: at,
			Record: []byte(fmt.Sprintf(`{"id": %q}`, id))}
	}
	for _, r := range []store.JobRow{row("j1", "account=alice", "queued"), row("j2", "account=alice", "running"), row("j3", "admin", "queued")} {
		if err := db.InsertJob(ctx, r, 2); err != nil {
			t.Fatalf("InsertJob %s: %v", r.ID, err)
		}
	}
	// alice has two active jobs: a third is over her quota of 2, not over 3.
	err := db.InsertJob(ctx, row("j4", "account=alice", "queued"), 2)
	var q *store.JobQuotaError
	if !errors.As(err, &q) || !errors.Is(err, store.ErrJobQuota) || q.Active != 2 || q.Quota != 2 {
		t.Fatalf("over the quota: %v, want a JobQuotaError{2, 2}", err)
	}
	if _, ok, _ := db.Job(ctx, "j4"); ok {
		t.Fatal("a refused job was stored")
	}
	if n, err := db.ActiveJobs(ctx, "account=alice"); n != 2 || err != nil {
		t.Fatalf("ActiveJobs = %d %v, want 2", n, err)
	}
	// A finished job frees its place and keeps its result.
	done := row("j1", "account=alice", "done")
	done.Record, done.Result = []byte(`{"id": "j1", "status": "done"}`), []byte(`{"table": [1, 2]}`)
	if err := db.UpdateJob(ctx, done); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertJob(ctx, row("j4", "account=alice", "queued"), 2); err != nil {
		t.Fatalf("after one finished: %v", err)
	}
	// A status change without a result keeps the stored result.
	done.Status, done.Result = "done", nil
	if err := db.UpdateJob(ctx, done); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.Job(ctx, "j1")
	if err != nil || !ok || got.Owner != "account=alice" || got.Kind != "cascade" || got.Status != "done" ||
		!got.Created.Equal(at) || string(got.Record) != `{"id": "j1", "status": "done"}` || string(got.Result) != `{"table": [1, 2]}` {
		t.Fatalf("Job(j1) = %+v %v %v", got, ok, err)
	}
	if got, _, _ := db.Job(ctx, "j2"); got.Result != nil {
		t.Fatalf("a running job has result %q", got.Result)
	}
	if _, ok, err := db.Job(ctx, "nope"); ok || err != nil {
		t.Fatalf("unknown job: %v %v", ok, err)
	}
	if err := db.UpdateJob(ctx, row("nope", "admin", "failed")); !errors.Is(err, store.ErrNoJob) {
		t.Fatalf("UpdateJob of an unknown job: %v, want ErrNoJob", err)
	}
	if err := db.UpdateJob(ctx, row("j3", "admin", "paused")); err == nil {
		t.Fatal("a status outside the five was stored")
	}
	ids := func(rows []store.JobRow, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	if got := ids(db.Jobs(ctx, store.JobFilter{})); !slices.Equal(got, []string{"j4", "j3", "j2", "j1"}) {
		t.Fatalf("Jobs = %v, want newest first", got)
	}
	if got := ids(db.Jobs(ctx, store.JobFilter{Owner: "account=alice"})); !slices.Equal(got, []string{"j4", "j2", "j1"}) {
		t.Fatalf("alice's jobs = %v", got)
	}
	if got := ids(db.Jobs(ctx, store.JobFilter{Active: true})); !slices.Equal(got, []string{"j2", "j3", "j4"}) {
		t.Fatalf("active jobs = %v, want oldest first", got)
	}
	// Pruning keeps the newest finished jobs and every active one.
	for i := 5; i <= 8; i++ {
		id := fmt.Sprintf("j%d", i)
		if err := db.InsertJob(ctx, row(id, "admin", "queued"), 0); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateJob(ctx, row(id, "admin", "failed")); err != nil {
			t.Fatal(err)
		}
	}
	gone, err := db.PruneJobs(ctx, 2)
	if err != nil || !slices.Equal(gone, []string{"j6", "j5", "j1"}) {
		t.Fatalf("PruneJobs(2) = %v %v, want j6 j5 j1", gone, err)
	}
	if got := ids(db.Jobs(ctx, store.JobFilter{})); !slices.Equal(got, []string{"j8", "j7", "j4", "j3", "j2"}) {
		t.Fatalf("after pruning: %v", got)
	}
	testJobQuotaConcurrent(t, db)
}

// Concurrent inserts by one owner never exceed the quota: the count and the
// insert are one transaction.
func testJobQuotaConcurrent(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.InsertJob(ctx, store.JobRow{ID: fmt.Sprintf("c%d", i), Owner: "account=carol", Kind: "cascade",
				Status: "queued", Created: time.Unix(0, 0), Record: []byte(`{}`)}, 3)
			switch {
			case err == nil:
				mu.Lock()
				accepted++
				mu.Unlock()
			case !errors.Is(err, store.ErrJobQuota):
				t.Errorf("insert c%d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if n, _ := db.ActiveJobs(ctx, "account=carol"); accepted != 3 || n != 3 {
		t.Fatalf("8 concurrent inserts under a quota of 3: %d accepted, %d active", accepted, n)
	}
}
