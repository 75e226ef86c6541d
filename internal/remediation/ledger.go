package remediation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The ledger is what the provider processes of one OS user on one machine
// share about a tenant's Global Administrator removals, in a file beside
// two lock files, in a directory private to the user:
//
//   - the removals each run has planned, so that the plan-time check counts
//     all of a run's removals together, whichever provider process plans
//     them and in whatever order;
//   - the removals sent to Graph, so that a removal whose effect Graph's
//     reads do not show yet is still counted as done;
//   - the turn: one Global Administrator remediation of the tenant at a
//     time, from its read of the holders until Graph shows its effect.
//
// A process that dies releases its locks (they are advisory file locks
// held by open files). Nothing here reaches other machines: across
// machines, one pipeline per tenant at a time, and the re-read after each
// removal, are what protect the minimum.

// GuardDirEnv is the environment variable that overrides the directory of
// the ledgers (the provider passes its value to WithDir).
const GuardDirEnv = "ENTRAPIM_GUARD_DIR"

const (
	// runTTL is how long a run's planned removals are kept after its last
	// plan-time check: longer than any plan and apply of one run.
	runTTL = 24 * time.Hour
	// sentTTL is how long a removal sent from this machine is counted as
	// done when Graph's reads have not shown it yet; confirmedTTL when they
	// have (a later read may still come from a replica that lags).
	sentTTL      = time.Hour
	confirmedTTL = 10 * time.Minute
	// lockPoll is how often a busy lock is tried again.
	lockPoll = 50 * time.Millisecond
)

// ledgerData is the ledger file.
type ledgerData struct {
	Tenant   string                 `json:"tenant"`
	Endpoint string                 `json:"endpoint"`
	Runs     map[string]*plannedRun `json:"runs,omitempty"`
	Sent     []sentRemoval          `json:"sent,omitempty"`
}

// plannedRun is the Global Administrator removals one run has planned.
type plannedRun struct {
	Updated  time.Time        `json:"updated"`
	Removals []plannedRemoval `json:"removals"`
}

// plannedRemoval is one remediation a run plans.
type plannedRemoval struct {
	AlertType   string `json:"alertType"`
	IncidentID  string `json:"incidentId"`
	PrincipalID string `json:"principalId"`
	Principal   string `json:"principal"`
}

func (r plannedRemoval) String() string {
	return fmt.Sprintf("incident %q of %s (%s)", r.IncidentID, r.AlertType, r.Principal)
}

// sentRemoval is a Global Administrator removal sent from this machine.
type sentRemoval struct {
	AlertType   string    `json:"alertType"`
	IncidentID  string    `json:"incidentId"`
	PrincipalID string    `json:"principalId"`
	At          time.Time `json:"at"`
	// Confirmed is set once a read of Graph showed the removal.
	Confirmed bool `json:"confirmed"`
}

// prune drops what has expired at now.
func (d *ledgerData) prune(now time.Time) {
	for k, r := range d.Runs {
		if now.Sub(r.Updated) > runTTL {
			delete(d.Runs, k)
		}
	}
	d.Sent = slices.DeleteFunc(d.Sent, func(s sentRemoval) bool {
		ttl := sentTTL
		if s.Confirmed {
			ttl = confirmedTTL
		}
		return now.Sub(s.At) > ttl
	})
}

// pending returns the principals (lower case) of the removals sent from
// this machine that still count as done.
func (d *ledgerData) pending() map[string]bool {
	out := map[string]bool{}
	for _, s := range d.Sent {
		out[strings.ToLower(s.PrincipalID)] = true
	}
	return out
}

// ledger is the ledger of one tenant.
type ledger struct {
	file, lock, turn string
	tenant, endpoint string
}

// openLedger returns the ledger of tenant at endpoint in dir (the default
// directory when dir is ""), creating the directory when needed.
func openLedger(dir, endpoint, tenant string) (*ledger, error) {
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "entrapim-guard"+userSuffix())
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the directory of the remediation guard's lock and record: %w", err)
	}
	if err := privateDir(dir); err != nil {
		return nil, fmt.Errorf("the directory of the remediation guard's lock and record, %s, cannot be used: %w "+
			"(set %s to a directory of your own)", dir, err, GuardDirEnv)
	}
	endpoint, tenant = endpointKey(endpoint), strings.ToLower(tenant)
	sum := sha256.Sum256([]byte(endpoint + "|" + tenant))
	base := filepath.Join(dir, hex.EncodeToString(sum[:12]))
	return &ledger{file: base + ".json", lock: base + ".lock", turn: base + ".turn", tenant: tenant, endpoint: endpoint}, nil
}

// endpointKey is endpoint in lower case without a default port, so that
// https://graph.microsoft.com and https://graph.microsoft.com:443 share a
// tenant's ledger.
func endpointKey(endpoint string) string {
	u, err := url.Parse(strings.ToLower(strings.TrimRight(endpoint, "/")))
	if err != nil {
		return strings.ToLower(endpoint)
	}
	if p := u.Port(); (u.Scheme == "https" && p == "443") || (u.Scheme == "http" && p == "80") {
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	return u.String()
}

// acquire opens path and waits for its exclusive lock (or for ctx); the
// returned function releases it.
func acquire(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		ok, err := tryLock(f)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			return func() { _ = f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

// takeTurn waits for the tenant's turn; the returned function ends it.
func (l *ledger) takeTurn(ctx context.Context) (func(), error) { return acquire(ctx, l.turn) }

// update reads the ledger under its lock, lets f change it and writes it
// back (atomically, by rename).
func (l *ledger) update(ctx context.Context, now time.Time, f func(*ledgerData)) error {
	release, err := acquire(ctx, l.lock)
	if err != nil {
		return err
	}
	defer release()
	d := &ledgerData{}
	switch b, err := os.ReadFile(l.file); {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	default:
		if err := json.Unmarshal(b, d); err != nil {
			return fmt.Errorf("the remediation guard's record %s is damaged (%v); delete it when no Terraform run is under way", l.file, err)
		}
	}
	d.Tenant, d.Endpoint = l.tenant, l.endpoint
	if d.Runs == nil {
		d.Runs = map[string]*plannedRun{}
	}
	d.prune(now)
	f(d)
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	tmp := l.file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, l.file)
}
