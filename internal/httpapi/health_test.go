package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/guided"
)

func TestHealthAndReady(t *testing.T) {
	e := newEnv(t, guided.New())
	var h, r map[string]string
	if code := e.do("GET", "/api/health", &h); code != 200 || h["status"] != "ok" {
		t.Fatalf("health: %d %v", code, h)
	}
	if code := e.do("GET", "/api/ready", &r); code != 200 || r["status"] != "ready" || r["provider"] != "guided" {
		t.Fatalf("ready: %d %v", code, r)
	}
}

// With a token set, the probes are open to loopback peers only, and
// /metrics needs the token like the API.
func TestGuardLetsLoopbackProbesPass(t *testing.T) {
	token, err := httpapi.GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	g := httpapi.Guard(httpapi.GuardConfig{Token: token}, okHandler())
	cases := []struct {
		method, target, remote string
		bearer                 bool
		want                   int
	}{
		{"GET", "/api/health", "127.0.0.1:40000", false, http.StatusTeapot},
		{"GET", "/api/ready", "[::1]:40000", false, http.StatusTeapot},
		{"GET", "/api/health", "192.0.2.1:40000", false, http.StatusUnauthorized},
		{"GET", "/api/ready", "192.0.2.1:40000", true, http.StatusTeapot},
		{"POST", "/api/health", "127.0.0.1:40000", false, http.StatusUnauthorized},
		{"GET", "/api/info", "127.0.0.1:40000", false, http.StatusUnauthorized},
		{"GET", "/api/health/../info", "127.0.0.1:40000", false, http.StatusUnauthorized},
		{"GET", "/metrics", "127.0.0.1:40000", false, http.StatusUnauthorized},
		{"GET", "/METRICS", "127.0.0.1:40000", false, http.StatusUnauthorized},
		{"GET", "/metrics", "127.0.0.1:40000", true, http.StatusTeapot},
	}
	for _, c := range cases {
		req := guardReq(c.method, c.target, "127.0.0.1:8888", "Content-Type", "application/json")
		req.RemoteAddr = c.remote
		if c.bearer {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if rec := serve(g, req); rec.Code != c.want {
			t.Errorf("%s %s from %s (token %v): %d, want %d", c.method, c.target, c.remote, c.bearer, rec.Code, c.want)
		}
	}
}
