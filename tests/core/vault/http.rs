//! `sphere serve` on an encrypted database started without a passphrase: every command answers
//! 423 `locked` until the browser unlocks it through `vault_unlock`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

async fn post(
    app: &axum::Router,
    command: &str,
    body: serde_json::Value,
) -> Result<(StatusCode, serde_json::Value), Box<dyn std::error::Error>> {
    let req = Request::post(format!("/api/{command}"))
        .header(header::HOST, "127.0.0.1:7878")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_string()))?;
    let resp = app.clone().oneshot(req).await?;
    let status = resp.status();
    let bytes = resp.into_body().collect().await?.to_bytes();
    Ok((status, serde_json::from_slice(&bytes)?))
}

#[tokio::test]
async fn a_locked_server_answers_423_until_the_browser_unlocks_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    write_secrets(&Sphere::open_with(&db, opts(Some(PASS)))?)?;
    let sphere = Arc::new(Sphere::open_with(
        &db,
        OpenOptions {
            allow_locked: true,
            ..Default::default()
        },
    )?);
    let app = sphere_server::router(sphere, TOKEN, dir.path());

    let (status, body) = post(&app, "person_list", serde_json::json!({})).await?;
    assert_eq!(status, StatusCode::LOCKED, "{body}");
    assert_eq!(body["kind"], "locked");
    let (status, body) = post(&app, "vault_status", serde_json::json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (body["encrypted"].as_bool(), body["locked"].as_bool()),
        (Some(true), Some(true))
    );

    let (status, body) = post(
        &app,
        "vault_unlock",
        serde_json::json!({ "passphrase": "nope" }),
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "passphrase");

    let (status, _) = post(
        &app,
        "vault_unlock",
        serde_json::json!({ "passphrase": PASS }),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = post(&app, "person_list", serde_json::json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 1);

    let (status, _) = post(&app, "vault_lock", serde_json::json!({})).await?;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(&app, "person_list", serde_json::json!({})).await?;
    assert_eq!(status, StatusCode::LOCKED, "locked again");
    Ok(())
}
