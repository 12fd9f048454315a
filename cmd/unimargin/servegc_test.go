package main

import (
	"os"
	"reflect"
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
