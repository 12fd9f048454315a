// alerts: an account's stored alerts (the service raises them on its
// limits, DESIGN.md "Limits and alerts"), newest first, read from the
// store like history; the same page as GET /v1/accounts/{id}/alerts.
package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/unimargin/unimargin/internal/server"
)

type alertsCmd struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
	Limit   int    `default:"50" help:"At most this many alerts (1 to 500)."`
	Before  int64  `help:"Only alerts with seq below this (a previous page's next); 0: from the newest." placeholder:"SEQ"`
}

func (c *alertsCmd) Run(e *env) error {
	if c.Limit < 1 || c.Limit > 500 {
		return usagef("--limit %d: must be 1 to 500", c.Limit)
	}
	if c.Before < 0 {
		return usagef("--before %d: must be ≥ 0", c.Before)
	}
	ctx := context.Background()
	db, err := c.openAccount(ctx, "alerts", c.Account)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Alerts(ctx, c.Account, c.Before, c.Limit+1)
	if err != nil {
		return fmt.Errorf("%w: alerts: %v", errInternal, err)
	}
	page := server.AlertsOf(c.Account, rows, c.Limit)
	if done, err := c.machine(e, c.JSON, "alerts", page); done {
		return err
	}
	t := newTable([]string{"seq", "raised_at", "kind", "state", "value", "threshold", "as_of"},
		right, left, left, left, right, right, left)
	for _, a := range page.Alerts {
		value := "null"
		if a.Value != nil {
			value = strconv.FormatFloat(*a.Value, 'g', 6, 64)
		}
		t.add(strconv.FormatInt(a.Seq, 10), a.RaisedAt, string(a.Kind), a.State, value,
			strconv.FormatFloat(a.Threshold, 'g', 6, 64), a.AsOf)
	}
	t.write(e.out, "")
	if page.Next != nil {
		fmt.Fprintf(e.out, "\nmore: --before %d\n", *page.Next)
	}
	return nil
}
