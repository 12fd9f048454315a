// The error catalogue: every domain error the API can return, mapped in this
// one table to an HTTP status and a stable machine code, written as RFC 9457
// application/problem+json. Codes never change meaning once shipped.
package server

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/settle"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// Problem is the RFC 9457 body of every error, with the machine code and,
// for input errors, the JSON path of the offending field.
type Problem struct {
	Type     string          `json:"type,omitempty" doc:"A URI naming the problem type; about:blank when only the status matters."`
	Title    string          `json:"title" doc:"The HTTP status text."`
	Status   int             `json:"status" doc:"The HTTP status code."`
	Code     string          `json:"code" doc:"Stable machine code of the problem (see the catalogue in the API description)."`
	Detail   string          `json:"detail,omitempty" doc:"What went wrong, for people."`
	Instance string          `json:"instance,omitempty" doc:"The request path."`
	Errors   []*ProblemField `json:"errors,omitempty" doc:"Each offending field, by its location."`
}

// ProblemField names one offending field: body.portfolio.venues[0].model.
type ProblemField struct {
	Location string `json:"location,omitempty"`
	Message  string `json:"message"`
	Value    any    `json:"value,omitempty"`
}

// Error implements error.
func (p *Problem) Error() string { return p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType implements huma.ContentTypeFilter: problems are problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// Machine codes, one per kind of problem.
const (
	CodeInvalidInput       = "invalid_input"
	CodeUnauthenticated    = "unauthenticated"
	CodeForbidden          = "forbidden"
	CodeNotFound           = "not_found"
	CodeUnknownAccount     = "unknown_account"
	CodeUnknownAsset       = "unknown_asset"
	CodeUnpricedAsset      = "unpriced_asset"
	CodeCapExceeded        = "cap_exceeded"
	CodeNoMarket           = "no_market"
	CodeMarginBreach       = "margin_breach"
	CodeInsufficient       = "insufficient_balance"
	CodeNotLiquidatable    = "not_liquidatable"
	CodeMarginUncomputable = "margin_uncomputable"
	CodeAssetHeld          = "asset_held"
	CodeIdempotencyClash   = "idempotency_conflict"
	CodeRateLimited        = "rate_limited"
	CodeTooLarge           = "body_too_large"
	CodeTimeout            = "timeout"
	CodeUnavailable        = "unavailable"
	CodeInternal           = "internal"

	// Governance (internal/govern) and the guardian's pause.
	CodeGovernanceNotSetUp = "governance_not_set_up"
	CodeGovernanceSetUp    = "governance_set_up"
	CodeGoverned           = "governed"
	CodeOutOfBounds        = "out_of_bounds"
	CodeUnknownParameter   = "unknown_parameter"
	CodeTooSoon            = "too_soon"
	CodeStaleVersion       = "stale_version"
	CodeMessageExpired     = "message_expired"
	CodeReplayed           = "replayed"
	CodeNotASigner         = "not_a_signer"
	CodeBadSignature       = "bad_signature"
	CodeNotSafer           = "not_safer"
	CodeProposalState      = "proposal_state"
	CodeTimelocked         = "timelocked"
	CodeUnknownProposal    = "unknown_proposal"
	CodeNoPreview          = "no_preview"
	CodeDuplicate          = "duplicate"
	CodeNotAllowed         = "not_allowed"
	CodeLogTampered        = "log_tampered"
	CodePaused             = "paused"

	// Settlement (internal/settle).
	CodeUnknownChain     = "unknown_chain"
	CodeNoRoute          = "no_route"
	CodeBridgeHalted     = "bridge_halted"
	CodeUngovernedBridge = "ungoverned_bridge"
	CodeOverLimit        = "over_limit"
	CodeUnknownMove      = "unknown_move"
	CodeMoveState        = "move_state"
	CodeNotFinal         = "not_final"
	CodeNotARelayer      = "not_a_relayer"
	CodeMismatch         = "mismatch"
)

// catalogue maps domain errors to status and code, most specific first: the
// first entry errors.Is matches wins.
var catalogue = []struct {
	err    error
	status int
	code   string
}{
	{govern.ErrCorrupt, http.StatusInternalServerError, CodeInternal},
	{govern.ErrNotSetUp, http.StatusConflict, CodeGovernanceNotSetUp},
	{govern.ErrAlreadySetUp, http.StatusConflict, CodeGovernanceSetUp},
	{govern.ErrGoverned, http.StatusConflict, CodeGoverned},
	{govern.ErrOutOfBounds, http.StatusUnprocessableEntity, CodeOutOfBounds},
	{govern.ErrUnknownParam, http.StatusUnprocessableEntity, CodeUnknownParameter},
	{govern.ErrTooSoon, http.StatusConflict, CodeTooSoon},
	{govern.ErrStaleVersion, http.StatusConflict, CodeStaleVersion},
	{govern.ErrExpired, http.StatusUnprocessableEntity, CodeMessageExpired},
	{govern.ErrReplayed, http.StatusConflict, CodeReplayed},
	{govern.ErrNotMember, http.StatusForbidden, CodeNotASigner},
	{govern.ErrBadSignature, http.StatusForbidden, CodeBadSignature},
	{govern.ErrNotSafer, http.StatusForbidden, CodeNotSafer},
	{govern.ErrProposalState, http.StatusConflict, CodeProposalState},
	{govern.ErrTimelocked, http.StatusConflict, CodeTimelocked},
	{govern.ErrUnknownProp, http.StatusNotFound, CodeUnknownProposal},
	{govern.ErrNoPreview, http.StatusConflict, CodeNoPreview},
	{govern.ErrDuplicate, http.StatusConflict, CodeDuplicate},
	{govern.ErrRuleNotAllowed, http.StatusUnprocessableEntity, CodeNotAllowed},
	{govern.ErrTampered, http.StatusConflict, CodeLogTampered},
	{govern.ErrInvalid, http.StatusUnprocessableEntity, CodeInvalidInput},
	{vault.ErrPaused, http.StatusConflict, CodePaused},
	{settle.ErrInvalid, http.StatusUnprocessableEntity, CodeInvalidInput},
	{settle.ErrUnknownChain, http.StatusUnprocessableEntity, CodeUnknownChain},
	{settle.ErrNoRoute, http.StatusUnprocessableEntity, CodeNoRoute},
	{settle.ErrBridgeHalted, http.StatusConflict, CodeBridgeHalted},
	{settle.ErrUngoverned, http.StatusUnprocessableEntity, CodeUngovernedBridge},
	{settle.ErrLimit, http.StatusConflict, CodeOverLimit},
	{settle.ErrInsufficient, http.StatusConflict, CodeInsufficient},
	{settle.ErrUnknownMove, http.StatusNotFound, CodeUnknownMove},
	{settle.ErrMoveState, http.StatusConflict, CodeMoveState},
	{settle.ErrNotFinal, http.StatusConflict, CodeNotFinal},
	{settle.ErrExpired, http.StatusUnprocessableEntity, CodeMessageExpired},
	{settle.ErrReplayed, http.StatusConflict, CodeReplayed},
	{settle.ErrUnknownRelayer, http.StatusForbidden, CodeNotARelayer},
	{settle.ErrMismatch, http.StatusUnprocessableEntity, CodeMismatch},
	{settle.ErrConflict, http.StatusConflict, CodeIdempotencyClash},
	{vault.ErrRequestConflict, http.StatusConflict, CodeIdempotencyClash},
	{ledger.ErrIDConflict, http.StatusConflict, CodeIdempotencyClash},
	{vault.ErrNotLienHolder, http.StatusForbidden, CodeForbidden},
	{vault.ErrUnknownAccount, http.StatusNotFound, CodeUnknownAccount},
	{vault.ErrUnknownAsset, http.StatusUnprocessableEntity, CodeUnknownAsset},
	{vault.ErrUnpricedAsset, http.StatusUnprocessableEntity, CodeUnpricedAsset},
	{vault.ErrCapExceeded, http.StatusConflict, CodeCapExceeded},
	{vault.ErrNoMarket, http.StatusConflict, CodeNoMarket},
	{vault.ErrInitialMargin, http.StatusConflict, CodeMarginBreach},
	{vault.ErrLiensExceedCollateral, http.StatusConflict, CodeMarginBreach},
	{vault.ErrNotLiquidatable, http.StatusConflict, CodeNotLiquidatable},
	{vault.ErrMarginUncomputable, http.StatusConflict, CodeMarginUncomputable},
	{vault.ErrAssetHeld, http.StatusConflict, CodeAssetHeld},
	{vault.ErrInsufficientShares, http.StatusConflict, CodeInsufficient},
	{vault.ErrExceedsLien, http.StatusConflict, CodeInsufficient},
	{vault.ErrNoLien, http.StatusConflict, CodeInsufficient},
	{vault.ErrExceedsMax, http.StatusConflict, CodeInsufficient},
	{ledger.ErrExceedsCredits, http.StatusConflict, CodeInsufficient},
	{vault.ErrBadID, http.StatusUnprocessableEntity, CodeInvalidInput},
	{vault.ErrZeroAmount, http.StatusUnprocessableEntity, CodeInvalidInput},
	{vault.ErrZeroShares, http.StatusUnprocessableEntity, CodeInvalidInput},
	{vault.ErrZeroAssets, http.StatusUnprocessableEntity, CodeInvalidInput},
	{vault.ErrNotADraw, http.StatusUnprocessableEntity, CodeInvalidInput},
	{vault.ErrBadReason, http.StatusUnprocessableEntity, CodeInvalidInput},
	{ledger.ErrAmountZero, http.StatusUnprocessableEntity, CodeInvalidInput},
	{ledger.ErrAmountNegative, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrAmountOverflow, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrAmountNegative, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrAmountPrecision, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrNotFinite, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrDecimalSyntax, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrDecimalScale, http.StatusUnprocessableEntity, CodeInvalidInput},
	{money.ErrDecimalRange, http.StatusUnprocessableEntity, CodeInvalidInput},
	{context.DeadlineExceeded, http.StatusServiceUnavailable, CodeTimeout},
	{store.ErrStorage, http.StatusServiceUnavailable, CodeUnavailable},
}

// codeForStatus is the code of problems raised by status alone (huma's own
// validation, routing, body limits).
func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return CodeInvalidInput
	case http.StatusUnauthorized:
		return CodeUnauthenticated
	case http.StatusForbidden:
		return CodeForbidden
	case http.StatusNotFound:
		return CodeNotFound
	case http.StatusConflict:
		return CodeIdempotencyClash
	case http.StatusRequestEntityTooLarge:
		return CodeTooLarge
	case http.StatusTooManyRequests:
		return CodeRateLimited
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return CodeUnavailable
	}
	if status >= 500 {
		return CodeInternal
	}
	return CodeInvalidInput
}

