// The margin history: rows round-trip with their documents, a range query
// returns newest first within [from, to], documents shared by rows are
// stored once, and retention keeps each account's newest rows and deletes
// the documents only pruned rows referenced — the same on every dialect.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

func testHistory(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 10, 0, 0, 123456789, time.UTC)
	mkt := []byte(`{"as_of": "2026-12-06T10:00:00Z", "assets": {}}`)
	row := func(account string, i int) store.HistoryRow {
		return store.HistoryRow{Account: account, Recorded: at.Add(time.Duration(i) * time.Minute),
			AsOf: "2026-12-06T10:00:00Z", ParamsVersion: "v1", Equity: 1000.5 + float64(i), Initial: 200.25,
			Maintenance: 160.2, Excess: 800.25 + float64(i), Liquidatable: i == 2, Error: map[bool]string{true: "boom"}[i == 2],
			Book: []byte(fmt.Sprintf(`{"account": %q, "n": %d}`, account, i)), Market: mkt, Params: []byte(`{}`)}
	}
	var rows []store.HistoryRow
	for i := range 5 {
		rows = append(rows, row("alice", i), row("bob", i))
	}
	if err := db.AppendHistory(ctx, rows, store.KeepAll); err != nil {
		t.Fatal(err)
	}
	// 10 books + 1 market + 1 params, each once.
	if n, err := db.HistoryDocs(ctx); n != 12 || err != nil {
		t.Fatalf("HistoryDocs = %d %v, want 12", n, err)
	}
	got, err := db.History(ctx, "alice", at.Add(time.Minute), at.Add(3*time.Minute), 100)
	if err != nil || len(got) != 3 {
		t.Fatalf("History(alice, 1..3 min) = %d rows %v, want 3", len(got), err)
	}
	if got[0].Equity != 1003.5 || got[2].Equity != 1001.5 || got[0].Seq <= got[1].Seq {
		t.Fatalf("not newest first: %+v", got)
	}
	if r := got[1]; !r.Liquidatable || r.Error != "boom" || !r.Recorded.Equal(at.Add(2*time.Minute)) || r.Book != nil ||
		r.Initial != 200.25 || r.Maintenance != 160.2 || r.Excess != 802.25 || r.ParamsVersion != "v1" || r.AsOf != "2026-12-06T10:00:00Z" {
		t.Fatalf("row 2 = %+v", r)
	}
	newest, _ := db.History(ctx, "alice", at, at.Add(time.Hour), 2)
	if len(newest) != 2 || newest[0].Equity != 1004.5 {
		t.Fatalf("limit 2: %+v", newest)
	}
	e, ok, err := db.HistoryEntry(ctx, "alice", newest[0].Seq)
	if err != nil || !ok || string(e.Book) != `{"account": "alice", "n": 4}` || string(e.Market) != string(mkt) || string(e.Params) != `{}` {
		t.Fatalf("HistoryEntry = %+v %v %v", e, ok, err)
	}
	if _, ok, err := db.HistoryEntry(ctx, "bob", newest[0].Seq); ok || err != nil {
		t.Fatalf("another account's entry: %v %v", ok, err)
	}
	// Keep 2 per account: alice's and bob's rows 0..2 go, with their books;
	// the shared market and params stay.
	if err := db.AppendHistory(ctx, []store.HistoryRow{row("alice", 5), row("bob", 5)}, store.Retention{Keep: 2}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.History(ctx, "alice", at, at.Add(time.Hour), 100); len(got) != 2 || got[1].Equity != 1004.5 {
		t.Fatalf("after pruning: %+v", got)
	}
	if n, err := db.HistoryDocs(ctx); n != 4+2 || err != nil {
		t.Fatalf("HistoryDocs after pruning = %d %v, want 6", n, err)
	}
	if err := db.AppendHistory(ctx, []store.HistoryRow{{Account: "x"}}, store.KeepAll); !errors.Is(err, store.ErrHistoryRow) {
		t.Fatalf("a row without documents: %v", err)
	}
}

