package chain

import (
	"math/big"
	"testing"
)

// Goal: a printed attestation parses back to the signed one. Method: a
// draw attestation with a negative excess and 6-decimal assets, viewed and
// parsed; the digest and signature survive.
func TestAttestationViewRoundTrip(t *testing.T) {
	d := Domain{ChainID: big.NewInt(1337), Master: Address{9}}
	a := Attestation{Kind: KindDraw, Account: Address{1}, Venue: Address{2}, Vault: Address{3},
		Assets: units(t, "12.345678", assetUSDC), USD: usd(t, "12.5"), Nonce: 7,
		Figures: Figures{Initial: usd(t, "1000.000000000000000001"), Maintenance: usd(t, "800"),
			Excess: new(big.Int).Neg(usd(t, "300.5").Big()), Collateral: usd(t, "5"), ParamsVersion: [32]byte{0xab}, MarketTime: 1764028800}}
	key := DevKey("signer")
	sig, err := Sign(d, a, key)
	if err != nil {
		t.Fatal(err)
	}
	v := Signed{Attestation: a, Signature: sig}.View(d, KeyAddress(key), 6)
	if v.Excess != "-300.5" || v.Assets != "12.345678" || !v.Liquidatable {
		t.Fatalf("view %+v", v)
	}
	back, err := v.Signed(6)
	if err != nil {
		t.Fatal(err)
	}
	if Digest(d, back.Attestation) != Digest(d, a) || string(back.Signature) != string(sig) {
		t.Fatalf("round trip changed the attestation: %+v", back)
	}
	v.Initial = "1e3"
	if _, err := v.Signed(6); err == nil {
		t.Fatal("a malformed initial parsed")
	}
}
