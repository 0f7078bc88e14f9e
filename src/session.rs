//! The lab session: the model's [`Session`] (a script of AWS CLI steps plus a cursor) in
//! one reactive signal. Components read the world from it and change it only by
//! appending a step; every networking decision is the model's.

use leptos::prelude::*;
use netlab_model::session::Session;
use netlab_model::world::DEFAULT_REGION;
use netlab_model::{Region, World};

/// The seed of a new lab: ids and addresses are the same on every visit.
pub const LAB_SEED: u64 = 1;

/// The lab's starting point, shared with the model's scenario tests.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/default.sh");

/// The AMI every launch from the form uses (the model accepts any `ami-` id).
pub const LAUNCH_IMAGE_ID: &str = "ami-0abcdef1234567890";

/// A refusal shown to the learner: EC2's error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    pub code: String,
    pub message: String,
}

/// The public IPv4 choice of the launch form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublicIpChoice {
    /// Neither flag: the subnet's auto-assign setting decides.
    #[default]
    SubnetDefault,
    /// `--associate-public-ip-address`.
    Yes,
    /// `--no-associate-public-ip-address`.
    No,
}

impl PublicIpChoice {
    pub const ALL: [PublicIpChoice; 3] = [
        PublicIpChoice::SubnetDefault,
        PublicIpChoice::Yes,
        PublicIpChoice::No,
    ];

    /// The value of the form's option.
    pub fn value(self) -> &'static str {
        match self {
            PublicIpChoice::SubnetDefault => "default",
            PublicIpChoice::Yes => "yes",
            PublicIpChoice::No => "no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PublicIpChoice::SubnetDefault => "Subnet default",
            PublicIpChoice::Yes => "Assign a public IP",
            PublicIpChoice::No => "No public IP",
        }
    }

    pub fn from_value(value: &str) -> Self {
        match value {
            "yes" => PublicIpChoice::Yes,
            "no" => PublicIpChoice::No,
            _ => PublicIpChoice::SubnetDefault,
        }
    }
}

/// What the launch form asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaunchRequest {
    pub instance_type: String,
    pub subnet_id: String,
    pub public_ip: PublicIpChoice,
    /// An optional primary private IPv4 address; empty lets the model pick one.
    pub private_ip: String,
}

impl LaunchRequest {
    /// The AWS CLI step that launches it.
    pub fn to_step(&self) -> String {
        let mut step = format!(
            "aws ec2 run-instances --image-id {LAUNCH_IMAGE_ID} --instance-type {} --subnet-id {}",
            shell_word(&self.instance_type),
            shell_word(&self.subnet_id)
        );
        match self.public_ip {
            PublicIpChoice::SubnetDefault => {}
            PublicIpChoice::Yes => step.push_str(" --associate-public-ip-address"),
            PublicIpChoice::No => step.push_str(" --no-associate-public-ip-address"),
        }
        let private_ip = self.private_ip.trim();
        if !private_ip.is_empty() {
            step.push_str(" --private-ip-address ");
            step.push_str(&shell_word(private_ip));
        }
        step
    }
}

/// The AWS CLI step that terminates an instance.
pub fn terminate_step(instance_id: &str) -> String {
    format!(
        "aws ec2 terminate-instances --instance-ids {}",
        shell_word(instance_id)
    )
}

/// A value as one shell word: bare when it is plainly safe, else single-quoted, so that
/// whatever a learner types reaches the model as one argument and nothing else.
pub fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '/'));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// Runs steps on a model session; the first refusal, if any, is returned.
pub fn run_steps(session: &mut Session, text: &str) -> Result<(), StepFailure> {
    let results = session.run(text).map_err(|e| StepFailure {
        code: "ScriptSyntax".to_string(),
        message: e.to_string(),
    })?;
    match results.into_iter().find_map(|r| r.outcome.err()) {
        Some(error) => Err(StepFailure {
            code: error.code.as_str().to_string(),
            message: error.message,
        }),
        None => Ok(()),
    }
}