// testHistoryRetentionBatches: appends one row at a time with keep = 16
// (slack 16/8 = 2): the account never holds more than 18 rows, and when
// pruned it holds exactly the newest 16; the documents only pruned rows
// referenced go with them (one book per row here: docs = rows + market +
// params).
func testHistoryRetentionBatches(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	const keep = 16
	if s := store.HistorySlack(keep); s != 2 {
		t.Fatalf("HistorySlack(16) = %d, want 2", s)
	}
	pruned := 0
	for i := range 60 {
		r := store.HistoryRow{Account: "a", Recorded: at.Add(time.Duration(i) * time.Second), AsOf: "x", ParamsVersion: "v1",
			Book: []byte(fmt.Sprintf(`{"n": %d}`, i)), Market: []byte(`{}`), Params: []byte(`{"p": 1}`)}
		if err := db.AppendHistory(ctx, []store.HistoryRow{r}, store.Retention{Keep: keep}); err != nil {
			t.Fatal(err)
		}
		got, err := db.History(ctx, "a", at, at.Add(time.Hour), 1000)
		if err != nil {
			t.Fatal(err)
		}
		// rows i+1 until they pass keep + slack = 18; then 16 again
		want := i + 1
		if want > keep+2 {
			want = keep + (want-keep)%3
			if want == keep {
				pruned++
			}
		}
		if len(got) != want || got[0].Equity != 0 || !got[0].Recorded.Equal(r.Recorded) {
			t.Fatalf("after %d appends: %d rows (newest %v), want %d", i+1, len(got), got[0].Recorded, want)
		}
		if n, err := db.HistoryDocs(ctx); err != nil || n != want+2 {
			t.Fatalf("after %d appends: %d documents %v, want %d", i+1, n, err, want+2)
		}
	}
	if pruned == 0 {
		t.Fatal("never pruned")
	}
}

// testHistoryRetentionAge: appends one row every 10 minutes with MaxAge
// 8h (slack 8h/8 = 1h) on an explicit clock (Now = the row's time; no
// sleeps): nothing is pruned until the oldest row is more than 9h old,
// then every row more than 8h old goes at once, with the documents only
// they referenced. By hand: the first prune is at append 56 (i = 55, now
// = 9h10m > 9h), deleting rows 0..6 (recorded before 9h10m − 8h = 70m);
// the next would need now > 70m + 9h = 610m (i = 62), so after 60
// appends rows 7..59 remain: 53, the oldest at 70m. A count bound set at
// the same time also holds (Keep 40: both honoured).
func testHistoryRetentionAge(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	const maxAge = 8 * time.Hour
	if s := store.HistoryAgeSlack(maxAge); s != time.Hour {
		t.Fatalf("HistoryAgeSlack(8h) = %v, want 1h", s)
	}
	row := func(account string, i int) store.HistoryRow {
		return store.HistoryRow{Account: account, Recorded: at.Add(time.Duration(i) * 10 * time.Minute), AsOf: "x",
			ParamsVersion: "v1", Book: fmt.Appendf(nil, `{"%s": %d}`, account, i), Market: []byte(`{}`), Params: []byte(`{"p": 1}`)}
	}
	oldest := 0 // the model: rows oldest..i remain
	for i := range 60 {
		now := at.Add(time.Duration(i) * 10 * time.Minute)
		if err := db.AppendHistory(ctx, []store.HistoryRow{row("a", i)}, store.Retention{MaxAge: maxAge, Now: now}); err != nil {
			t.Fatal(err)
		}
		if at.Add(time.Duration(oldest) * 10 * time.Minute).Before(now.Add(-maxAge - time.Hour)) {
			for at.Add(time.Duration(oldest) * 10 * time.Minute).Before(now.Add(-maxAge)) {
				oldest++
			}
		}
		got, err := db.History(ctx, "a", at, now, 1000)
		if err != nil {
			t.Fatal(err)
		}
		want := i + 1 - oldest
		if len(got) != want || !got[len(got)-1].Recorded.Equal(row("a", oldest).Recorded) {
			t.Fatalf("after %d appends: %d rows, want %d from row %d", i+1, len(got), want, oldest)
		}
		if age := now.Sub(got[len(got)-1].Recorded); age > maxAge+time.Hour {
			t.Fatalf("after %d appends: oldest row %v old, bound 9h", i+1, age)
		}
		if n, err := db.HistoryDocs(ctx); err != nil || n != want+2 {
			t.Fatalf("after %d appends: %d documents %v, want %d", i+1, n, err, want+2)
		}
	}
	if oldest != 7 {
		t.Fatalf("after 60 appends the oldest row is %d, by hand 7 (53 rows)", oldest)
	}
	// Both bounds: Keep 40 (slack 5) and the age; 53+1 rows exceed 45, so
	// the newest 40 stay, all within the age.
	now := at.Add(60 * 10 * time.Minute)
	if err := db.AppendHistory(ctx, []store.HistoryRow{row("a", 60)}, store.Retention{Keep: 40, MaxAge: maxAge, Now: now}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.History(ctx, "a", at, now, 1000); len(got) != 40 || !got[39].Recorded.Equal(row("a", 21).Recorded) {
		t.Fatalf("keep 40 and 8h: %d rows", len(got))
	}
}
