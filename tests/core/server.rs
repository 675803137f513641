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
    let options = sphere_server::ServeOptions {
        port: 0,
        ui_dir: ui.path().to_path_buf(),
        token: None,
    };
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
