//! `sphere serve`: the HTTP surface of the command set.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sphere_api::*;
use tower::ServiceExt;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

struct Server {
    sphere: Arc<Sphere>,
    app: axum::Router,
    _ui: tempfile::TempDir,
}

fn server() -> Result<Server, Box<dyn std::error::Error>> {
    let ui = tempfile::tempdir()?;
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>Sphere</title>",
    )?;
    std::fs::create_dir(ui.path().join("assets"))?;
    std::fs::write(ui.path().join("assets/app.js"), "console.log('sphere')")?;
    let sphere = Arc::new(Sphere::open_in_memory()?);
    let app = sphere_server::router(sphere.clone(), TOKEN, ui.path());
    Ok(Server {
        sphere,
        app,
        _ui: ui,
    })
}

async fn send(
    app: &axum::Router,
    req: Request<Body>,
) -> Result<(StatusCode, serde_json::Value, axum::http::HeaderMap), Box<dyn std::error::Error>> {
    let resp = app.clone().oneshot(req).await?;
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await?.to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::String(
        String::from_utf8_lossy(&bytes).into(),
    ));
    Ok((status, json, headers))
}

fn api(command: &str, body: &str, token: Option<&str>) -> Result<Request<Body>, axum::http::Error> {
    let mut req = Request::post(format!("/api/{command}"))
        .header(header::HOST, "127.0.0.1:7878")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::from(body.to_string()))
}

#[tokio::test]
async fn the_server_exposes_exactly_the_command_set() -> TestResult {
    let s = server()?;
    for name in COMMANDS {
        let (status, body, _) = send(&s.app, api(name, "{}", Some(TOKEN))?).await?;
        let unknown = status == StatusCode::NOT_FOUND
            && body["message"]
                .as_str()
                .is_some_and(|m| m.contains("unknown command"));
        assert!(
            !unknown,
            "`{name}` is in COMMANDS but the server does not route it: {body}"
        );
        assert!(
            body.get("kind").is_none() || status.is_client_error(),
            "`{name}` with {{}}: {status} {body}"
        );
    }
    let (status, body, _) = send(&s.app, api("drop_database", "{}", Some(TOKEN))?).await?;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "commands outside COMMANDS do not exist: {body}"
    );
    assert_eq!(body["kind"], "not_found");
    Ok(())
}

#[tokio::test]
async fn a_round_trip_creates_and_lists_a_person() -> TestResult {
    let s = server()?;
    let (status, body, _) = send(
        &s.app,
        api(
            "person_create",
            r#"{"first_name":"Grace","last_name":"Hopper"}"#,
            Some(TOKEN),
        )?,
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["display_name"], "Grace Hopper");
    let (status, body, _) = send(
        &s.app,
        api("person_list", r#"{"search":"hop"}"#, Some(TOKEN))?,
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 1);
    Ok(())
}

#[tokio::test]
async fn requests_without_the_token_are_refused_and_write_nothing() -> TestResult {
    let s = server()?;
    for token in [None, Some("wrong"), Some(&TOKEN[1..])] {
        let (status, body, _) = send(
            &s.app,
            api("person_create", r#"{"first_name":"Mallory"}"#, token)?,
        )
        .await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "token {token:?}: {body}");
        assert_eq!(body["kind"], "unauthorized");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("token")),
            "{body}"
        );
    }
    // A page from another origin that resolves to 127.0.0.1 (DNS rebinding) is refused too.
    let mut req = api("person_create", r#"{"first_name":"Mallory"}"#, Some(TOKEN))?;
    req.headers_mut()
        .insert(header::HOST, "evil.example:7878".parse()?);
    let (status, _, _) = send(&s.app, req).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        s.sphere.app_info(Empty {})?.counts.people,
        0,
        "nothing was written"
    );
    Ok(())
}

