package llm

import "testing"

func TestKinds(t *testing.T) {
	for status, want := range map[int]ErrorKind{
		200: "", 400: ErrBadRequest, 401: ErrAuth, 402: ErrBilling, 403: ErrPermission, 404: ErrNotFound,
		408: ErrUnavailable, 409: ErrUnavailable, 413: ErrContextTooLong, 422: ErrBadRequest,
		429: ErrRateLimit, 500: ErrUnavailable, 503: ErrUnavailable, 529: ErrOverloaded,
	} {
		if got := KindOfStatus(status); got != want {
			t.Errorf("KindOfStatus(%d) = %q, want %q", status, got, want)
		}
	}
	for typ, want := range map[string]ErrorKind{
		"authentication_error": ErrAuth, "overloaded_error": ErrOverloaded, "rate_limit_error": ErrRateLimit,
		"request_too_large": ErrContextTooLong, "timeout_error": ErrUnavailable, "brand_new_error": "",
	} {
		if got := KindOfAnthropicType(typ); got != want {
			t.Errorf("KindOfAnthropicType(%q) = %q, want %q", typ, got, want)
		}
	}
}
