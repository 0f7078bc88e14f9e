//! netlab-model: a deterministic model of Amazon EC2 network options.
//!
//! It is the single source of truth for every networking rule of ec2-netlab: elastic
//! network interfaces, auto-assigned public IPv4 addresses, Elastic IPs, BYOIP pools and
//! IPv6. It speaks the EC2 API's language (operation names, JSON field names, error codes)
//! and does no I/O: no clock (time is [`clock::SimTime`], moved by the caller), no
//! randomness but the seeded [`ids::IdGenerator`], no browser.
//!
//! The state is a [`World`] (the account) of [`Region`]s. Each EC2 concept has its own
//! module, and each rule lives in the module named after its concept.

mod ascii_text;
pub mod billing;
pub mod byoip;
pub mod clock;
pub mod default_vpc;
pub mod dns_name;
pub mod elastic_ip;
pub mod error;
pub mod filter;
pub mod ids;
pub mod instance;
pub mod instance_types;
pub mod internet_gateway;
pub mod ipv6;
mod json_text;
pub mod network_interface;
pub mod operations;
pub mod private_ipv4;
pub mod public_ipv4;
pub mod region;
pub mod render;
pub mod response;
pub mod route_table;
pub mod runner;
pub mod script;
pub mod security_group;
pub mod session;
pub mod subnet;
pub mod table;
pub mod traffic;
pub mod vpc;
pub mod world;

pub use error::{Ec2Error, Ec2Result, ErrorCode};
pub use region::Region;
pub use world::World;
