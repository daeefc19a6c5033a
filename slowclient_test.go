package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rssBytes is the resident memory of a process (VmRSS in /proc).
func rssBytes(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// A thousand clients announce a megabyte of body each and then send a byte every five
// seconds. The service neither reserves the announced megabytes nor keeps the
// connections past HTTP_READ_TIMEOUT, and other people's requests go through meanwhile.
func TestSlowClientsHoldNeitherMemoryNorTheService(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the service as a process")
	}
	clients := 1000
	p := startProc(t, "slow-clients", map[string]string{
		"SECRET_KEY": faultSecret, "LISTEN_ADDR": freeAddr(t), "DATA_DIR": t.TempDir(), "EMBEDDED_DB_ADDR": freeAddr(t),
		"LOG_FORMAT": "json", "LOG_LEVEL": "warn", "HTTP_READ_TIMEOUT": "10s",
	})
	pid := p.pid()
	for range 20 { // warm up: pages, the store, the pools
		getURL(p.addr, "/")
		getURL(p.addr, "/api/v1/public/events")
	}
	before := rssBytes(t, pid)

	var closed atomic.Int64 // connections the server ended
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := range clients {
		wg.Go(func() {
			conn, err := net.Dial("tcp", p.addr)
			if err != nil {
				t.Errorf("client %d: %v", i, err)
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST /api/v1/public/events/x/registrations HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{", p.addr)
			// Read in the background: the server's answer or its closing the connection.
			done := make(chan struct{})
			go func() {
				_, _ = io.Copy(io.Discard, conn)
				closed.Add(1)
				close(done)
			}()
			tick := time.NewTicker(5 * time.Second)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-stop:
					return
				case <-tick.C:
					if _, err := conn.Write([]byte(" ")); err != nil {
						<-done
						return
					}
				}
			}
		})
	}

	// Meanwhile, everyone else: pages and JSON, one after another for 15 s.
	peak, served, slowest := before, 0, time.Duration(0)
	end := time.Now().Add(15 * time.Second)
	for time.Now().Before(end) {
		start := time.Now()
		for _, path := range []string{"/healthz", "/", "/api/v1/public/events"} {
			if ans := getURL(p.addr, path); ans.status != 200 {
				t.Errorf("GET %s while slow clients hang on: %d %v", path, ans.status, ans.err)
			}
			served++
		}
		slowest = max(slowest, time.Since(start))
		peak = max(peak, rssBytes(t, pid))
		time.Sleep(100 * time.Millisecond)
	}
	// The read timeout (10 s) has ended every slow connection by now; give the last a moment.
	deadline := time.Now().Add(20 * time.Second)
	for closed.Load() < int64(clients) && time.Now().Before(deadline) {
		peak = max(peak, rssBytes(t, pid))
		time.Sleep(200 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	grew := peak - before
	t.Logf("RSS %d MB before, peak %d MB (+%d MB); %d requests served meanwhile, slowest round %s; %d of %d slow connections closed by the server",
		before>>20, peak>>20, grew>>20, served, slowest.Round(time.Millisecond), closed.Load(), clients)
	if grew > 100<<20 {
		t.Errorf("RSS grew by %d MB with %d slow clients, want at most 100 MB", grew>>20, clients)
	}
	if closed.Load() < int64(clients) {
		t.Errorf("%d of %d slow connections still open 30 s after they began (HTTP_READ_TIMEOUT is 10 s)", int64(clients)-closed.Load(), clients)
	}
	if t.Failed() {
		t.Log(p.tail(40))
	}
}
