//! Replay: a script loaded once, then played on the lab one step at a time, like a
//! simulation. Loading parses the whole script first (a syntax error anywhere loads
//! nothing); each step is kept as its canonical AWS CLI line, which the model parses back
//! to the same step, so playing a step is appending that line to the session.

use netlab_model::render::cli_line;
use netlab_model::script::{parse, ScriptSyntaxError};

/// A replay speed: its name, a multiple of the base pace of 1.2 s a step, and the time
/// between two steps at that pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speed {
    pub name: &'static str,
    pub interval_ms: u64,
}

/// The speeds offered, slowest first.
pub const SPEEDS: [Speed; 4] = [
    Speed {
        name: "0.5",
        interval_ms: 2400,
    },
    Speed {
        name: "1",
        interval_ms: 1200,
    },
    Speed {
        name: "2",
        interval_ms: 600,
    },
    Speed {
        name: "4",
        interval_ms: 300,
    },
];

/// The speed a replay starts at: the base pace.
pub const BASE_SPEED: Speed = SPEEDS[1];

/// The speed named `name`, or the base pace for a name not offered.
pub fn speed_named(name: &str) -> Speed {
    SPEEDS
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or(BASE_SPEED)
}

/// A loaded script and how far it has been played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    steps: Vec<String>,
    played: usize,
}

impl Replay {
    /// Loads a script; nothing is played yet.
    pub fn load(text: &str) -> Result<Replay, ScriptSyntaxError> {
        let script = parse(text)?;
        Ok(Replay {
            steps: script.steps.iter().map(cli_line).collect(),
            played: 0,
        })
    }

    /// Every step, as its AWS CLI line.
    pub fn steps(&self) -> &[String] {
        &self.steps
    }

    /// How many steps have been played.
    pub fn played(&self) -> usize {
        self.played
    }

    pub fn is_done(&self) -> bool {
        self.played >= self.steps.len()
    }

    /// The next step to play, counted as played.
    pub fn advance(&mut self) -> Option<String> {
        let step = self.steps.get(self.played).cloned()?;
        self.played += 1;
        Some(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{run_steps, LAB_SEED};
    use netlab_model::session::Session;

    const SCRIPT: &str = "#!/bin/bash\n# two instances\nA=$(aws ec2 run-instances --image-id ami-0abcdef1234567890 \\\n  --query 'Instances[0].InstanceId' --output text)\n\naws ec2 stop-instances --instance-ids $A\nnetlab fail-instance --instance-id $A\n";

    #[test]
    fn a_script_replayed_step_by_step_gives_the_world_a_whole_run_gives() {
        let mut replay = Replay::load(SCRIPT).unwrap();
        assert_eq!(replay.steps().len(), 3);
        assert!(replay.steps()[0].starts_with("A=$(aws ec2 run-instances"));
        let mut stepped = Session::new(LAB_SEED);
        while let Some(step) = replay.advance() {
            let _ = run_steps(&mut stepped, &step);
        }
        assert!(replay.is_done());
        assert_eq!(replay.played(), 3);
        let mut whole = Session::new(LAB_SEED);
        let _ = run_steps(&mut whole, SCRIPT);
        let describe = |s: &Session| {
            format!(
                "{:?}",
                s.world()
                    .region("us-east-1")
                    .unwrap()
                    .describe_instances(&[], &[])
            )
        };
        assert_eq!(describe(&stepped), describe(&whole));
        assert_eq!(stepped.entries().len(), 3);
    }

    #[test]
    fn a_syntax_error_loads_nothing_and_says_where() {
        let error =
            Replay::load("aws ec2 describe-vpcs\naws ec2 describe-subnets | grep x\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.column > 1);
    }

    #[test]
    fn faster_speeds_step_sooner() {
        assert_eq!(speed_named("1").interval_ms, 1200);
        assert!(speed_named("4").interval_ms < speed_named("2").interval_ms);
        assert!(SPEEDS
            .windows(2)
            .all(|w| w[1].interval_ms < w[0].interval_ms));
        assert_eq!(speed_named("0"), BASE_SPEED);
    }
}
