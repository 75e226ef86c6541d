package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// WriteMarkdown writes the report as Markdown tables: every measured
// command, then the ratios of snapshot off to snapshot on, then start-up.
func (rep *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Terraform: %s. Machine: %s. Graph latency: %s per request. Parallelism: %s.\n\n",
		orUnknown(rep.Terraform), rep.Machine, rep.Options.Latency, parallelism(rep.Options.Parallelism))
	b.WriteString("Graph requests are the simulators' logged Graph routes; identity requests (token endpoint, OpenID metadata) are counted apart. " +
		"`plan` is a refreshing `terraform plan` of the applied baseline; `apply` is `terraform apply` from an empty state (its plan included). " +
		"RSS is VmHWM of each provider process Terraform starts (one per alias and walk).\n\n")

	b.WriteString("| operation | tenants | snapshot | latency | Graph requests | reads by route | writes | max per tenant | identity requests | wall | CPU: Terraform + providers | providers | writes in flight (peak) | provider processes | provider peak RSS: max | sum of peaks | concurrent |\n")
	b.WriteString("|---|--:|---|--:|--:|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.Results {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %d | %s | %d | %d | %s | %s | %s | %s | %d | %d | %.0f MiB | %.0f MiB | %.0f MiB |\n",
			r.Operation, r.Tenants, onOff(r.Snapshot), r.Latency, r.Requests(), routes(r.ReadsByRoute), r.Writes, r.MaxPerTenant,
			routes(r.Identity), seconds(r.Wall), seconds(r.CPU), seconds(r.Memory.CPU), r.PeakWrites, r.Memory.Processes,
			mib(r.Memory.MaxPeakKiB), mib(r.Memory.SumPeakKiB), mib(r.Memory.ConcurrentKiB))
	}

	b.WriteString("\n| operation | tenants | Graph requests off ÷ on | wall off ÷ on |\n|---|--:|--:|--:|\n")
	for _, on := range rep.Results {
		if !on.Snapshot {
			continue
		}
		for _, off := range rep.Results {
			if off.Snapshot || off.Operation != on.Operation || off.Tenants != on.Tenants || off.Latency != on.Latency {
				continue
			}
			fmt.Fprintf(&b, "| %s | %d | %d ÷ %d = %s | %s ÷ %s = %s |\n", on.Operation, on.Tenants,
				off.Requests(), on.Requests(), ratio(float64(off.Requests()), float64(on.Requests())),
				seconds(off.Wall), seconds(on.Wall), ratio(off.Wall.Seconds(), on.Wall.Seconds()))
		}
	}

	b.WriteString("\nPer tenant (each command's totals divided by its tenant count; memory is the sum of the provider processes' peaks). " +
		"\"Tenants in 10 min\" is how many tenants this machine plans (or applies) in 10 minutes at that rate.\n\n")
	b.WriteString("| operation | tenants | snapshot | latency | Graph requests | CPU: Terraform + providers | providers | provider RSS (sum of peaks) | wall | tenants in 10 min |\n")
	b.WriteString("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.Results {
		n := float64(r.Tenants)
		perTenant := r.Wall.Seconds() / n
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %.1f | %.2f s | %.2f s | %.0f MiB | %.2f s | %.0f |\n",
			r.Operation, r.Tenants, onOff(r.Snapshot), r.Latency, float64(r.Requests())/n, r.CPU.Seconds()/n, r.Memory.CPU.Seconds()/n,
			mib(r.Memory.SumPeakKiB)/n, perTenant, 600/perTenant)
	}

	if s := rep.Startup; s.Runs > 0 {
		fmt.Fprintf(&b, "\nProvider start-up (exec to go-plugin handshake, %d starts): median %s, slowest %s. "+
			"`terraform providers schema -json` (Terraform start, one provider start, GetProviderSchema): median %s.\n",
			s.Runs, millis(s.Handshake), millis(s.HandshakeMax), millis(s.Schema))
	}
	_, err := io.WriteString(w, b.String())
	return err
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
