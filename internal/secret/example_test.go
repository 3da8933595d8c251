package secret_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/specwright/specwright/internal/secret"
)

func Example() {
	key := secret.New(os.Getenv("EXAMPLE_UNSET_VARIABLE") + "sk-ant-example")
	cfg := struct {
		Model  string
		APIKey secret.Secret
	}{"claude", key}

	fmt.Printf("%v\n%+v\n", key, cfg)
	b, _ := json.Marshal(cfg)
	fmt.Println(string(b))
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	log.Info("calling the provider", "key", key)
	// The one place the value is needed:
	header := "x-api-key: " + key.Reveal()
	fmt.Println(len(header) > len("x-api-key: "))
	// Output:
	// [redacted]
	// {Model:claude APIKey:[redacted]}
	// {"Model":"claude","APIKey":"[redacted]"}
	// level=INFO msg="calling the provider" key=[redacted]
	// true
}
