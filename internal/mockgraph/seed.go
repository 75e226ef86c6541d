package mockgraph

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

//go:embed seed.json
var defaultSeedJSON []byte

// DefaultSeed returns the embedded realistic tenant: 22 users, 5 Global
// Administrators among 20 privileged assignments, a break-glass account
// holding Global Administrator outside PIM, stale accounts, an eligible
// assignment never activated, a burst of activations and one role without
// MFA on activation.
func DefaultSeed() (*Seed, error) { return ParseSeed(defaultSeedJSON) }

// ParseSeed parses a seed from JSON and checks its references and its
// configurations.
func ParseSeed(data []byte) (*Seed, error) {
	var s Seed
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("parse seed: %w", err)
	}
	if _, err := newTenant(&s, alerttypes.Builtin(), settings{now: time.Now}); err != nil {
		return nil, err
	}
	return &s, nil
}

// LoadSeed reads a seed file.
func LoadSeed(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read seed: %w", err)
	}
	s, err := ParseSeed(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// newTenant builds the tenant of seed and applies the seed's
// configurations, validated as a PATCH is.
func newTenant(seed *Seed, cat alerttypes.Catalogue, cfg settings) (*tenant.Tenant, error) {
	t, err := tenant.New(seed, cat, cfg.now, tenant.Behaviour{
		DailyScanReactivates:                cfg.dailyScan() == DailyScanReactivates,
		RefreshReactivatesOnlyWithIncidents: cfg.refreshReactivation() == RefreshReactivatesWithIncidents,
		RemediatedIncidentsVanish:           cfg.remediated() == IncidentsVanish,
		ScanDuration:                        cfg.scanDuration,
	})
	if err != nil {
		return nil, err
	}
	var errs []error
	for suffix, props := range seed.Configurations {
		if err := setConfiguration(t, cat, suffix, props, cfg.ranges()); err != nil {
			errs = append(errs, fmt.Errorf("configurations: %s: %w", suffix, err))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("seed: %w", errors.Join(errs...))
	}
	return t, nil
}