// newProblem replaces huma.NewError: huma's own errors (validation, body
// too large, unknown route) come out in the same shape as ours.
func newProblem(status int, msg string, errs ...error) huma.StatusError {
	p := &Problem{Title: http.StatusText(status), Status: status, Code: codeForStatus(status), Detail: msg}
	for _, e := range errs {
		var d *huma.ErrorDetail
		if errors.As(e, &d) {
			p.Errors = append(p.Errors, &ProblemField{Location: missingLocation(d.Location, d.Message), Message: d.Message, Value: d.Value})
		} else if e != nil {
			p.Errors = append(p.Errors, &ProblemField{Message: e.Error()})
		}
	}
	if status == http.StatusRequestEntityTooLarge || strings.Contains(msg, "body is too large") {
		p.Status, p.Title, p.Code = http.StatusRequestEntityTooLarge, http.StatusText(http.StatusRequestEntityTooLarge), CodeTooLarge
	}
	return p
}

func init() { huma.NewError = newProblem }

// missingProperty is huma's message for an absent required property, which
// it locates at the enclosing object.
var missingProperty = regexp.MustCompile(`^expected required property (\S+) to be present$`)

// missingLocation moves a missing property's location onto the property
// itself (body → body.amount), so every problem names the field.
func missingLocation(loc, msg string) string {
	m := missingProperty.FindStringSubmatch(msg)
	if m == nil {
		return loc
	}
	return joinLocation(loc, m[1])
}

