// The JSON-RPC 2.0 envelope of every Deribit response.
package deribit

import (
	"github.com/unimargin/unimargin/internal/input"
)

// result decodes a Deribit JSON-RPC response and returns its result array.
// A JSON-RPC error object becomes an input error quoting Deribit's message.
func result(data []byte) ([]input.Node, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	if en, ok := obj.Optional("error"); ok {
		msg := en.Text()
		if eo, err := en.Object(); err == nil {
			if mn, ok := eo.Optional("message"); ok {
				msg = mn.Text()
			}
		}
		return nil, input.Invalid(en.Path, msg, "is a JSON-RPC error response, not a result")
	}
	jn, err := obj.Required("jsonrpc")
	if err != nil {
		return nil, err
	}
	if v, err := jn.String(); err != nil || v != "2.0" {
		return nil, input.Invalid(jn.Path, jn.Text(), "must be \"2.0\"")
	}
	for _, f := range []string{"id", "usIn", "usOut", "usDiff", "testnet"} {
		obj.Optional(f) // envelope metadata Deribit adds; not used
	}
	rn, err := obj.Required("result")
	if err != nil {
		return nil, err
	}
	items, err := rn.Array()
	if err != nil {
		return nil, err
	}
	return items, obj.Finish()
}

// checkNumbers reads the optional numeric fields of obj, checking only that
// each is a finite number (or null): fields the importer does not use.
func checkNumbers(obj *input.Object, names ...string) error {
	for _, f := range names {
		if n, ok := obj.Optional(f); ok {
			if _, err := n.Float(); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkStrings reads optional string fields the importer does not use.
func checkStrings(obj *input.Object, names ...string) error {
	for _, f := range names {
		if n, ok := obj.Optional(f); ok {
			if _, err := n.String(); err != nil {
				return err
			}
		}
	}
	return nil
}
