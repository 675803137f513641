//! The routes under `/v1/`: JSON bodies, bearer tokens, errors as sphere's ApiError JSON.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use sphere_domain::team::{
    InviteRequest, JoinRequest, MergeRequest, PullRequest, PushRequest, ShareRequest,
};

use crate::error::Fail;
use crate::{App, graph, members, merge, sync};

/// The largest request body: a full push (5,000 changes) with room to spare.
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.error)).into_response()
    }
}

type Answer<T> = Result<Json<T>, Fail>;

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, Fail> {
    b.map(|Json(t)| t).map_err(|e| {
        Fail::invalid(
            "body",
            format!("the request body is not right: {}", e.body_text()),
        )
    })
}

fn token(headers: &HeaderMap) -> Result<String, Fail> {
    let v = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            Fail::unauthorized("no Authorization header: send `Authorization: Bearer <token>`")
        })?;
    v.strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| Fail::unauthorized("the Authorization header must be `Bearer <token>`"))
}

/// Runs `$body` in a transaction as the token's member, committing when it succeeds.
macro_rules! as_member {
    ($app:expr, $headers:expr, |$tx:ident, $who:ident| $body:expr) => {{
        let token = token(&$headers)?;
        let mut client = $app.pool.get().await?;
        let $tx = client.transaction().await?;
        let $who = members::authenticate(&$tx, &token).await?;
        let out = $body;
        $tx.commit().await?;
        Ok(Json(out))
    }};
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({"ok": true}))
}

async fn join(
    State(app): State<Arc<App>>,
    b: Result<Json<JoinRequest>, JsonRejection>,
) -> Answer<sphere_domain::team::Joined> {
    let req = body(b)?;
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let out = members::join(&tx, &req.invite, &req.device, app.now()).await?;
    tx.commit().await?;
    Ok(Json(out))
}

async fn me(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Answer<sphere_domain::team::TeamInfo> {
    as_member!(app, headers, |tx, who| members::team_info(
        &tx,
        &who.team,
        &who.member
    )
    .await?)
}

async fn invite(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<InviteRequest>, JsonRejection>,
) -> Answer<sphere_domain::team::Invite> {
    let req = body(b)?;
    as_member!(app, headers, |tx, who| members::invite(
        &tx,
        &who,
        &req,
        app.now()
    )
    .await?)
}

async fn push(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<PushRequest>, JsonRejection>,
) -> Answer<sphere_domain::team::PushResponse> {
    let req = body(b)?;
    as_member!(app, headers, |tx, who| sync::push(
        &tx,
        &who,
        &req,
        &app.clock,
        app.now()
    )
    .await?)
}

async fn pull(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<PullRequest>, JsonRejection>,
) -> Answer<sphere_domain::team::PullResponse> {
    let req = body(b)?;
    as_member!(app, headers, |tx, who| sync::pull(
        &tx,
        &who,
        &req,
        &app.clock,
        app.now()
    )
    .await?)
}

async fn share(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<ShareRequest>, JsonRejection>,
) -> Answer<sphere_domain::team::TeamInfo> {
    let req = body(b)?;
    as_member!(app, headers, |tx, who| {
        lock_team(&tx, &who.team).await?;
        let stamp = app.clock.tick(app.now().timestamp_millis());
        members::set_share_level(&tx, &who, req.level, &stamp).await?;
        members::team_info(&tx, &who.team, &who.member).await?
    })
}

/// What a leave took down.
#[derive(Serialize)]
struct Left {
    knows_removed: u64,
}

async fn leave(State(app): State<Arc<App>>, headers: HeaderMap) -> Answer<Left> {
    as_member!(app, headers, |tx, who| {
        lock_team(&tx, &who.team).await?;
        let stamp = app.clock.tick(app.now().timestamp_millis());
        Left {
            knows_removed: members::leave(&tx, &who, &stamp, app.now()).await?,
        }
    })
}

/// What a merge did.
#[derive(Serialize)]
struct Merged {
    entity: sphere_domain::team::Entity,
    keep: String,
    merged: String,
}

async fn merge_records(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<MergeRequest>, JsonRejection>,
) -> Answer<Merged> {
    let req = body(b)?;
    as_member!(app, headers, |tx, who| {
        lock_team(&tx, &who.team).await?;
        let stamp = app.clock.tick(app.now().timestamp_millis());
        Merged {
            entity: merge::merge(&tx, &who, &req, &stamp).await?,
            keep: req.keep.clone(),
            merged: req.merge.clone(),
        }
    })
}

/// Runs `f` on the team's graph (loaded or cached) off the async workers.
async fn on_graph<T: Send + 'static>(
    app: &App,
    headers: &HeaderMap,
    f: impl FnOnce(&graph::Loaded, &members::Who) -> Result<T, Fail> + Send + 'static,
) -> Answer<T> {
    as_member!(app, headers, |tx, who| {
        let g = graph::loaded(&tx, &app.graphs, &who.team, app.now()).await?;
        tokio::task::spawn_blocking(move || f(&g, &who))
            .await
            .map_err(|e| Fail::internal(format!("the graph work failed: {e}")))??
    })
}

async fn coverage(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<sphere_api::CoverageQuery>, JsonRejection>,
) -> Answer<sphere_api::CoverageReport> {
    let q = body(b)?;
    as_member!(app, headers, |tx, who| {
        let g = graph::loaded(&tx, &app.graphs, &who.team, app.now()).await?;
        let asks = graph::asks(&tx, &who.team).await?;
        tokio::task::spawn_blocking(move || g.coverage(&who, &q, &asks))
            .await
            .map_err(|e| Fail::internal(format!("the graph work failed: {e}")))??
    })
}

async fn paths(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    b: Result<Json<sphere_api::TeamPathsRequest>, JsonRejection>,
) -> Answer<sphere_api::TeamPaths> {
    let q = body(b)?;
    on_graph(&app, &headers, move |g, _| g.paths(&q)).await
}

/// One writer per team at a time (see `sync::push`).
async fn lock_team(tx: &tokio_postgres::Transaction<'_>, team: &str) -> Result<(), Fail> {
    tx.execute("SELECT 1 FROM team WHERE id = $1 FOR UPDATE", &[&team])
        .await?;
    Ok(())
}

async fn not_found() -> Fail {
    Fail::not_found(
        "no such route: the team server answers under /v1/ (join, me, invite, push, pull, share, merge, leave, coverage, paths, health)",
    )
}

async fn wrong_method() -> Fail {
    Fail::new(
        405,
        sphere_domain::error::ApiError::invalid(
            "method",
            "this route takes another method: GET /v1/me and /v1/health, POST for the rest",
        ),
    )
}

/// The team server's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/join", post(join))
        .route("/v1/me", get(me))
        .route("/v1/invite", post(invite))
        .route("/v1/push", post(push))
        .route("/v1/pull", post(pull))
        .route("/v1/share", post(share))
        .route("/v1/leave", post(leave))
        .route("/v1/merge", post(merge_records))
        .route("/v1/coverage", post(coverage))
        .route("/v1/paths", post(paths))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}
