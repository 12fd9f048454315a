package importer

import (
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/input"
)

// Goal: an importer error names the field and quotes enough of the value to
// recognise it, never the whole of a huge one: a 100,000-digit number in an
// on-chain document was printed whole in the CLI's error. Method: read
// oversized integers through Integer, as a JSON number (refused when the
// document is decoded: beyond float64) and as a string (refused by
// Integer), and check that the message is bounded, quotes the value's first
// 64 characters and gives its size; a short value is still quoted whole.
func TestIntegerErrorQuotesABoundedValue(t *testing.T) {
	huge := strings.Repeat("9", 100_000)
	for _, c := range []struct{ doc, reason string }{
		{`{"x":` + huge + `}`, "is not a finite number (beyond ±1.8e308)"},
		{`{"x":"` + huge + `"}`, "must be a non-negative integer"},
	} {
		msg := integerError(t, c.doc).Error()
		if len(msg) > 200 {
			t.Errorf("message of %d bytes: %.300s…", len(msg), msg)
		}
		want := `x: "` + huge[:64] + `"…(100000 bytes) ` + c.reason
		if msg != want {
			t.Errorf("message\n%.300s\nwant\n%s", msg, want)
		}
	}
	if msg := integerError(t, `{"x":"12a"}`).Error(); msg != `x: "12a" must be a non-negative integer` {
		t.Errorf("short value: %s", msg)
	}
}

// integerError is the error of reading the field x of doc with Integer:
// the document's decoding error, or Integer's.
func integerError(t *testing.T, doc string) error {
	t.Helper()
	obj, err := input.DecodeObject([]byte(doc))
	if err != nil {
		return err
	}
	n, err := obj.Required("x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Integer(n, false); err != nil {
		return err
	}
	t.Fatalf("%.40s: no error", doc)
	return nil
}
