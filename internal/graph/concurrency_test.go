package graph_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// inFlight is a transport that holds each request a little and records the
// most requests it had at once.
type inFlight struct {
	next      http.RoundTripper
	mu        sync.Mutex
	now, most int
}

func (f *inFlight) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.now++
	f.most = max(f.most, f.now)
	f.mu.Unlock()
	time.Sleep(30 * time.Millisecond)
	defer func() { f.mu.Lock(); f.now--; f.mu.Unlock() }()
	return f.next.RoundTrip(req)
}

// A client sends at most MaxConcurrentRequests requests at once (its
// tenant's limit), DefaultMaxConcurrentRequests when unset; twelve
// concurrent reads reach the limit and never pass it.
func TestMaxConcurrentRequests(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ limit, want int }{{2, 2}, {0, graph.DefaultMaxConcurrentRequests}} {
		f := &inFlight{}
		srv, _ := simulated(t)
		client := newClient(t, srv, func(cfg *graph.Config) {
			f.next = cfg.Transport
			cfg.Transport = f
			cfg.MaxConcurrentRequests = c.limit
		})
		var wg sync.WaitGroup
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := client.ListDefinitions(t.Context()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if f.most != c.want {
			t.Errorf("MaxConcurrentRequests = %d: at most %d requests at once, want %d", c.limit, f.most, c.want)
		}
	}
}
