// Governed risk parameters over HTTP (/v1/governance, internal/govern):
// anyone with a token reads the state, versions, proposals (with their
// impact previews) and the audit log; an admin sets governance up, files
// proposals, computes previews and executes queued proposals; votes,
// cancellations and guardian actions are signed messages, so any token may
// relay them — the signature is the authority. The governed configuration
// every margin path runs with is cached here and reloaded as ramps move
// and guardian actions lapse.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/vault"
)

// governNow is the clock of governance and of the governed configuration
// (tests move it past timelocks and ramps).
var governNow = time.Now

// governedTTL is how long a loaded configuration serves before it is read
// again: a ramp moves and a guardian action lapses with time alone.
const governedTTL = 10 * time.Second

// governState caches the configuration the vault rules run with.
type governState struct {
	mu     sync.Mutex
	cfg    vault.Config
	at     time.Time
	loaded bool
}

// setConfig installs a freshly read configuration.
func (s *Server) setConfig(cfg vault.Config) {
	s.gov.mu.Lock()
	s.gov.cfg, s.gov.at, s.gov.loaded = cfg, governNow(), true
	s.gov.mu.Unlock()
	s.params.Store(cfg.RiskParams)
}

// currentConfig is the governed configuration now: the cached one, or a
// fresh read once it is older than governedTTL (a failed read keeps the
// cached one and logs why).
func (s *Server) currentConfig() vault.Config {
	s.gov.mu.Lock()
	cfg, fresh := s.gov.cfg, s.gov.loaded && governNow().Sub(s.gov.at) < governedTTL
	s.gov.mu.Unlock()
	if fresh {
		return cfg
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.loadParams(ctx); err != nil {
		s.log.Warn("reloading the governed risk parameters", "err", err)
		return cfg
	}
	s.gov.mu.Lock()
	defer s.gov.mu.Unlock()
	return s.gov.cfg
}

// errNoRecords: a store whose transactions keep no governance or
// settlement records (every store.DB transaction does).
var errNoRecords = errors.New("the store does not keep governance or settlement records")

// govTx is tx as governance's transaction.
func govTx(tx vault.Tx) (govern.Tx, error) {
	g, ok := tx.(govern.Tx)
	if !ok {
		return nil, errNoRecords
	}
	return g, nil
}

// govUpdate and govView run f in one write or read transaction.
func (s *Server) govUpdate(ctx context.Context, f func(tx govern.Tx) error) error {
	return s.db.Update(ctx, func(tx vault.Tx) error {
		g, err := govTx(tx)
		if err != nil {
			return err
		}
		return f(g)
	})
}

func (s *Server) govView(ctx context.Context, f func(tx govern.Tx) error) error {
	return s.db.View(ctx, func(tx vault.Tx) error {
		g, err := govTx(tx)
		if err != nil {
			return err
		}
		return f(g)
	})
}

// governProblem is problemFor with a refusal's field located under where
// (body.changes[0].value, body.message.signer); settlement's refusals too.
func governProblem(err error, where string) *Problem {
	p := problemFor(err, where)
	var r *input.Refusal
	if errors.As(err, &r) {
		f := &ProblemField{Location: where, Message: r.Reason}
		if r.Field != "" {
			f.Location = joinLocation(where, r.Field)
		}
		if r.HasValue {
			f.Value = r.Value
		}
		p.Errors = []*ProblemField{f}
	}
	return p
}

// relocate renames a problem's field location (a refusal of "account"
// is about the path's id).
func relocate(p *Problem, from, to string) *Problem {
	for _, f := range p.Errors {
		if f.Location == from {
			f.Location = to
		}
	}
	return p
}

// governOp is the shape of every /v1/governance operation.
func governOp(id, method, path, summary, desc, access string, errs ...int) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: method, Path: path, Tags: []string{"governance"},
		Summary: summary, Description: desc,
		Security: bearerSecurity, Metadata: map[string]any{"access": access},
		Errors: append([]int{401, 429}, errs...),
	}
}

type proposalIDInput struct {
	ID string `path:"id" maxLength:"64" doc:"The proposal id."`
}

