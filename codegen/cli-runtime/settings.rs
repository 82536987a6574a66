//! What a command runs with: its token (the flag, then the environment, then the
//! profile, whose OAuth token is refreshed once it has expired), base URL and output
//! format.

use super::args::TOKEN;
use super::{config, login, App, Failure};
use clap::ArgMatches;

/// What a command runs with.
#[derive(Debug, Default)]
pub(crate) struct Settings {
    pub(crate) token: Option<String>,
    pub(crate) base_url: Option<String>,
    /// From the environment or the profiles file; the flag is read by the printer.
    pub(crate) output_format: Option<String>,
}

/// The token, base URL and output format of a command.
pub(crate) async fn resolve(app: &App, globals: &ArgMatches) -> Result<Settings, Failure> {
    let config = config::load(app)?;
    let profile = config::chosen(app, globals, &config)?;
    let profile_token = match &profile {
        Some((name, profile)) => login::profile_token(app, name, profile).await?,
        None => None,
    };
    let token = (globals.get_one::<String>(TOKEN).cloned())
        .or_else(|| config::env(app, "API_TOKEN"))
        .or(profile_token);
    let base_url = config::base_url(app, globals, profile.map(|(_, p)| p))?;
    if let (Some(_), Some(url)) = (&token, &base_url) {
        config::check_destination(app, url)?;
    }
    Ok(Settings {
        token,
        base_url,
        output_format: config::env(app, "OUTPUT_FORMAT").or(config.default_output_format),
    })
}
