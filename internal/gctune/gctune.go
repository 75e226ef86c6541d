// Package gctune raises the garbage collector's GOGC of a provider process
// that turns out to answer many requests.
//
// A provider process lives for one Terraform walk. The framework allocates
// a lot per request while the process keeps little, so with Go's default
// GOGC of 100 a process that answers thousands of requests (one provider
// configuration serving hundreds of tenants) collected so often that
// collection was about a quarter of its CPU time. A process that answers a
// few dozen (one provider alias of one tenant) collects a few times in
// all, and would only grow with a higher GOGC: Go's smallest heap goal is
// 4 MiB times GOGC/100, and Terraform starts one such process per alias.
// So GOGC stays at Go's default until the process has answered Busy
// requests, and is High from then on.
package gctune

import (
	"runtime/debug"
	"sync/atomic"
)

const (
	// Busy is the number of requests after which High applies: about
	// four tenants' worth of a 14-resource baseline's plan (four or five
	// requests per resource).
	Busy = 256
	// High is GOGC once the process is busy.
	High = 400
)

// Tuner counts a process's requests; a nil *Tuner does nothing.
type Tuner struct {
	requests atomic.Int64
}

// New returns a Tuner, or nil when the environment sets GOGC (which is then
// left as it is).
func New(gogcSet bool) *Tuner {
	if gogcSet {
		return nil
	}
	return &Tuner{}
}

// Request counts one request, and sets GOGC to High at the Busy-th.
func (t *Tuner) Request() {
	if t == nil {
		return
	}
	if t.requests.Add(1) == Busy {
		debug.SetGCPercent(High)
	}
}
