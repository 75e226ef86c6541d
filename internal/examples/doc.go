// Package examples holds the acceptance tests of the Terraform configurations
// under examples/: every example directory (the per-resource documentation
// snippets, the demo, the baseline module, the multi-tenant root and the
// GitHub Actions drift workflow) is applied or planned against the simulated
// tenant, so the documentation cannot drift from what the provider does.
package examples
