//! Renderings of the model's state and scripts: a parsed step back as its canonical AWS
//! CLI line, the same step as its AWS Tools for PowerShell line (claim C23: an Elastic IP
//! can be associated from the console, the AWS CLI or AWS Tools for PowerShell), and a
//! whole world exported as a script that rebuilds it.
//!
//! Rendering never fails and never panics: a step the PowerShell side has no cmdlet for
//! becomes a clearly marked note line.

mod cli;
mod export;
mod powershell;

pub use cli::{cli_line, shell_word};
pub use export::export;
pub use powershell::{cmdlet_for, powershell_line};

use crate::script::{parse, ScriptSyntaxError};

/// A script rendered both ways, one line per step, in the script's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedScript {
    /// The canonical AWS CLI text (comments and blank lines are not kept).
    pub cli: String,
    /// The AWS Tools for PowerShell text.
    pub powershell: String,
}

/// Parses a script's text and renders every step as AWS CLI and as PowerShell.
pub fn render_script(text: &str) -> Result<RenderedScript, ScriptSyntaxError> {
    let script = parse(text)?;
    let mut cli = String::new();
    let mut powershell = String::new();
    for step in &script.steps {
        cli.push_str(&cli_line(step));
        cli.push('\n');
        powershell.push_str(&powershell_line(step));
        powershell.push('\n');
    }
    Ok(RenderedScript { cli, powershell })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"#!/bin/bash
set -euo pipefail
# a standby instance takes over the service address
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
S=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --query Subnet.SubnetId --output text)
ENI=$(aws ec2 create-network-interface --subnet-id $S --query NetworkInterface.NetworkInterfaceId --output text)
I=$(aws ec2 run-instances --image-id ami-1 --subnet-id $S --query Instances[0].InstanceId --output text)
aws ec2 wait instance-running --instance-ids $I
aws ec2 attach-network-interface --network-interface-id $ENI --instance-id $I --device-index 1
netlab advance-time --hours 1
"#;

    #[test]
    fn a_whole_script_renders_one_line_per_step_each_way() {
        let rendered = match render_script(SCRIPT) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(rendered.cli.lines().count(), 7);
        assert_eq!(rendered.powershell.lines().count(), 7);
        assert!(rendered.powershell.lines().all(|l| !l.starts_with('#')));
        assert_eq!(
            rendered.powershell.lines().nth(2),
            Some("$ENI = (New-EC2NetworkInterface -SubnetId $S).NetworkInterfaceId")
        );
        assert_eq!(
            rendered.cli.lines().last(),
            Some("netlab advance-time --hours 1")
        );
    }

    #[test]
    fn an_export_renders_in_powershell_without_notes() {
        let mut world = crate::World::new(1);
        let mut vars = crate::runner::Vars::new();
        let _ = crate::runner::run_text(&mut world, &mut vars, SCRIPT);
        let rendered = match render_script(&export(&world)) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        for line in rendered.powershell.lines() {
            assert!(!line.starts_with("# no AWS Tools"), "{line}");
        }
    }

    #[test]
    fn odd_steps_render_without_panicking() {
        let odd = [
            "aws ec2 x --=v -- --a=$B --q '[' --query '\"a b\"[-1][]' --output text",
            "X=$(aws ec2 describe-vpcs --query Vpcs[ --output text)",
            "aws ec2 run-instances --network-interfaces 'A=[{B=\u{e000}9\u{e001}}' --count $N",
            "aws ec2 authorize-security-group-ingress --protocol $P --port $Q --source-group $G",
            "aws ec2 modify-network-interface-attribute --description --attachment x",
            "aws ec2 wait no-such-waiter --instance-ids i-1",
            "aws ec2 describe-instances --filters '[{\"Name\":\"x\",\"Values\":[1,true,null]}]'",
            "netlab",
        ];
        for text in odd {
            if let Ok(script) = parse(text) {
                for step in &script.steps {
                    let _ = cli_line(step);
                    let _ = powershell_line(step);
                }
            }
        }
    }
}
