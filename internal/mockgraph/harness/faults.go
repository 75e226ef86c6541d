// Package harness is what a test holds the simulator by, beside the
// tenant: the faults it injects, the log of the requests it received
// (each with its own lock), and the HTTP control API below /_simulator/,
// a table onto the simulator's Go API.
package harness

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is what an injected fault does.
type FaultKind string

// Fault kinds.
const (
	FaultThrottle      FaultKind = "throttle"      // 429 + Retry-After, standard error envelope code "TooManyRequests"
	FaultUnavailable   FaultKind = "unavailable"   // 503 + Retry-After, code "ServiceNotAvailable"
	FaultTimeout       FaultKind = "timeout"       // 504, code "GatewayTimeout"
	FaultDrop          FaultKind = "drop"          // hijack and close the connection without answering
	FaultFailOperation FaultKind = "failOperation" // next refresh operations end "failed" with StatusDetail
	FaultLatency       FaultKind = "latency"       // extra delay, then normal answer
	FaultError         FaultKind = "error"         // answer Status with Code/Message in the standard envelope
)

var faultKinds = []FaultKind{FaultThrottle, FaultUnavailable, FaultTimeout, FaultDrop, FaultFailOperation, FaultLatency, FaultError}

// Fault is an injected failure. In JSON (control API) the field names are
// lower camel case and durations are Go duration strings ("2s") or seconds.
type Fault struct {
	Kind       FaultKind
	Route      string        // route name to match; "" = every Graph route
	Method     string        // optional extra match
	AlertType  string        // optional: match only requests whose path contains this alert's id
	Count      int           // fire this many times then stop; 0 = unlimited
	Rate       float64       // probability 0..1 per matching request; 0 = always
	RetryAfter time.Duration // for throttle/unavailable (sent in whole seconds, at least 1)
	Latency    time.Duration // for latency
	Status     int           // for error
	Code       string        // for error (and to override the code of throttle/unavailable/timeout)
	Message    string        // likewise for the message
	// StatusDetail is the statusDetail of operations failed by failOperation.
	StatusDetail string
	// After fires the fault once the request has been handled and has taken
	// effect: its answer is delayed (latency), lost (drop) or replaced by an
	// error, as when Graph acts on a request whose answer never reaches the
	// client. Kinds throttle, unavailable, timeout, drop, latency and error.
	After bool
}

type faultJSON struct {
	Kind         FaultKind       `json:"kind"`
	Route        string          `json:"route,omitempty"`
	Method       string          `json:"method,omitempty"`
	AlertType    string          `json:"alertType,omitempty"`
	Count        int             `json:"count,omitempty"`
	Rate         float64         `json:"rate,omitempty"`
	RetryAfter   json.RawMessage `json:"retryAfter,omitempty"`
	Latency      json.RawMessage `json:"latency,omitempty"`
	Status       int             `json:"status,omitempty"`
	Code         string          `json:"code,omitempty"`
	Message      string          `json:"message,omitempty"`
	StatusDetail string          `json:"statusDetail,omitempty"`
	After        bool            `json:"after,omitempty"`
}

// MarshalJSON renders durations as Go duration strings.
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{Kind: f.Kind, Route: f.Route, Method: f.Method, AlertType: f.AlertType, Count: f.Count, Rate: f.Rate,
		Status: f.Status, Code: f.Code, Message: f.Message, StatusDetail: f.StatusDetail, After: f.After}
	if f.RetryAfter != 0 {
		j.RetryAfter, _ = json.Marshal(f.RetryAfter.String())
	}
	if f.Latency != 0 {
		j.Latency, _ = json.Marshal(f.Latency.String())
	}
	return json.Marshal(j)
}

// UnmarshalJSON accepts durations as Go duration strings or numbers of seconds.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	retry, err := parseJSONDuration("retryAfter", j.RetryAfter)
	if err != nil {
		return err
	}
	latency, err := parseJSONDuration("latency", j.Latency)
	if err != nil {
		return err
	}
	*f = Fault{Kind: j.Kind, Route: j.Route, Method: j.Method, AlertType: j.AlertType, Count: j.Count, Rate: j.Rate,
		RetryAfter: retry, Latency: latency, Status: j.Status, Code: j.Code, Message: j.Message, StatusDetail: j.StatusDetail,
		After: j.After}
	return nil
}

