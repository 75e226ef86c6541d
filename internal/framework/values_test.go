package framework

import (
	"errors"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

func TestGraphErrorDetail(t *testing.T) {
	t.Parallel()
	plain := errors.New("connection refused")
	graphErr := &graph.Error{StatusCode: 403, Code: "Authorization_RequestDenied", RequestID: "r-1"}
	for _, tc := range []struct {
		name, subject string
		err           error
		want          string
	}{
		{"an alert type and a plain error", "StaleSignInAlert", plain, "Alert type: StaleSignInAlert\nconnection refused"},
		{"no subject: no alert type line", "", plain, "connection refused"},
		{"Graph's answer", "StaleSignInAlert", graphErr, "Alert type: StaleSignInAlert\nHTTP status: 403\nGraph error code: Authorization_RequestDenied\nRequest ID: r-1"},
		{"Graph's answer without a subject", "", graphErr, "HTTP status: 403\nGraph error code: Authorization_RequestDenied\nRequest ID: r-1"},
		{"a Graph error with no details", "", &graph.Error{}, (&graph.Error{}).Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := graphErrorDetail(tc.subject, tc.err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
