//! The panels beside the diagram: each reads the session and changes it only by
//! appending a step.

pub mod actions;
mod addresses;
mod alert;
mod console;
mod form;
mod inspector;
mod instances;
mod launch;
mod log;
pub mod menu;
mod toolbar;

pub use addresses::AddressesPanel;
pub use alert::ErrorAlert;
pub use console::ScriptConsole;
pub use form::ActionForm;
pub use inspector::Inspector;
pub use instances::InstanceList;
pub use launch::LaunchForm;
pub use log::ActionLog;
pub use toolbar::{LastAnswer, Notice, Toolbar};
