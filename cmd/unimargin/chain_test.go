// End-to-end tests of `unimargin chain`: the simulated chain mirrors the
// store (ledger and chain side by side, liens under engine-signed
// attestations, stale markets refused), and the development chain served by
// `chain node` takes a deployment, an attestation the contract accepts, and
// reads back beside the ledger.
package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/chain"
)

// freshMarket is the fixture market with as_of a few seconds ago, so that
// attestations of it are fresh on a chain whose clock is the wall clock.
func freshMarket(t *testing.T) string {
	at := time.Now().UTC().Add(-5 * time.Second).Truncate(time.Second).Format(time.RFC3339)
	m := strings.ReplaceAll(fixture(t, "market.json"), "2026-11-24T23:59:30Z", at)
	m = strings.ReplaceAll(m, "2026-11-24T23:58:00Z", at)
	return writeFile(t, t.TempDir(), "market.json", replaceOnce(t, m, "2026-11-25T00:00:00Z", at))
}

type deployOut struct {
	Chain      string
	Deployment struct {
		ChainID string `json:"chain_id"`
		Master  string
		Vaults  map[string]struct{ Vault, Token string }
	}
	SideBySide []struct {
		Account, What, Ledger, Chain string
		Equal                        bool
	} `json:"side_by_side"`
	Warnings []string
	Gas      []struct {
		Op    string
		Count int
		Mean  uint64
	}
}

// collateralStore fills a store: WETH and USDC deposits, yield on WETH, a
// book and a lien of fund-a to dydx.
func collateralStore(t *testing.T, market string) string {
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
	u("market", "set", "--market", market)
	u("vault", "deposit", "--account", "fund-a", "--asset", "WETH", "--amount", "10", "--id", "d1")
	u("vault", "deposit", "--account", "fund-b", "--asset", "USDC", "--amount", "2500.5", "--id", "d2")
	u("vault", "accrue", "--asset", "WETH", "--amount", "0.123", "--id", "a1")
	u("vault", "deposit", "--account", "fund-b", "--asset", "WETH", "--amount", "0.000000000000000007", "--id", "d3")
	u("account", "set-portfolio", "--account", "fund-a", "--portfolio", writeFile(t, t.TempDir(), "book.json", collateralBook))
	u("lien", "grant", "--account", "fund-a", "--venue", "dydx", "--amount-usd", "10000", "--id", "l1")
	return db
}

func TestChainDeploySimulatedMirrorsTheLedger(t *testing.T) {
	db := collateralStore(t, freshMarket(t))
	var out deployOut
	decode(t, mustSucceed(t, "chain", "deploy", "--db", db, "--json"), &out)
	if out.Chain != "simulated" || out.Deployment.ChainID != "1337" || len(out.Deployment.Vaults) != 2 {
		t.Fatalf("deployment %+v", out.Deployment)
	}
	if len(out.Warnings) != 0 {
		t.Fatalf("warnings: %v", out.Warnings)
	}
	// fund-a: WETH shares and claim; its lien; fund-b: USDC and dust WETH.
	if len(out.SideBySide) != 7 {
		t.Fatalf("side by side has %d rows: %+v", len(out.SideBySide), out.SideBySide)
	}
	for _, s := range out.SideBySide {
		if !s.Equal || s.Ledger != s.Chain {
			t.Errorf("%s %s: ledger %s, chain %s", s.Account, s.What, s.Ledger, s.Chain)
		}
	}
	ops := map[string]bool{}
	for _, g := range out.Gas {
		ops[g.Op] = g.Mean > 0 && g.Count > 0
	}
	for _, op := range []string{"deploy master", "deploy vault", "mint", "donate", "grant lien"} {
		if !ops[op] {
			t.Errorf("no gas reported for %q: %+v", op, out.Gas)
		}
	}
	// The same store gives the same output (no run-dependent values).
	if again := mustSucceed(t, "chain", "deploy", "--db", db, "--json"); !strings.Contains(again, out.Deployment.Master) {
		t.Fatalf("a second deploy differs:\n%s", again)
	}
	text := mustSucceed(t, "chain", "deploy", "--db", db)
	for _, want := range []string{"Master vault (simulated chain, id 1337)", "Ledger and chain", "lien:dydx", "Gas per operation", "grant lien"} {
		if !strings.Contains(text, want) {
			t.Errorf("chain deploy prints no %q:\n%s", want, text)
		}
	}
	refused(t, "--rpc", "chain", "deploy", "--db", db, "--key", "0x01")
	refused(t, "--max-age", "chain", "deploy", "--db", db, "--max-age", "48h")
}

// A lien on a stale market is not mirrored: the contract refuses the
// attestation, and deploy says why.
func TestChainDeployStaleMarketWarns(t *testing.T) {
	db := collateralStore(t, writeFile(t, t.TempDir(), "market.json", fixture(t, "market.json")))
	var out deployOut
	decode(t, mustSucceed(t, "chain", "deploy", "--db", db, "--json"), &out)
	if len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "stale") || !strings.Contains(out.Warnings[0], "dydx") {
		t.Fatalf("warnings %v", out.Warnings)
	}
	for _, s := range out.SideBySide {
		if strings.HasPrefix(s.What, "lien:") == s.Equal {
			t.Errorf("%s %s: equal %v", s.Account, s.What, s.Equal)
		}
	}
}

// startNode runs `unimargin chain node` on a free port and returns its
// printed lines by first word; the node stops with the test (SIGTERM, exit 0).
func startNode(t *testing.T, fund ...string) map[string]string {
	t.Helper()
	args := []string{"chain", "node", "--addr", "127.0.0.1:0"}
	for _, f := range fund {
		args = append(args, "--fund", f)
	}
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("chain node after SIGTERM: %v", err)
		}
	})
	lines := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for len(lines) < 4 && sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 {
			lines[strings.Join(f[:len(f)-1], " ")] = f[len(f)-1]
		}
	}
	if lines["rpc"] == "" || lines["key governance"] == "" || lines["key signer"] == "" {
		t.Fatalf("chain node printed %v", lines)
	}
	return lines
}

