// Cascade jobs: POST /v1/jobs/cascade queues a liquidation-cascade run and
// answers 202 at once; a bounded pool (one running, a short queue) runs
// them, writing plots and the report under the job's directory; status,
// result and artifacts are read back by id, and DELETE cancels. A job is
// visible to the subject that created it and to admins only.
//
// Limits: a subject (admin, or one account) may have at most
// Config.MaxJobsPerSubject jobs queued or running (one more is 429 with
// Retry-After), so one account cannot fill the shared queue; a full queue
// is 503 with Retry-After. A request is bounded field by field (the schema's
// minimum, maximum and maxLength) and in total work: synthetic × steps ×
// max(runs, 1) at most maxCascadeWork, or 422 naming the three fields.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/cascade"
)

// CascadeRequest is the body of POST /v1/jobs/cascade (the flags of
// `unimargin cascade --synthetic N`; zero fields take the CLI's defaults).
type CascadeRequest struct {
	// Synthetic is checked by check (not the schema's required list) so
	// that a missing value is reported at body.synthetic, not at body.
	Synthetic     int    `json:"synthetic,omitempty" required:"false" minimum:"1" maximum:"200000" doc:"Number of synthetic accounts (calibrated to the shared Aave data); required. synthetic × steps × max(runs, 1) may be at most 1,000,000,000."`
	Path          string `json:"path,omitempty" required:"false" maxLength:"64" doc:"Price path: 2021-05-19 (default), 2022-11-08, 2020-03-12, 2025-10-10, mc or shock:ASSET:MOVE. Files are not accepted."`
	Architectures string `json:"architectures,omitempty" required:"false" maxLength:"64" doc:"Comma-separated: isolated, hub, uct (default all three)."`
	Impact        string `json:"impact,omitempty" required:"false" maxLength:"16" doc:"Price impact: sqrt (default), linear, amm, book."`
	Seed          uint64 `json:"seed,omitempty" required:"false" minimum:"0" maximum:"9007199254740991" doc:"Seed of the population, Monte Carlo paths and failure draws (default 1; at most 2^53 − 1, so that every JSON reader holds it exactly)."`
	Steps         int    `json:"steps,omitempty" required:"false" minimum:"0" maximum:"100000" doc:"Steps the path is resampled to (default 1000)."`
	Runs          int    `json:"runs,omitempty" required:"false" minimum:"0" maximum:"1000" doc:"Monte Carlo runs for bad-debt distributions (default 1)."`
}

// maxCascadeWork bounds synthetic × steps × max(runs, 1), the engine's
// work in account-steps: about a minute of one core (200,000 accounts over
// 1,000 steps took 26 s on the CI machine), where the field maxima alone
// would allow 2e13 (days).
const maxCascadeWork = 1_000_000_000

// withDefaults fills the zero fields with the CLI's defaults.
func (r CascadeRequest) withDefaults() CascadeRequest {
	if r.Path == "" {
		r.Path = "2021-05-19"
	}
	if r.Architectures == "" {
		r.Architectures = "isolated,hub,uct"
	}
	if r.Impact == "" {
		r.Impact = "sqrt"
	}
	if r.Seed == 0 {
		r.Seed = 1
	}
	if r.Steps == 0 {
		r.Steps = 1000
	}
	if r.Runs == 0 {
		r.Runs = 1
	}
	return r
}

// errNoFiles refuses path files: a request must not read the server's disk.
var errNoFiles = errors.New("path files are not accepted by the API; use a named path, mc or shock:ASSET:MOVE")

