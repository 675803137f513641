//! Browser mode: `sphere serve` serves the built UI and the command set over HTTP on
//! 127.0.0.1 only, protected by a random per-launch token.
//!
//! * `POST /api/<command>` with the JSON request as body, authenticated by
//!   `Authorization: Bearer <token>` (scripts) or by the page's session cookie (the browser);
//!   answers the JSON response, or an [`ApiError`] with a matching HTTP status.
//! * Everything else is a file of the built UI (`ui/dist`), with `index.html` as fallback.
//!   The link printed at start-up carries the token once: opening it sets an `HttpOnly`,
//!   `SameSite=Strict` session cookie and redirects to the same page without the token, so
//!   the token never stays in the address bar, the history or the page's storage.
//!
//! What a request must pass, in this order, before its body is read: a loopback `Host`
//! (against DNS rebinding), a same-origin `Origin` / `Sec-Fetch-Site` when the browser sends
//! them (against other sites and other local servers), the token or the session, and a
//! `Content-Length` within the command's limit ([`sphere_api::body_limit`]: imports large,
//! the rest small). Bodies are then read up to that limit within [`BODY_TIMEOUT`]; a
//! connection idle longer than [`ServeOptions::idle_timeout`] is closed. Every answer carries
//! `Cache-Control: no-store`.
//!
//! Architecture invariant: this module only translates HTTP to [`Sphere::dispatch`]; it holds
//! no domain logic and never touches the store.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use rand::Rng;
use serde_json::Value;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use sphere_api::{ApiError, ErrorKind, Sphere};

/// The Content-Security-Policy of the served UI: the core's, the desktop window's too.
pub use sphere_api::CSP;

/// How long a request's body may take to arrive once its headers have.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a connection may stay idle (no request under way) before it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
struct AppState {
    sphere: Arc<Sphere>,
    token: Arc<str>,
    /// The value of the session cookie a browser gets for opening the tokened link.
    session: Arc<str>,
}

/// A fresh random token: 32 hex digits (128 bits).
pub fn new_token() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The HTTP application: API routes plus the UI files from `ui_dir`.
pub fn router(sphere: Arc<Sphere>, token: &str, ui_dir: &Path) -> Router {
    let state = AppState {
        sphere,
        token: Arc::from(token),
        session: Arc::from(new_token()),
    };
    let api = Router::new().nest(
        "/api",
        Router::new()
            .route("/{command}", post(api_call).fallback(api_not_found))
            .fallback(api_not_found)
            // The limit is the command's own, checked in `api_call` before the body is read.
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state(state.clone()),
    );
    let index = ui_dir.join("index.html");
    let app = if index.is_file() {
        api.fallback_service(ServeDir::new(ui_dir).fallback(ServeFile::new(index)))
    } else {
        let message = missing_ui_page(ui_dir);
        api.fallback(move || async move { (StatusCode::SERVICE_UNAVAILABLE, Html(message)) })
    };
    let headers: [(header::HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Nothing Sphere answers belongs in a cache: answers carry people, and the UI must
        // never come back from a stale cache after an upgrade.
        (header::CACHE_CONTROL, "no-store"),
    ];
    let app = app.layer(middleware::from_fn_with_state(state, exchange_token));
    headers.into_iter().fold(app, |app, (name, value)| {
        app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ))
    })
}

