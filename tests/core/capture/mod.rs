//! Capture: interactions from the user's mail and calendars, through the command set and the CLI.

mod calendar;
mod mail;
