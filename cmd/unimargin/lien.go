// lien: grant, release, draw and settle liens from an account's vault
// collateral to venues, and list a lien's history (the audit trail).
package main

import (
	"time"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/vault"
)

type lienCmd struct {
	Grant   lienGrantCmd   `cmd:"" help:"Grant a venue a lien on the account's vault collateral; refused if Σ liens would exceed the haircut collateral value or unified initial margin would break."`
	Release lienReleaseCmd `cmd:"" help:"Release (part of) a venue's lien, as the operator acting for the venue (or relaying the venue's own release: --by-venue); the reason is recorded."`
	Draw    lienDrawCmd    `cmd:"" help:"A venue draws on its lien (only while the account is liquidatable): shares are reserved for it, pending settlement."`
	Settle  lienSettleCmd  `cmd:"" help:"Post (--post) or void (--void) a pending draw."`
	History lienHistoryCmd `cmd:"" help:"Every movement of a venue's lien on an account: grants, releases (who released and why), draws and their settlement."`
}

type lienFlags struct {
	storeFlags
	Account   string `required:"" help:"Account id." placeholder:"A"`
	Venue     string `required:"" help:"Venue id." placeholder:"V"`
	AmountUSD string `name:"amount-usd" required:"" help:"USD in whole units (decimal)." placeholder:"X"`
	ID        string `name:"id" required:"" help:"Client request id." placeholder:"REQ"`
}

type lienGrantCmd struct{ lienFlags }

// lienReleaseCmd: the CLI is the operator, so a release is an admin's,
// acting for the venue, with a reason (DESIGN.md, Lien states); --by-venue
// records it as the venue's own, relayed by the operator.
type lienReleaseCmd struct {
	lienFlags
	Reason  string `required:"" help:"Why the lien is released; recorded with the release." placeholder:"TEXT"`
	ByVenue bool   `name:"by-venue" help:"The venue itself released the lien (the operator relays it); recorded as the venue's release."`
}

type lienDrawCmd struct {
	lienFlags
	Asset string `required:"" help:"The vault asset whose shares the venue takes." placeholder:"SYM"`
}

type lienSettleCmd struct {
	storeFlags
	Draw string `required:"" help:"Request id of the draw." placeholder:"REQ"`
	Post bool   `xor:"outcome" required:"" help:"The venue received the collateral: post the draw."`
	Void bool   `xor:"outcome" required:"" help:"It did not: void the draw (the lien and shares come back)."`
	ID   string `name:"id" required:"" help:"Client request id." placeholder:"REQ"`
}

func (c *lienGrantCmd) Run(e *env) error {
	return c.change(e, "lien grant", func(tx vault.Tx) (vault.LienChange, error) {
		cfg, err := govern.StoredConfig(tx, time.Now())
		if err != nil {
			return vault.LienChange{}, err
		}
		return vault.GrantLien(tx, cfg, c.ID, c.Account, c.Venue, c.AmountUSD)
	})
}

func (c *lienReleaseCmd) Run(e *env) error {
	by := vault.AdminReleaser(c.Reason)
	if c.ByVenue {
		by = vault.VenueReleaser(c.Venue, c.Reason)
	}
	return c.change(e, "lien release", func(tx vault.Tx) (vault.LienChange, error) {
		return vault.ReleaseLien(tx, c.ID, by, c.Account, c.Venue, c.AmountUSD)
	})
}

func (c *lienFlags) change(e *env, what string, op func(tx vault.Tx) (vault.LienChange, error)) error {
	var r vault.LienChange
	if err := c.update(what, func(tx vault.Tx) (err error) { r, err = op(tx); return err }); err != nil {
		return err
	}
	rows := [][2]string{{"account", r.Account}, {"venue", r.Venue},
		{"amount (USD)", r.AmountUSD}, {"lien afterwards (USD)", r.LienUSD}}
	if r.By != "" {
		rows = append(rows, [2]string{"released by", r.By}, [2]string{"reason", r.Reason})
	}
	return c.rows(e, c.JSON, "result", r, rows)
}

func (c *lienDrawCmd) Run(e *env) error {
	var d vault.Draw
	err := c.update("lien draw", func(tx vault.Tx) (err error) {
		cfg, err := govern.StoredConfig(tx, time.Now())
		if err != nil {
			return err
		}
		d, err = vault.DrawLien(tx, cfg, c.ID, c.Account, c.Venue, c.Asset, c.AmountUSD)
		return err
	})
	if err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", d, [][2]string{{"account", d.Account}, {"venue", d.Venue}, {"asset", d.Asset},
		{"amount (USD)", d.AmountUSD}, {"assets", d.Assets}, {"shares", d.Shares}, {"status", d.Status}})
}

func (c *lienSettleCmd) Run(e *env) error {
	var s vault.Settlement
	err := c.update("lien settle", func(tx vault.Tx) (err error) {
		s, err = vault.SettleDraw(tx, c.ID, c.Draw, c.Post)
		return err
	})
	if err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", s, [][2]string{{"draw", s.Draw}, {"status", s.Status}})
}

type lienHistoryCmd struct {
	storeFlags
	Account string `required:"" help:"Account id." placeholder:"A"`
	Venue   string `required:"" help:"Venue id." placeholder:"V"`
}

func (c *lienHistoryCmd) Run(e *env) error {
	var h []vault.LienEvent
	err := c.view("lien history", func(tx vault.Tx) (err error) {
		h, err = vault.LienHistory(tx, c.Account, c.Venue)
		return err
	})
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "lien", h); done {
		return err
	}
	t := newTable([]string{"request", "kind", "USD", "by", "reason"}, left, left, right, left, left)
	for _, ev := range h {
		t.add(ev.Request, ev.Kind, ev.AmountUSD, ev.By, ev.Reason)
	}
	t.write(e.out, "")
	return nil
}