type signedInput struct {
	ID   string `path:"id" maxLength:"64" doc:"The proposal id (must equal message.proposal)."`
	Body govern.Signed
}

type statusOutput struct{ Body *govern.StatusReport }
type versionOutput struct{ Body *govern.Version }
type versionsOutput struct {
	Body struct {
		Versions []*govern.Version `json:"versions" doc:"Every version, newest first."`
	}
}
type proposalOutput struct{ Body *govern.Proposal }
type proposalsOutput struct {
	Body struct {
		Proposals []*govern.Proposal `json:"proposals" doc:"Every proposal, newest first, each with its impact preview once computed."`
	}
}

// GovernanceLog is GET /v1/governance/log.
type GovernanceLog struct {
	Entries  []govern.Entry   `json:"entries"`
	Verified *govern.Verified `json:"verified,omitempty" doc:"With ?verify=true: the chain verified (a broken chain is 409 log_tampered)."`
}

type logInput struct {
	Verify bool `query:"verify" doc:"Verify the hash chain and the version records."`
}

type logOutput struct{ Body GovernanceLog }

// registerGovernance adds /v1/governance and /v1/settlement.
func (s *Server) registerGovernance() {
	s.registerGovernanceReads()
	s.registerGovernanceActs()
	s.registerSettlement()
}

