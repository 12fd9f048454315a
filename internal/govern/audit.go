// The audit log: every governance act (set-up, proposal, preview, vote,
// decision, cancellation, execution, guardian action) appended as one
// entry whose hash covers the previous entry's hash, so an entry changed,
// removed or reordered breaks the chain. Verify recomputes it, and checks
// that every stored version's document hash is the one its entry recorded.
package govern

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Entry kinds.
const (
	LogGenesis  = "genesis"
	LogPropose  = "propose"
	LogPreview  = "preview"
	LogVote     = "vote"
	LogQueued   = "queued"
	LogDefeated = "defeated"
	LogCancel   = "cancel"
	LogExecute  = "execute"
	LogRatify   = "ratify"
	LogGuardian = "guardian"
)

// Entry is one audit-log entry as stored (canonical JSON).
type Entry struct {
	Seq     int             `json:"seq"`
	At      time.Time       `json:"at"`
	Kind    string          `json:"kind"`
	Actor   string          `json:"actor"`
	Subject string          `json:"subject"`
	Detail  json.RawMessage `json:"detail"`
	Prev    string          `json:"prev"`
}

// ErrTampered marks an audit log (or version record) that does not verify.
var ErrTampered = errors.New("audit log does not verify")

// entryHash is the hex SHA-256 of an entry's stored bytes.
func entryHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendLog appends one entry after the current tail.
func appendLog(tx Tx, at time.Time, kind, actor, subject string, detail any) error {
	rows, err := tx.GovLog()
	if err != nil {
		return err
	}
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	e := Entry{Seq: len(rows) + 1, At: at.UTC(), Kind: kind, Actor: actor, Subject: subject, Detail: d}
	if len(rows) > 0 {
		e.Prev = rows[len(rows)-1].Hash
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.AppendGovLog(LogRow{Seq: e.Seq, Prev: e.Prev, Hash: entryHash(b), Entry: b})
}

// Log returns the audit log's entries in order.
func Log(tx Tx) ([]Entry, error) {
	rows, err := tx.GovLog()
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(rows))
	for _, r := range rows {
		var e Entry
		if err := json.Unmarshal(r.Entry, &e); err != nil {
			return nil, fmt.Errorf("%w: entry %d does not parse: %v", ErrTampered, r.Seq, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Verified is the result of a successful Verify.
type Verified struct {
	Entries  int    `json:"entries"`
	Versions int    `json:"versions"`
	Head     string `json:"head"` // the last entry's hash: record it elsewhere to detect truncation
}

// Verify checks the chain (sequence numbers, each entry's hash, each link
// to the previous hash) and that every version record matches its
// document and the hash its log entry recorded. The first violation is
// returned wrapped in ErrTampered, naming the entry or version.
func Verify(tx Tx) (Verified, error) {
	rows, err := tx.GovLog()
	if err != nil {
		return Verified{}, err
	}
	prev := ""
	recorded := map[int]string{} // version number → hash its entry recorded
	for i, r := range rows {
		if r.Seq != i+1 {
			return Verified{}, fmt.Errorf("%w: entry %d is numbered %d (an entry is missing or out of order)", ErrTampered, i+1, r.Seq)
		}
		if r.Prev != prev {
			return Verified{}, fmt.Errorf("%w: entry %d does not link to entry %d's hash", ErrTampered, r.Seq, r.Seq-1)
		}
		if got := entryHash(r.Entry); got != r.Hash {
			return Verified{}, fmt.Errorf("%w: entry %d was changed (its hash is %s, stored %s)", ErrTampered, r.Seq, got, r.Hash)
		}
		var e Entry
		if err := json.Unmarshal(r.Entry, &e); err != nil {
			return Verified{}, fmt.Errorf("%w: entry %d does not parse: %v", ErrTampered, r.Seq, err)
		}
		if e.Seq != r.Seq || e.Prev != r.Prev {
			return Verified{}, fmt.Errorf("%w: entry %d's fields disagree with its row", ErrTampered, r.Seq)
		}
		if e.Kind == LogGenesis || e.Kind == LogExecute || e.Kind == LogGuardian {
			var d struct {
				Version int    `json:"version"`
				Hash    string `json:"hash"`
			}
			if json.Unmarshal(e.Detail, &d) == nil && d.Version > 0 {
				recorded[d.Version] = d.Hash
			}
		}
		prev = r.Hash
	}
	recs, err := tx.GovVersions()
	if err != nil {
		return Verified{}, err
	}
	for i, rec := range recs {
		var v Version
		if err := json.Unmarshal(rec, &v); err != nil {
			return Verified{}, fmt.Errorf("%w: version %d does not parse: %v", ErrTampered, i+1, err)
		}
		d, err := ParseDoc(v.Doc)
		if err != nil || d.Hash() != v.Hash {
			return Verified{}, fmt.Errorf("%w: version %d's document does not match its hash", ErrTampered, i+1)
		}
		if recorded[v.Number] != v.Hash {
			return Verified{}, fmt.Errorf("%w: version %d (%s) has no matching entry in the log", ErrTampered, v.Number, v.Hash)
		}
	}
	return Verified{Entries: len(rows), Versions: len(recs), Head: prev}, nil
}
