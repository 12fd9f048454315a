// crashTx injects a crash into a transaction: after a given number of calls
// every call fails, as if the process died there; the store must then roll
// the whole transaction back.
package storetest

import (
	"errors"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/vault"
)

var errCrash = errors.New("injected crash")

type crashTx struct {
	tx   vault.Tx
	left int
}

func (c *crashTx) step() error {
	c.left--
	if c.left < 0 {
		return errCrash
	}
	return nil
}

func (c *crashTx) Account(id string) (ledger.Account, bool, error) {
	if err := c.step(); err != nil {
		return ledger.Account{}, false, err
	}
	return c.tx.Account(id)
}

func (c *crashTx) PutAccount(a ledger.Account) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutAccount(a)
}

func (c *crashTx) Transfer(id string) (ledger.Transfer, bool, error) {
	if err := c.step(); err != nil {
		return ledger.Transfer{}, false, err
	}
	return c.tx.Transfer(id)
}

func (c *crashTx) InsertTransfer(t ledger.Transfer) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.InsertTransfer(t)
}

func (c *crashTx) SetTransferStatus(id string, s ledger.Status) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.SetTransferStatus(id, s)
}

func (c *crashTx) LedgerAccounts(prefix string) ([]ledger.Account, error) {
	if err := c.step(); err != nil {
		return nil, err
	}
	return c.tx.LedgerAccounts(prefix)
}

func (c *crashTx) Transfers() ([]ledger.Transfer, error) {
	if err := c.step(); err != nil {
		return nil, err
	}
	return c.tx.Transfers()
}

func (c *crashTx) Vault(asset string) (vault.Vault, bool, error) {
	if err := c.step(); err != nil {
		return vault.Vault{}, false, err
	}
	return c.tx.Vault(asset)
}

func (c *crashTx) PutVault(v vault.Vault) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutVault(v)
}

func (c *crashTx) Vaults() ([]vault.Vault, error) {
	if err := c.step(); err != nil {
		return nil, err
	}
	return c.tx.Vaults()
}

func (c *crashTx) AccountExists(id string) (bool, error) {
	if err := c.step(); err != nil {
		return false, err
	}
	return c.tx.AccountExists(id)
}

func (c *crashTx) CreateAccount(id string) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.CreateAccount(id)
}

func (c *crashTx) Request(id string) (vault.Request, bool, error) {
	if err := c.step(); err != nil {
		return vault.Request{}, false, err
	}
	return c.tx.Request(id)
}

func (c *crashTx) PutRequest(r vault.Request) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutRequest(r)
}

func (c *crashTx) Portfolio(account string) ([]byte, bool, error) {
	if err := c.step(); err != nil {
		return nil, false, err
	}
	return c.tx.Portfolio(account)
}

func (c *crashTx) PutPortfolio(account string, doc []byte) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutPortfolio(account, doc)
}

func (c *crashTx) Market() ([]byte, bool, error) {
	if err := c.step(); err != nil {
		return nil, false, err
	}
	return c.tx.Market()
}

func (c *crashTx) PutMarket(doc []byte) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutMarket(doc)
}

func (c *crashTx) AccountIDs() ([]string, error) {
	if err := c.step(); err != nil {
		return nil, err
	}
	return c.tx.AccountIDs()
}

func (c *crashTx) RiskParams() ([]byte, bool, error) {
	if err := c.step(); err != nil {
		return nil, false, err
	}
	return c.tx.RiskParams()
}

func (c *crashTx) PutRiskParams(doc []byte) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutRiskParams(doc)
}

func (c *crashTx) Caps() ([]byte, bool, error) {
	if err := c.step(); err != nil {
		return nil, false, err
	}
	return c.tx.Caps()
}

func (c *crashTx) PutCaps(doc []byte) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutCaps(doc)
}

func (c *crashTx) ParamsKey(account string) (int, bool, error) {
	if err := c.step(); err != nil {
		return 0, false, err
	}
	return c.tx.ParamsKey(account)
}

func (c *crashTx) PutParamsKey(account string, version int) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.PutParamsKey(account, version)
}

func (c *crashTx) DeleteParamsKey(account string) error {
	if err := c.step(); err != nil {
		return err
	}
	return c.tx.DeleteParamsKey(account)
}
