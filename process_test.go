package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tests that run the service as real processes: built once per test binary, started
// with an environment, killed with SIGKILL where a test wants a crash.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the service into a temporary directory (the build cache makes this
// quick after `go test` has compiled the packages).
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "folkhalsa-bin-*")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "folkhalsa-events")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// proc is one running instance of the service.
type proc struct {
	t    *testing.T
	name string
	addr string // LISTEN_ADDR
	env  map[string]string
	log  string // its log file

	mu  sync.Mutex // kill may come from another goroutine
	cmd *exec.Cmd
}

func startProc(t *testing.T, name string, env map[string]string) *proc {
	t.Helper()
	p := &proc{t: t, name: name, addr: env["LISTEN_ADDR"], env: env, log: filepath.Join(t.TempDir(), name+".log")}
	p.start()
	t.Cleanup(p.kill)
	return p
}

func (p *proc) start() {
	p.t.Helper()
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		p.t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "==== %s starts at %s\n", p.name, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(binary(p.t))
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range p.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.cmd = cmd
	p.mu.Unlock()
	deadline := time.Now().Add(90 * time.Second)
	for {
		if resp, err := http.Get("http://" + p.addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s did not become ready\n%s", p.name, p.tail(80))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL: no shutdown, no clean-up, as in a crash.
func (p *proc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_, _ = p.cmd.Process.Wait()
	p.cmd = nil
}

// pid is the running process's id.
func (p *proc) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// tail is the end of the process's log, for failure messages.
func (p *proc) tail(lines int) string {
	b, _ := os.ReadFile(p.log)
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return "---- log of " + p.name + " (" + p.log + ")\n" + strings.Join(all, "\n")
}

// count500 counts requests the process answered with a 5xx other than 503.
func (p *proc) count500() int {
	f, err := os.Open(p.log)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg    string `json:"msg"`
			Status int    `json:"status"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "request" && line.Status >= 500 && line.Status != 503 {
			n++
		}
	}
	return n
}

// answer is what one HTTP request got.
type answer struct {
	status int
	body   string
	err    error
}

var httpClient = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 100}}

func postJSON(addr, path string, body any, headers ...string) answer {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(context.Background(), "POST", "http://"+addr+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, body: string(b)}
}

func getURL(addr, path string) answer {
	resp, err := httpClient.Get("http://" + addr + path)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, body: string(b)}
}
