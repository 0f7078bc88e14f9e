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
