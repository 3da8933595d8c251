package termchat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Server is where the client talks to: the base URL of a specwright
// server and the token it wants, if any.
type Server struct {
	URL   string
	Token string
	// HTTPClient is used for REST and for the WebSocket handshake; nil
	// means a client with a 15 s timeout for REST.
	HTTPClient *http.Client
}

func (s Server) header() http.Header {
	h := http.Header{}
	if s.Token != "" {
		h.Set("Authorization", "Bearer "+s.Token)
	}
	return h
}

func (s Server) httpClient() *http.Client {
	if s.HTTPClient != nil {
		return s.HTTPClient
	}
	return http.DefaultClient
}

// ProjectInfo is one row of GET /api/projects.
type ProjectInfo struct {
	Name         string `json:"name"`
	Status       string `json:"status"`
	FeatureCount int    `json:"feature_count"`
	Active       bool   `json:"active"`
	UpdatedAt    string `json:"updated_at"`
}

// SpecView is GET /api/projects/{name}/spec: the files as they are on
// disk and the server's check of them.
type SpecView struct {
	AppSpec           *string `json:"app_spec"`
	InitializerPrompt *string `json:"initializer_prompt"`
	Report            struct {
		OK       bool `json:"ok"`
		Problems []struct {
			Severity string `json:"severity"`
			File     string `json:"file"`
			Line     int    `json:"line"`
			Message  string `json:"message"`
		} `json:"problems"`
		Spec *struct {
			FeatureCount int `json:"feature_count"`
			Categories   []struct {
				Features []json.RawMessage `json:"features"`
			} `json:"categories"`
		} `json:"spec"`
		// Score is the readiness score (0–100) of servers that report
		// one; nil on those that do not.
		Score *int `json:"score"`
	} `json:"report"`
}

// ListedFeatures counts the features the spec lists under its
// categories (the declared feature_count may differ).
func (v SpecView) ListedFeatures() int {
	n := 0
	if v.Report.Spec != nil {
		for _, c := range v.Report.Spec.Categories {
			n += len(c.Features)
		}
	}
	return n
}

// Info is GET /api/info.
type Info struct {
	Provider string `json:"provider"`
	Model    string `json:"model"`
}

// restError is a REST call's failure, with the server's own words.
type restError struct {
	Status int
	Detail string
}

func (e *restError) Error() string {
	if e.Detail != "" {
		return e.Detail
	}
	return fmt.Sprintf("the server answered %d", e.Status)
}

func (s Server) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(s.URL, "/")+path, rd)
	if err != nil {
		return err
	}
	req.Header = s.header()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal(data, &e)
		return &restError{Status: resp.StatusCode, Detail: e.Detail}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: the server's answer is not what this client expects: %v", method, path, err)
	}
	return nil
}

// Projects lists the projects, newest activity first.
func (s Server) Projects(ctx context.Context) ([]ProjectInfo, error) {
	var out []ProjectInfo
	return out, s.do(ctx, http.MethodGet, "/api/projects", nil, &out)
}

// CreateProject creates a project (its interview starts with the first
// start).
func (s Server) CreateProject(ctx context.Context, name string) error {
	return s.do(ctx, http.MethodPost, "/api/projects", map[string]string{"name": name}, nil)
}

// Spec reads a project's spec files and their check.
func (s Server) Spec(ctx context.Context, project string) (SpecView, error) {
	var v SpecView
	return v, s.do(ctx, http.MethodGet, "/api/projects/"+url.PathEscape(project)+"/spec", nil, &v)
}

// Info says which provider and model the server uses.
func (s Server) Info(ctx context.Context) (Info, error) {
	var i Info
	return i, s.do(ctx, http.MethodGet, "/api/info", nil, &i)
}