/// A fresh session with the default scenario run.
pub fn default_session() -> Session {
    let mut session = Session::new(LAB_SEED);
    // The scenario is part of the build and tested natively: it cannot fail here.
    let _ = run_steps(&mut session, DEFAULT_SCENARIO);
    session
}

/// The lab session as the app sees it: one signal for the model session and one for the
/// last refusal.
#[derive(Clone, Copy)]
pub struct LabSession {
    session: RwSignal<Session>,
    last_failure: RwSignal<Option<StepFailure>>,
}

impl LabSession {
    pub fn new() -> Self {
        LabSession {
            session: RwSignal::new(default_session()),
            last_failure: RwSignal::new(None),
        }
    }

    /// Reads the world (tracked: the caller re-runs when a step changes it).
    pub fn with_world<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        self.session.with(|s| f(s.world()))
    }

    /// Reads the lab's Region (tracked).
    pub fn with_region<T>(&self, f: impl FnOnce(&Region) -> T) -> T {
        self.with_world(|w| {
            f(w.region(DEFAULT_REGION)
                .expect("the default Region is always simulated"))
        })
    }

    /// The steps taken so far, as AWS CLI text (tracked).
    pub fn steps(&self) -> Vec<String> {
        self.session
            .with(|s| s.entries().iter().map(|e| e.source.clone()).collect())
    }

    /// The last refusal, if the last action was refused (tracked).
    pub fn last_failure(&self) -> Option<StepFailure> {
        self.last_failure.get()
    }

    /// Appends steps to the script; a refusal is kept for the alert.
    pub fn run(&self, text: &str) {
        let mut outcome = Ok(());
        self.session.update(|s| outcome = run_steps(s, text));
        self.last_failure.set(outcome.err());
    }

    pub fn dismiss_failure(&self) {
        self.last_failure.set(None);
    }
}

impl Default for LabSession {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(session: &Session) -> &Region {
        session.world().region(DEFAULT_REGION).unwrap()
    }

    #[test]
    fn the_default_scenario_runs_without_a_refusal() {
        let mut session = Session::new(LAB_SEED);
        assert_eq!(run_steps(&mut session, DEFAULT_SCENARIO), Ok(()));
        assert_eq!(region(&session).instances().count(), 3);
    }

    #[test]
    fn a_launch_from_the_form_is_one_run_instances_step() {
        let mut session = default_session();
        let subnet = region(&session).subnets().nth(2).unwrap().id.to_string();
        let request = LaunchRequest {
            instance_type: "t3.small".into(),
            subnet_id: subnet.clone(),
            public_ip: PublicIpChoice::No,
            private_ip: String::new(),
        };
        assert_eq!(
            request.to_step(),
            format!("aws ec2 run-instances --image-id {LAUNCH_IMAGE_ID} --instance-type t3.small --subnet-id {subnet} --no-associate-public-ip-address")
        );
        assert_eq!(run_steps(&mut session, &request.to_step()), Ok(()));
        let launched = region(&session).instances().last().unwrap();
        assert_eq!(launched.instance_type.name, "t3.small");
    }

    #[test]
    fn a_refusal_carries_the_ec2_error_code() {
        let mut session = default_session();
        let failure = run_steps(&mut session, &terminate_step("i-0000000000000000f")).unwrap_err();
        assert_eq!(failure.code, "InvalidInstanceID.NotFound");
    }

    #[test]
    fn typed_text_reaches_the_model_as_one_word() {
        assert_eq!(shell_word("10.0.0.5"), "10.0.0.5");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("x'; rm"), r"'x'\''; rm'");
        assert_eq!(shell_word(""), "''");
        let mut session = default_session();
        let subnet = region(&session).subnets().next().unwrap().id.to_string();
        let request = LaunchRequest {
            instance_type: "t3.micro".into(),
            subnet_id: subnet,
            public_ip: PublicIpChoice::SubnetDefault,
            private_ip: "1.2.3.4 $(x) ; y".into(),
        };
        let failure = run_steps(&mut session, &request.to_step()).unwrap_err();
        assert_eq!(failure.code, "InvalidParameterValue");
    }
}
