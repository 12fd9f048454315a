// Strict input at the edge, before huma reads a request: numeric parameters
// must be plain finite numbers (strconv, which huma parses them with, reads
// "NaN" and "Inf"), and a JSON body must be unambiguous (input.Check: no key
// twice, also not in another case, since encoding/json matches keys
// case-insensitively and lets the last one win; no number beyond float64;
// malformed JSON located at its field). Keys themselves are checked by the
// operation's schema, case-sensitively (huma.ValidateStrictCasing), and
// unknown keys are refused there (huma's default: no additional properties).
// Each refusal is 422 invalid_input naming the parameter or key.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/unimargin/unimargin/internal/input"
)

// Huma's validator matches property names case-insensitively unless told
// otherwise: {"AMOUNT": "2"} would pass as an amount.
func init() { huma.ValidateStrictCasing = true }

// strictInput is the huma middleware applying the rules above; it runs after
// authentication, so an anonymous body is never read.
func (s *Server) strictInput(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if p := numericParams(ctx, op); p != nil {
		s.writeErr(ctx, p)
		return
	}
	if op.RequestBody == nil {
		next(ctx)
		return
	}
	r, _ := humago.Unwrap(ctx)
	// The body's read is bounded; the work after it only by the request's
	// deadline (a read deadline left on the connection cancels the
	// request's context when it passes: server.go's apiConfig).
	_ = ctx.SetReadDeadline(time.Now().Add(s.cfg.BodyReadTimeout))
	data, err := readBody(r.Body, op.MaxBodyBytes, r.ContentLength)
	_ = ctx.SetReadDeadline(time.Time{})
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge) || int64(len(data)) > op.MaxBodyBytes:
		s.writeErr(ctx, problemf(http.StatusRequestEntityTooLarge, CodeTooLarge,
			fmt.Sprintf("the body is larger than the limit of %d bytes", min(op.MaxBodyBytes, s.cfg.MaxBodyBytes))))
		return
	case err != nil:
		s.writeErr(ctx, &Problem{Title: http.StatusText(http.StatusBadRequest), Status: http.StatusBadRequest,
			Code: CodeInvalidInput, Detail: "the body could not be read", cause: err})
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(data)) // for huma, which reads it next
	members, p := s.checkBody(op, data)
	if p != nil {
		s.writeErr(ctx, p)
		return
	}
	if members != nil {
		ctx = huma.WithValue(ctx, checkedBodyKey{}, members)
	}
	next(ctx)
}

// checkedBodyKey is the context key of the top-level members of a body
// strictInput has checked for an operation that skips huma's validation
// (checkBody), for its handler (checkedBookBody).
type checkedBodyKey struct{}

