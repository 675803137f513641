//! The desktop shell, driven through Tauri's IPC exactly as the UI drives it, on the real
//! app (`sphere_desktop::build_app` + the real `tauri.conf.json` and capabilities) built on
//! `tauri::test::mock_builder()`, over a temp-file database.

mod commands;
mod responsive;
mod round_trip;
mod security;
mod startup;

use std::error::Error;
use std::sync::Arc;

use serde_json::{Value, json};
use sphere_api::Sphere;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

type TestResult<T = ()> = Result<T, Box<dyn Error>>;

/// The running (mock) app, its main window and the core behind it.
struct Shell {
    window: WebviewWindow<MockRuntime>,
    sphere: Arc<Sphere>,
    _app: App<MockRuntime>,
    _dir: TempDir,
}

impl Shell {
    /// The real app over a fresh database file in a temp folder.
    fn start() -> TestResult<Self> {
        let dir = tempfile::tempdir()?;
        let sphere = Arc::new(Sphere::open(&dir.path().join("sphere.db"))?);
        let app = sphere_desktop::build_app(mock_builder(), Arc::clone(&sphere))
            .build(sphere_desktop::context())?;
        // `run` would open the configured window; a test opens it from the same config.
        let config = app
            .config()
            .app
            .windows
            .first()
            .ok_or("tauri.conf.json should configure the app's window")?
            .clone();
        let window = WebviewWindowBuilder::from_config(&app, &config)?.build()?;
        assert_eq!(
            window.label(),
            "main",
            "the capability is for the `main` window"
        );
        Ok(Self {
            window,
            sphere,
            _app: app,
            _dir: dir,
        })
    }

    /// Invokes `cmd` as the UI's transport does (`invoke(cmd, { req })`) from the app's own
    /// pages; `Err` holds what the UI's promise would reject with.
    fn invoke(&self, cmd: &str, req: Value) -> TestResult<Result<Value, Value>> {
        self.invoke_from("tauri://localhost", cmd, req)
    }

    fn invoke_from(&self, origin: &str, cmd: &str, req: Value) -> TestResult<Result<Value, Value>> {
        invoke_at(&self.window, origin, cmd, req)
    }
}

/// [`Shell::invoke`] on a window, from any thread.
fn invoke_on(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    req: Value,
) -> TestResult<Result<Value, Value>> {
    invoke_at(window, "tauri://localhost", cmd, req)
}

fn invoke_at(
    window: &WebviewWindow<MockRuntime>,
    origin: &str,
    cmd: &str,
    req: Value,
) -> TestResult<Result<Value, Value>> {
    {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse()?,
            body: InvokeBody::Json(json!({ "req": req })),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        Ok(match get_ipc_response(window, request) {
            Ok(body) => Ok(body.deserialize::<Value>()?),
            Err(error) => Err(error),
        })
    }
}
