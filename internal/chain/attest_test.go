// Attestations: Go's EIP-712 digest is the contract's, and the verifier
// accepts only fresh, correctly and canonically signed attestations of the
// governed signer set, each once.
package chain

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// Goal: Digest is attestationDigest, for every field. Method: random
// attestations (negative excess, 256-bit amounts included) hashed by both.
func TestDigestMatchesContract(t *testing.T) {
	f := newFixture(t)
	r := rand.New(rand.NewPCG(7, 12))
	word := func() money.Amount {
		x := new(big.Int)
		for i := 0; i < 1+r.IntN(4); i++ {
			x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(r.Uint64()))
		}
		return big2(x)
	}
	addr := func() Address {
		var a Address
		for i := range a {
			a[i] = byte(r.Uint32())
		}
		return a
	}
	for i := 0; i < 50; i++ {
		excess := word().Big()
		excess.Rsh(excess, 2)
		if r.IntN(2) == 0 {
			excess.Neg(excess)
		}
		a := Attestation{Kind: Kind(1 + r.IntN(3)), Account: addr(), Venue: addr(), Vault: addr(),
			Assets: word(), USD: word(), Nonce: r.Uint64(),
			Figures: Figures{Initial: word(), Maintenance: word(), Excess: excess, Collateral: word(), MarketTime: r.Uint64()}}
		for j := range a.ParamsVersion {
			a.ParamsVersion[j] = byte(r.Uint32())
		}
		want, err := f.m.ContractDigest(f.ctx, a)
		f.must(t, err)
		if got := Digest(f.m.Domain(), a); got != want {
			t.Fatalf("attestation %d: Go digest %x, contract %x (%+v)", i, got, want, a)
		}
	}
}

// Goal: FiguresOf rounds conservatively. Method: requirements round up,
// equity down (toward −∞ when negative), liquidatable as the report says.
func TestFiguresOf(t *testing.T) {
	at := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	pv := "sha256:ab" + strings.Repeat("0", 60) + "cd"
	cases := []struct {
		name                         string
		u                            margin.Unified
		initial, maintenance, excess string
		liquidatable                 bool
	}{
		{"healthy", margin.Unified{Equity: 1500.25, Initial: 1000, Maintenance: 800}, "1000", "800", "500.25", false},
		{"below maintenance", margin.Unified{Equity: 700, Initial: 1000, Maintenance: 800, Liquidatable: true}, "1000", "800", "-300", true},
		{"negative equity", margin.Unified{Equity: -0.1, Initial: 10, Maintenance: 8, Liquidatable: true},
			"10", "8", "-10.100000000000000006", true},
		{"a third", margin.Unified{Equity: 1.0 / 3, Initial: 1.0 / 3, Maintenance: 0.1}, "0.333333333333333315", "0.100000000000000006", "-0.000000000000000001", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fg, err := FiguresOf(vault.Attested{Unified: c.u, CollateralUSD: usd(t, "1"), ParamsVersion: pv, AsOf: at})
			if err != nil {
				t.Fatal(err)
			}
			if got := fg.Initial.Units(18); got != c.initial {
				t.Errorf("initial %s, want %s", got, c.initial)
			}
			if got := fg.Maintenance.Units(18); got != c.maintenance {
				t.Errorf("maintenance %s, want %s", got, c.maintenance)
			}
			if got := new(big.Rat).SetFrac(fg.Excess, new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)).FloatString(18); !equalDecimal(got, c.excess) {
				t.Errorf("excess %s, want %s", got, c.excess)
			}
			if fg.Liquidatable() != c.liquidatable {
				t.Errorf("liquidatable %v, want %v", fg.Liquidatable(), c.liquidatable)
			}
			if fg.MarketTime != uint64(at.Unix()) || fg.ParamsVersion[0] != 0xab || fg.ParamsVersion[31] != 0xcd {
				t.Errorf("provenance %d %x", fg.MarketTime, fg.ParamsVersion)
			}
		})
	}
	if _, err := FiguresOf(vault.Attested{ParamsVersion: "v1", AsOf: at}); err == nil {
		t.Error("a malformed params_version was accepted")
	}
}

func equalDecimal(a, b string) bool {
	x, err1 := money.ParseDecimal(a)
	y, err2 := money.ParseDecimal(b)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}

