package provider_test

import (
	"slices"
	"testing"

	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

func TestQuietUnshownLogs(t *testing.T) {
	t.Parallel()
	all := []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ENTRAPIM"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want []string // the variables set to off
	}{
		{"nothing set: Terraform shows nothing", map[string]string{}, all},
		{"TF_LOG shows provider logs", map[string]string{"TF_LOG": "DEBUG"}, nil},
		{"TF_LOG=JSON shows them", map[string]string{"TF_LOG": "JSON"}, nil},
		{"an invalid level is TRACE to Terraform", map[string]string{"TF_LOG": "verbose"}, nil},
		{"TF_LOG_PROVIDER shows them", map[string]string{"TF_LOG_PROVIDER": "info"}, nil},
		{"TF_LOG_PROVIDER=off hides them whatever TF_LOG says", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "OFF"}, all},
		{"empty TF_LOG_PROVIDER falls back to TF_LOG", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": ""}, nil},
		{"TF_LOG=off", map[string]string{"TF_LOG": "off"}, all},
		{"TF_LOG_CORE is Terraform's own", map[string]string{"TF_LOG_CORE": "trace"}, all},
		{"a level the user set is kept", map[string]string{"TF_LOG_SDK_PROTO": "trace", "TF_LOG_PROVIDER_ENTRAPIM": "debug"}, []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
			set := func(k, v string) error { env[k] = v; return nil }
			got := provider.QuietUnshownLogs(lookup, set)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("set %v, want %v", got, tc.want)
			}
			for _, k := range tc.want {
				if env[k] != "off" {
					t.Errorf("%s = %q, want off", k, env[k])
				}
			}
			for k, v := range tc.env {
				if env[k] != v {
					t.Errorf("%s changed from %q to %q", k, v, env[k])
				}
			}
		})
	}
}
