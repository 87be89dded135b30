// Package cdptest drives a headless Chromium through the Chrome DevTools
// Protocol for tests: start it, open a page, evaluate JavaScript in it
// and send any other command. It is what the print tests of package
// report and the dashboard's browser tests share; it needs nothing but
// the Chromium binary and golang.org/x/net/websocket.
package cdptest

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/websocket"
)

// Chromium returns the path of a Chromium or Chrome binary on PATH, ""
// when there is none.
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Page is a minimal client of the Chrome DevTools Protocol: one page
// target of a headless Chromium, commands sent one at a time.
type Page struct {
	ws  *websocket.Conn
	seq int
}

// Start starts a headless Chromium with the DevTools protocol on
// a free port and connects to its first page.
func Start(t testing.TB, bin string) *Page {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// The profile is removed after the browser has closed (t.TempDir
	// would race with its helper processes' last writes).
	profile, err := os.MkdirTemp("", "socialsvc-print-")
	require.NoError(t, err)
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--hide-scrollbars", "--force-device-scale-factor=1", "--remote-debugging-port=0", "--remote-allow-origins=*",
		"--user-data-dir="+profile, "about:blank")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	// "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			if m := regexp.MustCompile(`ws://[0-9.]+:[0-9]+/devtools/browser/\S+`).FindString(sc.Text()); m != "" && !sent {
				found <- m
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	var browserURL string
	select {
	case u, ok := <-found:
		require.True(t, ok, "chromium exited before it listened")
		browserURL = u
	case <-time.After(60 * time.Second): // a bound on a hung browser, not a timing assertion
		cancel()
		t.Fatal("chromium did not start its DevTools server")
	}
	t.Cleanup(func() {
		// Closing the browser through the protocol ends its helper
		// processes too; killing it is the fallback.
		if ws, err := websocket.Dial(browserURL, "", "http://localhost/"); err == nil {
			_ = websocket.JSON.Send(ws, map[string]any{"id": 1, "method": "Browser.close"})
			ws.Close()
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cancel()
			<-done
		}
		cancel()
		_ = os.RemoveAll(profile)
	})
	addr := strings.TrimPrefix(browserURL, "ws://")
	addr = addr[:strings.IndexByte(addr, '/')]
	var targets []struct {
		Type, WebSocketDebuggerURL string
	}
	res, err := http.Get("http://" + addr + "/json/list")
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(res.Body).Decode(&targets))
	res.Body.Close()
	for _, tg := range targets {
		if tg.Type == "page" {
			ws, err := websocket.Dial(tg.WebSocketDebuggerURL, "", "http://localhost/")
			require.NoError(t, err)
			ws.MaxPayloadBytes = 64 << 20
			t.Cleanup(func() { ws.Close() })
			return &Page{ws: ws}
		}
	}
	t.Fatal("chromium has no page target")
	return nil
}

// Call sends a command and returns its result, skipping the events that
// arrive in between.
func (c *Page) Call(t testing.TB, method string, params map[string]any, result any) {
	t.Helper()
	c.seq++
	require.NoError(t, c.ws.SetDeadline(time.Now().Add(120*time.Second)))
	require.NoError(t, websocket.JSON.Send(c.ws, map[string]any{"id": c.seq, "method": method, "params": params}))
	for {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		require.NoError(t, websocket.JSON.Receive(c.ws, &msg), method)
		if msg.ID != c.seq {
			continue
		}
		require.Nil(t, msg.Error, "%s: %+v", method, msg.Error)
		if result != nil {
			require.NoError(t, json.Unmarshal(msg.Result, result), method)
		}
		return
	}
}

// Eval evaluates a JavaScript expression and decodes its value.
func (c *Page) Eval(t testing.TB, expr string, v any) {
	t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails any `json:"exceptionDetails"`
	}
	c.Call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	require.Nil(t, res.ExceptionDetails, expr)
	require.NoError(t, json.Unmarshal(res.Result.Value, v))
}

// Open loads a page and waits until it is complete.
func (c *Page) Open(t testing.TB, url string) {
	t.Helper()
	c.Call(t, "Page.navigate", map[string]any{"url": url}, nil)
	for range 600 {
		var state string
		c.Eval(t, "document.readyState", &state)
		if state == "complete" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the page did not finish loading")
}