#[tokio::test]
async fn malformed_json_and_bad_input_get_clear_errors() -> TestResult {
    let s = server()?;
    let cases = [
        (
            "person_create",
            "{\"first_name\": ",
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "not valid JSON",
        ),
        (
            "person_create",
            "[1, 2]",
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "person_create",
        ),
        (
            "person_create",
            r#"{"first_name": "  "}"#,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "first_name",
        ),
        (
            "person_create",
            r#"{"first_name": "A", "emails": ["nope"]}"#,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "nope",
        ),
        // Dates outside the sane years (1900 to 2100) name their field, even past year 9999.
        (
            "interaction_log",
            r#"{"occurred_at": "0001-01-01T00:00:00Z", "kind": "meeting", "participants": [1]}"#,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "occurred_at",
        ),
        (
            "interaction_log",
            r#"{"occurred_at": "9999-01-01T00:00:00Z", "kind": "meeting", "participants": [1]}"#,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "occurred_at",
        ),
        (
            "interaction_log",
            r#"{"occurred_at": "+10000-01-01T00:00:00Z", "kind": "meeting", "participants": [1]}"#,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "occurred_at",
        ),
        (
            "tie_create",
            r#"{"person_a": 1, "person_b": 2, "kind": "friend", "since": "0001-01-01"}"#,
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "since",
        ),
        (
            "person_get",
            r#"{"id": 42}"#,
            StatusCode::NOT_FOUND,
            "not_found",
            "42",
        ),
    ];
    for (command, body, status, kind, mentions) in cases {
        let (got, json, _) = send(&s.app, api(command, body, Some(TOKEN))?).await?;
        assert_eq!(got, status, "{command} {body}: {json}");
        assert_eq!(json["kind"], kind, "{command} {body}");
        let message = json["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(mentions),
            "message of {command} {body} should mention `{mentions}`: {message}"
        );
    }
    assert_eq!(
        s.sphere.app_info(Empty {})?.counts.people,
        0,
        "nothing was written"
    );
    Ok(())
}

#[tokio::test]
async fn the_ui_is_served_with_a_strict_csp() -> TestResult {
    let s = server()?;
    for path in ["/", "/assets/app.js", "/people/12"] {
        let req = Request::get(path)
            .header(header::HOST, "127.0.0.1:7878")
            .body(Body::empty())?;
        let (status, _, headers) = send(&s.app, req).await?;
        assert_eq!(status, StatusCode::OK, "{path}");
        let csp = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            csp.contains("default-src 'self'"),
            "{path} must carry the CSP, got `{csp}`"
        );
    }
    Ok(())
}

#[tokio::test]
async fn serve_binds_loopback_and_prints_a_tokened_link() -> TestResult {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let ui = tempfile::tempdir()?;
    let sphere = Arc::new(Sphere::open_in_memory()?);
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    let options = sphere_server::ServeOptions::new(0, ui.path().to_path_buf());
    let task = tokio::spawn(sphere_server::serve(sphere, options, move |url| {
        let _ = tx.send(url.to_string());
    }));
    let url = rx.await?;
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .ok_or_else(|| format!("not loopback: {url}"))?;
    let (port, token) = rest
        .split_once("/?token=")
        .ok_or_else(|| format!("no token in {url}"))?;
    assert_eq!(token.len(), 32, "a 128-bit token in hex");
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>()?)).await?;
    let request = format!(
        "POST /api/app_info HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"schema_version\""), "{response}");
    task.abort();
    Ok(())
}

/// Starts the real server on a free port with a fixed token, returning its port.
async fn live(
    idle: std::time::Duration,
) -> Result<(u16, tokio::task::JoinHandle<std::io::Result<()>>), Box<dyn std::error::Error>> {
    let ui = tempfile::tempdir()?;
    let sphere = Arc::new(Sphere::open_in_memory()?);
    let mut options = sphere_server::ServeOptions::new(0, ui.path().to_path_buf());
    options.token = Some(TOKEN.to_string());
    options.idle_timeout = idle;
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    let task = tokio::spawn(async move {
        let _ui = ui;
        sphere_server::serve(sphere, options, move |url| {
            let _ = tx.send(url.to_string());
        })
        .await
    });
    let url = rx.await?;
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap_or("")
        .parse()?;
    Ok((port, task))
}

/// Sends `head` (request line and headers, no body) and reads what the server answers
/// within `wait`, without ever sending the body the headers announce.
async fn head_only(
    port: u16,
    head: &str,
    wait: std::time::Duration,
) -> Result<String, Box<dyn std::error::Error>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    stream.write_all(head.as_bytes()).await?;
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(wait, stream.read(&mut buf))
        .await
        .map_err(|_| format!("no answer within {wait:?} to:\n{head}"))??;
    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
}