// problemFor turns a domain error into its problem. where is the location
// prefix of the document the error is about ("body.portfolio"); an
// *input.Error's JSON path is appended to it.
func problemFor(err error, where string) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	var ie *input.Error
	if errors.As(err, &ie) {
		loc := where
		if ie.Path != "" {
			loc = joinLocation(where, ie.Path)
		}
		f := &ProblemField{Location: loc, Message: ie.Reason}
		if ie.HasValue {
			f.Value = ie.Value
		}
		return &Problem{Title: http.StatusText(http.StatusUnprocessableEntity), Status: http.StatusUnprocessableEntity, Code: CodeInvalidInput, Detail: err.Error(), Errors: []*ProblemField{f}}
	}
	for _, c := range catalogue {
		if errors.Is(err, c.err) {
			return &Problem{Title: http.StatusText(c.status), Status: c.status, Code: c.code, Detail: err.Error()}
		}
	}
	return &Problem{Title: http.StatusText(http.StatusInternalServerError), Status: http.StatusInternalServerError, Code: CodeInternal, Detail: "internal error: " + err.Error()}
}

func joinLocation(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case strings.HasPrefix(path, "["):
		return prefix + path
	}
	return prefix + "." + path
}

// problemf builds a problem with a status and a code of its own.
func problemf(status int, code, detail string, fields ...*ProblemField) *Problem {
	return &Problem{Title: http.StatusText(status), Status: status, Code: code, Detail: detail, Errors: fields}
}