fn missing_ui_page(ui_dir: &Path) -> String {
    format!(
        "<!doctype html><meta charset=utf-8><title>Sphere</title>\
         <h1>Sphere's UI is not built</h1><p>No <code>index.html</code> in <code>{}</code>. \
         Build it with <code>npm ci &amp;&amp; npm run build</code> in the repository, or pass \
         <code>--ui-dir</code>. The API at <code>/api/</code> works.</p>",
        html_escape(&ui_dir.display().to_string())
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        // 499 is nginx's "client closed request": the client asked to stop.
        ErrorKind::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::CONFLICT),
        ErrorKind::Unavailable => StatusCode::BAD_GATEWAY,
        // Busy: try again shortly; damaged: the file refuses writes until it is restored.
        ErrorKind::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Damaged => StatusCode::CONFLICT,
        // 423 Locked: the database is encrypted and waits for its passphrase.
        ErrorKind::Locked => StatusCode::LOCKED,
        ErrorKind::Storage | ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(error: ApiError) -> Response {
    (status_of(error.kind), axum::Json(error)).into_response()
}

/// A request turned away before its body is read (boxed: a response is large).
type Refused = Box<Response>;

/// A refusal with its own status (403, 413, 408), the body an [`ApiError`] all the same.
fn refusal(status: StatusCode, kind: ErrorKind, message: impl Into<String>) -> Response {
    (status, axum::Json(ApiError::new(kind, message))).into_response()
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The `Host` header, when it names this machine's loopback (guards against DNS rebinding:
/// a page of another site whose name was made to resolve to 127.0.0.1).
fn loopback_host(headers: &HeaderMap) -> Result<&str, Refused> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let hostname = host.rsplit_once(':').map_or(host, |(name, _)| name);
    if matches!(hostname, "127.0.0.1" | "localhost" | "[::1]") {
        Ok(host)
    } else {
        Err(Box::new(error_response(ApiError::unauthorized(format!(
            "requests must be addressed to 127.0.0.1, not `{host}`"
        )))))
    }
}

/// Refuses what a browser says comes from another origin: another site, or another server
/// on this machine (another port is the same *site* to a browser, so `SameSite` alone does
/// not keep it out). Clients that send neither header (scripts, curl) pass on to the token.
fn same_origin(headers: &HeaderMap, host: &str) -> Result<(), Refused> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = format!("http://{host}");
        if origin.to_str().ok() != Some(own.as_str()) {
            return Err(Box::new(refusal(
                StatusCode::FORBIDDEN,
                ErrorKind::Unauthorized,
                format!(
                    "requests from other origins are refused (Origin `{}`, expected `{own}`)",
                    String::from_utf8_lossy(origin.as_bytes())
                ),
            )));
        }
    }
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.to_str(), Ok("same-origin" | "none"))
    {
        return Err(Box::new(refusal(
            StatusCode::FORBIDDEN,
            ErrorKind::Unauthorized,
            format!(
                "requests from other origins are refused (Sec-Fetch-Site `{}`)",
                String::from_utf8_lossy(site.as_bytes())
            ),
        )));
    }
    Ok(())
}

/// The session cookie's name. It names the port: cookies do not tell ports apart, and two
/// `sphere serve` on one machine must not overwrite each other's session.
fn cookie_name(host: &str) -> String {
    let port = host.rsplit_once(':').map_or("80", |(_, port)| port);
    let port: String = port.chars().filter(char::is_ascii_digit).collect();
    format!("sphere_session_{port}")
}

fn session_cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Host, origin and credentials: everything a request must pass before its body is read.
fn check_request(headers: &HeaderMap, state: &AppState) -> Result<(), Refused> {
    let host = loopback_host(headers)?;
    same_origin(headers, host)?;
    if let Some(session) = session_cookie(headers, &cookie_name(host))
        && same_token(session, &state.session)
    {
        return Ok(());
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if same_token(t, &state.token) => Ok(()),
        Some(_) => Err(Box::new(error_response(ApiError::unauthorized(
            "the token is wrong; open the link `sphere serve` printed at start-up",
        )))),
        None => Err(Box::new(error_response(ApiError::unauthorized(
            "missing token: open the link `sphere serve` printed, or send \
             `Authorization: Bearer <token>` (the token is in that link)",
        )))),
    }
}

/// The page address without its `token` parameter (the rest of the query kept).
fn without_token(uri: &Uri) -> String {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("token"))
        .collect();
    if rest.is_empty() {
        uri.path().to_string()
    } else {
        format!("{}?{}", uri.path(), rest.join("&"))
    }
}

