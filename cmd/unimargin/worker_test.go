// Goal: `unimargin worker` processes answer `unimargin remargin --nats URL`
// exactly like a local re-margin, and stop cleanly on SIGTERM. Method: the
// test process runs an embedded nats-server (the same one `serve --demo`
// embeds) on a loopback port; two worker processes of the built binary,
// each owning one of two shards, connect to it by URL and answer two ticks.
package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/cluster"
)

func TestWorkerProcessesAnswerRemarginOverNATS(t *testing.T) {
	db := remarginStore(t)
	srv, err := cluster.StartEmbedded(context.Background(), t.TempDir(), cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	nats := "--nats=" + srv.URL()
	// The coordinator (remargin) and the workers each with their own
	// credentials, as a deployment on the embedded server would have.
	keys := t.TempDir()
	coordinator, worker := "--nats-nkey="+filepath.Join(keys, "coordinator.nk"), "--nats-nkey="+filepath.Join(keys, "worker.nk")
	if err := srv.WriteCoordinatorSeed(filepath.Join(keys, "coordinator.nk")); err != nil {
		t.Fatal(err)
	}
	if err := srv.WriteWorkerSeed(filepath.Join(keys, "worker.nk")); err != nil {
		t.Fatal(err)
	}

	// No worker yet: the coordinator gives up with one line saying so.
	line := mustFail(t, 1, "remargin", db, nats, coordinator, "--stall", "500ms")
	if !strings.Contains(line, "no re-margin result arrived") {
		t.Fatalf("stall error %q", line)
	}

	type proc struct {
		cmd         *exec.Cmd
		out, stderr bytes.Buffer
	}
	var workers []*proc
	for i := range 2 { // each owns one of two shards
		p := &proc{cmd: exec.Command(binary, "worker", db, nats, worker, "--concurrency", "1", "--shards", strconv.Itoa(i))}
		p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.stderr
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer p.cmd.Process.Kill()
		workers = append(workers, p)
	}
	local := mustSucceed(t, "remargin", db, "--json")
	if got := mustSucceed(t, "remargin", db, nats, coordinator, "--shards", "2", "--ticks", "2", "--json"); got != local {
		t.Fatalf("remargin over worker processes:\n%s\nlocal:\n%s", got, local)
	}
	for _, p := range workers {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- p.cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("worker after SIGTERM: %v\nstderr: %s", err, p.stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatal("worker did not stop within 10 s of SIGTERM")
		}
		if !strings.Contains(p.out.String(), "worker stopped:") {
			t.Fatalf("worker output %q", p.out.String())
		}
	}
}
