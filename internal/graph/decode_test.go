package graph

import (
	"net/http"
	"sync"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// countingDecoder counts the decodes of each body a client decodes.
type countingDecoder struct {
	mu     sync.Mutex
	calls  int
	bodies map[string]int
}

func (d *countingDecoder) decode(body []byte, v any) error {
	d.mu.Lock()
	d.calls++
	d.bodies[string(body)]++
	d.mu.Unlock()
	return decodeJSON(body, v)
}

// Every Graph answer is decoded once, into its wire type: the next link,
// the alert ids of the tenant check, the thresholds of the configurations
// and the cut-short marks of expanded incidents all come out of that one
// decode. The simulator pages its collections two items at a time, so
// lists take several pages, and the expanded incidents are cut short.
func TestOneDecodePerBody(t *testing.T) {
	for _, snapshot := range []bool{false, true} {
		c, srv := benchClient(t, snapshot, mockgraph.WithPageSize(2))
		d := &countingDecoder{bodies: map[string]int{}}
		c.decode = d.decode
		ctx := t.Context()
		stale, _ := c.cat.Lookup(alerttypes.StaleSignIn)
		admins, _ := c.cat.Lookup(alerttypes.TooManyGlobalAdmins)
		steps := []func() error{
			func() error {
				_, err := c.ListAlerts(ctx, ExpandConfiguration, ExpandIncidents, ExpandDefinition)
				return err
			},
			func() error { _, err := c.ListConfigurations(ctx); return err },
			func() error { _, err := c.ListDefinitions(ctx); return err },
			func() error { _, err := c.GetConfiguration(ctx, stale); return err },
			func() error { _, err := c.GetAlert(ctx, admins, ExpandIncidents); return err },
			func() error { _, err := c.ListIncidents(ctx, admins); return err },
			func() error { _, err := c.GetDefinition(ctx, stale); return err },
			func() error {
				id, err := c.RefreshAlert(ctx, stale)
				if err == nil {
					_, err = c.WaitOperation(ctx, id)
				}
				return err
			},
		}
		for i, step := range steps {
			if err := step(); err != nil {
				t.Fatalf("snapshot %v, step %d: %v", snapshot, i, err)
			}
		}
		gets := 0
		for _, r := range srv.GraphRequests() {
			if r.Method == http.MethodGet && r.Status == http.StatusOK {
				gets++
			}
		}
		if gets < len(steps)+3 {
			t.Fatalf("snapshot %v: only %d reads; the simulator did not page", snapshot, gets)
		}
		if d.calls != gets {
			t.Errorf("snapshot %v: %d decodes for %d Graph answers, want one each", snapshot, d.calls, gets)
		}
		for body, n := range d.bodies {
			if n > 1 && !isOperation(body) {
				t.Errorf("snapshot %v: a body was decoded %d times: %.200s", snapshot, n, body)
			}
		}
	}
}

// isOperation reports whether body is a long-running operation, which
// polls may read twice unchanged.
func isOperation(body string) bool {
	var w operationWire
	return decodeJSON([]byte(body), &w) == nil && w.Status != ""
}
