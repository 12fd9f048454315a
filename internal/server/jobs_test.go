package server

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// waitJob polls a job until it leaves queued/running or the deadline passes.
func (h *harness) waitJob(id, token string, within time.Duration) Job {
	h.t.Helper()
	deadline := time.Now().Add(within)
	for {
		var j Job
		r := h.do("GET", "/v1/jobs/"+id, token, nil)
		if r.status != 200 {
			h.t.Fatalf("GET job: %d %s", r.status, r.body)
		}
		r.decode(h.t, &j)
		if j.Progress < 0 || j.Progress > 1 {
			h.t.Fatalf("progress %v outside [0, 1]", j.Progress)
		}
		if j.Status != JobQueued && j.Status != JobRunning {
			return j
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("job %s still %s after %v", id, j.Status, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (h *harness) createJob(token string, body any) Job {
	h.t.Helper()
	r := h.do("POST", "/v1/jobs/cascade", token, body)
	if r.status != 202 {
		h.t.Fatalf("create: %d %s", r.status, r.body)
	}
	var j Job
	r.decode(h.t, &j)
	if j.ID == "" || j.Status != JobQueued || j.Kind != "cascade" {
		h.t.Fatalf("created job %+v", j)
	}
	return j
}

// A real small cascade: created, run, result with the three architectures,
// plots as PNG, and visible only to its creator and the admin.
func TestCascadeJobRuns(t *testing.T) {
	h := newHarness(t, Config{DataDir: t.TempDir()}, "alice", "bob")
	j := h.createJob(h.tokens["alice"], map[string]any{"synthetic": 500, "steps": 50, "seed": 3})
	done := h.waitJob(j.ID, h.tokens["alice"], 2*time.Minute)
	if done.Status != JobDone || done.Progress != 1 || done.Started == nil || done.Finished == nil || done.Owner != "account=alice" {
		t.Fatalf("finished job %+v", done)
	}
	if done.Request.Path != "2021-05-19" || done.Request.Steps != 50 || done.Request.Architectures != "isolated,hub,uct" {
		t.Fatalf("defaults not applied: %+v", done.Request)
	}
	var res struct {
		Architectures map[string]map[string]any `json:"architectures"`
		Table         []map[string]any          `json:"table"`
	}
	h.do("GET", "/v1/jobs/"+j.ID+"/result", h.tokens["alice"], nil).decode(t, &res)
	for _, a := range []string{"isolated", "hub", "uct"} {
		if _, ok := res.Architectures[a]; !ok {
			t.Fatalf("result lacks architecture %s: %v", a, res.Architectures)
		}
	}
	if len(res.Table) == 0 {
		t.Fatal("result has no table")
	}
	var list struct{ Artifacts []string }
	h.do("GET", "/v1/jobs/"+j.ID+"/artifacts", h.tokens["alice"], nil).decode(t, &list)
	png := ""
	for _, n := range list.Artifacts {
		if strings.HasSuffix(n, ".png") && png == "" {
			png = n
		}
	}
	if png == "" || !contains(list.Artifacts, "report.md") || !contains(list.Artifacts, "liquidations.svg") {
		t.Fatalf("artifacts %v", list.Artifacts)
	}
	r := h.do("GET", "/v1/jobs/"+j.ID+"/artifacts/"+png, h.tokens["alice"], nil)
	if r.status != 200 || r.header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(r.body, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("PNG artifact: %d %q %.8q", r.status, r.header.Get("Content-Type"), r.body)
	}
	r = h.do("GET", "/v1/jobs/"+j.ID+"/artifacts/report.md", h.admin, nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/markdown") || len(r.body) == 0 {
		t.Fatalf("report.md: %d %q", r.status, r.header.Get("Content-Type"))
	}
	r = h.do("GET", "/v1/jobs/"+j.ID+"/artifacts/liquidations.svg", h.admin, nil)
	if r.status != 200 || r.header.Get("Content-Type") != "image/svg+xml" || !bytes.Contains(r.body, []byte("<svg")) {
		t.Fatalf("svg: %d %q", r.status, r.header.Get("Content-Type"))
	}

	// Another account sees nothing of it; the admin sees it.
	h.do("GET", "/v1/jobs/"+j.ID, h.tokens["bob"], nil).problem(t, 404, CodeNotFound)
	h.do("GET", "/v1/jobs/"+j.ID+"/result", h.tokens["bob"], nil).problem(t, 404, CodeNotFound)
	h.do("GET", "/v1/jobs/"+j.ID+"/artifacts/"+png, h.tokens["bob"], nil).problem(t, 404, CodeNotFound)
	h.do("DELETE", "/v1/jobs/"+j.ID, h.tokens["bob"], nil).problem(t, 404, CodeNotFound)
	var bobs, admins struct{ Jobs []Job }
	h.do("GET", "/v1/jobs", h.tokens["bob"], nil).decode(t, &bobs)
	h.do("GET", "/v1/jobs", h.admin, nil).decode(t, &admins)
	if len(bobs.Jobs) != 0 || len(admins.Jobs) != 1 || admins.Jobs[0].ID != j.ID {
		t.Fatalf("lists: bob %v, admin %v", bobs.Jobs, admins.Jobs)
	}
	h.do("GET", "/v1/jobs/"+j.ID, "", nil).problem(t, 401, CodeUnauthenticated)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// blockingRunner runs until its context ends, reporting half progress.
func blockingRunner(started chan<- struct{}) CascadeRunner {
	return func(ctx context.Context, _ CascadeRequest, _ string, progress func(int, int)) (any, error) {
		progress(1, 2)
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
}

// DELETE cancels a running job (through its context) and a queued one; a
// full queue is 503; the result of an unfinished job is 409.
func TestCascadeJobCancelAndQueue(t *testing.T) {
	started := make(chan struct{}, 10)
	// The admin alone fills the queue here: its quota is not what is tested.
	h := newHarness(t, Config{Cascade: blockingRunner(started), MaxJobsPerSubject: 10})
	body := map[string]any{"synthetic": 10}
	running := h.createJob(h.admin, body)
	<-started
	if j := h.waitUntil(running.ID, JobRunning); j.Progress != 0.5 {
		t.Fatalf("progress %v, want 0.5", j.Progress)
	}
	h.do("GET", "/v1/jobs/"+running.ID+"/result", h.admin, nil).problem(t, 409, CodeJobNotDone)
	var queued []Job
	for range jobsQueued {
		queued = append(queued, h.createJob(h.admin, body))
	}
	if r := h.do("POST", "/v1/jobs/cascade", h.admin, body); r.header.Get("Retry-After") != "30" {
		t.Fatalf("a full queue: Retry-After %q", r.header.Get("Retry-After"))
	} else {
		r.problem(t, 503, CodeUnavailable)
	}

	r := h.do("DELETE", "/v1/jobs/"+queued[0].ID, h.admin, nil)
	var j Job
	r.decode(t, &j)
	if r.status != 200 || j.Status != JobCancelled {
		t.Fatalf("cancel queued: %d %+v", r.status, j)
	}
	h.do("DELETE", "/v1/jobs/"+running.ID, h.admin, nil)
	if j := h.waitJob(running.ID, h.admin, 10*time.Second); j.Status != JobCancelled || j.Finished == nil {
		t.Fatalf("cancelled running job: %+v", j)
	}
	// The next queued job starts once the running one is cancelled.
	<-started
	h.waitUntil(queued[1].ID, JobRunning)
}

// waitUntil polls until the job has status want.
func (h *harness) waitUntil(id, want string) Job {
	h.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var j Job
		h.do("GET", "/v1/jobs/"+id, h.admin, nil).decode(h.t, &j)
		if j.Status == want {
			return j
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("job %s is %s, want %s", id, j.Status, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Close stops the running job (the runner's context ends) and fails it as
// interrupted, with the sentence that says to submit it again.
func TestCascadeJobCloseCancels(t *testing.T) {
	started := make(chan struct{}, 1)
	h := newHarness(t, Config{Cascade: blockingRunner(started)})
	j := h.createJob(h.admin, map[string]any{"synthetic": 10})
	<-started
	closed := make(chan struct{})
	go func() { h.srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not stop the running job")
	}
	if got := h.waitJob(j.ID, h.admin, time.Second); got.Status != JobFailed || got.ErrorCode != JobErrInterrupted ||
		got.Error != jobErrorSentences[JobErrInterrupted] || got.Finished == nil {
		t.Fatalf("after Close: %+v", got)
	}
}

// A cancelled real cascade stops within its run (cascade.Run returns the
// context's error within a step), and a failing runner's error is reported.
func TestCascadeJobRealCancelAndFailure(t *testing.T) {
	h := newHarness(t, Config{})
	j := h.createJob(h.admin, map[string]any{"synthetic": 20000, "steps": 5000})
	h.waitUntil(j.ID, JobRunning)
	h.do("DELETE", "/v1/jobs/"+j.ID, h.admin, nil)
	if got := h.waitJob(j.ID, h.admin, 30*time.Second); got.Status != JobCancelled || got.ErrorCode != JobErrCancelled ||
		got.Error != "The job was cancelled." {
		t.Fatalf("cancelled cascade: %+v", got)
	}
}

// Bad input names the field; artifact names cannot escape the job's directory.
func TestCascadeJobBadInput(t *testing.T) {
	h := newHarness(t, Config{DataDir: t.TempDir()})
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"synthetic": 0}, "body.synthetic"},
		{map[string]any{"synthetic": 200001}, "body.synthetic"},
		{map[string]any{}, "body.synthetic"},
		{map[string]any{"synthetic": 10, "path": "1999-01-01"}, "body.path"},
		{map[string]any{"synthetic": 10, "path": "/etc/passwd.csv"}, "body.path"},
		{map[string]any{"synthetic": 10, "architectures": "isolated,nope"}, "body.architectures"},
		{map[string]any{"synthetic": 10, "impact": "huge"}, "body.impact"},
		{map[string]any{"synthetic": 10, "steps": -1}, "body.steps"},
		{map[string]any{"synthetic": 10, "runs": 100000}, "body.runs"},
		{map[string]any{"synthetic": 10, "path": strings.Repeat("x", 65)}, "body.path"},
		{map[string]any{"synthetic": 10, "architectures": strings.Repeat("hub,", 17)}, "body.architectures"},
		{map[string]any{"synthetic": 10, "impact": strings.Repeat("x", 17)}, "body.impact"},
		// Each field within its maximum, the product not: days of work.
		{map[string]any{"synthetic": 200000, "steps": 100000}, "body.synthetic"},
		{map[string]any{"synthetic": 10000, "steps": 10000, "runs": 11}, "body.synthetic"},
	} {
		r := h.do("POST", "/v1/jobs/cascade", h.admin, tc.body)
		if r.status != 422 {
			t.Fatalf("%v: status %d %s", tc.body, r.status, r.body)
		}
		p := r.problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Location, tc.field) {
			t.Fatalf("%v: errors %+v, want location %s", tc.body, *p.Errors[0], tc.field)
		}
	}
	p := h.do("POST", "/v1/jobs/cascade", h.admin, map[string]any{"synthetic": 200000, "steps": 100000}).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 3 || p.Errors[1].Location != "body.steps" || p.Errors[2].Location != "body.runs" {
		t.Fatalf("a too large cascade names %+v, want synthetic, steps and runs", p.Errors)
	}
	// At the bound exactly: accepted.
	if r := h.do("POST", "/v1/jobs/cascade", h.admin, map[string]any{"synthetic": 10000, "steps": 10000, "runs": 10, "path": "mc"}); r.status != 202 {
		t.Fatalf("a cascade at the work bound: %d %s", r.status, r.body)
	} else {
		var j Job
		r.decode(t, &j)
		h.do("DELETE", "/v1/jobs/"+j.ID, h.admin, nil)
	}
	h.do("GET", "/v1/jobs/nope", h.admin, nil).problem(t, 404, CodeNotFound)

	started := make(chan struct{}, 1)
	h2 := newHarness(t, Config{Cascade: blockingRunner(started)})
	j := h2.createJob(h2.admin, map[string]any{"synthetic": 10})
	for _, name := range []string{"..%2F..%2Fetc%2Fpasswd", "%2E%2E", "a.txt", ".png", "x%00.png"} {
		r := h2.do("GET", "/v1/jobs/"+j.ID+"/artifacts/"+name, h2.admin, nil)
		if r.status != 422 && r.status != 404 {
			t.Fatalf("artifact %q: %d %s", name, r.status, r.body)
		}
	}
	h2.do("GET", "/v1/jobs/"+j.ID+"/artifacts/missing.png", h2.admin, nil).problem(t, 404, CodeNotFound)
	<-started
}

// Monte Carlo runs on Monte Carlo paths fill the runs statistics of only
// the architectures asked for.
func TestCascadeJobMonteCarloRuns(t *testing.T) {
	h := newHarness(t, Config{})
	j := h.createJob(h.admin, map[string]any{"synthetic": 200, "steps": 20, "runs": 3, "path": "mc", "architectures": "hub,uct"})
	if got := h.waitJob(j.ID, h.admin, 2*time.Minute); got.Status != JobDone {
		t.Fatalf("job %+v", got)
	}
	var res struct {
		Architectures map[string]struct {
			Runs *struct {
				Runs int `json:"runs"`
			} `json:"runs"`
		} `json:"architectures"`
	}
	h.do("GET", "/v1/jobs/"+j.ID+"/result", h.admin, nil).decode(t, &res)
	if len(res.Architectures) != 2 || res.Architectures["hub"].Runs == nil || res.Architectures["uct"].Runs.Runs != 3 {
		t.Fatalf("architectures %+v", res.Architectures)
	}
}

// One subject cannot fill the queue: at its quota of queued and running
// jobs it is 429 with Retry-After while others still get in, and a job
// that ends frees its place.
func TestCascadeJobQuotaPerSubject(t *testing.T) {
	started := make(chan struct{}, 10)
	h := newHarness(t, Config{Cascade: blockingRunner(started), MaxJobsPerSubject: 2}, "alice", "bob")
	body := map[string]any{"synthetic": 10}
	alice := h.tokens["alice"]
	first := h.createJob(alice, body)
	h.createJob(alice, body)
	r := h.do("POST", "/v1/jobs/cascade", alice, body)
	if r.header.Get("Retry-After") != "30" {
		t.Fatalf("over the quota: Retry-After %q", r.header.Get("Retry-After"))
	}
	r.problem(t, 429, CodeRateLimited)
	h.createJob(h.tokens["bob"], body)
	h.createJob(h.admin, body)
	h.do("DELETE", "/v1/jobs/"+first.ID, alice, nil)
	h.waitJob(first.ID, alice, 10*time.Second)
	h.createJob(alice, body)
}

// The request's bounds are in the OpenAPI document, where clients read them.
func TestCascadeRequestBoundsAreInTheSchema(t *testing.T) {
	h := newHarness(t, Config{})
	sc := h.srv.API().OpenAPI().Components.Schemas.Map()["CascadeRequest"]
	if sc == nil {
		t.Fatal("no CascadeRequest schema")
	}
	for name, want := range map[string]float64{"synthetic": 200000, "steps": 100000, "runs": 1000} {
		if p := sc.Properties[name]; p == nil || p.Maximum == nil || *p.Maximum != want {
			t.Errorf("%s: no maximum %v", name, want)
		}
	}
	for name, want := range map[string]int{"path": 64, "architectures": 64, "impact": 16} {
		if p := sc.Properties[name]; p == nil || p.MaxLength == nil || *p.MaxLength != want {
			t.Errorf("%s: no maxLength %d", name, want)
		}
	}
	if !strings.Contains(sc.Properties["synthetic"].Description, "1,000,000,000") {
		t.Error("the work bound is not stated on synthetic")
	}
}
