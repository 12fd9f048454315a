// limits: an account's limits (DESIGN.md "Limits and alerts") read and
// written on the store from the command line, through the same code as
// GET/PUT /v1/accounts/{id}/limits (server.LimitsOf, server.SetLimits):
// one validation (alert.CheckLimits), whose errors name the offending
// field (limits[i].kind, limits[i].threshold). The service evaluates the
// limits on the account's next margin event; a set restarts every breach
// state clear, as a PUT does.
package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/server"
)

type limitsCmd struct {
	Show  limitsShowCmd  `cmd:"" help:"An account's limits and whether each is breached."`
	Set   limitsSetCmd   `cmd:"" help:"Replace an account's limits (--limit KIND=THRESHOLD, repeated)."`
	Clear limitsClearCmd `cmd:"" help:"Remove every limit of an account."`
}

// limitsSetBy is the set_by of limits written from the command line (the
// API records the subject of the token).
const limitsSetBy = "cli"

type limitsShowCmd struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
}

type limitsSetCmd struct {
	storeFlags
	Account string   `required:"" help:"Account id." placeholder:"A"`
	Limit   []string `required:"" help:"KIND=THRESHOLD; kinds: health, excess, liquidation_distance, concentration (alert below, except concentration: above)." placeholder:"KIND=X"`
}

type limitsClearCmd struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
}

// parseLimits reads --limit values as the API body's limits array: the
// i-th flag is limits[i].
func parseLimits(flags []string) ([]alert.Limit, error) {
	out := make([]alert.Limit, 0, len(flags))
	for i, f := range flags {
		at := fmt.Sprintf("limits[%d]", i)
		kind, value, ok := strings.Cut(f, "=")
		if !ok {
			return nil, &alert.FieldError{Field: at, Value: f, Reason: "want KIND=THRESHOLD"}
		}
		// A decimal as the API's JSON number spells it (input.ParseFloat):
		// strconv alone takes Go's 1_0 and 0x1p4.
		x, err := input.ParseFloat(at+".threshold", strings.TrimSpace(value))
		if err != nil {
			return nil, &alert.FieldError{Field: at + ".threshold", Value: value, Reason: "is not a finite decimal number"}
		}
		out = append(out, alert.Limit{Kind: alert.Kind(strings.TrimSpace(kind)), Threshold: x})
	}
	return out, nil
}

// limitsRefusal is a validation error as `limits <what>: --limit: <field>: …`.
func limitsRefusal(what string, err error) error {
	var fe *alert.FieldError
	if errors.As(err, &fe) {
		return usagef("limits %s: --limit: %v", what, fe)
	}
	return refusal("limits "+what, err)
}

func (c *limitsShowCmd) Run(e *env) error {
	return showLimits(e, &c.storeFlags, c.Account)
}

func (c *limitsSetCmd) Run(e *env) error {
	ls, err := parseLimits(c.Limit)
	if err == nil {
		err = alert.CheckLimits(ls)
	}
	if err != nil {
		return limitsRefusal("set", err)
	}
	if err := writeLimits(&c.storeFlags, "set", c.Account, ls); err != nil {
		return err
	}
	return showLimits(e, &c.storeFlags, c.Account)
}

func (c *limitsClearCmd) Run(e *env) error {
	if err := writeLimits(&c.storeFlags, "clear", c.Account, nil); err != nil {
		return err
	}
	return showLimits(e, &c.storeFlags, c.Account)
}

func writeLimits(f *storeFlags, what, account string, ls []alert.Limit) error {
	ctx := context.Background()
	db, err := f.openAccount(ctx, "limits "+what, account)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := server.SetLimits(ctx, db, account, ls, limitsSetBy); err != nil {
		return limitsRefusal(what, err)
	}
	return nil
}

func showLimits(e *env, f *storeFlags, account string) error {
	ctx := context.Background()
	db, err := f.openAccount(ctx, "limits", account)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Limits(ctx, account)
	if err != nil {
		return fmt.Errorf("%w: limits: %v", errInternal, err)
	}
	return printLimits(e, f, server.LimitsOf(account, rows))
}

func printLimits(e *env, f *storeFlags, l server.Limits) error {
	if done, err := f.machine(e, f.JSON, "limits", l); done {
		return err
	}
	if len(l.Limits) == 0 {
		fmt.Fprintf(e.out, "%s: no limits\n", l.Account)
		return nil
	}
	t := newTable([]string{"kind", "threshold", "alert when", "breached", "set_by"}, left, right, left, left, left)
	for _, s := range l.Limits {
		when := "below"
		if s.Kind == alert.Concentration {
			when = "above"
		}
		t.add(string(s.Kind), strconv.FormatFloat(s.Threshold, 'g', -1, 64), when, strconv.FormatBool(s.Breached), s.SetBy)
	}
	t.write(e.out, "")
	return nil
}
