package config

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// Cloud is the authority and Graph hosts of one national cloud.
type Cloud struct {
	AuthorityHost string
	GraphEndpoint string
}

// Clouds maps the `environment` setting (lower case) to its endpoints: the
// names and aliases the azuread provider accepts, and the hosts of its
// go-azure-sdk environments (hashicorp/go-azure-sdk, sdk/environments:
// azure_public.go, azure_gov.go, azure_china.go).
var Clouds = map[string]Cloud{
	"global":         publicCloud,
	"public":         publicCloud,
	"usgovernmentl4": usGovernmentL4,
	"usgovernment":   usGovernmentL4,
	"usgovernmentl5": usGovernmentL5,
	"dod":            usGovernmentL5,
	"china":          {AuthorityHost: "https://login.chinacloudapi.cn/", GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn"},
}

var (
	publicCloud    = Cloud{AuthorityHost: "https://login.microsoftonline.com/", GraphEndpoint: "https://graph.microsoft.com"}
	usGovernmentL4 = Cloud{AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://graph.microsoft.us"}
	usGovernmentL5 = Cloud{AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://dod-graph.microsoft.us"}
)

// DefaultEnvironment is the cloud when `environment` is not set.
const DefaultEnvironment = "global"

// cloudNames returns the valid `environment` values, sorted.
func cloudNames() []string {
	out := make([]string, 0, len(Clouds))
	for k := range Clouds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Cloud returns the cloud `environment` names (Validate has checked it),
// or the default one.
func (c *Config) Cloud() Cloud {
	if c.Environment.IsSet() {
		return Clouds[strings.ToLower(c.Environment.Value)]
	}
	return Clouds[DefaultEnvironment]
}

// CheckRequestURL checks the URL of a CI system's ID-token endpoint, which
// gets the request token as a bearer: https (http only for a loopback
// host), no credentials, no fragment; unlike a Graph endpoint it may have
// a path and a query.
func CheckRequestURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	u.RawQuery, u.ForceQuery = "", false
	_, err = graph.ParseEndpoint(u.String(), true)
	return err
}
