// A venue's side of its liens (DESIGN.md, Lien states): the liens granted
// to it across accounts, and their release. Access level "venue": the venue
// named by the {venue} path parameter, or an admin acting for it, who must
// give a reason (recorded with the release). An account's token never
// reaches these routes: a lien is the venue's claim on the account.
package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/vault"
)

// VenueLienRelease is a venue's release of (part of) its lien on an account.
type VenueLienRelease struct {
	Account   string `json:"account" minLength:"1" maxLength:"128" doc:"The account whose lien to this venue is released."`
	AmountUSD string `json:"amount_usd" minLength:"1" maxLength:"100" doc:"USD as a plain decimal string, at most 18 decimals."`
	Reason    string `json:"reason,omitempty" maxLength:"500" doc:"Why; optional for the venue itself, required of an admin acting for it. Recorded with the release."`
}

type venueInput struct {
	Venue string `path:"venue" maxLength:"128" doc:"The venue id."`
}

type venueLienReleaseInput struct {
	Venue string `path:"venue" maxLength:"128" doc:"The venue id: the venue holding the lien."`
	Key   string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"255" doc:"A client-chosen key for this move, unique per caller and venue: a retry with the same key and body returns the first response without moving anything again; another body under the same key is 409 idempotency_conflict."`
	Body  VenueLienRelease
}

type venueLiensOutput struct{ Body vault.VenueLiens }

// venueOp is the shape of every /v1/venues/{venue} operation.
func venueOp(id, method, path, summary, desc string, errs ...int) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: method, Path: path, Tags: []string{"vault"},
		Summary: summary, Description: desc,
		Security: bearerSecurity, Metadata: map[string]any{"access": accessVenue},
		Errors: append([]int{401, 403, 422, 429}, errs...),
	}
}

func (s *Server) registerVenues() {
	huma.Register(s.api, venueOp("list-venue-liens", http.MethodGet, "/v1/venues/{venue}/liens",
		"The venue's liens across accounts",
		"Each account's active lien to the venue (what it may draw on or release) and what its pending draws hold, as decimal strings in whole USD, by account.", 503),
		func(ctx context.Context, in *venueInput) (*venueLiensOutput, error) {
			out := &venueLiensOutput{}
			err := s.db.View(ctx, func(tx vault.Tx) (err error) {
				out.Body, err = vault.LiensOf(tx, in.Venue)
				return err
			})
			if err != nil {
				return nil, venueProblem(err)
			}
			return out, nil
		})
	huma.Register(s.api, venueOp("create-venue-lien-release", http.MethodPost, "/v1/venues/{venue}/lien-releases",
		"The venue releases part of its lien on an account",
		"Reduces the venue's lien on the account by the amount, never what pending draws hold (409 insufficient_balance above it). "+
			"An admin may act for the venue and must then give a reason. An account that does not exist answers as one the venue has no lien on (409 insufficient_balance): a venue cannot learn which accounts exist. Requires an Idempotency-Key header.", 409),
		func(ctx context.Context, in *venueLienReleaseInput) (*moveOutput[vault.LienChange], error) {
			by := releaserOf(ctx, in.Body.Reason)
			f := moveFields{amount: "body.amount_usd", amountValue: in.Body.AmountUSD, venue: "path.venue",
				account: "body.account", reason: "body.reason", reasonValue: in.Body.Reason}
			acct := in.Body.Account
			return move(ctx, s, acct, venueScope(in.Venue), in.Key, f, func(tx vault.Tx, rid string) (vault.LienChange, error) {
				return vault.ReleaseLien(tx, rid, by, acct, in.Venue, in.Body.AmountUSD)
			})
		})
}

// releaserOf is the caller as the vault's lien rules see it: an admin acts
// for any venue, a venue for itself, and anyone else is no releaser, which
// the vault refuses (403) even if an access level were ever set wrong.
func releaserOf(ctx context.Context, reason string) vault.Releaser {
	sub, _ := subjectOf(ctx)
	switch {
	case sub.Admin:
		return vault.AdminReleaser(reason)
	case sub.Venue != "":
		return vault.VenueReleaser(sub.Venue, reason)
	}
	return vault.Releaser{}
}

// venueProblem is problemFor with the venue's path parameter named.
func venueProblem(err error) *Problem {
	p := problemFor(err, "")
	if errors.Is(err, vault.ErrBadID) {
		p.Errors = append(p.Errors, &ProblemField{Location: "path.venue", Message: err.Error()})
	}
	return p
}
