//! What the user sees when Sphere cannot start: a line on stderr always, and a native error
//! dialog when there is a screen to show it on. Runs before any Tauri window exists.

/// Logs `message` to stderr and shows it in a blocking native error dialog, when possible.
pub fn report(title: &str, message: &str) {
    eprintln!("sphere-desktop: {title}: {message}");
    dialog::show(title, message);
}

/// Whether a window can be opened at all. On Linux that needs a reachable X11 or Wayland
/// display; starting Tauri without one panics inside the windowing library.
pub fn display_available() -> bool {
    dialog::display_available()
}

#[cfg(target_os = "linux")]
mod dialog {
    use gtk::prelude::*;

    pub fn display_available() -> bool {
        // Idempotent on the main thread: Tauri's own `gtk::init` later returns at once.
        gtk::init().is_ok()
    }

    pub fn show(title: &str, message: &str) {
        if !display_available() {
            return;
        }
        let dialog = gtk::MessageDialog::new(
            None::<&gtk::Window>,
            gtk::DialogFlags::MODAL,
            gtk::MessageType::Error,
            gtk::ButtonsType::Ok,
            title,
        );
        dialog.set_title("Sphere");
        dialog.set_secondary_text(Some(message));
        dialog.set_position(gtk::WindowPosition::Center);
        dialog.run();
        dialog.hide();
        while gtk::events_pending() {
            gtk::main_iteration();
        }
    }
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
mod dialog {
    pub fn display_available() -> bool {
        true
    }

    pub fn show(title: &str, message: &str) {
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Sphere")
            .set_description(format!("{title}\n\n{message}"))
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod dialog {
    pub fn display_available() -> bool {
        true
    }

    pub fn show(_title: &str, _message: &str) {}
}
