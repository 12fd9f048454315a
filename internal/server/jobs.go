// Cascade jobs (being built): the runner type the Config injects.
package server

import "context"

// CascadeRequest is the body of POST /v1/jobs/cascade.
type CascadeRequest struct {
	Synthetic     int    `json:"synthetic" minimum:"1" maximum:"200000" doc:"Number of synthetic accounts."`
	Path          string `json:"path,omitempty" required:"false" doc:"Price path: 2021-05-19, 2022-11-08, 2020-03-12, 2025-10-10, mc or shock:ASSET:MOVE."`
	Architectures string `json:"architectures,omitempty" required:"false" doc:"Comma-separated: isolated, hub, uct."`
	Impact        string `json:"impact,omitempty" required:"false" doc:"Price impact: sqrt, linear, amm, book."`
	Seed          uint64 `json:"seed,omitempty" required:"false" doc:"Seed of the population, paths and failure draws."`
	Steps         int    `json:"steps,omitempty" required:"false" doc:"Steps the path is resampled to."`
	Runs          int    `json:"runs,omitempty" required:"false" doc:"Monte Carlo runs."`
}

// CascadeRunner runs one cascade job: it writes its artifacts under outDir,
// reports progress, stops when ctx ends, and returns the JSON result.
type CascadeRunner func(ctx context.Context, req CascadeRequest, outDir string, progress func(done, total int)) (result any, err error)

func (s *Server) registerJobs() {}