// Goal: freshness. Method: an attestation is accepted at its market time
// and maxAge later, refused one second after, and refused from the future;
// governance alone sets maxAge, within bounds.
func TestAttestationFreshness(t *testing.T) {
	f := newFixture(t)
	venue := KeyAddress(f.venue)
	grant := func(s Signed) error {
		_, err := f.m.GrantLien(f.ctx, f.alice, venue, s.USD, s)
		return err
	}
	now, err := f.c.BlockTime(f.ctx)
	f.must(t, err)
	at := func(marketTime uint64) Signed {
		return f.attest(t, f.signer, KindLien, f.alice, healthy(t), func(a *Attestation) {
			a.Venue, a.USD, a.MarketTime = venue, usd(t, "1"), marketTime
		})
	}
	// The next block is at least one second later; the contract compares
	// with that block's time.
	wantErr(t, grant(at(now+60)), ErrFromFuture)
	old := at(now)
	f.must(t, f.c.AdjustTime(maxAgeTest+time.Second))
	wantErr(t, grant(old), ErrStale)
	now, err = f.c.BlockTime(f.ctx)
	f.must(t, err)
	f.must(t, grant(at(now-uint64(maxAgeTest/time.Second)+1))) // the next block is 1 s later: exactly maxAge old

	wantErr(t, f.m.SetMaxAge(f.ctx, f.alice, time.Hour), ErrUnauthorized)
	var re *RevertError
	if err := f.m.SetMaxAge(f.ctx, f.gov, 2*24*time.Hour); !errorsAs(err, &re) || re.Name != "MaxAgeOutOfBounds" {
		t.Fatalf("maxAge of 2 days: %v", err)
	}
	f.must(t, f.m.SetMaxAge(f.ctx, f.gov, time.Hour))
	f.must(t, f.c.AdjustTime(30*time.Minute))
	now, err = f.c.BlockTime(f.ctx)
	f.must(t, err)
	f.must(t, grant(at(now-uint64((40*time.Minute)/time.Second))))
}

// Goal: replay. Method: a used attestation is refused the second time; an
// unused one dies when another attestation of the account is used; a
// signature for another deployment (EIP-712 domain: chain id and address)
// or another chain recovers another signer.
func TestAttestationReplay(t *testing.T) {
	f := newFixture(t)
	venue := KeyAddress(f.venue)
	one := usd(t, "1")
	s := f.lienAttestation(t, f.alice, f.venue, one, healthy(t))
	stale := f.lienAttestation(t, f.alice, f.venue, one, healthy(t)) // same nonce
	_, err := f.m.GrantLien(f.ctx, f.alice, venue, one, s)
	f.must(t, err)
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, one, s)
	wantErr(t, err, ErrReplayed)
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, one, stale)
	wantErr(t, err, ErrReplayed)

	// Another deployment with the same signer: the domain differs.
	m2, err := Deploy(f.ctx, f.c, f.gov, DeployConfig{MaxAge: maxAgeTest, Signers: []Address{KeyAddress(f.signer)},
		Venues: []Address{venue}})
	f.must(t, err)
	s = f.lienAttestation(t, f.alice, f.venue, one, healthy(t))
	s.Nonce = 0
	s.Signature, err = Sign(f.m.Domain(), s.Attestation, f.signer)
	f.must(t, err)
	_, err = m2.GrantLien(f.ctx, f.alice, venue, one, s)
	wantErr(t, err, ErrUnknownSigner)
	// Another chain id.
	other := f.m.Domain()
	other.ChainID = big.NewInt(1)
	s = f.lienAttestation(t, f.alice, f.venue, one, healthy(t))
	s.Signature, err = Sign(other, s.Attestation, f.signer)
	f.must(t, err)
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, one, s)
	wantErr(t, err, ErrUnknownSigner)
	// A signed attestation with one field changed.
	s = f.lienAttestation(t, f.alice, f.venue, one, healthy(t))
	s.Collateral = usd(t, "1000000")
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, one, s)
	wantErr(t, err, ErrUnknownSigner)
}

