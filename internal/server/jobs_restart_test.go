// Jobs outlive the server process: finished jobs and results are read back
// by their owners after a restart, jobs a restart interrupted fail with a
// code that says so, the per-subject quota is counted in the store, and a
// failed job says a stable code and one sentence, never the runner's error.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

// fastOrBlocking answers a job of synthetic 1 at once with a small result
// and an artifact; any other job blocks until its context ends.
func fastOrBlocking(started chan<- string) CascadeRunner {
	return func(ctx context.Context, req CascadeRequest, dir string, progress func(int, int)) (any, error) {
		if req.Synthetic == 1 {
			progress(1, 1)
			return map[string]any{"table": []any{map[string]any{"architecture": "hub", "bad_debt_usd": 12.5}}}, nil
		}
		progress(1, 4)
		started <- req.Path
		<-ctx.Done()
		return nil, ctx.Err()
	}
}

// restart stops h's server (as a SIGTERM would) and starts a new one on the
// same store and data directory; h's tokens keep working (they are stored).
func (h *harness) restart(cfg Config) {
	h.t.Helper()
	h.srv.Close()
	h.ts.Close()
	cfg.Store = h.db
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := New(cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	h.srv, h.ts = srv, httptest.NewServer(srv.Handler())
	h.t.Cleanup(func() { srv.Close(); h.ts.Close() })
}

func TestJobsSurviveRestart(t *testing.T) {
	started := make(chan string, 10)
	cfg := Config{Cascade: fastOrBlocking(started), MaxJobsPerSubject: 2, DataDir: t.TempDir()}
	h := newHarness(t, cfg, "alice", "bob")
	alice, bob := h.tokens["alice"], h.tokens["bob"]

	done := h.createJob(alice, map[string]any{"synthetic": 1})
	if got := h.waitJob(done.ID, alice, 10*time.Second); got.Status != JobDone {
		t.Fatalf("fast job: %+v", got)
	}
	result := h.do("GET", "/v1/jobs/"+done.ID+"/result", alice, nil)
	if result.status != 200 {
		t.Fatalf("result before the restart: %d %s", result.status, result.body)
	}
	running := h.createJob(alice, map[string]any{"synthetic": 2})
	<-started
	queued := h.createJob(alice, map[string]any{"synthetic": 3})
	h.waitUntil(running.ID, JobRunning)

	// A process killed mid-run leaves its jobs queued or running in the
	// store, with no one to finish them: bob's, written as it would have.
	req := CascadeRequest{Synthetic: 5}.withDefaults()
	crashed := Job{ID: "0123456789abcdef", Kind: "cascade", Status: JobRunning, Progress: 0.3,
		Created: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), Owner: "account=bob", Request: &req}
	rec, _ := json.Marshal(crashed)
	if err := h.db.InsertJob(context.Background(), store.JobRow{ID: crashed.ID, Owner: crashed.Owner, Kind: "cascade",
		Status: JobRunning, Created: crashed.Created, Record: rec}, 0); err != nil {
		t.Fatal(err)
	}

	h.restart(cfg)

	// The finished job and its result, byte for byte, to its owner only.
	if got := h.waitJob(done.ID, alice, time.Second); got.Status != JobDone || got.Progress != 1 || got.Finished == nil {
		t.Fatalf("finished job after the restart: %+v", got)
	}
	if r := h.do("GET", "/v1/jobs/"+done.ID+"/result", alice, nil); r.status != 200 || string(r.body) != string(result.body) {
		t.Fatalf("result after the restart: %d %s, want %s", r.status, r.body, result.body)
	}
	h.do("GET", "/v1/jobs/"+done.ID+"/result", bob, nil).problem(t, 404, CodeNotFound)
	h.do("GET", "/v1/jobs/"+done.ID, bob, nil).problem(t, 404, CodeNotFound)
	// The jobs the restart interrupted, this process's and the crashed one's.
	for _, c := range []struct{ id, token string }{{running.ID, alice}, {queued.ID, alice}, {crashed.ID, bob}} {
		got := h.waitJob(c.id, c.token, time.Second)
		if got.Status != JobFailed || got.ErrorCode != JobErrInterrupted || got.Finished == nil ||
			got.Error != "The server stopped before the job finished; submit it again." {
			t.Fatalf("interrupted job %s after the restart: %+v", c.id, got)
		}
		h.do("GET", "/v1/jobs/"+c.id+"/result", c.token, nil).problem(t, 409, CodeJobNotDone)
	}
	var list struct{ Jobs []Job }
	h.do("GET", "/v1/jobs", alice, nil).decode(t, &list)
	if len(list.Jobs) != 3 || list.Jobs[0].ID != queued.ID || list.Jobs[2].ID != done.ID {
		t.Fatalf("alice's jobs after the restart: %+v", list.Jobs)
	}

	// The quota is counted in the store: a job another process keeps
	// running for alice takes one of her two places.
	other := crashed
	other.ID, other.Owner = "fedcba9876543210", "account=alice"
	rec, _ = json.Marshal(other)
	if err := h.db.InsertJob(context.Background(), store.JobRow{ID: other.ID, Owner: other.Owner, Kind: "cascade",
		Status: JobRunning, Created: other.Created, Record: rec}, 0); err != nil {
		t.Fatal(err)
	}
	h.createJob(alice, map[string]any{"synthetic": 2})
	<-started
	r := h.do("POST", "/v1/jobs/cascade", alice, map[string]any{"synthetic": 2})
	r.problem(t, 429, CodeRateLimited)
	h.createJob(bob, map[string]any{"synthetic": 1})
}

// A failed job says internal and one sentence; the runner's error, with its
// paths and chains, is in the log under the job id, not in the job.
func TestJobErrorsSayNoInternals(t *testing.T) {
	for name, runner := range map[string]CascadeRunner{
		"error": func(context.Context, CascadeRequest, string, func(int, int)) (any, error) {
			return nil, errors.New("rendering plots: open /var/lib/unimargin/jobs/x/liquidations.png: permission denied")
		},
		"panic": func(context.Context, CascadeRequest, string, func(int, int)) (any, error) {
			panic("open /var/lib/unimargin/jobs/x/liquidations.png: no space left on device")
		},
	} {
		t.Run(name, func(t *testing.T) {
			var logs lockedBuffer
			h := newHarness(t, Config{Cascade: runner, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			j := h.createJob(h.admin, map[string]any{"synthetic": 10})
			got := h.waitJob(j.ID, h.admin, 10*time.Second)
			if got.Status != JobFailed || got.ErrorCode != JobErrInternal ||
				got.Error != "The job failed inside the server; the server log has the details under the job id." {
				t.Fatalf("failed job: %+v", got)
			}
			raw := h.do("GET", "/v1/jobs/"+j.ID, h.admin, nil).body
			for _, leak := range []string{"/var/lib", "permission", "panic", "runtime", "nil pointer", ".go"} {
				if strings.Contains(string(raw), leak) {
					t.Errorf("the job says %q: %s", leak, raw)
				}
			}
			log := logs.String()
			if !strings.Contains(log, "job_id="+j.ID) || !strings.Contains(log, "/var/lib/unimargin/jobs/x/liquidations.png") {
				t.Fatalf("the log lacks the error under job id %s:\n%s", j.ID, log)
			}
		})
	}
}
