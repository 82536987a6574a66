//! Client-side pacing: requests spaced evenly so that a rate limit is never reached.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Hands out send times at most `requests` per `per`, evenly spaced; shared by every
/// clone of a client, so concurrent callers queue for their turn.
#[derive(Debug)]
pub(super) struct Pacer {
    interval: Duration,
    /// The earliest time the next request may go.
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    pub(super) fn new(requests: u32, per: Duration) -> Self {
        Pacer {
            interval: per / requests.max(1),
            next: Mutex::new(None),
        }
    }

    /// Waits for this request's turn.
    pub(super) async fn wait(&self) {
        let now = Instant::now();
        let slot = {
            // A poisoned lock only means another caller panicked mid-update of a time.
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            let slot = next.map_or(now, |next| next.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}
