package guided

import (
	"fmt"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, id := range ideas {
		if id.project != os.Getenv("IDEA") {
			continue
		}
		e := id.run(t)
		os.WriteFile("/tmp/"+id.project+".xml", []byte(e.files[AppSpecPath]), 0o644)
		fmt.Println(e.turnText)
	}
}