/// Opening the printed link (`/?token=…`) swaps the token for the session cookie and sends
/// the browser to the same page without it. A wrong token is taken out of the address all
/// the same, with no cookie: the page then says it needs the printed link.
async fn exchange_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let given = req.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "token")
            .map(|(_, v)| v.to_string())
    });
    let (Some(given), true) = (given, matches!(*req.method(), Method::GET | Method::HEAD)) else {
        return next.run(req).await;
    };
    let host = match loopback_host(req.headers()) {
        Ok(host) => host.to_string(),
        Err(refused) => return *refused,
    };
    let mut response = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, without_token(req.uri()));
    if same_token(&given, &state.token) {
        response = response.header(
            header::SET_COOKIE,
            format!(
                "{}={}; Path=/; HttpOnly; SameSite=Strict",
                cookie_name(&host),
                state.session
            ),
        );
    }
    response
        .body(Body::empty())
        .unwrap_or_else(|e| error_response(ApiError::internal(format!("cannot redirect: {e}"))))
}

async fn api_call(
    State(state): State<AppState>,
    UrlPath(command): UrlPath<String>,
    req: Request,
) -> Response {
    if let Err(refused) = check_request(req.headers(), &state) {
        return *refused;
    }
    let limit = sphere_api::body_limit(&command);
    let too_large = || {
        refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::InvalidInput,
            format!(
                "the request body of `{command}` is larger than its limit of {}",
                human_bytes(limit)
            ),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    let body = match tokio::time::timeout(
        BODY_TIMEOUT,
        axum::body::to_bytes(req.into_body(), limit),
    )
    .await
    {
        Ok(Ok(body)) => body,
        // A body without a length that grows past the limit, or a broken upload.
        Ok(Err(_)) => return too_large(),
        Err(_) => {
            return refusal(
                StatusCode::REQUEST_TIMEOUT,
                ErrorKind::InvalidInput,
                format!(
                    "the request body of `{command}` did not arrive within {} seconds",
                    BODY_TIMEOUT.as_secs()
                ),
            );
        }
    };
    let args: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(ApiError::new(
                    ErrorKind::InvalidInput,
                    format!("the request body of `{command}` is not valid JSON: {e}"),
                ));
            }
        }
    };
    let sphere = state.sphere.clone();
    match tokio::task::spawn_blocking(move || sphere.dispatch(&command, args)).await {
        Ok(Ok(value)) => axum::Json(value).into_response(),
        Ok(Err(e)) => error_response(e),
        Err(e) => error_response(ApiError::internal(format!(
            "the command failed unexpectedly: {e}"
        ))),
    }
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

async fn api_not_found(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = check_request(&headers, &state) {
        return *refused;
    }
    error_response(ApiError::not_found(
        "API calls are `POST /api/<command>` with a JSON body",
    ))
}

/// Options of `sphere serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// 0 picks a free port.
    pub port: u16,
    pub ui_dir: PathBuf,
    /// Fixed token (tests); a random one when `None`.
    pub token: Option<String>,
    /// A connection with no request under way is closed after this long ([`IDLE_TIMEOUT`]).
    pub idle_timeout: Duration,
}

impl ServeOptions {
    /// Serving `ui_dir` on `port` with a random token and the default idle timeout.
    pub fn new(port: u16, ui_dir: PathBuf) -> Self {
        Self {
            port,
            ui_dir,
            token: None,
            idle_timeout: IDLE_TIMEOUT,
        }
    }
}

/// Binds 127.0.0.1, calls `on_ready` with the URL to open (token included), and serves until
/// Ctrl-C, then lets the requests under way finish.
pub async fn serve(
    sphere: Arc<Sphere>,
    options: ServeOptions,
    on_ready: impl FnOnce(&str),
) -> std::io::Result<()> {
    let token = options.token.clone().unwrap_or_else(new_token);
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
            .await?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}/?token={token}");
    on_ready(&url);
    let app = router(sphere, &token, &options.ui_dir);
    serve_connections(listener, app, options.idle_timeout).await
}

/// The accept loop: HTTP/1.1 through hyper with a timer, so a connection that sends no
/// request (or only part of its headers) for `idle` is closed instead of held forever.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    idle: Duration,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(idle)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is its own business.
            let _ = connection.await;
        });
    }
    drop(listener);
    // Requests under way get a few seconds to finish.
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    Ok(())
}