// Goal: the signer set is governed. Method: a key outside the set is
// refused; governance adds it (a non-governor cannot) and it is accepted;
// governance revokes the old key and the old key is refused.
func TestSignerRotation(t *testing.T) {
	f := newFixture(t)
	venue := KeyAddress(f.venue)
	one := usd(t, "1")
	next := DevKey("signer-2026")
	grant := func(signer any) error {
		k := f.signer
		if signer != nil {
			k = next
		}
		s := f.attest(t, k, KindLien, f.alice, healthy(t), func(a *Attestation) { a.Venue, a.USD = venue, one })
		_, err := f.m.GrantLien(f.ctx, f.alice, venue, one, s)
		return err
	}
	wantErr(t, grant(next), ErrUnknownSigner)
	wantErr(t, f.m.GrantSigner(f.ctx, f.alice, KeyAddress(next)), ErrUnauthorized)
	f.must(t, f.m.GrantSigner(f.ctx, f.gov, KeyAddress(next)))
	f.must(t, grant(next))
	f.must(t, f.m.RevokeSigner(f.ctx, f.gov, KeyAddress(f.signer)))
	wantErr(t, grant(nil), ErrUnknownSigner)
	f.must(t, grant(next))
	if ok, _ := f.m.IsSigner(f.ctx, KeyAddress(f.signer)); ok {
		t.Fatal("the revoked signer is still in the set")
	}
}

// Goal: signature malleability. Method: the high-s twin of a valid
// signature (equally valid for ecrecover), the 64-byte short form, v not
// in {27, 28} and a truncated signature are all refused; the canonical one
// is then accepted (nothing was consumed by the refusals).
func TestSignatureMalleability(t *testing.T) {
	f := newFixture(t)
	venue := KeyAddress(f.venue)
	one := usd(t, "1")
	s := f.lienAttestation(t, f.alice, f.venue, one, healthy(t))
	good := append([]byte(nil), s.Signature...)
	n := crypto.S256().Params().N
	sv := new(big.Int).SetBytes(good[32:64])
	twin := append([]byte(nil), good...)
	copy(twin[32:64], math32(new(big.Int).Sub(n, sv)))
	twin[64] = 55 - good[64] // 27 ↔ 28
	// The EVM's ecrecover takes the twin for the signer's: only the
	// contract's canonical-s rule refuses it.
	if got := ecrecover(t, f, Digest(f.m.Domain(), s.Attestation).Bytes(), twin); got != KeyAddress(f.signer) {
		t.Fatalf("ecrecover of the high-s twin gives %s, want the signer", got)
	}
	short := append([]byte(nil), good[:64]...)
	if good[64] == 28 {
		short[32] |= 0x80 // EIP-2098: yParity in the top bit of s
	}
	vRaw := append([]byte(nil), good...)
	vRaw[64] -= 27
	for name, sig := range map[string][]byte{"high s": twin, "64-byte short form": short, "v 0/1": vRaw, "truncated": good[:60]} {
		s.Signature = sig
		_, err := f.m.GrantLien(f.ctx, f.alice, venue, one, s)
		if !errorsIs(err, ErrBadSignature) {
			t.Errorf("%s: got %v, want %v", name, err, ErrBadSignature)
		}
	}
	s.Signature = good
	_, err := f.m.GrantLien(f.ctx, f.alice, venue, one, s)
	f.must(t, err)
}

func math32(x *big.Int) []byte { b := make([]byte, 32); x.FillBytes(b); return b }

// ecrecover calls the EVM's precompile 0x01 on a 65-byte r ‖ s ‖ v.
func ecrecover(t *testing.T, f *fixture, hash, sig []byte) Address {
	t.Helper()
	in := append(append(append([]byte(nil), hash...), math32(big.NewInt(int64(sig[64])))...), sig[:64]...)
	pre := common.BytesToAddress([]byte{1})
	out, err := f.c.client.CallContract(f.ctx, ethereum.CallMsg{To: &pre, Data: in}, nil)
	f.must(t, err)
	return common.BytesToAddress(out)
}

// Goal: the governed parameters version. Method: with a version set, an
// attestation of another version is refused, of that version accepted.
func TestParamsVersion(t *testing.T) {
	f := newFixture(t)
	venue := KeyAddress(f.venue)
	one := usd(t, "1")
	v1 := [32]byte{1}
	wantErr(t, f.m.SetParamsVersion(f.ctx, f.alice, v1), ErrUnauthorized)
	f.must(t, f.m.SetParamsVersion(f.ctx, f.gov, v1))
	s := f.lienAttestation(t, f.alice, f.venue, one, healthy(t))
	_, err := f.m.GrantLien(f.ctx, f.alice, venue, one, s)
	wantErr(t, err, ErrWrongParams)
	fg := healthy(t)
	fg.ParamsVersion = v1
	_, err = f.m.GrantLien(f.ctx, f.alice, venue, one, f.lienAttestation(t, f.alice, f.venue, one, fg))
	f.must(t, err)
}
