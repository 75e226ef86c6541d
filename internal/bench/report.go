package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// WriteMarkdown writes the report as Markdown tables: the two modes side by
// side, every measured command, the ratios of snapshot off to snapshot on,
// per tenant, the per-resource targets, then start-up.
func (rep *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Terraform: %s. Machine: %s. Graph latency: %s per request. Parallelism: %s.\n\n",
		orUnknown(rep.Terraform), rep.Machine, rep.Options.Latency, parallelism(rep.Options.Parallelism))
	b.WriteString("Graph requests are the simulator's logged Graph routes, per tenant by the tenant of each request's token; identity requests (token endpoint, OpenID metadata) are counted apart. " +
		"`plan` is a refreshing `terraform plan` of the applied baseline; `apply` is `terraform apply` from an empty state (its plan included). " +
		"`aliases` is one provider alias per tenant; `per-resource` is one provider configuration and `tenant_id` on every resource. " +
		"RSS is VmHWM of each provider process Terraform starts (one per provider configuration and walk); \"concurrent\" is the largest sum of VmRSS of the provider processes alive at one poll.\n\n")

	rep.writeSideBySide(&b)

	b.WriteString("\n| operation | tenants | mode | snapshot | latency | Graph requests | per tenant (min–max) | reads by route | writes | identity requests | wall | CPU: Terraform + providers | providers | writes in flight (peak) | provider processes | provider peak RSS: max | sum of peaks | concurrent |\n")
	b.WriteString("|---|--:|---|---|--:|--:|--:|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.Results {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %d | %s | %s | %d | %s | %s | %s | %s | %d | %d | %.0f MiB | %.0f MiB | %.0f MiB |\n",
			r.Operation, r.Tenants, r.Mode, onOff(r.Snapshot), r.Latency, r.Requests(), perTenantRange(r), routes(r.ReadsByRoute), r.Writes,
			routes(r.Identity), seconds(r.Wall), seconds(r.CPU), seconds(r.Memory.CPU), r.PeakWrites, r.Memory.Processes,
			mib(r.Memory.MaxPeakKiB), mib(r.Memory.SumPeakKiB), mib(r.Memory.ConcurrentKiB))
	}

	var ratios strings.Builder
	for _, on := range rep.Results {
		if !on.Snapshot {
			continue
		}
		for _, off := range rep.Results {
			if off.Snapshot || off.Operation != on.Operation || off.Tenants != on.Tenants || off.Mode != on.Mode || off.Latency != on.Latency {
				continue
			}
			fmt.Fprintf(&ratios, "| %s | %d | %s | %d ÷ %d = %s | %s ÷ %s = %s |\n", on.Operation, on.Tenants, on.Mode,
				off.Requests(), on.Requests(), ratio(float64(off.Requests()), float64(on.Requests())),
				seconds(off.Wall), seconds(on.Wall), ratio(off.Wall.Seconds(), on.Wall.Seconds()))
		}
	}
	if ratios.Len() > 0 {
		b.WriteString("\n| operation | tenants | mode | Graph requests off ÷ on | wall off ÷ on |\n|---|--:|---|--:|--:|\n")
		b.WriteString(ratios.String())
	}

	b.WriteString("\nPer tenant (each command's totals divided by its tenant count; memory is the sum of the provider processes' peaks). " +
		"\"Tenants in 10 min\" is how many tenants this machine plans (or applies) in 10 minutes at that rate.\n\n")
	b.WriteString("| operation | tenants | mode | snapshot | latency | Graph requests | CPU: Terraform + providers | providers | provider RSS (sum of peaks) | wall | tenants in 10 min |\n")
	b.WriteString("|---|--:|---|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.Results {
		n := float64(r.Tenants)
		perTenant := r.Wall.Seconds() / n
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %.1f | %.3f s | %.3f s | %.1f MiB | %.3f s | %.0f |\n",
			r.Operation, r.Tenants, r.Mode, onOff(r.Snapshot), r.Latency, float64(r.Requests())/n, r.CPU.Seconds()/n, r.Memory.CPU.Seconds()/n,
			mib(r.Memory.SumPeakKiB)/n, perTenant, 600/perTenant)
	}

	rep.writeTargets(&b)

	if s := rep.Startup; s.Runs > 0 {
		fmt.Fprintf(&b, "\nProvider start-up (exec to go-plugin handshake, %d starts): median %s, slowest %s. "+
			"`terraform providers schema -json` (Terraform start, one provider start, GetProviderSchema): median %s.\n",
			s.Runs, millis(s.Handshake), millis(s.HandshakeMax), millis(s.Schema))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSideBySide writes the modes side by side for each operation, tenant
// count and snapshot setting at the configured latency: "–" where a mode
// was not measured (the aliases mode past Options.AliasesMax).
func (rep *Report) writeSideBySide(b *strings.Builder) {
	type key struct {
		op       string
		tenants  int
		snapshot bool
	}
	byKey := map[key]map[Mode]Result{}
	var keys []key
	for _, r := range rep.Results {
		if r.Latency != rep.Options.Latency {
			continue
		}
		k := key{r.Operation, r.Tenants, r.Snapshot}
		if byKey[k] == nil {
			byKey[k] = map[Mode]Result{}
			keys = append(keys, k)
		}
		byKey[k][r.Mode] = r
	}
	if len(keys) == 0 {
		return
	}
	b.WriteString("| operation | tenants | snapshot |")
	columns := []struct {
		name  string
		value func(Result) string
	}{
		{"Graph requests (per tenant)", func(r Result) string { return fmt.Sprintf("%d (%s)", r.Requests(), perTenantRange(r)) }},
		{"provider processes", func(r Result) string { return fmt.Sprint(r.Memory.Processes) }},
		{"concurrent provider memory", func(r Result) string { return fmt.Sprintf("%.0f MiB", mib(r.Memory.ConcurrentKiB)) }},
		{"provider CPU per tenant", func(r Result) string { return millis(r.Memory.CPU / time.Duration(r.Tenants)) }},
		{"wall", func(r Result) string { return seconds(r.Wall) }},
	}
	for _, c := range columns {
		for _, m := range Modes {
			fmt.Fprintf(b, " %s: %s |", c.name, m)
		}
	}
	b.WriteString("\n|---|--:|---|" + strings.Repeat("--:|", len(columns)*len(Modes)) + "\n")
	for _, k := range keys {
		fmt.Fprintf(b, "| %s | %d | %s |", k.op, k.tenants, onOff(k.snapshot))
		for _, c := range columns {
			for _, m := range Modes {
				if r, ok := byKey[k][m]; ok {
					fmt.Fprintf(b, " %s |", c.value(r))
				} else {
					b.WriteString(" – |")
				}
			}
		}
		b.WriteString("\n")
	}
}

// Targets of the per-resource mode (issue #24): a plan of 200 tenants.
const (
	targetTenants       = 200
	targetConcurrentKiB = 300 << 10
	targetCPUPerTenant  = 30 * time.Millisecond
)

// writeTargets checks the plans of the per-resource mode at 200 tenants
// against the targets, when they were measured.
func (rep *Report) writeTargets(b *strings.Builder) {
	for _, r := range rep.Results {
		if r.Operation != "plan" || r.Mode != PerResource || r.Tenants != targetTenants || !r.Snapshot || r.Latency != rep.Options.Latency {
			continue
		}
		perTenant := r.Memory.CPU / time.Duration(r.Tenants)
		fmt.Fprintf(b, "\nTargets, plan of %d tenants, per-resource: concurrent provider memory %.0f MiB (target at most %d MiB: %s); "+
			"provider CPU %s per tenant (target at most %s: %s).\n",
			r.Tenants, mib(r.Memory.ConcurrentKiB), targetConcurrentKiB>>10, met(r.Memory.ConcurrentKiB <= targetConcurrentKiB),
			millis(perTenant), millis(targetCPUPerTenant), met(perTenant <= targetCPUPerTenant))
	}
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// perTenantRange renders the fewest and most Graph requests of one tenant.
func perTenantRange(r Result) string {
	if r.MinPerTenant == r.MaxPerTenant {
		return fmt.Sprint(r.MinPerTenant)
	}
	return fmt.Sprintf("%d–%d", r.MinPerTenant, r.MaxPerTenant)
}

// routes renders reads by route, e.g. "alerts.get 7, configurations.get 7".
func routes(m map[string]int) string {
	if len(m) == 0 {
		return "–"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func millis(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

func parallelism(n int) string {
	if n <= 0 {
		return "Terraform's default (10)"
	}
	return fmt.Sprint(n)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
