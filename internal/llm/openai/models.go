package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/secret"
)

// ListModels asks the server at baseURL (such as
// http://127.0.0.1:11434/v1) for its models, GET {baseURL}/models, and
// returns their ids in the server's order; Ollama lists the most recently
// used first. apiKey may be empty; client nil means http.DefaultClient.
// The error never contains the key.
func ListModels(ctx context.Context, baseURL, apiKey string, client *http.Client) ([]string, error) {
	if client == nil {
		client = http.DefaultClient
	}
	p := New(Config{APIKey: secret.New(apiKey), BaseURL: baseURL})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.baseURL+"/models", nil)
	if err != nil {
		return nil, p.fail(llm.ErrBadRequest, 0, "The base URL "+displayURL(p.baseURL)+" is not valid.", err)
	}
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, p.connError(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return nil, p.fail(llm.ErrUnavailable, res.StatusCode, fmt.Sprintf("The model list from %s broke off.", p.who), err)
	}
	if res.StatusCode == http.StatusNotFound {
		return nil, p.fail(llm.ErrNotFound, res.StatusCode,
			fmt.Sprintf("%s has no model list at %s/models (404). Check the base URL: it usually ends in /v1.", capitalize(p.who), displayURL(p.baseURL)),
			parseErrorBody(res.StatusCode, res.Header, data))
	}
	if res.StatusCode != http.StatusOK {
		return nil, p.statusError(parseErrorBody(res.StatusCode, res.Header, data))
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, p.fail(llm.ErrStream, res.StatusCode, fmt.Sprintf("The model list from %s is not valid JSON.", p.who), err)
	}
	ids := make([]string, 0, len(list.Data))
	for _, m := range list.Data {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}