func TestChainOverRPC(t *testing.T) {
	account, venue := chain.DevKey("rpc account"), chain.DevKey("rpc venue")
	node := startNode(t, chain.KeyAddress(account).Hex(), chain.KeyAddress(venue).Hex())
	rpc := node["rpc"]
	db := collateralStore(t, freshMarket(t))
	var out deployOut
	decode(t, mustSucceed(t, "chain", "deploy", "--db", db, "--rpc", rpc, "--key", node["key governance"],
		"--signer", chain.KeyAddress(mustKey(t, node["key signer"])).Hex(), "--venue", chain.KeyAddress(venue).Hex(), "--json"), &out)
	if out.Chain != "rpc" || out.Deployment.Master == "" || len(out.Deployment.Vaults) != 2 {
		t.Fatalf("deploy over RPC: %+v", out)
	}
	master := out.Deployment.Master

	// The engine signs fund-a's margin for a lien of 100 USD to the venue.
	attest := func(extra ...string) result {
		return runCLI(t, "", append([]string{"chain", "attest", "--db", db, "--account", "fund-a",
			"--address", chain.KeyAddress(account).Hex(), "--master", master, "--rpc", rpc, "--key", node["key signer"]}, extra...)...)
	}
	r := attest("--kind", "lien", "--venue", chain.KeyAddress(venue).Hex(), "--amount-usd", "100", "--json")
	if r.code != 0 {
		t.Fatalf("chain attest: %v", r)
	}
	var v chain.AttestationView
	decode(t, r.stdout, &v)
	if v.Kind != "lien" || v.Nonce != 0 || v.USD != "100" || v.Liquidatable || strings.HasPrefix(v.Excess, "-") {
		t.Fatalf("attestation %+v", v)
	}
	// The account submits it: the contract accepts the engine's signature.
	ctx := context.Background()
	c, err := chain.Dial(ctx, rpc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := chain.Open(ctx, c, mustAddr(t, master))
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.Signed(0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.GrantLien(ctx, account, chain.KeyAddress(venue), s.USD, s); err != nil {
		t.Fatalf("the contract refused the CLI's attestation: %v", err)
	}
	var st struct {
		Chain struct {
			LiensUSD string `json:"liens_usd"`
			Nonce    uint64
		}
		Ledger *struct{ Account string }
	}
	decode(t, mustSucceed(t, "chain", "state", "--db", db, "--rpc", rpc, "--master", master,
		"--address", chain.KeyAddress(account).Hex(), "--account", "fund-a", "--json"), &st)
	if st.Chain.LiensUSD != "100" || st.Chain.Nonce != 1 || st.Ledger == nil || st.Ledger.Account != "fund-a" {
		t.Fatalf("chain state: %+v", st)
	}
	text := mustSucceed(t, "chain", "state", "--db", db, "--rpc", rpc, "--master", master,
		"--address", chain.KeyAddress(account).Hex(), "--account", "fund-a")
	if !strings.Contains(text, "liens 100 USD, next attestation nonce 1") || !strings.Contains(text, "WETH") {
		t.Fatalf("chain state prints:\n%s", text)
	}
	refused(t, "--master", "chain", "state", "--rpc", rpc, "--master", "0x1234", "--address", chain.KeyAddress(account).Hex())

	// A draw is signed only for a liquidatable account; a withdrawal that
	// breaks the ledger's margin is refused by the engine before signing.
	if r := attest("--kind", "draw", "--venue", chain.KeyAddress(venue).Hex(), "--asset", "WETH", "--amount-usd", "10"); r.code != 1 || !strings.Contains(r.stderr, "not liquidatable") {
		t.Fatalf("draw attestation of a healthy account: %v", r)
	}
	if r := attest("--kind", "withdraw", "--asset", "WETH", "--amount", "9"); r.code != 1 || !strings.Contains(r.stderr, "margin") {
		t.Fatalf("withdrawal attestation that breaks margin: %v", r)
	}
	r = attest("--kind", "withdraw", "--asset", "WETH", "--amount", "0.5", "--json")
	if r.code != 0 {
		t.Fatalf("withdrawal attestation: %v", r)
	}
	decode(t, r.stdout, &v)
	if v.Kind != "withdraw" || v.Assets != "0.5" || v.Nonce != 1 || v.Vault != out.Deployment.Vaults["WETH"].Vault {
		t.Fatalf("withdrawal attestation %+v", v)
	}
	// The what-if withdrawal was rolled back.
	if got := mustSucceed(t, "vault", "state", "--account", "fund-a", "--db", db, "--json"); !strings.Contains(got, `"shares": "10"`) {
		t.Fatalf("the attestation's withdrawal stayed in the store: %s", got)
	}
	if r := attest("--kind", "lien", "--venue", chain.KeyAddress(venue).Hex(), "--amount-usd", "1"); r.code != 0 ||
		!strings.Contains(r.stdout, "signature") || !strings.Contains(r.stdout, "liquidatable") {
		t.Fatalf("chain attest as text: %v", r)
	}
	if r := attest("--kind", "lien"); r.code != 1 || !strings.Contains(r.stderr, "--venue") {
		t.Fatalf("a lien attestation without --venue: %v", r)
	}
}

func mustKey(t *testing.T, hex string) *ecdsa.PrivateKey {
	k, err := chain.ParseKey(hex)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustAddr(t *testing.T, s string) chain.Address {
	a, err := chain.ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
