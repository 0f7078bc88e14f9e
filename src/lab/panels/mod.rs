//! The panels beside the diagram: each reads the session and changes it only by
//! appending a step.

mod alert;
mod instances;
mod launch;
mod log;

pub use alert::ErrorAlert;
pub use instances::InstanceList;
pub use launch::LaunchForm;
pub use log::ActionLog;
