// Command tenantstate prints, as JSON, what a live test may change in a
// tenant and must put back (acctest.State): each alert's isActive and each
// configuration's isEnabled and thresholds, read through Graph with the
// provider's own client from the ARM_* / ENTRAPIM_* environment. The live
// suite's self-check (.ci/testacc-live-sim.sh) compares its output before
// and after make testacc-live.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

type alertState struct {
	IsActive   bool              `json:"isActive"`
	IsEnabled  bool              `json:"isEnabled"`
	Thresholds map[string]string `json:"thresholds,omitempty"`
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "tenantstate:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	getenv := func(k string) string {
		if k == "ENTRAPIM_READ_SNAPSHOT" {
			return "false"
		}
		return os.Getenv(k)
	}
	c, err := provider.NewGraphClient(ctx, provider.WithGetenv(getenv))
	if err != nil {
		return err
	}
	s, err := acctest.ReadState(ctx, c)
	if err != nil {
		return err
	}
	out := map[string]alertState{}
	for name, active := range s.Active {
		st := alertState{IsActive: active}
		if cfg, ok := s.Configurations[name]; ok {
			st.IsEnabled = cfg.Enabled
			for _, f := range cfg.Type.Fields {
				if st.Thresholds == nil {
					st.Thresholds = map[string]string{}
				}
				st.Thresholds[f.GraphName] = f.Format(cfg.Thresholds[f.GraphName])
			}
		}
		out[name] = st
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out) // map keys are sorted
}
