// The GraphQL response envelope of the subgraph importers.
package importer

import "github.com/unimargin/unimargin/internal/input"

// GraphQLData decodes a GraphQL response ({"data": {…}}, as The Graph
// returns a query result) and returns its data object. A response with
// errors, without data, or with any other top-level field is an
// *input.Error naming the field.
func GraphQLData(data []byte) (*input.Object, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	if en, ok := obj.Optional("errors"); ok {
		return nil, input.Invalid(en.Path, en.Text(), "is a GraphQL error response, not a result")
	}
	dn, err := obj.Required("data")
	if err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	return dn.Object()
}
