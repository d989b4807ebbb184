// A deliberately small SMART App Launch client in plain JavaScript: discovery, PKCE (S256), state, the
// authorization redirect, the code exchange, and FHIR reads with the access token. No library, so every step shows.
const DemoSmart = (() => {
  const CLIENT_ID = "demo-app";
  const SCOPE = "launch launch/patient openid fhirUser offline_access patient/Patient.rs patient/Observation.rs";
  const redirectUri = new URL("index.html", location.href).href;

  const base64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

  async function discover(iss) {
    const response = await fetch(iss.replace(/\/$/, "") + "/.well-known/smart-configuration");
    if (!response.ok) throw new Error("discovery failed: " + response.status);
    return response.json();
  }

  async function authorize(iss, launch) {
    const config = await discover(iss);
    const verifier = randomString();
    const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const state = randomString();
    sessionStorage.setItem(state, JSON.stringify({ iss, verifier, tokenEndpoint: config.token_endpoint }));
    const url = new URL(config.authorization_endpoint);
    const scope = launch ? SCOPE : SCOPE.replace("launch ", "");
    const params = { response_type: "code", client_id: CLIENT_ID, redirect_uri: redirectUri, scope, state,
      aud: iss, code_challenge: challenge, code_challenge_method: "S256" };
    if (launch) params.launch = launch;
    Object.entries(params).forEach(([k, v]) => url.searchParams.set(k, v));
    location.assign(url.href);
  }

  async function completeAuthorization() {
    const query = new URLSearchParams(location.search);
    if (query.get("error")) throw new Error(query.get("error") + ": " + (query.get("error_description") || ""));
    const saved = JSON.parse(sessionStorage.getItem(query.get("state")) || "null");
    if (!saved) throw new Error("unknown state: start the launch again");
    sessionStorage.removeItem(query.get("state"));
    const response = await fetch(saved.tokenEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: query.get("code"),
        redirect_uri: redirectUri, client_id: CLIENT_ID, code_verifier: saved.verifier })
    });
    const token = await response.json();
    if (!response.ok) throw new Error(token.error + ": " + token.error_description);
    history.replaceState(null, "", redirectUri);
    return { iss: saved.iss, token };
  }

  async function read(iss, token, path) {
    const response = await fetch(iss + "/" + path, {
      headers: { Authorization: "Bearer " + token.access_token, Accept: "application/fhir+json" }
    });
    const body = await response.json();
    if (!response.ok) throw new Error(path + ": " + response.status + " " + JSON.stringify(body));
    return body;
  }

  return { authorize, completeAuthorization, read };
})();
