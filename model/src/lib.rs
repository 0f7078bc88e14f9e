//! netlab-model: a deterministic model of Amazon EC2 network options.

pub mod error;
pub mod script;

pub use error::{Ec2Error, Ec2Result, ErrorCode};
