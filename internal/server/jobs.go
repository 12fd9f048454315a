// Jobs: POST /v1/jobs/cascade queues a liquidation-cascade run and POST
// /v1/jobs/backtest a margin backtest (backtest.go); each answers 202 at
// once. A bounded pool (one running, a short queue) runs jobs of every
// kind, writing plots and the report under the job's directory; status,
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
	"log/slog"
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
	"github.com/unimargin/unimargin/internal/store"
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

// jobRunner runs one queued job of any kind, its request bound: it writes
// its artifacts under outDir, may report progress, stops when ctx ends,
// and returns the JSON result.
type jobRunner func(ctx context.Context, outDir string, progress func(done, total int)) (result any, err error)

// Job kinds.
const (
	JobKindCascade  = "cascade"
	JobKindBacktest = "backtest"
)

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
	ID       string     `json:"id"`
	Kind     string     `json:"kind" enum:"cascade,backtest"`
	Status   string     `json:"status" enum:"queued,running,done,failed,cancelled"`
	Progress float64    `json:"progress" minimum:"0" maximum:"1"`
	Created  time.Time  `json:"created"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	// Error and ErrorCode say why a job failed or was cancelled: a stable
	// code and one sentence, never the server's internal error (logged
	// under the job id).
	Error     string          `json:"error,omitempty" doc:"Why the job failed or was cancelled: one sentence for people."`
	ErrorCode string          `json:"error_code,omitempty" enum:"cancelled,interrupted,internal" doc:"Stable code of error: cancelled (by its owner or an admin), interrupted (the server stopped or restarted before the job finished; submit it again), internal (the job failed inside the server; the log has the details under the job id)."`
	Owner     string          `json:"owner" doc:"The subject that created the job: admin or account=<id>."`
	Request   *CascadeRequest `json:"request,omitempty" doc:"A cascade job's request, its defaults filled in."`
	Backtest  *BacktestJob    `json:"backtest,omitempty" doc:"A backtest job's request, as sent."`
}

// Job error codes and their sentences (Job.ErrorCode, Job.Error).
const (
	JobErrCancelled   = "cancelled"
	JobErrInterrupted = "interrupted"
	JobErrInternal    = "internal"
)

var jobErrorSentences = map[string]string{
	JobErrCancelled:   "The job was cancelled.",
	JobErrInterrupted: "The server stopped before the job finished; submit it again.",
	JobErrInternal:    "The job failed inside the server; the server log has the details under the job id.",
}

// job is a job queued or running in this process, and what only the
// server sees of it.
type job struct {
	view   Job // guarded by jobs.mu
	owner  access.Subject
	run    jobRunner
	dir    string
	ctx    context.Context    // set when it starts running
	cancel context.CancelFunc // ends ctx
	saved  float64            // the progress last stored
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
	// jobProgressStep is how far a job's progress moves before it is
	// stored again (at most 100 writes a job); reads of a job running in
	// this process see its live progress.
	jobProgressStep = 0.01
	// jobStoreTimeout bounds a job's store writes, which run outside any
	// request.
	jobStoreTimeout = 10 * time.Second
)

// jobs is the pool. The store holds every job (jobs table, migration
// 00012): its record, status and result, so finished jobs and results
// outlive the process and a subject's quota is counted there. The pool
// holds only what runs here: the queue, and each live job's cancel and
// progress.
type jobs struct {
	db      *store.DB
	log     *slog.Logger
	cascade CascadeRunner // runs cascade jobs
	quota   int           // jobs queued or running per subject
	root    string        // DataDir/jobs, or a temporary directory
	tempDir bool

	mu      sync.Mutex
	live    map[string]*job // queued or running in this process
	pending []*job
	wake    chan struct{}
	ctx     context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

func (s *Server) newJobs() (*jobs, error) {
	run := s.cfg.Cascade
	if run == nil {
		run = RunCascade
	}
	ctx, stop := context.WithCancel(context.Background())
	j := &jobs{db: s.db, log: s.log, cascade: run, quota: s.cfg.MaxJobsPerSubject, live: map[string]*job{},
		wake: make(chan struct{}, 1), ctx: ctx, stop: stop}
	if s.cfg.DataDir != "" {
		j.root = filepath.Join(s.cfg.DataDir, "jobs")
	}
	if err := j.interrupted(); err != nil {
		stop()
		return nil, err
	}
	for range jobsRunning {
		j.wg.Add(1)
		go j.worker()
	}
	return j, nil
}

// interrupted fails the jobs an earlier process left queued or running:
// they are not resumed (a job that brought the server down would bring it
// down again at every start), their owners see why and submit them again,
// and they no longer count against a quota.
func (j *jobs) interrupted() error {
	ctx, cancel := context.WithTimeout(context.Background(), jobStoreTimeout)
	defer cancel()
	rows, err := j.db.Jobs(ctx, store.JobFilter{Active: true})
	if err != nil {
		return fmt.Errorf("reading the jobs left running: %w", err)
	}
	for _, r := range rows {
		v, err := decodeJob(r)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		v.Status, v.ErrorCode, v.Error, v.Finished = JobFailed, JobErrInterrupted, jobErrorSentences[JobErrInterrupted], &now
		if err := j.save(ctx, v, nil); err != nil {
			return err
		}
		j.log.Warn("job interrupted by a restart", "job_id", v.ID, "owner", v.Owner)
	}
	return nil
}

// decodeJob reads a stored job's public view.
func decodeJob(r store.JobRow) (Job, error) {
	var v Job
	if err := json.Unmarshal(r.Record, &v); err != nil || v.ID != r.ID {
		return Job{}, fmt.Errorf("job %s: %w: its record does not decode", r.ID, store.ErrCorrupt)
	}
	return v, nil
}

// save stores a job's view (and its result, when not nil).
func (j *jobs) save(ctx context.Context, v Job, result []byte) error {
	rec, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return j.db.UpdateJob(ctx, store.JobRow{ID: v.ID, Owner: v.Owner, Kind: v.Kind, Status: v.Status, Record: rec, Result: result})
}

// saveLogged is save outside a request: a failure is logged with the job
// id (the job goes on; its stored record lags until the next save).
func (j *jobs) saveLogged(v Job, result []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), jobStoreTimeout)
	defer cancel()
	if err := j.save(ctx, v, result); err != nil {
		j.log.Error("storing a job", "job_id", v.ID, "status", v.Status, "error", err.Error())
	}
}

// close stops the workers and fails every job queued or running here as
// interrupted, then removes a temporary output directory.
func (j *jobs) close() {
	j.stop()
	j.wg.Wait()
	j.mu.Lock()
	var views []Job
	for _, p := range j.pending {
		views = append(views, j.finish(p, JobFailed, JobErrInterrupted))
	}
	j.pending = nil
	j.mu.Unlock()
	for _, v := range views {
		j.saveLogged(v, nil)
		j.retire(v.ID)
	}
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
	return dir, os.MkdirAll(dir, 0o700)
}

// dirOf is a job's output directory ("" when the pool has none yet).
func (j *jobs) dirOf(id string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.root == "" {
		return ""
	}
	return filepath.Join(j.root, id)
}

// submit stores and queues a job of view's kind and request, to be run by
// run, or refuses it: *store.JobQuotaError when the owner is at its quota
// (counted in the store, so across restarts, whatever the kind), 503 when
// this process's queue is full.
func (j *jobs) submit(ctx context.Context, owner access.Subject, view Job, run jobRunner) (Job, error) {
	// The quota first, so that a subject over it hears 429 whatever the
	// queue; InsertJob counts again in its transaction.
	n, err := j.db.ActiveJobs(ctx, owner.String())
	if err != nil {
		return Job{}, err
	}
	if n >= j.quota {
		return Job{}, &store.JobQuotaError{Active: n, Quota: j.quota}
	}
	id := newRequestID()
	dir, err := j.dirFor(id)
	if err != nil {
		return Job{}, fmt.Errorf("creating the job directory: %w", err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.ctx.Err() != nil || len(j.pending) >= jobsQueued {
		_ = os.RemoveAll(dir)
		return Job{}, huma.ErrorWithHeaders(problemf(http.StatusServiceUnavailable, CodeUnavailable,
			fmt.Sprintf("the job queue is full (%d running, %d waiting); retry later", jobsRunning, jobsQueued)),
			http.Header{"Retry-After": {retryAfter(jobRetryAfter)}})
	}
	view.ID, view.Status, view.Created, view.Owner = id, JobQueued, time.Now().UTC(), owner.String()
	jb := &job{owner: owner, dir: dir, run: run, view: view}
	rec, err := json.Marshal(jb.view)
	if err != nil {
		return Job{}, err
	}
	if err := j.db.InsertJob(ctx, store.JobRow{ID: id, Owner: jb.view.Owner, Kind: jb.view.Kind, Status: JobQueued,
		Created: jb.view.Created, Record: rec}, j.quota); err != nil {
		_ = os.RemoveAll(dir)
		return Job{}, err
	}
	j.live[id] = jb
	j.pending = append(j.pending, jb)
	select {
	case j.wake <- struct{}{}:
	default:
	}
	return jb.view, nil
}

// prune drops the oldest finished jobs (and their files) beyond the
// retention limit.
func (j *jobs) prune() {
	ctx, cancel := context.WithTimeout(context.Background(), jobStoreTimeout)
	defer cancel()
	gone, err := j.db.PruneJobs(ctx, jobsRetained)
	if err != nil {
		j.log.Error("pruning old jobs", "error", err.Error())
		return
	}
	for _, id := range gone {
		if dir := j.dirOf(id); dir != "" {
			_ = os.RemoveAll(dir)
		}
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
		j.prune()
	}
}

// next takes the oldest queued job and marks it running, with the context
// a cancellation ends, or returns nil.
func (j *jobs) next() *job {
	j.mu.Lock()
	if len(j.pending) == 0 || j.ctx.Err() != nil {
		j.mu.Unlock()
		return nil
	}
	jb := j.pending[0]
	j.pending = j.pending[1:]
	now := time.Now().UTC()
	jb.ctx, jb.cancel = context.WithCancel(j.ctx)
	jb.view.Status, jb.view.Started = JobRunning, &now
	v := jb.view
	j.mu.Unlock()
	j.saveLogged(v, nil)
	return jb
}

// execute runs one job to its end and stores how it ended. The runner's
// error stays in the log, under the job id; the job says only its code
// and sentence.
func (j *jobs) execute(jb *job) {
	ctx := jb.ctx
	defer jb.cancel()
	progress := func(done, total int) {
		if total <= 0 {
			return
		}
		j.mu.Lock()
		jb.view.Progress = min(1, max(0, float64(done)/float64(total)))
		var v Job
		save := jb.view.Progress-jb.saved >= jobProgressStep
		if save {
			jb.saved, v = jb.view.Progress, jb.view
		}
		j.mu.Unlock()
		if save {
			j.saveLogged(v, nil)
		}
	}
	res, err := safeRun(ctx, jb.run, jb.dir, progress)
	var data []byte
	if err == nil {
		if data, err = json.Marshal(res); err == nil {
			err = os.WriteFile(filepath.Join(jb.dir, "result.json"), data, 0o600)
		}
	}
	j.mu.Lock()
	var v Job
	switch {
	case j.ctx.Err() != nil:
		v = j.finish(jb, JobFailed, JobErrInterrupted)
	case ctx.Err() != nil:
		v = j.finish(jb, JobCancelled, JobErrCancelled)
	case err != nil:
		j.log.Error("job failed", "job_id", jb.view.ID, "owner", jb.view.Owner, "error", err.Error())
		v = j.finish(jb, JobFailed, JobErrInternal)
	default:
		v = j.finish(jb, JobDone, "")
		v.Progress = 1
	}
	j.mu.Unlock()
	if v.Status != JobDone {
		data = nil // only a done job stores a result
	}
	j.saveLogged(v, data)
	j.retire(v.ID)
}

// safeRun calls the runner, turning a panic into an error so one bad job
// cannot take the server down.
func safeRun(ctx context.Context, run jobRunner, dir string, progress func(int, int)) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return run(ctx, dir, progress)
}

// finish returns the job's view with a terminal status and its error code
// ("" for done), to store. Called with mu held. The live view is left as
// it is: reads see the job queued or running until the store has its end
// and retire drops it, so no read shows an end the store does not hold.
func (j *jobs) finish(jb *job, status, code string) Job {
	now := time.Now().UTC()
	v := jb.view
	v.Status, v.ErrorCode, v.Error, v.Finished = status, code, jobErrorSentences[code], &now
	return v
}

// retire drops a stored finished job from the live set: reads now go to
// the store.
func (j *jobs) retire(id string) {
	j.mu.Lock()
	delete(j.live, id)
	j.mu.Unlock()
}

// cancelJob stops a running job or drops a queued one of this process; a
// finished job is left as it is.
func (j *jobs) cancelJob(ctx context.Context, sub access.Subject, id string) (Job, error) {
	j.mu.Lock()
	jb, ok := j.live[id]
	if !ok || !sub.Admin && jb.owner != sub {
		j.mu.Unlock()
		return j.get(ctx, sub, id)
	}
	var save *Job
	switch jb.view.Status {
	case JobQueued:
		for i, p := range j.pending {
			if p == jb {
				j.pending = append(j.pending[:i], j.pending[i+1:]...)
				break
			}
		}
		v := j.finish(jb, JobCancelled, JobErrCancelled)
		save = &v
	case JobRunning:
		if jb.cancel != nil {
			jb.cancel()
		}
	}
	v := jb.view
	j.mu.Unlock()
	if save != nil {
		// Not the request's deadline: a cancellation half stored would
		// leave the job queued in the store, counting against the quota.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), jobStoreTimeout)
		err := j.save(sctx, *save, nil)
		cancel()
		j.retire(id)
		if err != nil {
			return Job{}, err
		}
		v = *save
	}
	return v, nil
}

// get returns the job if sub may see it: its live view when it is queued
// or running here, else the stored one. Another subject's job is reported
// as not found, so ids cannot be probed.
func (j *jobs) get(ctx context.Context, sub access.Subject, id string) (Job, error) {
	j.mu.Lock()
	jb, ok := j.live[id]
	var v Job
	if ok {
		v = jb.view
	}
	j.mu.Unlock()
	if !ok {
		r, found, err := j.db.Job(ctx, id)
		if err != nil {
			return Job{}, err
		}
		if !found {
			return Job{}, problemf(http.StatusNotFound, CodeNotFound, "no job "+id)
		}
		if v, err = decodeJob(r); err != nil {
			return Job{}, err
		}
	}
	if !sub.Admin && v.Owner != sub.String() {
		return Job{}, problemf(http.StatusNotFound, CodeNotFound, "no job "+id)
	}
	return v, nil
}

// result returns a done job's stored result (409 before it is done).
func (j *jobs) result(ctx context.Context, sub access.Subject, id string) ([]byte, error) {
	v, err := j.get(ctx, sub, id)
	if err != nil {
		return nil, err
	}
	if v.Status != JobDone {
		return nil, problemf(http.StatusConflict, CodeJobNotDone, "job "+v.ID+" is "+v.Status+", not done")
	}
	r, found, err := j.db.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	if !found || r.Result == nil {
		return nil, problemf(http.StatusNotFound, CodeNotFound, "no job "+id)
	}
	return r.Result, nil
}

// list returns the jobs sub may see, newest first, live ones with their
// live progress.
func (j *jobs) list(ctx context.Context, sub access.Subject) ([]Job, error) {
	f := store.JobFilter{}
	if !sub.Admin {
		f.Owner = sub.String()
	}
	rows, err := j.db.Jobs(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Job, 0, len(rows))
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, r := range rows {
		if jb, ok := j.live[r.ID]; ok {
			out = append(out, jb.view)
			continue
		}
		v, err := decodeJob(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
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
	js, err := s.newJobs()
	if err != nil {
		// New reports it: a store that cannot list its jobs cannot serve.
		s.jobsErr = err
		return
	}
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
		"synthetic × steps × max(runs, 1) may be at most 1,000,000,000 (422 naming the three fields). " +
		"Jobs and their results are kept in the store: a restart keeps finished jobs, and fails the jobs it " +
		"interrupted (error_code interrupted)."
	huma.Register(s.api, create, func(ctx context.Context, in *cascadeJobInput) (*jobOutput, error) {
		req := in.Body.withDefaults()
		if err := req.check(); err != nil {
			return nil, err
		}
		run := func(ctx context.Context, dir string, progress func(int, int)) (any, error) {
			return js.cascade(ctx, req, dir, progress)
		}
		return s.submitJob(ctx, js, Job{Kind: JobKindCascade, Request: &req}, run)
	})
	s.registerBacktestJobs(js, op)
	huma.Register(s.api, op("list-jobs", http.MethodGet, "/v1/jobs", "Jobs visible to the caller, newest first"),
		func(ctx context.Context, _ *struct{}) (*jobListOutput, error) {
			sub, _ := subjectOf(ctx)
			jobs, err := js.list(ctx, sub)
			if err != nil {
				return nil, problemFor(err, "")
			}
			out := &jobListOutput{}
			out.Body.Jobs = jobs
			return out, nil
		})
	huma.Register(s.api, op("get-job", http.MethodGet, "/v1/jobs/{job}", "A job's status and progress", 404),
		func(ctx context.Context, in *jobInput) (*jobOutput, error) {
			sub, _ := subjectOf(ctx)
			j, err := js.get(ctx, sub, in.Job)
			if err != nil {
				return nil, problemFor(err, "")
			}
			return &jobOutput{Status: http.StatusOK, Body: j}, nil
		})
	huma.Register(s.api, op("cancel-job", http.MethodDelete, "/v1/jobs/{job}", "Cancel a queued or running job", 404),
		func(ctx context.Context, in *jobInput) (*jobOutput, error) {
			sub, _ := subjectOf(ctx)
			j, err := js.cancelJob(ctx, sub, in.Job)
			if err != nil {
				return nil, problemFor(err, "")
			}
			return &jobOutput{Status: http.StatusOK, Body: j}, nil
		})
	s.registerJobReads(js, op)
}

// submitJob queues a job for the request's subject and answers 202, or
// the refusal: 429 with Retry-After at the subject's quota, the full
// queue's 503.
func (s *Server) submitJob(ctx context.Context, js *jobs, view Job, run jobRunner) (*jobOutput, error) {
	sub, _ := subjectOf(ctx)
	j, err := js.submit(ctx, sub, view, run)
	var quota *store.JobQuotaError
	var full huma.HeadersError
	switch {
	case errors.As(err, &quota):
		return nil, s.tooManyErr(jobRetryAfter, quota.Error())
	case errors.As(err, &full):
		return nil, err // the full queue's 503 with Retry-After
	case err != nil:
		return nil, problemFor(err, "")
	}
	return &jobOutput{Status: http.StatusAccepted, Location: "/v1/jobs/" + j.ID, Body: j}, nil
}

// registerJobReads registers the result and artifact reads.
func (s *Server) registerJobReads(js *jobs, op func(id, method, path, summary string, errs ...int) huma.Operation) {
	result := op("get-job-result", http.MethodGet, "/v1/jobs/{job}/result", "A finished job's result", 404, 409)
	result.Description = "For a cascade, `cascade --json`: {architectures, table}; for a backtest, `backtest --json` " +
		"(the same function computes both). 409 until the job is done."
	huma.Register(s.api, result, func(ctx context.Context, in *jobInput) (*jobResultOutput, error) {
		sub, _ := subjectOf(ctx)
		data, err := js.result(ctx, sub, in.Job)
		if err != nil {
			return nil, problemFor(err, "")
		}
		return &jobResultOutput{Body: data}, nil
	})
	huma.Register(s.api, op("list-job-artifacts", http.MethodGet, "/v1/jobs/{job}/artifacts", "A job's files (plots, report)", 404),
		func(ctx context.Context, in *jobInput) (*artifactListOutput, error) {
			sub, _ := subjectOf(ctx)
			if _, err := js.get(ctx, sub, in.Job); err != nil {
				return nil, problemFor(err, "")
			}
			out := &artifactListOutput{}
			out.Body.Artifacts = artifacts(js.dirOf(in.Job))
			return out, nil
		})
	huma.Register(s.api, op("get-job-artifact", http.MethodGet, "/v1/jobs/{job}/artifacts/{name}", "One of a job's files", 404, 422),
		func(ctx context.Context, in *artifactInput) (*artifactOutput, error) {
			sub, _ := subjectOf(ctx)
			if _, err := js.get(ctx, sub, in.Job); err != nil {
				return nil, problemFor(err, "")
			}
			if !validArtifact(in.Name) {
				return nil, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "bad artifact name",
					&ProblemField{Location: "path.name", Message: "a plain file name ending .png, .svg, .md or .json", Value: in.Name})
			}
			dir := js.dirOf(in.Job)
			data, err := os.ReadFile(filepath.Join(dir, in.Name))
			if dir == "" || err != nil {
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