// check validates what the struct tags cannot, naming the field.
func (r CascadeRequest) check() error {
	field := func(name string, err error) error {
		return problemf(http.StatusUnprocessableEntity, CodeInvalidInput, name+": "+err.Error(),
			&ProblemField{Location: "body." + name, Message: err.Error()})
	}
	if r.Synthetic < 1 {
		return field("synthetic", errors.New("required: a number of synthetic accounts from 1 to 200000"))
	}
	if w := r.work(); w > maxCascadeWork {
		msg := fmt.Sprintf("synthetic × steps × max(runs, 1) = %d × %d × %d exceeds %d; lower one of them",
			r.Synthetic, r.Steps, max(r.Runs, 1), maxCascadeWork)
		p := problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "the cascade is too large: "+msg)
		for _, name := range []string{"synthetic", "steps", "runs"} {
			p.Errors = append(p.Errors, &ProblemField{Location: "body." + name, Message: msg})
		}
		return p
	}
	if _, err := cascade.ParseArchs(r.Architectures); err != nil {
		return field("architectures", err)
	}
	if _, err := cascade.ParseImpact(r.Impact); err != nil {
		return field("impact", err)
	}
	if _, err := cascade.LoadPath(r.Path, r.Steps, r.Seed, noFiles); err != nil {
		return field("path", err)
	}
	return nil
}

func noFiles(string) ([]byte, error) { return nil, errNoFiles }

// work is the request's size in account-steps (maxCascadeWork). The
// fields are bounded by the schema, so the product fits in an int64.
func (r CascadeRequest) work() int64 {
	return int64(r.Synthetic) * int64(r.Steps) * int64(max(r.Runs, 1))
}

// CascadeRunner runs one cascade job: it writes its artifacts under outDir,
// reports progress, stops when ctx ends, and returns the JSON result.
type CascadeRunner func(ctx context.Context, req CascadeRequest, outDir string, progress func(done, total int)) (result any, err error)

