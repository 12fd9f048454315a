// The error catalogue: every domain error the API can return, mapped in this
// one table to an HTTP status and a stable machine code, written as RFC 9457
// application/problem+json. Codes never change meaning once shipped.
//
// What a problem may say (DESIGN.md, Service): no decoder message, Go type or
// field name, file path, stack, driver or bus error, nor request content
// beyond the offending field's name and value. So a 5xx says one fixed
// sentence per code and the request id, and its error goes to the log under
// that id (finish); a value is quoted only for the field it belongs to, and
// only when short and scalar (fieldValue); decoder errors are replaced by
// sentences of our own (jsonFormat).
package server

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

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
	Detail   string          `json:"detail,omitempty" doc:"What went wrong, for people. For a 5xx, one fixed sentence and the request id."`
	Instance string          `json:"instance,omitempty" doc:"The request path."`
	Errors   []*ProblemField `json:"errors,omitempty" doc:"Each offending field, by its location."`

	cause error // the error the problem stands for, for the log only
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
	CodeMethodNotAllowed   = "method_not_allowed"
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
	{vault.ErrTooManyLienVenues, http.StatusUnprocessableEntity, CodeInvalidInput},
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
	// A client gone before its answer: the work stopped with its context.
	{context.Canceled, http.StatusServiceUnavailable, CodeUnavailable},
	{store.ErrStorage, http.StatusServiceUnavailable, CodeUnavailable},
}

// conflictDetail replaces the vault's message, which quotes the first
// request's body.
const conflictDetail = "this Idempotency-Key was already used with a different body or for another kind of move"

// fixedDetails are the details of catalogue entries whose error message
// may not be shown (it stays in the log).
var fixedDetails = map[error]string{
	vault.ErrRequestConflict: conflictDetail,
	ledger.ErrIDConflict:     conflictDetail,
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
	case http.StatusMethodNotAllowed:
		return CodeMethodNotAllowed
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
// too large, unknown route) come out in the same shape as ours. A value is
// kept only for a field (huma quotes the whole body at "body"), and an error
// that is not a huma.ErrorDetail (a handler's unexpected error) is the
// cause, not a message.
func newProblem(status int, msg string, errs ...error) huma.StatusError {
	p := &Problem{Title: http.StatusText(status), Status: status, Code: codeForStatus(status), Detail: msg}
	for _, e := range errs {
		var d *huma.ErrorDetail
		switch {
		case errors.As(e, &d):
			f := &ProblemField{Location: missingLocation(d.Location, d.Message), Message: d.Message}
			if f.Location != "body" {
				f.Value = fieldValue(d.Value)
			}
			p.Errors = append(p.Errors, f)
		case e != nil:
			p.cause = errors.Join(p.cause, e)
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
		detail := ie.Reason
		if ie.HasValue && scalarText(ie.Value) {
			f.Value = fieldValue(ie.Value)
			detail = strconv.Quote(truncate(ie.Value)) + " " + detail
		}
		if loc != "" {
			detail = loc + ": " + detail
		}
		return &Problem{Title: http.StatusText(http.StatusUnprocessableEntity), Status: http.StatusUnprocessableEntity, Code: CodeInvalidInput,
			Detail: detail, Errors: []*ProblemField{f}, cause: err}
	}
	for _, c := range catalogue {
		if errors.Is(err, c.err) {
			detail, fixed := fixedDetails[c.err]
			if !fixed {
				detail = err.Error()
			}
			return &Problem{Title: http.StatusText(c.status), Status: c.status, Code: c.code, Detail: detail, cause: err}
		}
	}
	return &Problem{Title: http.StatusText(http.StatusInternalServerError), Status: http.StatusInternalServerError, Code: CodeInternal, cause: err}
}

// maxValueChars bounds a quoted value: a problem names the field and shows
// enough of what was sent to recognise it, never the whole of a long text.
const maxValueChars = 64

// truncate shortens s to maxValueChars characters, marking the cut.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxValueChars {
		return s
	}
	r := []rune(s)
	return string(r[:maxValueChars]) + "…"
}

// scalarText reports whether an input error's value text is a scalar:
// input quotes an object or an array as its JSON, which is more than the
// value of one field.
func scalarText(v string) bool {
	return !strings.HasPrefix(v, "{") && !strings.HasPrefix(v, "[")
}

// maxInstanceChars bounds the instance (the request path) a problem
// repeats: a path is not a place for kilobytes, and the offending part is
// named by the problem's fields.
const maxInstanceChars = 256

// fieldValue is what a problem may quote of a field's value: a scalar, a
// long text shortened; an object or array is not quoted (it is more than
// the value of one field).
func fieldValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return truncate(x)
	case bool, float64, float32, int, int64, int32, uint, uint64, uint32:
		return x
	}
	return nil
}

// serverSentence is the whole detail of a 5xx, by code: what went wrong
// inside the server is for its log, not for the client.
func serverSentence(code string) string {
	switch code {
	case CodeTimeout:
		return "The request took longer than the server allows."
	case CodeUnavailable:
		return "The service cannot answer this request now; retry later."
	}
	return "The server failed to answer this request."
}

// finish readies a problem for the client of the request ctx belongs to:
// the path as its instance, and for a 5xx the fixed sentence and the
// request id in place of the detail and fields, whose error is logged at
// error level under that id. A 4xx's cause is logged at debug level.
func (s *Server) finish(ctx context.Context, path string, p *Problem) {
	if p.Instance == "" {
		p.Instance = path
		if len(path) > maxInstanceChars {
			p.Instance = path[:maxInstanceChars] + "…"
		}
	}
	id, _ := ctx.Value(keyRequestID).(string)
	if p.Status < http.StatusInternalServerError {
		if p.cause != nil {
			s.log.DebugContext(ctx, "problem", "request_id", id, "status", p.Status, "code", p.Code, "error", p.cause.Error())
		}
		return
	}
	cause := p.Detail
	if p.cause != nil {
		cause = p.cause.Error()
	}
	s.log.ErrorContext(ctx, "problem", "request_id", id, "status", p.Status, "code", p.Code, "error", cause)
	p.Detail = serverSentence(p.Code) + " Request id: " + id + "."
	p.Errors = nil
	p.cause = nil
}

// transformProblem is the huma transformer that finishes every problem a
// handler, a validator or huma itself answers with.
func (s *Server) transformProblem(ctx huma.Context, _ string, v any) (any, error) {
	if p, ok := v.(*Problem); ok {
		s.finish(ctx.Context(), ctx.URL().Path, p)
	}
	return v, nil
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
