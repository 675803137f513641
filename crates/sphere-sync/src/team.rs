//! The team server's client: JSON `POST {server}/v1/{route}` with the member's token
//! (`Authorization: Bearer`), over the same ureq and rustls as the WebDAV client. It knows
//! the routes and HTTP, not what the bodies mean (`sphere_domain::team` does).
//!
//! Unlike the mail and calendar clients this one writes: what the member chose to share is
//! sent to a server the team runs. Errors name the server and what failed, and say whether
//! the request may be tried again ([`TeamError::is_offline`]).

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// How long a push or pull may take in all.
const GLOBAL_TIMEOUT: Duration = Duration::from_secs(120);
/// The most one answer may weigh (a pull of 10,000 rows is a few MB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// What went wrong talking to the team server.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TeamError {
    /// The address is not one the client can use.
    #[error("{0}")]
    Address(String),
    /// The server could not be reached (or did not answer in time): try again later.
    #[error("the team server {server} did not answer: {detail}")]
    Unreachable { server: String, detail: String },
    /// The token was refused.
    #[error("the team server {server} no longer knows this device: join again")]
    Unauthorized { server: String },
    /// The server refused the request, with its reason (`kind` is sphere's error kind).
    #[error("the team server {server} refused {route}: {message}")]
    Refused {
        server: String,
        route: String,
        status: u16,
        kind: String,
        message: String,
        field: Option<String>,
    },
    /// The server failed (5xx) or answered something that is not the protocol.
    #[error("the team server {server} failed on {route}: {detail}")]
    Server {
        server: String,
        route: String,
        detail: String,
    },
}

impl TeamError {
    /// True when trying again later may work (the server is down or overloaded), so queued
    /// changes stay queued.
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Unreachable { .. } | Self::Server { .. })
    }
}

/// A client of one team server.
#[derive(Clone)]
pub struct TeamClient {
    agent: ureq::Agent,
    /// `scheme://host[:port]` with no trailing slash.
    server: String,
    token: Option<String>,
}

impl std::fmt::Debug for TeamClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a secret: never printed.
        f.debug_struct("TeamClient")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// The server's address as stored: `http(s)://host[:port][/prefix]` without a trailing
/// slash, or an error saying what is wrong with it.
pub fn normalize_server(server: &str) -> Result<String, TeamError> {
    let s = server.trim().trim_end_matches('/');
    let bad = |why: &str| TeamError::Address(format!("the team server address {s:?} {why}"));
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(bad("must start with https:// (or http:// on this machine)"));
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(bad("must start with https:// (or http:// on this machine)"));
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(bad("names no host"));
    }
    if rest.contains(['?', '#', ' ']) || s.chars().any(char::is_control) {
        return Err(bad(
            "must be a plain address (no query, fragment or spaces)",
        ));
    }
    Ok(format!("{}://{rest}", scheme.to_ascii_lowercase()))
}

#[derive(serde::Deserialize)]
struct ServerError {
    kind: Option<String>,
    message: Option<String>,
    field: Option<String>,
}