// Job statuses.
const (
	JobQueued    = "queued"
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// Job is a job's public status.
type Job struct {
	ID       string         `json:"id"`
	Kind     string         `json:"kind" enum:"cascade"`
	Status   string         `json:"status" enum:"queued,running,done,failed,cancelled"`
	Progress float64        `json:"progress" minimum:"0" maximum:"1"`
	Created  time.Time      `json:"created"`
	Started  *time.Time     `json:"started,omitempty"`
	Finished *time.Time     `json:"finished,omitempty"`
	Error    string         `json:"error,omitempty"`
	Owner    string         `json:"owner" doc:"The subject that created the job: admin or account=<id>."`
	Request  CascadeRequest `json:"request"`
}

// job is a job and what only the server sees.
type job struct {
	view   Job // guarded by jobs.mu
	owner  access.Subject
	dir    string
	result []byte
	cancel context.CancelFunc // set while running
}

// Limits of the pool: one cascade at a time (a large one uses a core for
// minutes), a few waiting, and the newest finished jobs remembered.
const (
	jobsRunning  = 1
	jobsQueued   = 4
	jobsRetained = 200
	// jobRetryAfter is the Retry-After of a refused job: a cascade of the
	// default size takes seconds, a large one about a minute.
	jobRetryAfter = 30 * time.Second
)

// jobQuotaError refuses a job of a subject at its quota.
type jobQuotaError struct{ active, quota int }

func (e *jobQuotaError) Error() string {
	return fmt.Sprintf("this subject has %d jobs queued or running, its limit of %d", e.active, e.quota)
}

// jobs is the pool.
type jobs struct {
	run     CascadeRunner
	quota   int    // jobs queued or running per subject
	root    string // DataDir/jobs, or a temporary directory
	tempDir bool

	mu      sync.Mutex
	byID    map[string]*job
	order   []string // creation order
	pending []*job
	wake    chan struct{}
	ctx     context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

func (s *Server) newJobs() *jobs {
	run := s.cfg.Cascade
	if run == nil {
		run = RunCascade
	}
	ctx, stop := context.WithCancel(context.Background())
	j := &jobs{run: run, quota: s.cfg.MaxJobsPerSubject, byID: map[string]*job{}, wake: make(chan struct{}, 1), ctx: ctx, stop: stop}
	if s.cfg.DataDir != "" {
		j.root = filepath.Join(s.cfg.DataDir, "jobs")
	}
	for range jobsRunning {
		j.wg.Add(1)
		go j.worker()
	}
	return j
}

// close cancels every job, waits for the workers and removes a temporary
// output directory.
func (j *jobs) close() {
	j.stop()
	j.wg.Wait()
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, p := range j.pending {
		j.finish(p, JobCancelled, "server shutting down")
	}
	j.pending = nil
	if j.tempDir {
		_ = os.RemoveAll(j.root)
	}
}

// dirFor creates the job's output directory (the pool's root on first use).
func (j *jobs) dirFor(id string) (string, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.root == "" {
		root, err := os.MkdirTemp("", "unimargin-jobs-")
		if err != nil {
			return "", err
		}
		j.root, j.tempDir = root, true
	}
	dir := filepath.Join(j.root, id)
	return dir, os.MkdirAll(dir, 0o755)
}

// submit queues a job, or refuses it: *jobQuotaError when the owner is at
// its quota, 503 when the queue is full.
func (j *jobs) submit(owner access.Subject, req CascadeRequest) (Job, error) {
	id := newRequestID()
	dir, err := j.dirFor(id)
	if err != nil {
		return Job{}, problemf(http.StatusInternalServerError, CodeInternal, "creating the job directory: "+err.Error())
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if n := j.active(owner); n >= j.quota {
		_ = os.RemoveAll(dir)
		return Job{}, &jobQuotaError{active: n, quota: j.quota}
	}
	if j.ctx.Err() != nil || len(j.pending) >= jobsQueued {
		_ = os.RemoveAll(dir)
		return Job{}, huma.ErrorWithHeaders(problemf(http.StatusServiceUnavailable, CodeUnavailable,
			fmt.Sprintf("the job queue is full (%d running, %d waiting); retry later", jobsRunning, jobsQueued)),
			http.Header{"Retry-After": {retryAfter(jobRetryAfter)}})
	}
	jb := &job{owner: owner, dir: dir, view: Job{ID: id, Kind: "cascade", Status: JobQueued,
		Created: time.Now().UTC(), Owner: owner.String(), Request: req}}
	j.byID[id] = jb
	j.order = append(j.order, id)
	j.pending = append(j.pending, jb)
	j.forget()
	select {
	case j.wake <- struct{}{}:
	default:
	}
	return jb.view, nil
}

// active counts owner's jobs queued or running. Called with mu held.
func (j *jobs) active(owner access.Subject) int {
	n := 0
	for _, jb := range j.byID {
		if st := jb.view.Status; jb.owner == owner && (st == JobQueued || st == JobRunning) {
			n++
		}
	}
	return n
}

// forget drops the oldest finished jobs (and their files) beyond the
// retention limit. Called with mu held.
func (j *jobs) forget() {
	for i := 0; len(j.order) > jobsRetained && i < len(j.order); {
		jb := j.byID[j.order[i]]
		if st := jb.view.Status; st == JobQueued || st == JobRunning {
			i++
			continue
		}
		_ = os.RemoveAll(jb.dir)
		delete(j.byID, jb.view.ID)
		j.order = append(j.order[:i], j.order[i+1:]...)
	}
}

// worker runs queued jobs until the pool stops.
func (j *jobs) worker() {
	defer j.wg.Done()
	for {
		jb := j.next()
		if jb == nil {
			select {
			case <-j.ctx.Done():
				return
			case <-j.wake:
			}
			continue
		}
		j.execute(jb)
	}
}

// next takes the oldest queued job and marks it running, or returns nil.
func (j *jobs) next() *job {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.pending) == 0 || j.ctx.Err() != nil {
		return nil
	}
	jb := j.pending[0]
	j.pending = j.pending[1:]
	now := time.Now().UTC()
	jb.view.Status, jb.view.Started = JobRunning, &now
	return jb
}

// execute runs one job to its end.
func (j *jobs) execute(jb *job) {
	ctx, cancel := context.WithCancel(j.ctx)
	defer cancel()
	j.mu.Lock()
	jb.cancel = cancel
	j.mu.Unlock()
	progress := func(done, total int) {
		if total <= 0 {
			return
		}
		j.mu.Lock()
		jb.view.Progress = min(1, max(0, float64(done)/float64(total)))
		j.mu.Unlock()
	}
	res, err := safeRun(ctx, j.run, jb.view.Request, jb.dir, progress)
	var data []byte
	if err == nil {
		if data, err = json.Marshal(res); err == nil {
			err = os.WriteFile(filepath.Join(jb.dir, "result.json"), data, 0o644)
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case ctx.Err() != nil:
		j.finish(jb, JobCancelled, "cancelled")
	case err != nil:
		j.finish(jb, JobFailed, err.Error())
	default:
		jb.result = data
		jb.view.Progress = 1
		j.finish(jb, JobDone, "")
	}
}

// safeRun calls the runner, turning a panic into an error so one bad job
// cannot take the server down.
func safeRun(ctx context.Context, run CascadeRunner, req CascadeRequest, dir string, progress func(int, int)) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return run(ctx, req, dir, progress)
}

// finish records a terminal status. Called with mu held.
func (j *jobs) finish(jb *job, status, msg string) {
	now := time.Now().UTC()
	jb.view.Status, jb.view.Error, jb.view.Finished, jb.cancel = status, msg, &now, nil
}

// cancel stops a running job or drops a queued one; a finished job is
// left as it is.
func (j *jobs) cancelJob(jb *job) Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	switch jb.view.Status {
	case JobQueued:
		for i, p := range j.pending {
			if p == jb {
				j.pending = append(j.pending[:i], j.pending[i+1:]...)
				break
			}
		}
		j.finish(jb, JobCancelled, "cancelled")
	case JobRunning:
		if jb.cancel != nil {
			jb.cancel()
		}
	}
	return jb.view
}

// get returns the job if sub may see it. Another subject's job is reported
// as not found, so ids cannot be probed.
func (j *jobs) get(sub access.Subject, id string) (*job, Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	jb, ok := j.byID[id]
	if !ok || !sub.Admin && jb.owner != sub {
		return nil, Job{}, problemf(http.StatusNotFound, CodeNotFound, "no job "+id)
	}
	return jb, jb.view, nil
}

// list returns the jobs sub may see, newest first.
func (j *jobs) list(sub access.Subject) []Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []Job{}
	for i := len(j.order) - 1; i >= 0; i-- {
		if jb := j.byID[j.order[i]]; sub.Admin || jb.owner == sub {
			out = append(out, jb.view)
		}
	}
	return out
}