func parseJSONDuration(name string, raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		return d, nil
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err != nil {
		return 0, fmt.Errorf("%s: expected a duration string such as \"2s\" or a number of seconds", name)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// Validate reports whether f can fire.
func (f Fault) Validate() error {
	if !slices.Contains(faultKinds, f.Kind) {
		return fmt.Errorf("unknown fault kind %q; use one of %v", f.Kind, faultKinds)
	}
	if f.Rate < 0 || f.Rate > 1 || math.IsNaN(f.Rate) {
		return fmt.Errorf("fault rate %v is not between 0 and 1", f.Rate)
	}
	if f.Count < 0 {
		return fmt.Errorf("fault count %d is negative", f.Count)
	}
	if f.After && f.Kind == FaultFailOperation {
		return fmt.Errorf("fault kind %s cannot fire after the request", f.Kind)
	}
	if f.Kind == FaultError && f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("fault status %d is not an error status", f.Status)
	}
	return nil
}

// ParseFault parses the command-line form "kind[:route[:rate[:count]]]",
// for example "throttle:alerts.list:0.5" or "failOperation::1:2"; a kind
// prefixed "after-" (such as "after-drop:incidents.remediate") fires after
// the request took effect (Fault.After).
func ParseFault(spec string) (Fault, error) {
	parts := strings.Split(spec, ":")
	if len(parts) > 4 {
		return Fault{}, fmt.Errorf("fault %q: expected [after-]kind[:route[:rate[:count]]]", spec)
	}
	kind, after := strings.CutPrefix(parts[0], "after-")
	f := Fault{Kind: FaultKind(kind), After: after, RetryAfter: time.Second, Latency: time.Second, Status: http.StatusInternalServerError}
	if len(parts) > 1 {
		f.Route = parts[1]
	}
	if len(parts) > 2 && parts[2] != "" {
		r, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: rate: %w", spec, err)
		}
		f.Rate = r
	}
	if len(parts) > 3 && parts[3] != "" {
		n, err := strconv.Atoi(parts[3])
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: count: %w", spec, err)
		}
		f.Count = n
	}
	if err := f.Validate(); err != nil {
		return Fault{}, fmt.Errorf("fault %q: %w", spec, err)
	}
	return f, nil
}

type faultEntry struct {
	id    string
	fault Fault
	fired int
}

// Faults are the injected faults, with the random source of their rates.
type Faults struct {
	mu      sync.Mutex
	entries []*faultEntry
	seq     int
	rnd     *rand.Rand
}

// NewFaults returns an empty set of faults whose rates draw from a source
// seeded with seed.
func NewFaults(seed uint64) *Faults {
	return &Faults{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Add injects f and returns its id (for Remove).
func (fs *Faults) Add(f Fault) (id string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.seq++
	id = "fault-" + strconv.Itoa(fs.seq)
	fs.entries = append(fs.entries, &faultEntry{id: id, fault: f})
	return id
}

// Remove removes one fault.
func (fs *Faults) Remove(id string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.entries = slices.DeleteFunc(fs.entries, func(e *faultEntry) bool { return e.id == id })
}

// Clear removes every fault.
func (fs *Faults) Clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.entries = nil
}

// All returns the active faults by id.
func (fs *Faults) All() map[string]Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make(map[string]Fault, len(fs.entries))
	for _, e := range fs.entries {
		out[e.id] = e.fault
	}
	return out
}

// Target is what a fault may match of a request.
type Target struct {
	Route   string // route name
	Graph   bool   // a Graph route (a fault without Route matches only these)
	Method  string
	Path    string // decoded path
	AlertID func(alertType string) string
}

// matches reports whether f applies to the request.
func (f Fault) matches(t Target) bool {
	switch {
	case f.Route == "" && !t.Graph:
		return false
	case f.Route != "" && f.Route != t.Route:
		return false
	case f.Method != "" && !strings.EqualFold(f.Method, t.Method):
		return false
	case f.AlertType != "" && !strings.Contains(t.Path, t.AlertID(f.AlertType)):
		return false
	}
	return true
}

// take decides whether a matching fault fires now and consumes its count;
// the caller holds fs.mu.
func (fs *Faults) take(e *faultEntry) bool {
	if e.fault.Rate > 0 && fs.rnd.Float64() >= e.fault.Rate {
		return false
	}
	e.fired++
	if e.fault.Count > 0 && e.fired >= e.fault.Count {
		fs.entries = slices.DeleteFunc(fs.entries, func(x *faultEntry) bool { return x == e })
	}
	return true
}

// Firing returns the faults that fire for this request before (after
// false) or after it is handled: any latency faults, then at most one
// fault that answers.
func (fs *Faults) Firing(t Target, after bool) []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out []Fault
	for _, e := range slices.Clone(fs.entries) {
		if e.fault.Kind == FaultFailOperation || e.fault.After != after || !e.fault.matches(t) || !fs.take(e) {
			continue
		}
		out = append(out, e.fault)
		if e.fault.Kind != FaultLatency {
			break
		}
	}
	return out
}

// TakeFailOperation returns the failOperation fault that fires for this
// refresh request, if any, and its id.
func (fs *Faults) TakeFailOperation(t Target) (Fault, string, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, e := range slices.Clone(fs.entries) {
		if e.fault.Kind == FaultFailOperation && e.fault.matches(t) && fs.take(e) {
			return e.fault, e.id, true
		}
	}
	return Fault{}, "", false
}

// HasAfter reports whether any fault fires after a request is handled.
func (fs *Faults) HasAfter() bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return slices.ContainsFunc(fs.entries, func(e *faultEntry) bool { return e.fault.After })
}
