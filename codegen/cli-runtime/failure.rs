//! Why a command failed, told on stderr as one JSON object, and the exit code it ends
//! with. Stdout keeps only data, so a failed command prints nothing there; a closed
//! stdout (`omni .. | head`) is `Failure::Closed`, which ends the command quietly.

use std::io::Write;

/// Exit codes: a script can tell a typo from a refused token from an outage.
pub(crate) const USAGE: i32 = 2;
const OTHER: i32 = 1;
const REFUSED: i32 = 3;
const CLIENT_ERROR: i32 = 4;
const SERVER_ERROR: i32 = 5;
const NETWORK: i32 = 6;

/// The codes and what each means, for `--help`.
const EXIT_CODES: &[(i32, &str)] = &[
    (0, "success"),
    (
        OTHER,
        "any other failure (a reply that does not decode, a file that cannot be written)",
    ),
    (
        USAGE,
        "usage or validation: a flag, argument, body or configuration is wrong; nothing was sent",
    ),
    (REFUSED, "the server refused the credentials (401 or 403)"),
    (CLIENT_ERROR, "the server answered with another 4xx status"),
    (SERVER_ERROR, "the server answered with a 5xx status"),
    (NETWORK, "no answer: connection failure or timeout"),
];

pub(crate) fn exit_codes_help() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in EXIT_CODES {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text
}

/// A failed command.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Told on stderr, and ended with its code.
    Told(Box<Told>),
    /// The request was intercepted by `--dry-run`: not a failure once it is printed.
    Intercepted,
    /// Stdout was closed by its reader (`| head`): the command ends quietly.
    Closed,
}

/// What is told of a failure: `{"error": message, "status", "body", "requestId"}`.
#[derive(Debug)]
pub(crate) struct Told {
    code: i32,
    message: String,
    /// The HTTP status, the server's error body and the id it gave the request.
    status: Option<u16>,
    body: Option<serde_json::Value>,
    request_id: Option<String>,
}

impl Failure {
    fn told(code: i32, message: impl Into<String>) -> Self {
        Failure::Told(Box::new(Told {
            code,
            message: message.into(),
            status: None,
            body: None,
            request_id: None,
        }))
    }

    /// A wrong flag, argument, body or configuration: nothing was sent.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure::told(USAGE, message)
    }

    /// Credentials refused (by the API, or by a sign-in or token endpoint).
    pub(crate) fn refused(message: impl Into<String>) -> Self {
        Failure::told(REFUSED, message)
    }

    pub(crate) fn other(message: impl Into<String>) -> Self {
        Failure::told(OTHER, message)
    }

    /// A reply with a status that is not a success.
    pub(crate) fn status(
        status: u16,
        message: String,
        body: &[u8],
        request_id: Option<String>,
    ) -> Self {
        Failure::Told(Box::new(Told {
            code: status_code(status),
            message,
            status: Some(status),
            body: body_value(body),
            request_id,
        }))
    }

    /// Whether the server refused the credentials.
    pub(crate) fn is_refusal(&self) -> bool {
        self.code() == REFUSED
    }

    /// The failure with `hint` after its message.
    pub(crate) fn hint(self, hint: &str) -> Self {
        match self {
            Failure::Told(mut told) => {
                told.message = format!("{}; {hint}", told.message);
                Failure::Told(told)
            }
            other => other,
        }
    }

    /// The exit code.
    pub(crate) fn code(&self) -> i32 {
        match self {
            Failure::Told(told) => told.code,
            Failure::Intercepted | Failure::Closed => 0,
        }
    }

    /// Tells the failure on stderr; its exit code.
    pub(crate) fn report(self) -> i32 {
        let code = self.code();
        if let Failure::Told(told) = self {
            let Told {
                message,
                status,
                body,
                request_id,
                ..
            } = *told;
            let mut shown = serde_json::Map::new();
            shown.insert("error".into(), message.into());
            if let Some(status) = status {
                shown.insert("status".into(), status.into());
            }
            if let Some(body) = body {
                shown.insert("body".into(), body);
            }
            if let Some(id) = request_id {
                shown.insert("requestId".into(), id.into());
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{}", serde_json::Value::Object(shown));
        }
        code
    }
}

/// The exit code of a reply's status.
fn status_code(status: u16) -> i32 {
    match status {
        401 | 403 => REFUSED,
        400..=499 => CLIENT_ERROR,
        500..=599 => SERVER_ERROR,
        _ => OTHER,
    }
}

/// The body as JSON when it is, else as text.
fn body_value(body: &[u8]) -> Option<serde_json::Value> {
    if body.is_empty() {
        return None;
    }
    Some(
        serde_json::from_slice(body).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(body).into_owned())
        }),
    )
}

impl<E: std::fmt::Debug> From<crate::api::Error<E>> for Failure {
    fn from(err: crate::api::Error<E>) -> Self {
        use crate::api::Error;
        let message = err.to_string();
        match err {
            Error::Api(api) => Failure::status(
                api.status.as_u16(),
                format!("the server answered {}", api.status),
                &api.body,
                api.request_id().map(str::to_owned),
            ),
            Error::Transport(_) => Failure::told(NETWORK, message),
            Error::InvalidRequest(_) => Failure::usage(message),
            Error::Auth(_) => Failure::refused(message),
            Error::Intercepted => Failure::Intercepted,
            // The reply as received, to see what did not fit.
            Error::Decode(decode) => Failure::Told(Box::new(Told {
                code: OTHER,
                message,
                status: Some(decode.status.as_u16()),
                body: body_value(&decode.body),
                request_id: None,
            })),
            _ => Failure::other(message),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        match err.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::other(err.to_string()),
        }
    }
}

/// Writes to stdout; a reader that went away ends the command quietly.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}