impl TeamClient {
    /// A client of `server` (checked by [`normalize_server`]), with the member's token when
    /// there is one (joining has none yet).
    pub fn new(server: &str, token: Option<&str>) -> Result<Self, TeamError> {
        let server = normalize_server(server)?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(crate::net::CONNECT_TIMEOUT))
            .timeout_global(Some(GLOBAL_TIMEOUT))
            .timeout_recv_response(Some(crate::net::IO_TIMEOUT))
            .user_agent(concat!("Sphere/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Self {
            agent,
            server,
            token: token.map(str::to_string),
        })
    }

    /// The server as stored.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// `POST /v1/{route}` with `body` as JSON; the answer read as `R`.
    pub fn post<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        route: &str,
        body: &B,
    ) -> Result<R, TeamError> {
        let text = serde_json::to_string(body).map_err(|e| self.server_err(route, e))?;
        self.call(route, Some(text))
    }

    /// `GET /v1/{route}`; the answer read as `R`.
    pub fn get<R: DeserializeOwned>(&self, route: &str) -> Result<R, TeamError> {
        self.call(route, None)
    }

    fn call<R: DeserializeOwned>(&self, route: &str, body: Option<String>) -> Result<R, TeamError> {
        let url = format!("{}/v1/{route}", self.server);
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let sent = match body {
            Some(text) => {
                let mut req = self
                    .agent
                    .post(&url)
                    .header("Content-Type", "application/json");
                if let Some(a) = &auth {
                    req = req.header("Authorization", a);
                }
                req.send(text)
            }
            None => {
                let mut req = self.agent.get(&url);
                if let Some(a) = &auth {
                    req = req.header("Authorization", a);
                }
                req.call()
            }
        };
        let mut resp = sent.map_err(|e| self.transport(e))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| self.transport(e))?;
        match status {
            200..=299 => serde_json::from_str(&body).map_err(|e| {
                self.server_err(
                    route,
                    format!("its answer is not what Sphere expects ({e})"),
                )
            }),
            // Joining has no token yet: a 401 there refuses the invitation, in the server's words.
            401 if route == "join" => Err(TeamError::Refused {
                server: self.server.clone(),
                route: route.to_string(),
                status,
                kind: "invalid_input".into(),
                message: serde_json::from_str::<ServerError>(&body)
                    .ok()
                    .and_then(|e| e.message)
                    .unwrap_or_else(|| "the invitation code was refused".into()),
                field: Some("invite".into()),
            }),
            401 => Err(TeamError::Unauthorized {
                server: self.server.clone(),
            }),
            400..=499 => {
                let parsed: Option<ServerError> = serde_json::from_str(&body).ok();
                let (kind, message, field) = match parsed {
                    Some(e) => (e.kind, e.message, e.field),
                    None => (None, None, None),
                };
                Err(TeamError::Refused {
                    server: self.server.clone(),
                    route: route.to_string(),
                    status,
                    kind: kind.unwrap_or_else(|| {
                        if status == 404 {
                            "not_found".into()
                        } else if status == 403 {
                            "unauthorized".into()
                        } else if status == 409 {
                            "conflict".into()
                        } else {
                            "invalid_input".into()
                        }
                    }),
                    message: message.unwrap_or_else(|| format!("HTTP {status}")),
                    field,
                })
            }
            _ => {
                let detail = serde_json::from_str::<ServerError>(&body)
                    .ok()
                    .and_then(|e| e.message)
                    .unwrap_or_else(|| format!("HTTP {status}"));
                Err(self.server_err(route, detail))
            }
        }
    }

    fn server_err(&self, route: &str, detail: impl std::fmt::Display) -> TeamError {
        TeamError::Server {
            server: self.server.clone(),
            route: route.to_string(),
            detail: detail.to_string(),
        }
    }

    fn transport(&self, e: ureq::Error) -> TeamError {
        let detail = match e {
            ureq::Error::Timeout(_) => "it did not answer in time".to_string(),
            ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
            ureq::Error::ConnectionFailed => {
                "connection refused or unreachable (is the server running, and is the address right?)"
                    .to_string()
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    "connection refused (is the server running, and is the port right?)".into()
                }
                _ => io.to_string(),
            },
            ureq::Error::Rustls(t) => format!("a secure (TLS) connection failed: {t}"),
            ureq::Error::Tls(t) => format!("a secure (TLS) connection failed: {t}"),
            other => other.to_string(),
        };
        TeamError::Unreachable {
            server: self.server.clone(),
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_kept_plain() {
        assert_eq!(
            normalize_server(" HTTPS://team.example.com/ ")
                .ok()
                .as_deref(),
            Some("https://team.example.com")
        );
        assert_eq!(
            normalize_server("http://127.0.0.1:8443/sphere/")
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:8443/sphere")
        );
        for bad in ["team.example.com", "ftp://x", "https://", "https://x/?a=1"] {
            assert!(normalize_server(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn a_server_that_is_not_there_is_offline_and_named() {
        // Port 9 on loopback (discard) is closed on test machines: a refused connection.
        let client = TeamClient::new("http://127.0.0.1:9", Some("t")).expect("an address");
        let err = client
            .post::<_, serde_json::Value>("health", &serde_json::json!({}))
            .expect_err("nothing listens there");
        assert!(err.is_offline(), "{err} must leave changes queued");
        assert!(
            err.to_string().contains("127.0.0.1:9"),
            "the error names the server: {err}"
        );
    }
}
