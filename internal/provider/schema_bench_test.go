package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

// BenchmarkGetProviderSchema is the provider's share of its start-up: the
// first thing Terraform asks a new provider process for is every schema.
// Each iteration builds a fresh provider server, as a new process would.
func BenchmarkGetProviderSchema(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		srv, err := providerserver.NewProtocol6WithError(provider.New("bench")())()
		if err != nil {
			b.Fatal(err)
		}
		resp, err := srv.GetProviderSchema(b.Context(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				b.Fatal(d.Summary, ": ", d.Detail)
			}
		}
	}
}
