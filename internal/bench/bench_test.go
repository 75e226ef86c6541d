package bench

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Both modes render the 14-resource baseline for every tenant, each
// resource reaching its tenant through its alias or its tenant_id, as
// terraform fmt writes it.
func TestRender(t *testing.T) {
	t.Parallel()
	tenants := []tenantClient{
		{TenantID: "11111111-0000-0000-0000-000000000001", ClientID: "c-1", ClientSecret: "s-1"},
		{TenantID: "11111111-0000-0000-0000-000000000002", ClientID: "c-1", ClientSecret: "s-2"},
		{TenantID: "11111111-0000-0000-0000-000000000003", ClientID: "c-1", ClientSecret: "s-3"},
	}
	for _, snapshot := range []bool{true, false} {
		for _, mode := range Modes {
			c := config{mode: mode, graphEndpoint: "https://127.0.0.1:1", authorityHost: "https://127.0.0.1:1/", tenants: tenants, snapshot: snapshot}
			hcl := c.render()
			blocks := topLevelBlocks(t, hcl)
			var providers, resources []string
			for _, blk := range blocks {
				switch {
				case strings.HasPrefix(blk, `provider "entrapim" {`):
					providers = append(providers, blk)
				case strings.HasPrefix(blk, "resource "):
					resources = append(resources, blk)
				}
			}
			for _, p := range providers {
				if !strings.Contains(p, fmt.Sprintf("read_snapshot  = %t\n", snapshot)) || !strings.Contains(p, `graph_endpoint = "https://127.0.0.1:1"`) {
					t.Errorf("%s: provider block without the simulator or read_snapshot %t:\n%s", mode, snapshot, p)
				}
			}
			addresses := map[string]bool{}
			for _, r := range resources {
				head, _, _ := strings.Cut(r, "\n")
				if addresses[head] {
					t.Errorf("%s: %s twice", mode, head)
				}
				addresses[head] = true
			}
			byType := func(typ string) int { return strings.Count(hcl, fmt.Sprintf("\nresource %q ", typ)) }

			switch mode {
			case Aliases:
				// One alias per tenant, each with the tenant's own secret,
				// and 14 resources per tenant naming its alias.
				if len(providers) != 3 || len(resources) != 42 || byType("entrapim_alert_configuration") != 21 || byType("entrapim_alert") != 21 {
					t.Fatalf("aliases: %d providers, %d resources (%d configurations, %d alerts), want 3 and 42 (21, 21)",
						len(providers), len(resources), byType("entrapim_alert_configuration"), byType("entrapim_alert"))
				}
				for i, tn := range tenants {
					if !strings.Contains(providers[i], fmt.Sprintf("alias          = \"t%d\"\n", i)) ||
						!strings.Contains(providers[i], fmt.Sprintf("tenant_id      = %q", tn.TenantID)) ||
						!strings.Contains(providers[i], fmt.Sprintf("client_secret  = %q", tn.ClientSecret)) {
						t.Errorf("provider %d is not tenant %s's alias:\n%s", i, tn.TenantID, providers[i])
					}
					if n := strings.Count(hcl, fmt.Sprintf("provider   = entrapim.t%d\n", i)); n != 14 {
						t.Errorf("%d resources of alias t%d, want 14", n, i)
					}
				}
				if strings.Contains(hcl, "for_each") {
					t.Error("aliases: a resource with for_each")
				}
			case PerResource:
				// One provider configuration, the first tenant's; 14
				// resources, each over every tenant with tenant_id.
				if len(providers) != 1 || strings.Contains(providers[0], "alias") ||
					!strings.Contains(providers[0], fmt.Sprintf("tenant_id      = %q", tenants[0].TenantID)) {
					t.Fatalf("per-resource: want one provider block without alias, for the first tenant:\n%s", strings.Join(providers, "\n"))
				}
				if len(resources) != 14 || byType("entrapim_alert_configuration") != 7 || byType("entrapim_alert") != 7 {
					t.Fatalf("per-resource: %d resources, want 14", len(resources))
				}
				for _, r := range resources {
					if !strings.Contains(r, "  for_each   = local.tenants\n  tenant_id  = each.key\n  alert_type = ") || strings.Contains(r, "provider") {
						t.Errorf("per-resource: a resource not over every tenant:\n%s", r)
					}
				}
				var locals string
				for _, blk := range blocks {
					if strings.HasPrefix(blk, "locals {") {
						locals = blk
					}
				}
				for _, tn := range tenants {
					if strings.Count(locals, fmt.Sprintf("%q,\n", tn.TenantID)) != 1 {
						t.Errorf("per-resource: tenant %s not once in local.tenants:\n%s", tn.TenantID, locals)
					}
				}
			}
			terraformFmtCheck(t, hcl)
		}
	}
}

