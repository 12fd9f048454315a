// vault caps: the deposit caps (caps.json, DESIGN.md "Collateral layer")
// that every deposit, mint and accrual is checked against; show prints the
// stored document or the defaults, set stores a new one (the operator).
package main

import (
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/vault"
)

type vaultCapsCmd struct {
	Show vaultCapsShowCmd `cmd:"" help:"Print the deposit caps: the stored caps.json, or the defaults while none is set."`
	Set  vaultCapsSetCmd  `cmd:"" help:"Store the deposit caps (caps.json) every later deposit, mint and accrual is checked against."`
}

type vaultCapsShowCmd struct {
	storeFlags
}

func (c *vaultCapsShowCmd) Run(e *env) error {
	var doc []byte
	var stored bool
	err := c.view("vault caps show", func(tx vault.Tx) (err error) {
		doc, stored, err = vault.StoredCaps(tx)
		return err
	})
	if err != nil {
		return err
	}
	if c.JSON {
		return writeRawJSON(e.out, doc)
	}
	source := "defaults (none stored)"
	if stored {
		source = "stored"
	}
	t := newTable([]string{"cap", "value"}, left, left)
	t.add("source", source)
	if err := flattenDocument(doc, t); err != nil {
		return refusal("vault caps show", err)
	}
	t.write(e.out, "")
	return nil
}

type vaultCapsSetCmd struct {
	storeFlags
	File string `required:"" help:"Deposit caps file (caps.json contract)." placeholder:"FILE"`
}

func (c *vaultCapsSetCmd) Run(e *env) error {
	doc, err := readDocument(c.File)
	if err != nil {
		return err
	}
	err = c.update("vault caps set", func(tx vault.Tx) error {
		return input.InFile(vault.SetCaps(tx, doc.data), doc.name)
	})
	if err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", marketStored{Stored: true}, [][2]string{{"deposit caps", "stored"}})
}
