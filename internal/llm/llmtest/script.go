package llmtest

import "fmt"

// Script returns a Handler that answers call n with responses[n]. A call
// beyond the script is recorded as a problem and answered with a 500
// api_error that says so and carries "x-should-retry: false", so that
// clients do not pile up more calls by retrying it.
func Script(responses ...Response) Handler {
	return func(call int, _ Request) Response {
		if call < len(responses) {
			return responses[call]
		}
		return fatal(fmt.Sprintf("call %d is beyond the script of %d responses", call, len(responses)))
	}
}