// topLevelBlocks splits HCL into its top-level blocks (from the line that
// opens one to the "}" line that closes it), failing on unbalanced braces
// or text outside a block.
func topLevelBlocks(t *testing.T, hcl string) []string {
	t.Helper()
	var blocks []string
	var cur strings.Builder
	depth := 0
	for _, line := range strings.Split(hcl, "\n") {
		if depth == 0 && strings.TrimSpace(line) == "" {
			continue
		}
		cur.WriteString(line + "\n")
		depth += strings.Count(line, "{") + strings.Count(line, "[") - strings.Count(line, "}") - strings.Count(line, "]")
		if depth < 0 {
			t.Fatalf("unbalanced braces at %q", line)
		}
		if depth == 0 {
			if !strings.HasSuffix(strings.TrimSpace(line), "}") {
				t.Fatalf("text outside a block: %q", line)
			}
			blocks = append(blocks, cur.String())
			cur.Reset()
		}
	}
	if depth != 0 {
		t.Fatalf("%d blocks left open", depth)
	}
	return blocks
}

// terraformFmtCheck fails unless `terraform fmt -check` accepts hcl as
// written: valid HCL, formatted. It needs terraform on PATH.
func terraformFmtCheck(t *testing.T, hcl string) {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Log("terraform is not on PATH: not checked with terraform fmt")
		return
	}
	cmd := exec.Command(tf, "fmt", "-check", "-no-color", "-")
	cmd.Stdin = strings.NewReader(hcl)
	cmd.Env = terraformEnv(os.DevNull, os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		formatted := exec.Command(tf, "fmt", "-no-color", "-")
		formatted.Stdin, formatted.Env = strings.NewReader(hcl), cmd.Env
		want, _ := formatted.CombinedOutput()
		t.Errorf("terraform fmt -check: %v: %s\nterraform fmt writes:\n%s", err, out, want)
	}
}

// count attributes requests to tenants by the tenant of their token.
func TestCount(t *testing.T) {
	t.Parallel()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return base.Add(time.Duration(ms) * time.Millisecond) }
	tenants := []tenantClient{{TenantID: "AAAA"}, {TenantID: "bbbb"}, {TenantID: "cccc"}}
	log := []request{
		{Route: "openid-configuration"}, {Route: "token"},
		{Route: "alerts.list", Tenant: "aaaa", Time: at(0)},
		{Route: "token"},
		{Route: "alerts.list", Tenant: "bbbb", Time: at(0)},
		{Route: "configurations.patch", Tenant: "aaaa", Write: true, Time: at(10)},
		{Route: "alerts.patch", Tenant: "aaaa", Write: true, Time: at(20)},
		{Route: "configurations.patch", Tenant: "bbbb", Write: true, Time: at(50)},
		{Route: "alerts.patch", Tenant: "aaaa", Write: true, Time: at(300)},
	}
	r := count(log, tenants, 100*time.Millisecond)
	if r.Reads != 2 || r.Writes != 4 || r.Requests() != 6 || r.MaxPerTenant != 4 || r.MinPerTenant != 0 {
		t.Errorf("reads %d, writes %d, per tenant %d–%d; want 2, 4, 0–4 (tenant cccc had none)", r.Reads, r.Writes, r.MinPerTenant, r.MaxPerTenant)
	}
	if r := count(log, tenants[:2], 100*time.Millisecond); r.MinPerTenant != 2 {
		t.Errorf("fewest requests of tenants aaaa and bbbb = %d, want 2", r.MinPerTenant)
	}
	if r.ReadsByRoute["alerts.list"] != 2 || r.Identity["token"] != 2 || r.Identity["openid-configuration"] != 1 {
		t.Errorf("by route: reads %v, identity %v", r.ReadsByRoute, r.Identity)
	}
	if r.PeakWrites != 3 {
		t.Errorf("peak writes in flight = %d, want 3 (at 10, 20 and 50 ms)", r.PeakWrites)
	}
}

func TestParseProc(t *testing.T) {
	t.Parallel()
	status := []byte("Name:\tterraform-provi\nVmPeak:\t  900000 kB\nVmHWM:\t   35000 kB\nVmRSS:\t   34000 kB\n")
	if hwm, rss, ok := parseStatus(status); !ok || hwm != 35000 || rss != 34000 {
		t.Errorf("parseStatus = %d, %d, %v", hwm, rss, ok)
	}
	if _, _, ok := parseStatus([]byte("Name:\tx\n")); ok {
		t.Error("parseStatus accepted a status without VmHWM")
	}
	stat := []byte("4242 (terraform-provider (x)) S 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 12 0 100 0 0")
	if d, ok := parseStat(stat); !ok || d != 1750*time.Millisecond {
		t.Errorf("parseStat = %s, %v; want 1.75s", d, ok)
	}
}