// readBody reads at most limit+1 bytes of a body (one more than allowed
// says it is too large) into a buffer sized by the announced length.
func readBody(body io.Reader, limit, length int64) ([]byte, error) {
	if length < 0 || length > limit {
		length = 512
	}
	buf := make([]byte, 0, length+1)
	lr := io.LimitReader(body, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// checkBody applies input.Check to a body, and for an operation that skips
// huma's validation of its body validates the top level itself and returns
// its members, the portfolio decoded in the same pass (a BookBody's: the
// only such operation is POST /v1/margin).
func (s *Server) checkBody(op *huma.Operation, data []byte) ([]input.Member, *Problem) {
	if len(data) == 0 {
		return nil, nil // huma refuses a missing body the operation requires
	}
	if !op.SkipValidateBody {
		if err := input.Check(data); err != nil {
			return nil, problemFor(err, "body")
		}
		return nil, nil
	}
	members, err := input.CheckObject(data, "portfolio")
	if err != nil {
		return nil, problemFor(err, "body")
	}
	if p := s.validateTop(op, members); p != nil {
		return nil, p
	}
	return members, nil
}

// validateTop validates the top level of a body whose operation skips
// huma's validation (POST /v1/margin: raw documents, each checked by its own
// parser, which huma would decode once more for nothing): huma validates a
// copy of the object in which a property of any shape (a raw document)
// holds a placeholder and every other value is decoded, so keys, required
// properties and typed values are checked as for every other body.
func (s *Server) validateTop(op *huma.Operation, members []input.Member) *Problem {
	mt := op.RequestBody.Content["application/json"]
	if mt == nil || mt.Schema == nil {
		return nil
	}
	reg := s.api.OpenAPI().Components.Schemas
	schema := mt.Schema
	for schema.Ref != "" {
		schema = reg.SchemaFromRef(schema.Ref)
	}
	top := make(map[string]any, len(members))
	for _, m := range members {
		if prop := schema.Properties[m.Key]; prop != nil && prop.Ref == "" && prop.Type == "" {
			top[m.Key] = true // any JSON value; its parser checks it
			continue
		}
		var v any
		if err := json.Unmarshal(m.Value, &v); err != nil {
			return problemFor(err, "body") // not after input.Check; an internal error if so
		}
		top[m.Key] = v
	}
	res := &huma.ValidateResult{}
	pb := huma.NewPathBuffer(make([]byte, 0, 64), 0)
	pb.Push("body")
	huma.Validate(reg, schema, pb, huma.ModeWriteToServer, top, res)
	if len(res.Errors) == 0 {
		return nil
	}
	return newProblem(http.StatusUnprocessableEntity, "validation failed", res.Errors...).(*Problem)
}

// numericParams refuses a number or integer parameter (query, header, path)
// that is not a plain finite decimal number; its schema's bounds are huma's
// to check.
func numericParams(ctx huma.Context, op *huma.Operation) *Problem {
	for _, p := range op.Parameters {
		if p.Schema == nil || (p.Schema.Type != huma.TypeNumber && p.Schema.Type != huma.TypeInteger) {
			continue
		}
		var v string
		switch p.In {
		case "query":
			v = ctx.Query(p.Name)
		case "header":
			v = ctx.Header(p.Name)
		case "path":
			v = ctx.Param(p.Name)
		}
		if v == "" {
			continue
		}
		if _, err := input.ParseFloat(p.Name, v); err != nil {
			return problemFor(err, p.In)
		}
	}
	return nil
}

// jsonFormat is huma's JSON format with decoder errors replaced by sentences
// of our own: encoding/json's messages name Go types and struct fields. A
// BookBody (POST /v1/var's body) is cut into its documents without
// decoding them (decodeBookBody).
var jsonFormat = huma.Format{
	Marshal: huma.DefaultJSONFormat.Marshal,
	Unmarshal: func(data []byte, v any) error {
		if b, ok := v.(*BookBody); ok && decodeBookBody(data, b) {
			return nil
		}
		if err := huma.DefaultJSONFormat.Unmarshal(data, v); err != nil {
			return decodeError(err)
		}
		return nil
	},
}

// decodeBookBody is encoding/json's decoding of a BookBody whose top level
// is well formed and names each field exactly (huma's validation has
// refused every other body by then): each document is the member's text,
// copied, and allow_stale a literal true or false. It reports false,
// leaving b unchanged, for any other body, which the caller decodes with
// encoding/json (so its errors stay encoding/json's). The documents are
// not decoded twice: their own parsers read them next.
func decodeBookBody(data []byte, b *BookBody) bool {
	members, err := input.CheckObject(data)
	if err != nil {
		return false
	}
	// data is huma's buffer, reused after the request
	return bookBodyOf(members, bytes.Clone, b)
}

// checkedBookBody is the BookBody of the body strictInput checked for the
// request (POST /v1/margin): the documents are slices of the body it read
// (kept by no one else), the portfolio already decoded.
func checkedBookBody(ctx context.Context) (BookBody, error) {
	members, _ := ctx.Value(checkedBodyKey{}).([]input.Member)
	var b BookBody
	if !bookBodyOf(members, func(doc []byte) []byte { return doc }, &b) {
		return BookBody{}, problemf(http.StatusInternalServerError, CodeInternal, "the body was not checked")
	}
	return b, nil
}

// bookBodyOf is encoding/json's decoding of a BookBody from the members
// of a top-level object checked by input.CheckObject, each document kept
// as keep returns its text; a decoded portfolio member is kept as such.
// It reports false, leaving b unchanged, for an unknown key or an
// allow_stale other than a literal true, false or null.
func bookBodyOf(members []input.Member, keep func([]byte) []byte, b *BookBody) bool {
	var out BookBody
	for _, m := range members {
		switch m.Key {
		case "portfolio":
			out.Portfolio, out.portfolioDoc = keep(m.Value), m.Decoded
		case "market":
			out.Market = keep(m.Value)
		case "risk_params":
			out.RiskParams = keep(m.Value)
		case "allow_stale":
			switch string(m.Value) {
			case "true":
				out.AllowStale = true
			case "false", "null":
			default:
				return false
			}
		default:
			return false
		}
	}
	*b = out
	return true
}

// decodeError says what a decoder error means for the client, in JSON's
// terms.
func decodeError(err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		where := "the body"
		if typ.Field != "" {
			where = typ.Field
		}
		return fmt.Errorf("%s: must be %s", where, jsonKind(typ.Type))
	}
	return errors.New("malformed JSON")
}

// jsonKind names what JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer in range"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer in range"
	case reflect.Float32, reflect.Float64:
		return "a number in range"
	case reflect.String:
		return "a quoted text"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}
