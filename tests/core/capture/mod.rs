//! Capture: interactions from the user's mail, through the command set and the CLI.

mod mail;
