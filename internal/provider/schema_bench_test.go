package provider_test

import "testing"

// BenchmarkGetProviderSchema is the provider's share of its start-up: the
// first thing Terraform asks a new provider process for is every schema.
// Each iteration builds a fresh provider server, as a new process would.
func BenchmarkGetProviderSchema(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		providerSchema(b)
	}
}
