package mockgraph_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

func TestGraphRequiresToken(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	other := mockgraph.New(t)
	r := &raw{t: t, s: s, http: s.HTTPClient()}
	path := prefix + "/alerts/" + s.AlertID(alerttypes.StaleSignIn)

	for name, token := range map[string]string{
		"none":            "",
		"garbage":         "not-a-jwt",
		"other simulator": newRaw(t, other).token,
	} {
		r.token = token
		resp := r.do(http.MethodGet, path, nil)
		if resp.status != http.StatusUnauthorized || errorCode(t, resp) != "InvalidAuthenticationToken" {
			t.Errorf("%s token: %d %s", name, resp.status, resp.body)
		}
	}
	expired := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": time.Now().Add(-time.Hour).Unix()})
	r.token, _ = expired.SignedString([]byte("k"))
	if resp := r.do(http.MethodGet, path, nil); resp.status != http.StatusUnauthorized {
		t.Errorf("forged token: %d", resp.status)
	}
	req, _ := http.NewRequest(http.MethodGet, s.GraphEndpoint()+path, nil)
	req.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("request-id") == "" {
		t.Errorf("basic auth: %d", resp.StatusCode)
	}
}

func TestReadOnlyClient(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	id, secret := s.ReadOnlyClient()
	rwID, _ := s.ReadWriteClient()
	if id == "" || id == rwID {
		t.Fatalf("read-only client %q", id)
	}
	cred := secretCredential(t, s, id, secret)
	readAlerts(t, s, cred)
	p := models.NewUnifiedRoleManagementAlert()
	p.SetIsActive(new(false))
	_, err := alertsAPIWith(t, s, cred).Alerts().ByUnifiedRoleManagementAlertId(s.AlertID(alerttypes.StaleSignIn)).Patch(context.Background(), p, nil)
	wantError(t, "read-only PATCH", err, http.StatusForbidden, "Authorization_RequestDenied")
	if !s.Alert(alerttypes.StaleSignIn).IsActive {
		t.Error("read-only client dismissed the alert")
	}
	r := newRawAs(t, s, id, secret)
	if resp := r.do(http.MethodPost, r.alertPath(alerttypes.StaleSignIn, "/refresh"), nil); resp.status != http.StatusForbidden {
		t.Errorf("read-only refresh: %d", resp.status)
	}
}

// The Azure CLI's delegated token cannot carry the PIM scopes: the alerts
// API and the role-management reads answer it the way Azure CLI users
// capture it, 403 UnknownError with a PermissionScopeNotGranted document
// naming the scopes.
func TestAzureCLIToken(t *testing.T) {
	t.Parallel()
	s := mockgraph.New(t)
	r := &raw{t: t, s: s, http: s.HTTPClient(), token: s.AzureCLIToken("admin@contoso.onmicrosoft.com")}
	for path, scopes := range map[string]string{
		prefix + "/alerts/" + s.AlertID(alerttypes.StaleSignIn): "RoleManagementAlert.Read.Directory,RoleManagementAlert.ReadWrite.Directory",
		"/beta/roleManagement/directory/roleAssignments":        "RoleManagement.Read.Directory,",
	} {
		resp := r.do(http.MethodGet, path, nil)
		msg, _ := resp.json(t)["error"].(map[string]any)["message"].(string)
		if resp.status != http.StatusForbidden || errorCode(t, resp) != "UnknownError" ||
			!strings.Contains(msg, `"errorCode":"PermissionScopeNotGranted"`) || !strings.Contains(msg, "missing permission scope "+scopes) {
			t.Errorf("GET %s with the Azure CLI's token: %d %s", path, resp.status, resp.body)
		}
	}
}