func (s *Server) registerGovernanceReads() {
	huma.Register(s.api, governOp("governance-status", http.MethodGet, "/v1/governance", "The governed state",
		"The effective parameter version (number, content hash, origin), ramps in progress with their values now, the guardian action in force, the versions accounts keep under configuration keys, and the rules. 409 governance_not_set_up before `POST /v1/governance/setup`.", accessToken, 409),
		func(ctx context.Context, _ *struct{}) (*statusOutput, error) {
			out := &statusOutput{}
			err := s.govView(ctx, func(tx govern.Tx) (err error) { out.Body, err = govern.Status(tx, governNow()); return err })
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
	huma.Register(s.api, governOp("governance-versions", http.MethodGet, "/v1/governance/versions", "Every parameter version",
		"Each version's number, content hash, parent, parameter-set document, origin (genesis, proposal, guardian), what it changed (leaf by leaf, from → to, stricter for users or not), its transition and ramps.", accessToken, 409),
		func(ctx context.Context, _ *struct{}) (*versionsOutput, error) {
			out := &versionsOutput{}
			err := s.govView(ctx, func(tx govern.Tx) (err error) { out.Body.Versions, err = govern.Versions(tx); return err })
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
	huma.Register(s.api, governOp("governance-proposals", http.MethodGet, "/v1/governance/proposals", "Every proposal",
		"Newest first, each with its state, votes, tally, timelock and impact preview.", accessToken, 409),
		func(ctx context.Context, _ *struct{}) (*proposalsOutput, error) {
			out := &proposalsOutput{}
			err := s.govView(ctx, func(tx govern.Tx) (err error) {
				out.Body.Proposals, err = govern.Proposals(tx, governNow())
				return err
			})
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
	huma.Register(s.api, governOp("governance-proposal", http.MethodGet, "/v1/governance/proposals/{id}", "One proposal",
		"Its changes, resolved leaf changes, state, votes, tally, timelock and impact preview.", accessToken, 404, 409),
		func(ctx context.Context, in *proposalIDInput) (*proposalOutput, error) {
			out := &proposalOutput{}
			err := s.govView(ctx, func(tx govern.Tx) (err error) { out.Body, err = govern.GetProposal(tx, in.ID, governNow()); return err })
			if err != nil {
				return nil, governProblem(err, "path.id")
			}
			return out, nil
		})
	huma.Register(s.api, governOp("governance-log", http.MethodGet, "/v1/governance/log", "The audit log",
		"Every governance act in order, each entry hash-chained to the previous one. With ?verify=true the chain and the version records are checked first (409 log_tampered naming the first broken entry).", accessToken, 409),
		func(ctx context.Context, in *logInput) (*logOutput, error) {
			out := &logOutput{}
			err := s.govView(ctx, func(tx govern.Tx) error {
				if in.Verify {
					v, err := govern.Verify(tx)
					if err != nil {
						return err
					}
					out.Body.Verified = &v
				}
				var err error
				out.Body.Entries, err = govern.Log(tx)
				return err
			})
			if err != nil {
				return nil, governProblem(err, "")
			}
			return out, nil
		})
}

func (s *Server) registerGovernanceActs() {
	op := governOp("governance-setup", http.MethodPost, "/v1/governance/setup", "Set governance up (admin)",
		"Stores the governance rules (decision mode and members, guardian, timings, bounds) and makes version 1 from the stored risk parameters. Once set up, PUT /v1/risk-params is refused (409 governed): changes go through proposals.",
		accessAdmin, 403, 409, 413, 422)
	op.MaxBodyBytes = s.cfg.MaxBodyBytes
	op.DefaultStatus = http.StatusCreated
	huma.Register(s.api, op, func(ctx context.Context, in *documentInput) (*versionOutput, error) {
		out := &versionOutput{}
		err := s.govUpdate(ctx, func(tx govern.Tx) (err error) {
			out.Body, err = govern.Init(tx, in.Body, subjectName(ctx), governNow())
			return err
		})
		if err != nil {
			return nil, governProblem(err, "body")
		}
		s.paramsChanged(ctx)
		return out, nil
	})
	op = governOp("governance-propose", http.MethodPost, "/v1/governance/proposals", "File a proposal (admin)",
		"A diff against the effective version: `{\"proposer\", \"rationale\", \"changes\": [{\"path\", \"value\"}], \"transition\": {\"kind\": \"ramp\"|\"key\"|\"immediate\", \"seconds\"}, \"base_version\"?, \"id\"?}`. Checked against the bounds before anyone votes: each refusal names the field (`body.changes[0].value`) and stores nothing.",
		accessAdmin, 403, 409, 413, 422)
	op.MaxBodyBytes = s.cfg.MaxBodyBytes
	op.DefaultStatus = http.StatusCreated
	huma.Register(s.api, op, func(ctx context.Context, in *documentInput) (*proposalOutput, error) {
		out := &proposalOutput{}
		err := s.govUpdate(ctx, func(tx govern.Tx) (err error) { out.Body, err = govern.Propose(tx, in.Body, governNow()); return err })
		if err != nil {
			return nil, governProblem(err, "body")
		}
		return out, nil
	})
	huma.Register(s.api, governOp("governance-preview", http.MethodPost, "/v1/governance/proposals/{id}/preview", "Compute the impact preview (admin)",
		"Re-margins every stored account under the base version and the proposed one (and the ramp's start and halfway), and runs the cascade simulator on the rules' standard shock under both; attaches the preview to the proposal, which members may vote on only once it has one.",
		accessAdmin, 403, 404, 409),
		func(ctx context.Context, in *proposalIDInput) (*proposalOutput, error) {
			var job *govern.PreviewJob
			err := s.govView(ctx, func(tx govern.Tx) (err error) { job, err = govern.PreparePreview(tx, in.ID, governNow()); return err })
			if err != nil {
				return nil, governProblem(err, "path.id")
			}
			pv, err := job.Run(ctx, cluster.Under(s.db, 0), governNow())
			if err != nil {
				return nil, problemFor(err, "")
			}
			out := &proposalOutput{}
			err = s.govUpdate(ctx, func(tx govern.Tx) (err error) {
				out.Body, err = govern.AttachPreview(tx, in.ID, pv, subjectName(ctx), governNow())
				return err
			})
			if err != nil {
				return nil, governProblem(err, "path.id")
			}
			return out, nil
		})
	s.registerSignedActs()
	huma.Register(s.api, governOp("governance-execute", http.MethodPost, "/v1/governance/proposals/{id}/execute", "Execute a queued proposal (admin)",
		"After its timelock: makes the new version (its ramps, or configuration keys for every existing account), re-reads the parameters and re-margins every account. Refused (409) before the timelock, after the grace period, or when the effective version is no longer the proposal's base.",
		accessAdmin, 403, 404, 409, 422),
		func(ctx context.Context, in *proposalIDInput) (*versionOutput, error) {
			out := &versionOutput{}
			err := s.govUpdate(ctx, func(tx govern.Tx) (err error) {
				out.Body, err = govern.Execute(tx, in.ID, subjectName(ctx), governNow())
				return err
			})
			if err != nil {
				return nil, governProblem(err, "path.id")
			}
			s.paramsChanged(ctx)
			return out, nil
		})
}

// registerSignedActs adds the routes whose authority is a signature.
func (s *Server) registerSignedActs() {
	signedDoc := " The body is `{\"message\": {…}, \"signature\": \"<base64 ed25519>\"}`; the message names its signer, a nonce and an expiry, and is accepted once (a replay is 409 replayed)."
	huma.Register(s.api, governOp("governance-vote", http.MethodPost, "/v1/governance/proposals/{id}/votes", "Cast a signed vote",
		"A member's vote (`message.kind` vote, `choice` yes, no or abstain, `proposal_hash` the proposal's hash). An approved proposal is queued behind the timelock."+signedDoc,
		accessToken, 403, 404, 409, 422),
		func(ctx context.Context, in *signedInput) (*proposalOutput, error) {
			return s.signedAct(ctx, in, govern.CastVote)
		})
	huma.Register(s.api, governOp("governance-cancel", http.MethodPost, "/v1/governance/proposals/{id}/cancel", "Cancel a proposal (signed)",
		"Signed by the proposer or the guardian while the proposal is voting or queued (the timelock)."+signedDoc,
		accessToken, 403, 404, 409, 422),
		func(ctx context.Context, in *signedInput) (*proposalOutput, error) {
			return s.signedAct(ctx, in, govern.Cancel)
		})
	huma.Register(s.api, governOp("governance-guardian", http.MethodPost, "/v1/governance/guardian", "A guardian action (signed)",
		"`message.action` tighten (changes each stricter for users and within bounds) or pause (pause new risk), `base_hash` the effective version's hash. In force at once for new risk (existing positions keep the previous version under configuration keys); lapses after the rules' action_seconds unless a proposal based on it is executed."+signedDoc,
		accessToken, 403, 409, 422),
		func(ctx context.Context, in *struct{ Body govern.Signed }) (*versionOutput, error) {
			out := &versionOutput{}
			err := s.govUpdate(ctx, func(tx govern.Tx) (err error) {
				out.Body, err = govern.ActGuardian(tx, in.Body, governNow())
				return err
			})
			if err != nil {
				return nil, governProblem(err, "body")
			}
			s.paramsChanged(ctx)
			return out, nil
		})
}

// signedAct runs a signed act on the proposal the path names.
func (s *Server) signedAct(ctx context.Context, in *signedInput,
	act func(govern.Tx, govern.Signed, time.Time) (*govern.Proposal, error)) (*proposalOutput, error) {
	var msg struct {
		Proposal string `json:"proposal"`
	}
	if json.Unmarshal(in.Body.Message, &msg) == nil && msg.Proposal != in.ID {
		return nil, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "message.proposal does not name the proposal of the path",
			&ProblemField{Location: "body.message.proposal", Message: "must equal the path's id " + in.ID, Value: msg.Proposal})
	}
	out := &proposalOutput{}
	err := s.govUpdate(ctx, func(tx govern.Tx) (err error) { out.Body, err = act(tx, in.Body, governNow()); return err })
	if err != nil {
		return nil, governProblem(err, "body")
	}
	return out, nil
}

// paramsChanged reloads the governed parameters and re-margins every
// account, as a new risk-parameter document does.
func (s *Server) paramsChanged(ctx context.Context) {
	if err := s.loadParams(ctx); err != nil {
		s.log.Warn("reloading the governed risk parameters", "err", err)
	}
	s.marketChanged(ctx)
}

// subjectName is who acts, for the audit log.
func subjectName(ctx context.Context) string {
	if sub, ok := subjectOf(ctx); ok {
		return sub.String()
	}
	return "unknown"
}
