package main

import (
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
)

// serve --gc-percent's default is serveGCPercent (what loadtest
// --serve-demo runs under), and it is applied unless GOGC is set.
func TestServeGCPercentDefault(t *testing.T) {
	f, _ := reflect.TypeFor[serveCmd]().FieldByName("GCPercent")
	if got := f.Tag.Get("default"); got != strconv.Itoa(serveGCPercent) {
		t.Fatalf("--gc-percent defaults to %s, serveGCPercent is %d", got, serveGCPercent)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "") // restored after the test
	os.Unsetenv("GOGC")
	setServeGC(serveGCPercent)
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Fatalf("without GOGC: the target is %d, want %d", got, serveGCPercent)
	}
	t.Setenv("GOGC", "100")
	setServeGC(serveGCPercent)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("with GOGC=100: the target is %d, want GOGC's 100", got)
	}
}

// loadtest's GC figures (gc_cycles, gc_cpu_ms_per_request) count the
// collections run between two readings and their CPU.
func TestGCTotalsCountCollections(t *testing.T) {
	cycles0, _ := gcTotals()
	runtime.GC()
	runtime.GC()
	cycles, cpu := gcTotals()
	if cycles-cycles0 < 2 || cpu <= 0 {
		t.Fatalf("two collections later: %d more cycles, %v of GC CPU in all", cycles-cycles0, cpu)
	}
}
