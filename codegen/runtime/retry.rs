//! When a request is sent again, and after how long.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often and how patiently a failed request is retried. A request that may have
/// reached the server and changed something is only sent again when its method is
/// idempotent or the server said it did not process it (429, or 503 with `Retry-After`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The first back-off; each further one doubles, with jitter.
    pub base_delay: Duration,
    /// The longest wait: a longer back-off is cut to it, and a longer `Retry-After` ends
    /// the retrying (the error says how long the server asked to wait).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Every request is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }
}

/// Whether sending the request twice has the effect of sending it once.
pub(super) fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// How long to wait before attempt `attempts + 1`, or `None` to stop.
pub(super) fn delay(
    policy: &RetryPolicy,
    attempts: u32,
    idempotent: bool,
    outcome: &Result<reqwest::Response, reqwest::Error>,
) -> Option<Duration> {
    if attempts > policy.max_retries {
        return None;
    }
    let backoff = || backoff(policy, attempts);
    match outcome {
        Ok(response) => {
            let retry_after = retry_after(response.headers());
            match response.status().as_u16() {
                // The server did not process the request: safe for any method.
                429 => match retry_after {
                    Some(wait) => (wait <= policy.max_delay).then_some(wait),
                    None => Some(backoff()),
                },
                503 if retry_after.is_some() => retry_after.filter(|w| *w <= policy.max_delay),
                408 | 500 | 502 | 503 | 504 if idempotent => Some(backoff()),
                _ => None,
            }
        }
        // No connection, so nothing was sent.
        Err(err) if err.is_connect() => Some(backoff()),
        Err(err) if idempotent && (err.is_timeout() || err.is_request()) => Some(backoff()),
        Err(_) => None,
    }
}

/// `base * 2^(attempts - 1)`, capped, then between half of it and all of it.
fn backoff(policy: &RetryPolicy, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1));
    let full = policy
        .base_delay
        .saturating_mul(factor)
        .min(policy.max_delay);
    let half = full / 2;
    half + half.mul_f64(unit_random())
}

/// A number in `[0, 1)`; jitter needs spread, not cryptographic quality.
fn unit_random() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ nanos;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` as seconds (`12`) or as an HTTP date.
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (the IMF-fixdate form of RFC 9110).
fn parse_http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    let clock: Vec<i64> = time.split(':').filter_map(|p| p.parse().ok()).collect();
    let [hours, minutes, seconds] = clock.as_slice() else {
        return None;
    };
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's method).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_read() {
        let at = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            at.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            784_111_777
        );
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy::default();
        for attempts in 1..=10 {
            let full = (policy.base_delay * 2u32.pow(attempts - 1)).min(policy.max_delay);
            let wait = backoff(&policy, attempts);
            assert!(
                wait >= full / 2 && wait <= full,
                "{attempts}: {wait:?} vs {full:?}"
            );
        }
    }
}