#[tokio::test]
async fn the_token_and_the_size_are_checked_before_the_body_is_read() -> TestResult {
    let (port, task) = live(std::time::Duration::from_secs(30)).await?;
    let wait = std::time::Duration::from_secs(5);
    // 80 MB announced, not one byte sent, no token: refused at once, not after reading.
    let answer = head_only(
        port,
        &format!(
            "POST /api/import_preview HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 80000000\r\n\r\n"
        ),
        wait,
    )
    .await?;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    // With the token, a small command announcing more than its limit is refused at once too.
    let answer = head_only(
        port,
        &format!(
            "POST /api/person_create HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 2000000\r\n\r\n"
        ),
        wait,
    )
    .await?;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("limit of 1 MiB"), "{answer}");
    task.abort();
    Ok(())
}

#[tokio::test]
async fn an_idle_connection_is_closed() -> TestResult {
    use tokio::io::AsyncReadExt;
    let (port, task) = live(std::time::Duration::from_millis(500)).await?;
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let mut buf = [0u8; 64];
    // The server hangs up (read returns 0, or whatever it says on closing) well before 10 s.
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
        .await
        .map_err(|_| "an idle connection was held open")?;
    assert!(read.is_ok(), "{read:?}");
    task.abort();
    Ok(())
}

#[tokio::test]
async fn each_command_has_its_own_body_limit() -> TestResult {
    let s = server()?;
    let note = "x".repeat(2 << 20);
    let big = format!(r#"{{"first_name":"Ada","notes":"{note}"}}"#);
    let (status, body, _) = send(&s.app, api("person_create", &big, Some(TOKEN))?).await?;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("person_create") && m.contains("1 MiB")),
        "{body}"
    );
    // An import of the same size is read (and answered on its merits, not refused for size).
    let file = format!(r#"{{"format":"linkedin","data":"{note}"}}"#);
    let (status, body, _) = send(&s.app, api("import_preview", &file, Some(TOKEN))?).await?;
    assert_ne!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    for command in sphere_api::LARGE_BODY_COMMANDS {
        assert!(
            COMMANDS.contains(command),
            "`{command}` has a large body limit but is not a command"
        );
    }
    assert_eq!(s.sphere.app_info(Empty {})?.counts.people, 0);
    Ok(())
}

#[tokio::test]
async fn the_printed_link_becomes_an_http_only_session_cookie() -> TestResult {
    let s = server()?;
    let get = |uri: &str| {
        Request::get(uri)
            .header(header::HOST, "127.0.0.1:7878")
            .body(Body::empty())
    };
    let (status, _, headers) = send(&s.app, get(&format!("/?token={TOKEN}&lang=en"))?).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/?lang=en",
        "the token leaves the address"
    );
    let cookie = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .ok_or("no session cookie")?
        .to_string();
    for part in [
        "sphere_session_7878=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(cookie.contains(part), "{part} missing from {cookie}");
    }
    assert!(!cookie.contains(TOKEN), "the cookie is not the token");
    let session = cookie.split(';').next().ok_or("empty cookie")?.to_string();
    // The cookie alone authenticates the page's calls.
    let mut req = api("app_info", "{}", None)?;
    req.headers_mut()
        .insert(header::COOKIE, format!("other=1; {session}").parse()?);
    let (status, body, _) = send(&s.app, req).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A forged cookie does not.
    let mut req = api("app_info", "{}", None)?;
    req.headers_mut()
        .insert(header::COOKIE, "sphere_session_7878=0123".parse()?);
    let (status, _, _) = send(&s.app, req).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A wrong token leaves the address too, with no cookie.
    let (status, _, headers) = send(&s.app, get("/?token=guess")?).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers.get(header::SET_COOKIE).is_none());
    Ok(())
}

#[tokio::test]
async fn other_origins_are_refused_even_with_the_token() -> TestResult {
    let s = server()?;
    for (name, value) in [
        ("origin", "http://evil.example"),
        // Another server on this machine is the same *site* to a browser.
        ("origin", "http://127.0.0.1:9999"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let mut req = api("person_create", r#"{"first_name":"Mallory"}"#, Some(TOKEN))?;
        req.headers_mut().insert(name, value.parse()?);
        let (status, body, _) = send(&s.app, req).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}: {body}");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("other origins")),
            "{body}"
        );
    }
    assert_eq!(s.sphere.app_info(Empty {})?.counts.people, 0);
    // The page's own origin passes.
    let mut req = api("app_info", "{}", Some(TOKEN))?;
    req.headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:7878".parse()?);
    req.headers_mut()
        .insert("sec-fetch-site", "same-origin".parse()?);
    let (status, _, headers) = send(&s.app, req).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    Ok(())
}