// artifactTypes are the files a job may serve, by extension.
var artifactTypes = map[string]string{
	".png": "image/png", ".svg": "image/svg+xml", ".md": "text/markdown; charset=utf-8", ".json": "application/json",
}

// artifacts lists a job's files (sorted).
func artifacts(dir string) []string {
	out := []string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		if _, ok := artifactTypes[filepath.Ext(e.Name())]; ok && e.Type().IsRegular() && validArtifact(e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// validArtifact accepts plain file names only: letters, digits, '_', '-'
// and one '.' before a known extension (no separators, no "..").
func validArtifact(name string) bool {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if _, ok := artifactTypes[ext]; !ok || base == "" || len(name) > 100 {
		return false
	}
	for _, c := range base {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

type cascadeJobInput struct {
	Body CascadeRequest
}

type jobOutput struct {
	Status   int
	Location string `header:"Location"`
	Body     Job
}

type jobInput struct {
	Job string `path:"job" maxLength:"64" doc:"The job id."`
}

type jobListOutput struct {
	Body struct {
		Jobs []Job `json:"jobs"`
	}
}

type jobResultOutput struct {
	Body json.RawMessage
}

type artifactListOutput struct {
	Body struct {
		Artifacts []string `json:"artifacts"`
	}
}

type artifactInput struct {
	Job  string `path:"job" maxLength:"64" doc:"The job id."`
	Name string `path:"name" maxLength:"100" doc:"An artifact name from the job's list, e.g. liquidations.png."`
}

type artifactOutput struct {
	ContentType string `header:"Content-Type"`
	Options     string `header:"X-Content-Type-Options"`
	CSP         string `header:"Content-Security-Policy"`
	Body        []byte
}

func (s *Server) registerJobs() {
	js := s.newJobs()
	s.onClose(js.close)
	op := func(id, method, path, summary string, errs ...int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Tags: []string{"jobs"}, Summary: summary,
			Security: bearerSecurity, Metadata: map[string]any{"access": accessToken}, Errors: append([]int{401, 429}, errs...)}
	}
	create := op("create-cascade-job", http.MethodPost, "/v1/jobs/cascade", "Queue a liquidation-cascade run", 422, 503)
	create.DefaultStatus = http.StatusAccepted
	create.Description = "Runs `unimargin cascade --synthetic N` with plots in the background. Answers 202 with the job; " +
		"poll GET /v1/jobs/{job}. One job runs at a time and a few wait: a full queue is 503 with Retry-After, and a " +
		"subject (the admin, or one account) with its quota of jobs queued or running is 429 with Retry-After. " +
		"synthetic × steps × max(runs, 1) may be at most 1,000,000,000 (422 naming the three fields)."
	huma.Register(s.api, create, func(ctx context.Context, in *cascadeJobInput) (*jobOutput, error) {
		req := in.Body.withDefaults()
		if err := req.check(); err != nil {
			return nil, err
		}
		sub, _ := subjectOf(ctx)
		j, err := js.submit(sub, req)
		var quota *jobQuotaError
		if errors.As(err, &quota) {
			return nil, s.tooManyErr(jobRetryAfter, quota.Error())
		}
		if err != nil {
			return nil, err
		}
		return &jobOutput{Status: http.StatusAccepted, Location: "/v1/jobs/" + j.ID, Body: j}, nil
	})
	huma.Register(s.api, op("list-jobs", http.MethodGet, "/v1/jobs", "Jobs visible to the caller, newest first"),
		func(ctx context.Context, _ *struct{}) (*jobListOutput, error) {
			sub, _ := subjectOf(ctx)
			out := &jobListOutput{}
			out.Body.Jobs = js.list(sub)
			return out, nil
		})
	huma.Register(s.api, op("get-job", http.MethodGet, "/v1/jobs/{job}", "A job's status and progress", 404),
		func(ctx context.Context, in *jobInput) (*jobOutput, error) {
			sub, _ := subjectOf(ctx)
			_, j, err := js.get(sub, in.Job)
			if err != nil {
				return nil, err
			}
			return &jobOutput{Status: http.StatusOK, Body: j}, nil
		})
	huma.Register(s.api, op("cancel-job", http.MethodDelete, "/v1/jobs/{job}", "Cancel a queued or running job", 404),
		func(ctx context.Context, in *jobInput) (*jobOutput, error) {
			sub, _ := subjectOf(ctx)
			jb, _, err := js.get(sub, in.Job)
			if err != nil {
				return nil, err
			}
			return &jobOutput{Status: http.StatusOK, Body: js.cancelJob(jb)}, nil
		})
	s.registerJobReads(js, op)
}

// registerJobReads registers the result and artifact reads.
func (s *Server) registerJobReads(js *jobs, op func(id, method, path, summary string, errs ...int) huma.Operation) {
	result := op("get-job-result", http.MethodGet, "/v1/jobs/{job}/result", "A finished job's result", 404, 409)
	result.Description = "For a cascade, `cascade --json`: {architectures, table}. 409 until the job is done."
	huma.Register(s.api, result, func(ctx context.Context, in *jobInput) (*jobResultOutput, error) {
		sub, _ := subjectOf(ctx)
		jb, j, err := js.get(sub, in.Job)
		if err != nil {
			return nil, err
		}
		if j.Status != JobDone {
			return nil, problemf(http.StatusConflict, CodeJobNotDone, "job "+j.ID+" is "+j.Status+", not done")
		}
		return &jobResultOutput{Body: jb.result}, nil
	})
	huma.Register(s.api, op("list-job-artifacts", http.MethodGet, "/v1/jobs/{job}/artifacts", "A job's files (plots, report)", 404),
		func(ctx context.Context, in *jobInput) (*artifactListOutput, error) {
			sub, _ := subjectOf(ctx)
			jb, _, err := js.get(sub, in.Job)
			if err != nil {
				return nil, err
			}
			out := &artifactListOutput{}
			out.Body.Artifacts = artifacts(jb.dir)
			return out, nil
		})
	huma.Register(s.api, op("get-job-artifact", http.MethodGet, "/v1/jobs/{job}/artifacts/{name}", "One of a job's files", 404, 422),
		func(ctx context.Context, in *artifactInput) (*artifactOutput, error) {
			sub, _ := subjectOf(ctx)
			jb, _, err := js.get(sub, in.Job)
			if err != nil {
				return nil, err
			}
			if !validArtifact(in.Name) {
				return nil, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "bad artifact name",
					&ProblemField{Location: "path.name", Message: "a plain file name ending .png, .svg, .md or .json", Value: in.Name})
			}
			data, err := os.ReadFile(filepath.Join(jb.dir, in.Name))
			if err != nil {
				return nil, problemf(http.StatusNotFound, CodeNotFound, "job "+in.Job+" has no artifact "+in.Name)
			}
			// An SVG from our origin must not run script: sandbox it.
			return &artifactOutput{ContentType: artifactTypes[filepath.Ext(in.Name)], Options: "nosniff",
				CSP: "default-src 'none'; style-src 'unsafe-inline'; sandbox", Body: data}, nil
		})
}

// CodeJobNotDone is the code of a result asked for before the job is done.
const CodeJobNotDone = "job_not_done"

// sweepScales scale the path's log moves for the shock-size plot (as the CLI).
var sweepScales = []float64{0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5}

// RunCascade is the built-in runner: `unimargin cascade --synthetic N` with
// plots and report.md written to outDir; the result is {architectures, table}.
func RunCascade(ctx context.Context, req CascadeRequest, outDir string, progress func(done, total int)) (any, error) {
	req = req.withDefaults()
	archs, err := cascade.ParseArchs(req.Architectures)
	if err != nil {
		return nil, err
	}
	impact, err := cascade.ParseImpact(req.Impact)
	if err != nil {
		return nil, err
	}
	path, err := cascade.LoadPath(req.Path, req.Steps, req.Seed, noFiles)
	if err != nil {
		return nil, err
	}
	pop, err := cascade.Synthetic(req.Synthetic, path.Prices[0], req.Seed)
	if err != nil {
		return nil, err
	}
	cfg := cascade.DefaultConfig()
	cfg.Impact = impact
	job := &cascade.Job{Population: pop, Path: path, Archs: archs, Config: cfg, Baseline: true,
		Runs: req.Runs, Seed: req.Seed, Sample: sampler(req, path), Sweep: sweepScales}
	rep, err := cascade.Run(ctx, job, progress)
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("Population: %d accounts (synthetic); impact %s; seed %d; %d steps; runs %d.",
		len(pop.Accounts), req.Impact, req.Seed, req.Steps, req.Runs)
	files, err := cascade.Files(rep, title)
	if err != nil {
		return nil, fmt.Errorf("rendering plots: %w", err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(outDir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// sampler gives run r's population and path as the CLI does: Monte Carlo
// paths redrawn with seed+r, the synthetic population regenerated with it.
func sampler(req CascadeRequest, path *cascade.Path) func(int) (*cascade.Population, *cascade.Path, error) {
	return func(r int) (*cascade.Population, *cascade.Path, error) {
		s := req.Seed + uint64(r)
		p := path
		if req.Path == "mc" {
			p = cascade.MonteCarlo(req.Steps, s)
		}
		pop, err := cascade.Synthetic(req.Synthetic, p.Prices[0], s)
		return pop, p, err
	}
}
