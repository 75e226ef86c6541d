package provider

import "strings"

// logLevelVariables are the variables that set the levels of the provider
// process's loggers: terraform-plugin-go's SDK and protocol loggers,
// terraform-plugin-framework's, and this provider's root logger (the graph
// subsystem, TF_LOG_PROVIDER_ENTRAPIM_GRAPH, inherits it when unset).
var logLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ENTRAPIM"}

// QuietUnshownLogs turns the provider process's loggers off when Terraform
// will not show what they write, and returns the variables it set.
//
// Unset, each of those loggers logs at TRACE (terraform-plugin-log's
// default) to the provider's stderr, and Terraform or OpenTofu parses each
// line and drops it unless TF_LOG_PROVIDER, or else TF_LOG, names a level
// other than OFF (providerLogLevel in internal/logging/logging.go of both:
// an empty level is OFF). Measured with make bench, formatting those lines
// was about 40% of the provider's CPU time of a plan. A variable the user
// set is left as it is, and nothing changes when the logs are shown.
//
// main calls it before serving, except with -debug, where the provider's
// own stderr is the log.
func QuietUnshownLogs(lookup func(string) (string, bool), set func(key, value string) error) []string {
	level, ok := lookup("TF_LOG_PROVIDER")
	if !ok || level == "" {
		level, _ = lookup("TF_LOG")
	}
	if level != "" && !strings.EqualFold(level, "off") {
		return nil
	}
	var quieted []string
	for _, k := range logLevelVariables {
		if _, ok := lookup(k); ok {
			continue
		}
		if set(k, "off") == nil {
			quieted = append(quieted, k)
		}
	}
	return quieted
}
