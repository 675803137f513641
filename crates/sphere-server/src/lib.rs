//! Browser mode: `sphere serve` serves the built UI and the command set over HTTP on
//! 127.0.0.1 only, protected by a random per-launch token.
//!
//! * `POST /api/<command>` with the JSON request as body and `Authorization: Bearer <token>`;
//!   answers the JSON response, or an [`ApiError`] with a matching HTTP status.
//! * Everything else is a file of the built UI (`ui/dist`), with `index.html` as fallback.
//!
//! Architecture invariant: this module only translates HTTP to [`Sphere::dispatch`]; it holds
//! no domain logic and never touches the store.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use rand::Rng;
use serde_json::Value;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use sphere_api::{ApiError, ErrorKind, Sphere};

/// The Content-Security-Policy of the served UI: the core's, the desktop window's too.
pub use sphere_api::CSP;

#[derive(Clone)]
struct AppState {
    sphere: Arc<Sphere>,
    token: Arc<str>,
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
    };
    let api = Router::new().nest(
        "/api",
        Router::new()
            .route("/{command}", post(api_call).fallback(api_not_found))
            .fallback(api_not_found)
            // An import carries its file, base64: allow the largest file an import reads.
            .layer(axum::extract::DefaultBodyLimit::max(
                sphere_api::MAX_IMPORT_BYTES / 3 * 4 + (1 << 20),
            ))
            .with_state(state),
    );
    let index = ui_dir.join("index.html");
    let app = if index.is_file() {
        api.fallback_service(ServeDir::new(ui_dir).fallback(ServeFile::new(index)))
    } else {
        let message = missing_ui_page(ui_dir);
        api.fallback(move || async move { (StatusCode::SERVICE_UNAVAILABLE, Html(message)) })
    };
    app.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("DENY"),
    ))
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
        // 423 Locked: the database is encrypted and waits for its passphrase.
        ErrorKind::Locked => StatusCode::LOCKED,
        ErrorKind::Storage | ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_response(error: ApiError) -> Response {
    (status_of(error.kind), axum::Json(error)).into_response()
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

fn check_request(headers: &HeaderMap, token: &str) -> Result<(), ApiError> {
    // Only pages served from this machine's loopback may call (guards against DNS rebinding).
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let hostname = host.rsplit_once(':').map_or(host, |(name, _)| name);
    if !matches!(hostname, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(ApiError::unauthorized(format!(
            "requests must be addressed to 127.0.0.1, not `{host}`"
        )));
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if same_token(t, token) => Ok(()),
        Some(_) => Err(ApiError::unauthorized(
            "the token is wrong; open the link `sphere serve` printed at start-up",
        )),
        None => Err(ApiError::unauthorized(
            "missing token: send `Authorization: Bearer <token>` (the token is in the link `sphere serve` printed)",
        )),
    }
}

async fn api_call(
    State(state): State<AppState>,
    UrlPath(command): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(e) = check_request(&headers, &state.token) {
        return error_response(e);
    }
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

async fn api_not_found(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = check_request(&headers, &state.token) {
        return error_response(e);
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
}

/// Binds 127.0.0.1, calls `on_ready` with the URL to open (token included), and serves until
/// Ctrl-C.
pub async fn serve(
    sphere: Arc<Sphere>,
    options: ServeOptions,
    on_ready: impl FnOnce(&str),
) -> std::io::Result<()> {
    let token = options.token.unwrap_or_else(new_token);
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port)))
            .await?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}/?token={token}");
    on_ready(&url);
    let app = router(sphere, &token, &options.ui_dir);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
