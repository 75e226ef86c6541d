package provider

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
)

// cloudEndpoints are the authority and Graph hosts of one national cloud.
type cloudEndpoints struct {
	AuthorityHost string
	GraphEndpoint string
}

// environments maps the `environment` setting to its endpoints. The names
// are those of the azuread provider.
var environments = map[string]cloudEndpoints{
	"public":       {AuthorityHost: "https://login.microsoftonline.com/", GraphEndpoint: "https://graph.microsoft.com"},
	"usgovernment": {AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://graph.microsoft.us"},
	"dod":          {AuthorityHost: "https://login.microsoftonline.us/", GraphEndpoint: "https://dod-graph.microsoft.us"},
	"china":        {AuthorityHost: "https://login.chinacloudapi.cn/", GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn"},
}

// environmentNames returns the valid `environment` values, sorted.
func environmentNames() []string {
	out := make([]string, 0, len(environments))
	for k := range environments {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isKnownAuthorityHost reports whether host is the authority of a national
// cloud, where Entra instance discovery works.
func isKnownAuthorityHost(authority string) bool {
	for _, e := range environments {
		if strings.EqualFold(strings.TrimSuffix(e.AuthorityHost, "/"), strings.TrimSuffix(authority, "/")) {
			return true
		}
	}
	return false
}

// checkEndpoint validates a Graph endpoint or authority host override: an
// absolute URL, https unless the host is loopback, no query or fragment, and
// (for Graph) no path. It returns the normalised URL.
func checkEndpoint(raw string, allowPath bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	if u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute URL; expected for example https://graph.microsoft.com", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !graph.IsLoopback(u.Hostname()) {
			return "", fmt.Errorf("%q uses http; only https is allowed, except for a loopback host (127.0.0.1, ::1, localhost)", raw)
		}
	default:
		return "", fmt.Errorf("%q has scheme %q; expected https", raw, u.Scheme)
	}
	if u.User != nil {
		return "", fmt.Errorf("%q must not contain credentials", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q must not have a query or fragment", raw)
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	if !allowPath && path != "" {
		return "", fmt.Errorf("%q has the path %q; give the Graph host root only (the provider adds /beta), for example https://graph.microsoft.com", raw, path)
	}
	u.Path, u.RawPath = path, ""
	if allowPath {
		return u.String() + "/", nil
	}
	return u.String(), nil
}
